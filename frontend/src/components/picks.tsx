// The searches every form shares: a service type, an organization, a building — each a
// keyboard-driven SearchPick over the city's API, listing what the server finds in the order it
// ranks them (the typed text goes to it as `search`; nothing is sorted or filtered here).
import { forwardRef, useCallback, type ReactNode } from "react";

import { gql } from "../api/client";
import { BuildingSearchDocument, OrganizationNamesDocument, ServiceSearchDocument } from "../api/documents";
import { useI18n } from "../i18n/i18n";
import { useTenant } from "../tenant/tenant";
import { SearchPick } from "./SearchPick";

type Names = { kk: string; ru: string; en: string };
export type PickedService = { id: string; names: Names; requiresPhoto?: boolean; appealType?: string | null };
export type PickedOrg = { id: string; kind?: string | null; names: Names };
export type PickedBuilding = {
  id: string;
  code: string;
  address: string;
  /** The address as written in Kazakh, when known. */
  addressKk?: string | null;
  lat: number;
  lon: number;
  managingOrganization?: PickedOrg | null;
};

interface Props<T> {
  picked: T | null;
  onPick: (item: T | null) => void;
  label?: string;
  testId?: string;
  /** Search without the staff session (the public portal). */
  anonymous?: boolean;
  required?: boolean;
  /** `aria-invalid` and `aria-describedby` of a refusal (from `useFormErrors`). */
  aria?: { "aria-invalid"?: true; "aria-describedby"?: string };
  /** The refusal shown under the box. */
  message?: ReactNode;
}

export const ServicePick = forwardRef<HTMLInputElement, Props<PickedService>>(function ServicePick(props, ref) {
  const tenant = useTenant();
  const { t, pick } = useI18n();
  const search = useCallback(
    async (text: string) =>
      (await gql(tenant.slug, ServiceSearchDocument, { search: text || null, first: 12 }, { anonymous: props.anonymous })).serviceTypes
        .nodes,
    [tenant.slug, props.anonymous],
  );
  return (
    <SearchPick<PickedService>
      ref={ref}
      testId={props.testId ?? "service"}
      label={props.label ?? t("intake.service")}
      placeholder={t("intake.serviceSearch")}
      search={search}
      render={(s) => pick(s.names)}
      picked={props.picked}
      onPick={props.onPick}
      required={props.required}
      aria={props.aria}
      message={props.message}
    />
  );
});

export const OrgPick = forwardRef<HTMLInputElement, Props<PickedOrg>>(function OrgPick(props, ref) {
  const tenant = useTenant();
  const { t, pick } = useI18n();
  const search = useCallback(
    async (text: string) =>
      (await gql(tenant.slug, OrganizationNamesDocument, { search: text || null, first: 12 }, { anonymous: props.anonymous }))
        .organizations.nodes,
    [tenant.slug, props.anonymous],
  );
  return (
    <SearchPick<PickedOrg>
      ref={ref}
      testId={props.testId}
      label={props.label ?? t("admin.organization")}
      search={search}
      render={(o) => pick(o.names)}
      picked={props.picked}
      onPick={props.onPick}
      required={props.required}
      aria={props.aria}
      message={props.message}
    />
  );
});

/** A building as its list writes it: the address in the reader's language first, the other after. */
export function buildingText(b: Pick<PickedBuilding, "address" | "addressKk" | "code">, lang: string): string {
  const kk = b.addressKk?.trim();
  const addresses = !kk || kk === b.address ? [b.address] : lang === "kk" ? [kk, b.address] : [b.address, kk];
  return `${addresses.join(" · ")} (${b.code})`;
}

export const BuildingPick = forwardRef<HTMLInputElement, Props<PickedBuilding>>(function BuildingPick(props, ref) {
  const tenant = useTenant();
  const { t, lang } = useI18n();
  const search = useCallback(
    async (text: string) =>
      (await gql(tenant.slug, BuildingSearchDocument, { search: text || null, first: 12 }, { anonymous: props.anonymous })).buildings
        .nodes,
    [tenant.slug, props.anonymous],
  );
  return (
    <SearchPick<PickedBuilding>
      ref={ref}
      testId={props.testId ?? "building"}
      label={props.label ?? t("intake.building")}
      placeholder={t("intake.buildingSearch")}
      search={search}
      render={(b) => buildingText(b, lang)}
      picked={props.picked}
      onPick={props.onPick}
      required={props.required}
      aria={props.aria}
      message={props.message}
    />
  );
});
