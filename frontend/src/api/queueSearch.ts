// The queue's address: which appeals it lists, as search parameters. The queue reads them (and
// writes its own controls back), and other screens link to it with a filter made here, so a
// figure on the dashboard opens the appeals it counts.
//
//   ?text=…          a number, words, an address or a caller's phone
//   &status=A,B      these statuses; `ALL` for every status (without it: the open ones)
//   &overdue=1       past the deadline only
//   &unrouted=1      no organization received them: the "needs routing" queue
//   &org=… &service=… &category=… &channel=PHONE &district=…
//   &type=INCIDENT &sphere=… &building=…
//   &channels=WEB,TELEGRAM   any of these doors
//   &first=1 &reopened=1 &late=1 &rated=1   yes (1) or no (0): answered at the first call,
//                    reopened at least once, resolved or closed after the deadline (0: by it;
//                    either one lists resolved and closed appeals, whatever `status` says), rated
//   &from=YYYY-MM-DD &to=YYYY-MM-DD   registered on these days of the city, both included
import type { AppealFilter, AppealStatus, AppealType, Channel } from "../gql/graphql";
import { fromZonedInput } from "../i18n/format";

export const APPEAL_STATUSES: AppealStatus[] = [
  "REGISTERED",
  "ASSIGNED",
  "IN_PROGRESS",
  "REOPENED",
  "RESOLVED",
  "CLOSED",
  "REJECTED",
  "MERGED",
  "FORWARDED",
];

export const CHANNELS: Channel[] = ["PHONE", "TELEGRAM", "WEB", "MOBILE", "EMAIL", "FACEBOOK", "INSTAGRAM", "WHATSAPP", "CAMERA", "WALK_IN", "OPEN311"];

/** The doors a resident opens online: every one but the phone, a visit and the city's cameras. */
export const DIGITAL_CHANNELS: Channel[] = CHANNELS.filter((c) => c !== "PHONE" && c !== "WALK_IN" && c !== "CAMERA");

export const APPEAL_TYPES: AppealType[] = ["COMPLAINT", "INCIDENT", "PROBLEM", "SERVICE_REQUEST", "INFORMATION_REQUEST"];

export interface QueueSearch {
  text?: string | null;
  /** Null: the open ones. */
  statuses?: AppealStatus[] | "ALL" | null;
  overdue?: boolean;
  /** Appeals no organization received, each with its reason. */
  needsRouting?: boolean;
  organizationId?: string | null;
  serviceTypeId?: string | null;
  categoryId?: string | null;
  channel?: Channel | null;
  district?: string | null;
  appealType?: AppealType | null;
  sphereId?: string | null;
  buildingId?: string | null;
  /** Any of these doors. */
  channels?: Channel[] | null;
  /** Each of these: null for either. */
  firstCall?: boolean | null;
  /** Reopened after "resolved" at least once. */
  reopened?: boolean | null;
  /** Resolved or closed after the deadline (false: by it); the statuses then are those two. */
  resolvedLate?: boolean | null;
  rated?: boolean | null;
  /** The city's calendar days, both included. */
  from?: string | null;
  to?: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The fields a link narrows the queue by, all cleared: what "every open appeal" sets. */
export const NO_NARROWING: Required<Omit<QueueSearch, "text">> = {
  statuses: null,
  overdue: false,
  needsRouting: false,
  organizationId: null,
  serviceTypeId: null,
  categoryId: null,
  channel: null,
  district: null,
  appealType: null,
  sphereId: null,
  buildingId: null,
  channels: null,
  firstCall: null,
  reopened: null,
  resolvedLate: null,
  rated: null,
  from: null,
  to: null,
};

const readYesNo = (value: string | null): boolean | null => (value === "1" ? true : value === "0" ? false : null);

export function readQueueSearch(params: URLSearchParams): QueueSearch {
  const text = (key: string) => params.get(key)?.trim() || null;
  const status = text("status");
  const statuses =
    status === "ALL"
      ? "ALL"
      : status
        ? (status.split(",").filter((s) => (APPEAL_STATUSES as string[]).includes(s)) as AppealStatus[])
        : [];
  const channel = text("channel");
  const type = text("type");
  const channels = (text("channels") ?? "").split(",").filter((c) => (CHANNELS as string[]).includes(c)) as Channel[];
  const day = (key: string) => {
    const value = text(key);
    return value && DAY.test(value) ? value : null;
  };
  return {
    text: params.get("text") ?? null,
    statuses: statuses === "ALL" || statuses.length > 0 ? statuses : null,
    overdue: params.get("overdue") === "1",
    needsRouting: params.get("unrouted") === "1",
    organizationId: text("org"),
    serviceTypeId: text("service"),
    categoryId: text("category"),
    channel: channel && (CHANNELS as string[]).includes(channel) ? (channel as Channel) : null,
    district: text("district"),
    appealType: type && (APPEAL_TYPES as string[]).includes(type) ? (type as AppealType) : null,
    sphereId: text("sphere"),
    buildingId: text("building"),
    channels: channels.length > 0 ? channels : null,
    firstCall: readYesNo(text("first")),
    reopened: readYesNo(text("reopened")),
    resolvedLate: readYesNo(text("late")),
    rated: readYesNo(text("rated")),
    from: day("from"),
    to: day("to"),
  };
}

export function writeQueueSearch(q: QueueSearch): URLSearchParams {
  const params = new URLSearchParams();
  const set = (key: string, value: string | null | undefined) => {
    if (value) params.set(key, value);
  };
  set("text", q.text);
  if (q.statuses === "ALL") params.set("status", "ALL");
  else if (q.statuses?.length) params.set("status", q.statuses.join(","));
  if (q.overdue) params.set("overdue", "1");
  if (q.needsRouting) params.set("unrouted", "1");
  set("org", q.organizationId);
  set("service", q.serviceTypeId);
  set("category", q.categoryId);
  set("channel", q.channel);
  set("district", q.district);
  set("type", q.appealType);
  set("sphere", q.sphereId);
  set("building", q.buildingId);
  if (q.channels?.length) params.set("channels", q.channels.join(","));
  const setYesNo = (key: string, value: boolean | null | undefined) => {
    if (value === true || value === false) params.set(key, value ? "1" : "0");
  };
  setYesNo("first", q.firstCall);
  setYesNo("reopened", q.reopened);
  setYesNo("late", q.resolvedLate);
  setYesNo("rated", q.rated);
  set("from", q.from);
  set("to", q.to);
  return params;
}

/** The day after a `YYYY-MM-DD` day. */
function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The API's filter for an address: the days become instants at the city's midnights. */
export function queueFilter(q: QueueSearch, timeZone: string): AppealFilter {
  const finished = q.resolvedLate === true || q.resolvedLate === false;
  const bool = (v: boolean | null | undefined) => (v === true || v === false ? v : null);
  return {
    text: q.text?.trim() || null,
    // Resolved late or on time names its statuses itself (resolved and closed).
    statuses: finished ? null : q.statuses === "ALL" ? [...APPEAL_STATUSES] : q.statuses?.length ? q.statuses : null,
    overdue: q.overdue ? true : null,
    needsRouting: q.needsRouting ? true : null,
    organizationId: q.organizationId || null,
    serviceTypeId: q.serviceTypeId || null,
    categoryId: q.categoryId || null,
    channel: q.channel || null,
    district: q.district || null,
    appealType: q.appealType || null,
    sphereId: q.sphereId || null,
    buildingId: q.buildingId || null,
    channels: q.channels?.length ? q.channels : null,
    firstCall: bool(q.firstCall),
    reopened: bool(q.reopened),
    resolvedLate: finished ? q.resolvedLate : null,
    rated: bool(q.rated),
    registeredFrom: q.from ? fromZonedInput(`${q.from}T00:00`, timeZone) : null,
    // The queue's upper end is exclusive: the midnight after the last day.
    registeredTo: q.to ? fromZonedInput(`${nextDay(q.to)}T00:00`, timeZone) : null,
  };
}
