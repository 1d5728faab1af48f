// What the operator reads back to the caller before an appeal is final: the service, who will
// receive it, the deadline and the address, with the names in the caller's language.
import type { Lang } from "../../i18n/format";

type Names = { kk: string; ru: string; en: string };

/** What `intakePreview` answers (and what a registered appeal says of the same things). */
export interface Preview {
  serviceName: Names;
  firstCall: boolean;
  organizationName?: Names | null;
  /** Why no organization would receive it (`Unrouted`). */
  routingReason?: string | null;
  dueAt: string;
  buildingId?: string | null;
  address?: string | null;
  addressKk?: string | null;
}

/** Who receives the appeal: an organization, the catalog's answer at once, or the operator. */
export type Receiver = { kind: "organization"; name: string } | { kind: "firstCall" } | { kind: "operator" };

export interface PreviewTexts {
  service: string;
  receiver: Receiver;
  dueAt: string;
  /** Null when there is no place to read back. */
  address: string | null;
}

/** A name in `lang`, else in any language given. */
export function nameIn(names: Names, lang: Lang): string {
  return names[lang]?.trim() || names.ru?.trim() || names.kk?.trim() || names.en?.trim() || "";
}

/**
 * The preview's texts in the caller's language: the service's and the organization's names, and
 * the address (its Kazakh form for a Kazakh speaker, where the building has one). `typedAddress`
 * is what the operator typed, read back when the choice names no building.
 */
export function previewTexts(preview: Preview, lang: Lang, typedAddress = ""): PreviewTexts {
  const organization = preview.organizationName ? nameIn(preview.organizationName, lang) : "";
  const receiver: Receiver = preview.firstCall
    ? { kind: "firstCall" }
    : organization
      ? { kind: "organization", name: organization }
      : { kind: "operator" };
  const own = (lang === "kk" ? preview.addressKk?.trim() || preview.address?.trim() : preview.address?.trim()) || "";
  return { service: nameIn(preview.serviceName, lang), receiver, dueAt: preview.dueAt, address: own || typedAddress.trim() || null };
}

/** The language of an appeal as the API writes it (`KK`, `ru`, ...), else `fallback`. */
export function langOf(language: string | null | undefined, fallback: Lang): Lang {
  const lang = (language ?? "").toLowerCase();
  return lang === "kk" || lang === "ru" || lang === "en" ? lang : fallback;
}

/**
 * The registered appeal's own account of the same things, for the receipt: its Kazakh address
 * comes from the preview when the building is the one previewed.
 */
export function registeredPreview(
  appeal: {
    serviceType: { names: Names };
    organization?: { names: Names } | null;
    firstCall: boolean;
    dueAt: string;
    buildingId?: string | null;
    address?: string | null;
  },
  previewed: Preview | null,
): Preview {
  const sameBuilding = !!appeal.buildingId && previewed?.buildingId === appeal.buildingId;
  return {
    serviceName: appeal.serviceType.names,
    firstCall: appeal.firstCall,
    organizationName: appeal.organization?.names ?? null,
    dueAt: appeal.dueAt,
    buildingId: appeal.buildingId ?? null,
    address: appeal.address ?? (sameBuilding ? previewed?.address : null) ?? null,
    addressKk: sameBuilding ? (previewed?.addressKk ?? null) : null,
  };
}
