// The API's codes that are plain strings rather than schema enums (timeline kinds, who acted,
// file kinds, setting keys, a city's status, districts), each turned into a text of the chosen
// language. No code reaches the screen as it is: an unknown one reads as a generic word.
import type { Lang } from "./format";
import type { MessageKey } from "./messages/en";

/** The kinds of an appeal's timeline entries (`AppealEvent.kind`, `TrackedEvent.kind`). */
export const EVENT_KINDS = [
  "registered",
  "assign",
  "take",
  "resolve",
  "close",
  "reopen",
  "reject",
  "merge",
  "forward",
  "deadline_extended",
  "deadline_warning",
  "overdue",
  "linked",
  "repeat_linked",
  "repeats_unlinked",
  "systemic",
  "resolved_with_parent",
  "rated",
  "public_note",
  "comment",
  "attachment",
] as const;

export function eventKey(kind: string): MessageKey {
  return (EVENT_KINDS as readonly string[]).includes(kind) ? (`event.${kind}` as MessageKey) : "event.other";
}

/** Who acted, as a text and its values. */
export interface ActorText {
  key: MessageKey;
  vars?: Record<string, string>;
}

/**
 * Who acted, from the API's label: `user:<id>` (a staff member), `platform_admin:<id>`,
 * `resident:<id>`, `console`, `system`, `seed`, a door (`email`, `telegram-bot`,
 * `open311:<app>`), or the public timeline's `center` and `resident`.
 */
export function actorText(actor: string | null | undefined): ActorText {
  const label = (actor ?? "").trim();
  const [kind, ...rest] = label.split(":");
  const named = rest.join(":");
  switch (kind) {
    case "user":
      return { key: "actor.staff" };
    case "platform_admin":
      return { key: "actor.platformAdmin" };
    case "resident":
      return { key: "actor.resident" };
    case "center":
      return { key: "actor.center" };
    case "system":
      return { key: "actor.system" };
    case "seed":
      return { key: "actor.seed" };
    case "console":
      return { key: "actor.console" };
    case "email":
      return { key: "actor.email" };
    case "telegram":
    case "telegram-bot":
      return { key: "actor.telegram" };
    case "open311":
      return named ? { key: "actor.open311App", vars: { name: named } } : { key: "actor.open311" };
    case "anonymous":
      return { key: "actor.anonymous" };
    default:
      return { key: "actor.other" };
  }
}

/** The kinds of a supervisor's alerts (`SupervisorAlert.kind`). */
export const ALERT_KINDS = ["appeal.deadline_warning", "appeal.overdue", "appeal.systemic"] as const;

/** A supervisor's alert in words; a kind added later reads as a plain "alert". */
export function alertKey(kind: string): MessageKey {
  return (ALERT_KINDS as readonly string[]).includes(kind) ? (`alert.${kind}` as MessageKey) : "alert.other";
}

/** The kinds of a systemic case's timeline entries (`CaseEvent.kind`). */
export const CASE_EVENT_KINDS = ["opened", "appeals_attached", "deadline_set", "extended", "reported", "closed"] as const;

/** A case's timeline entry in words; a kind added later reads as a plain "step". */
export function caseEventKey(kind: string): MessageKey {
  return (CASE_EVENT_KINDS as readonly string[]).includes(kind) ? (`caseEvent.${kind}` as MessageKey) : "caseEvent.other";
}

/** An attachment's kind (`photo`, `video`, `document`). */
export function attachmentKey(kind: string): MessageKey {
  return kind === "photo" || kind === "video" ? `attachment.${kind}` : "attachment.document";
}

/** The appeal settings a city admin may change (`setAppealSetting`), with their defaults. */
export const APPEAL_SETTINGS = [
  { key: "warn_share", fallback: "0.75", decimals: 2 },
  { key: "systemic_threshold", fallback: "5", decimals: 0 },
  { key: "repeat_radius_m", fallback: "50", decimals: 0 },
  { key: "forward_working_days", fallback: "3", decimals: 0 },
  { key: "extension_notice_working_days", fallback: "3", decimals: 0 },
  { key: "permit_notify_interval_hours", fallback: "24", decimals: 0 },
  { key: "case_overdue_share", fallback: "0.2", decimals: 2 },
  { key: "case_reopen_rate", fallback: "0.15", decimals: 2 },
  { key: "case_min_appeals", fallback: "10", decimals: 0 },
] as const;

export type AppealSettingKey = (typeof APPEAL_SETTINGS)[number]["key"];

export function settingKey(key: AppealSettingKey): MessageKey {
  return `setting.${key}`;
}

export function settingHintKey(key: AppealSettingKey): MessageKey {
  return `setting.${key}.hint`;
}

/** A city's status on the platform (`TenantSummary.status`). */
export function tenantStatusKey(status: string): MessageKey {
  return status === "suspended" ? "tenantStatus.suspended" : status === "active" ? "tenantStatus.active" : "tenantStatus.other";
}

/**
 * Districts of the launch cities, by the slug the API gives (`Building.district`,
 * `Organization.district`): what a city's pages fall back on when the API names none
 * (`districts`).
 */
export const DISTRICTS: Record<string, Record<Lang, string>> = {
  almaty: { kk: "Алматы", ru: "Алматы", en: "Almaty" },
  baikonur: { kk: "Байқоңыр", ru: "Байконур", en: "Baikonur" },
  yesil: { kk: "Есіл", ru: "Есиль", en: "Yesil" },
  saryarka: { kk: "Сарыарқа", ru: "Сарыарка", en: "Saryarka" },
  nura: { kk: "Нұра", ru: "Нура", en: "Nura" },
  saraishyk: { kk: "Сарайшық", ru: "Сарайшык", en: "Saraishyk" },
};

/** The city's districts as the API names them (`districts`), by code. */
export type DistrictNames = Record<string, Record<Lang, string>>;

/** The API's list of districts as a table by code (lower case). */
export function districtTable(list: readonly { code: string; name: Record<Lang, string> }[] | null | undefined): DistrictNames {
  const table: DistrictNames = {};
  for (const d of list ?? []) {
    const key = d.code.trim().toLowerCase();
    if (key) table[key] = d.name;
  }
  return table;
}

/**
 * A district's name: the city's own (from the API), else the built-in table, else the slug
 * written as a name ("left-bank" → "Left bank").
 */
export function districtName(slug: string | null | undefined, lang: Lang, names: DistrictNames = {}): string {
  const key = (slug ?? "").trim().toLowerCase();
  if (!key) return "—";
  const named = Object.hasOwn(names, key) ? names[key][lang]?.trim() : "";
  if (named) return named;
  const known = Object.hasOwn(DISTRICTS, key) ? DISTRICTS[key] : undefined;
  if (known) return known[lang];
  const words = key.replace(/[-_]+/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
