// What an error says to the person in front of the screen. The API's errors carry a stable code
// (`extensions.code`) and, for a refused input, the field at fault (`extensions.field`); each
// code, and each field the forms have, has a text in every language. The server's own words are
// English and for the log: a screen shows them, if at all, only as a secondary detail for admins.
import type { MessageKey } from "../i18n/messages/en";
import { GqlError } from "./client";

/** The codes of `extensions.code`, and NETWORK for an answer that never came. */
export const ERROR_CODES = [
  "VALIDATION",
  "NOT_FOUND",
  "FORBIDDEN",
  "CONFLICT",
  "RATE_LIMITED",
  "UNAUTHENTICATED",
  "PAYLOAD_TOO_LARGE",
  "INTERNAL",
  "NETWORK",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The text of each field the API names in a VALIDATION error and a form has. */
export const FIELD_MESSAGES: Record<string, MessageKey> = {
  // Appeals: filing, registering and working them.
  photo: "field.photo",
  location: "field.location",
  lat: "field.location",
  lon: "field.location",
  description: "field.description",
  serviceTypeId: "field.serviceTypeId",
  phone: "field.phone",
  "resident.phone": "field.phone",
  "resident.iin": "field.iin",
  "resident.name": "field.name",
  comment: "field.comment",
  note: "field.note",
  until: "field.until",
  parentId: "field.parentId",
  status: "field.status",
  rating: "field.rating",
  score: "field.rating",
  file: "field.file",
  appealId: "field.appealId",
  phoneLast4: "field.phoneLast4",
  // Organizations, buildings, the catalog.
  code: "field.code",
  "name.kk": "field.nameKk",
  "name.ru": "field.nameRu",
  "name.en": "field.nameEn",
  bin: "field.bin",
  email: "field.email",
  address: "field.address",
  apartments: "field.apartments",
  managingOrgId: "field.organization",
  defaultOrgId: "field.organization",
  holderOrgId: "field.organization",
  organizationId: "field.organizationId",
  categoryId: "field.categoryId",
  deadline: "field.deadline",
  responsible: "field.responsible",
  csv: "field.csv",
  // Staff accounts.
  login: "field.login",
  displayName: "field.name",
  password: "field.password",
  roles: "field.roles",
  // Outages, permits, the works queue, votes.
  endsAt: "field.endsAt",
  buildingIds: "field.buildingIds",
  "message.kk": "field.messageKk",
  "message.ru": "field.messageRu",
  "message.en": "field.messageEn",
  number: "field.permitNumber",
  workType: "field.workType",
  geometry: "field.geometry",
  restoreBy: "field.restoreBy",
  closedOn: "field.closedOn",
  areaM2: "field.areaM2",
  costTenge: "field.costTenge",
  plannedEnd: "field.plannedEnd",
  program: "field.program",
  apartment: "field.apartment",
  buildingId: "field.buildingId",
  reason: "field.reason",
  quarter: "field.quarter",
  // Systemic cases, the readiness list.
  title: "field.title",
  authority: "field.authority",
  caseDeadline: "field.caseDeadline",
  report: "field.report",
  appealIds: "field.appealIds",
  appealNumbers: "field.appealNumbers",
  // The city's settings and channels, the platform.
  value: "field.value",
  color: "field.color",
  tileUrl: "field.tileUrl",
  tileAttribution: "field.tileAttribution",
  token: "field.token",
  manifest: "field.manifest",
  to: "field.period",
};

export interface ErrorInfo {
  code: ErrorCode;
  /** The city is suspended: FORBIDDEN with `extensions.reason` TENANT_SUSPENDED. */
  suspended?: true;
  /** The input at fault, as the API names it (VALIDATION only). */
  field?: string;
  /** Seconds to wait (RATE_LIMITED). */
  retryAfter?: number;
  /** The server's own words: English, a detail for admins at most. */
  detail: string;
}

/** The code, field and wait of any error a screen catches. */
export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof GqlError) {
    const code = (ERROR_CODES as readonly string[]).includes(error.code) ? (error.code as ErrorCode) : "INTERNAL";
    const retry = Number(error.extensions.retryAfter);
    return {
      code,
      ...(tenantSuspended(error) ? { suspended: true as const } : {}),
      field: code === "VALIDATION" ? (error.field ?? undefined) : undefined,
      retryAfter: code === "RATE_LIMITED" && Number.isFinite(retry) && retry > 0 ? retry : undefined,
      detail: error.message,
    };
  }
  return { code: "INTERNAL", detail: error instanceof Error ? error.message : String(error ?? "") };
}

/** Whether the city is suspended: a FORBIDDEN whose `extensions.reason` is TENANT_SUSPENDED. */
export function tenantSuspended(error: unknown): boolean {
  return error instanceof GqlError && error.code === "FORBIDDEN" && error.extensions.reason === "TENANT_SUSPENDED";
}

/** The text of a field's refusal, if the forms know the field. */
export function fieldMessage(field: string | undefined): MessageKey | undefined {
  return field && Object.hasOwn(FIELD_MESSAGES, field) ? FIELD_MESSAGES[field] : undefined;
}

export interface ErrorMessage {
  key: MessageKey;
  /** A wait to put in the text, in seconds (`{wait}`). */
  wait?: number;
}

/** The text an error is shown with: its field's, else its code's. */
export function errorMessage(info: ErrorInfo): ErrorMessage {
  const byField = info.code === "VALIDATION" ? fieldMessage(info.field) : undefined;
  if (byField) return { key: byField };
  if (info.suspended) return { key: "city.suspendedText" };
  if (info.code === "RATE_LIMITED" && info.retryAfter) return { key: "error.RATE_LIMITED_WAIT", wait: info.retryAfter };
  return { key: `error.${info.code}` };
}

/** An input refused before it is sent, with the same text the API's refusal would get. */
export function invalid(field: string): GqlError {
  return new GqlError("", "VALIDATION", field, { code: "VALIDATION", field });
}

/** Why a one-time code was refused (`verifyPhone` answers UNAUTHENTICATED). */
export type CodeRefusal = "WRONG_CODE" | "CODE_EXPIRED" | "TOO_MANY_ATTEMPTS" | "NO_CODE";

const REFUSALS: CodeRefusal[] = ["WRONG_CODE", "CODE_EXPIRED", "TOO_MANY_ATTEMPTS", "NO_CODE"];

/**
 * The reason a code was refused and the tries left, as the API gives them (`extensions.reason`,
 * `extensions.triesLeft`); a refusal without a known reason reads as a wrong code.
 */
export function codeRefusal(error: unknown): { reason: CodeRefusal; triesLeft?: number } | null {
  if (!(error instanceof GqlError) || error.code !== "UNAUTHENTICATED") return null;
  const given = String(error.extensions.reason ?? "").toUpperCase();
  const tries = Number(error.extensions.triesLeft);
  const triesLeft = error.extensions.triesLeft !== undefined && Number.isFinite(tries) ? tries : undefined;
  return { reason: (REFUSALS as string[]).includes(given) ? (given as CodeRefusal) : "WRONG_CODE", triesLeft };
}

/** The text of each refusal of a code. */
export const CODE_REFUSAL_MESSAGES: Record<CodeRefusal, MessageKey> = {
  WRONG_CODE: "verify.wrongCode",
  CODE_EXPIRED: "verify.expired",
  TOO_MANY_ATTEMPTS: "verify.tooMany",
  NO_CODE: "verify.noCode",
};
