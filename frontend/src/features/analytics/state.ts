// What the analytics screens show, kept in the address (so a view can be bookmarked, sent to a
// colleague, and shared between the dashboard and the execution table), and the queue's address
// for a figure's appeals (the drill-down).
import { writeQueueSearch } from "../../api/queueSearch";
import type { AnalyticsFilter, AppealStatus, AppealType, Channel, Granularity } from "../../gql/graphql";
import { isDay, PRESETS, presetPeriod, type Period, type Preset } from "./period";

export const GRANULARITIES: Granularity[] = ["DAY", "WEEK", "MONTH", "QUARTER"];

export interface AnalyticsState {
  preset: Preset;
  period: Period;
  /** Null: the server's default for the period (see `defaultGranularity`). */
  granularity: Granularity | null;
  filter: {
    district: string | null;
    organizationId: string | null;
    sphereId: string | null;
    categoryId: string | null;
    serviceTypeId: string | null;
    channel: Channel | null;
    appealType: AppealType | null;
  };
}

/** The address's names of the filter's fields. */
const FILTER_PARAMS = {
  district: "district",
  organizationId: "org",
  sphereId: "sphere",
  categoryId: "category",
  serviceTypeId: "service",
  channel: "channel",
  appealType: "type",
} as const;

type FilterKey = keyof typeof FILTER_PARAMS;

/** Every address parameter the shared state owns; a screen keeps its own others beside them. */
export const STATE_PARAMS: readonly string[] = ["period", "from", "to", "by", ...Object.values(FILTER_PARAMS)];
const FILTER_KEYS = Object.keys(FILTER_PARAMS) as FilterKey[];

/** The state an address stands for; anything missing or malformed falls back on this week. */
export function readState(params: URLSearchParams, today: string): AnalyticsState {
  const asked = params.get("period") as Preset | null;
  let preset: Preset = asked && PRESETS.includes(asked) ? asked : "thisWeek";
  const from = params.get("from");
  const to = params.get("to");
  let period: Period;
  if (preset === "custom") {
    if (isDay(from) && isDay(to) && from <= to) period = { from, to };
    else {
      preset = "thisWeek";
      period = presetPeriod(preset, today);
    }
  } else {
    period = presetPeriod(preset, today);
  }
  const g = params.get("by") as Granularity | null;
  const filter = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(FILTER_PARAMS[k])?.trim() || null])) as AnalyticsState["filter"];
  return { preset, period, granularity: g && GRANULARITIES.includes(g) ? g : null, filter };
}

/** The address of a state: only what differs from the defaults. */
export function writeState(state: AnalyticsState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.preset !== "thisWeek") params.set("period", state.preset);
  if (state.preset === "custom") {
    params.set("from", state.period.from);
    params.set("to", state.period.to);
  }
  if (state.granularity) params.set("by", state.granularity);
  for (const k of FILTER_KEYS) {
    const value = state.filter[k];
    if (value) params.set(FILTER_PARAMS[k], value);
  }
  return params;
}

/** The filter as the API takes it (no empty fields). */
export function apiFilter(filter: AnalyticsState["filter"]): AnalyticsFilter {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v)) as AnalyticsFilter;
}

/** Whether any filter field is set. */
export function filtered(filter: AnalyticsState["filter"]): boolean {
  return Object.values(filter).some(Boolean);
}

/** What a drill-down adds to the period and the filter. */
export interface Drill {
  /** Statuses to list; "ALL" for every status (the queue lists open appeals by default). */
  statuses?: AppealStatus[] | "ALL";
  overdue?: boolean;
  organizationId?: string | null;
  categoryId?: string | null;
  sphereId?: string | null;
  appealType?: AppealType | null;
  channel?: Channel | null;
  /** Any of these doors (the digital ones). */
  channels?: Channel[] | null;
  firstCall?: boolean | null;
  reopened?: boolean | null;
  /** Resolved or closed after the deadline (false: by it); lists those two statuses by itself. */
  resolvedLate?: boolean | null;
  rated?: boolean | null;
  buildingId?: string | null;
  /** Words the queue searches for: a street, where the queue has no filter by street. */
  text?: string | null;
}

/**
 * The queue's address for a figure's appeals: the period's days (the queue reads them in the
 * city's time), every field of the filter (district, organization, sphere, category, service
 * type, channel, appeal type), and the drill's own, which take the place of the filter's.
 */
export function queueSearch(state: AnalyticsState, drill: Drill = {}): string {
  const f = state.filter;
  const finished = drill.resolvedLate === true || drill.resolvedLate === false;
  const params = writeQueueSearch({
    text: drill.text ?? null,
    statuses: finished ? null : (drill.statuses ?? null),
    overdue: drill.overdue,
    organizationId: drill.organizationId ?? f.organizationId,
    serviceTypeId: f.serviceTypeId,
    categoryId: drill.categoryId ?? f.categoryId,
    sphereId: drill.sphereId ?? f.sphereId,
    appealType: drill.appealType ?? f.appealType,
    channel: drill.channel ?? f.channel,
    channels: drill.channels ?? null,
    firstCall: drill.firstCall ?? null,
    reopened: drill.reopened ?? null,
    resolvedLate: drill.resolvedLate ?? null,
    rated: drill.rated ?? null,
    buildingId: drill.buildingId ?? null,
    district: f.district,
    from: state.period.from,
    to: state.period.to,
  });
  return `?${params.toString()}`;
}
