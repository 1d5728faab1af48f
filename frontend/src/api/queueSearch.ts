// The queue's address: which appeals it lists, as search parameters. The queue reads them (and
// writes its own controls back), and other screens link to it with a filter made here, so a
// figure on the dashboard opens the appeals it counts.
//
//   ?text=…          a number, words, an address or a caller's phone
//   &status=A,B      these statuses; `ALL` for every status (without it: the open ones)
//   &overdue=1       past the deadline only
//   &org=… &service=… &category=… &channel=PHONE &district=…
//   &from=YYYY-MM-DD &to=YYYY-MM-DD   registered on these days of the city, both included
import type { AppealFilter, AppealStatus, Channel } from "../gql/graphql";
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

export interface QueueSearch {
  text?: string | null;
  /** Null: the open ones. */
  statuses?: AppealStatus[] | "ALL" | null;
  overdue?: boolean;
  organizationId?: string | null;
  serviceTypeId?: string | null;
  categoryId?: string | null;
  channel?: Channel | null;
  district?: string | null;
  /** The city's calendar days, both included. */
  from?: string | null;
  to?: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

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
  const day = (key: string) => {
    const value = text(key);
    return value && DAY.test(value) ? value : null;
  };
  return {
    text: params.get("text") ?? null,
    statuses: statuses === "ALL" || statuses.length > 0 ? statuses : null,
    overdue: params.get("overdue") === "1",
    organizationId: text("org"),
    serviceTypeId: text("service"),
    categoryId: text("category"),
    channel: channel && (CHANNELS as string[]).includes(channel) ? (channel as Channel) : null,
    district: text("district"),
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
  set("org", q.organizationId);
  set("service", q.serviceTypeId);
  set("category", q.categoryId);
  set("channel", q.channel);
  set("district", q.district);
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
  return {
    text: q.text?.trim() || null,
    statuses: q.statuses === "ALL" ? [...APPEAL_STATUSES] : q.statuses?.length ? q.statuses : null,
    overdue: q.overdue ? true : null,
    organizationId: q.organizationId || null,
    serviceTypeId: q.serviceTypeId || null,
    categoryId: q.categoryId || null,
    channel: q.channel || null,
    district: q.district || null,
    registeredFrom: q.from ? fromZonedInput(`${q.from}T00:00`, timeZone) : null,
    // The queue's upper end is exclusive: the midnight after the last day.
    registeredTo: q.to ? fromZonedInput(`${nextDay(q.to)}T00:00`, timeZone) : null,
  };
}
