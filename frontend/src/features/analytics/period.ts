// The periods the analyst picks (this week, last week, this month, this quarter, this year, or
// from–to), as the city's calendar days (`YYYY-MM-DD`, both ends included), and what the figures
// of a period are compared with. Pure: "today" comes in as the city's day.

export type Preset = "thisWeek" | "lastWeek" | "thisMonth" | "thisQuarter" | "thisYear" | "custom";

export const PRESETS: Preset[] = ["thisWeek", "lastWeek", "thisMonth", "thisQuarter", "thisYear", "custom"];

/** Calendar days, both included. */
export interface Period {
  from: string;
  to: string;
}

const DAY_MS = 24 * 3600_000;

/** Whether `day` is a real `YYYY-MM-DD` date. */
export function isDay(day: string | null | undefined): day is string {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  return toDay(fromDay(day)) === day;
}

function fromDay(day: string): Date {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `day` moved by `days` (negative: back). */
export function addDays(day: string, days: number): string {
  return toDay(new Date(fromDay(day).getTime() + days * DAY_MS));
}

/** How many days the period spans, both ends included. */
export function periodDays(p: Period): number {
  return Math.round((fromDay(p.to).getTime() - fromDay(p.from).getTime()) / DAY_MS) + 1;
}

/** The Monday of the week `day` falls in (weeks start on Monday in Kazakhstan). */
export function mondayOf(day: string): string {
  const weekday = (fromDay(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(day, -weekday);
}

/** The days a preset covers on `today`: a period under way ends today, a past one is whole. */
export function presetPeriod(preset: Exclude<Preset, "custom">, today: string): Period {
  const [year, month] = today.split("-").map(Number);
  const pad = (n: number) => String(n).padStart(2, "0");
  switch (preset) {
    case "thisWeek":
      return { from: mondayOf(today), to: today };
    case "lastWeek": {
      const monday = addDays(mondayOf(today), -7);
      return { from: monday, to: addDays(monday, 6) };
    }
    case "thisMonth":
      return { from: `${year}-${pad(month)}-01`, to: today };
    case "thisQuarter":
      return { from: `${year}-${pad(Math.floor((month - 1) / 3) * 3 + 1)}-01`, to: today };
    case "thisYear":
      return { from: `${year}-01-01`, to: today };
  }
}

/**
 * What the period before is, in words: the server compares a period with the days of the same
 * length just before it, which is "the week before" only for a whole week from Monday.
 */
export type Baseline = { kind: "week" } | { kind: "days"; days: number };

export function baselineOf(p: Period): Baseline {
  const days = periodDays(p);
  if (days === 7 && mondayOf(p.from) === p.from) return { kind: "week" };
  return { kind: "days", days };
}

/** A sensible bucket for a period's length: days up to a month, weeks up to a quarter, then months. */
export function defaultGranularity(p: Period): "DAY" | "WEEK" | "MONTH" {
  const days = periodDays(p);
  if (days <= 31) return "DAY";
  if (days <= 92) return "WEEK";
  return "MONTH";
}

/** A change in percent (`2.13`, `-19`, null) as the words the cards use. */
export interface ChangeWords {
  key: "analytics.more" | "analytics.fewer" | "analytics.same" | "analytics.noBase";
  /** The change as a share (0.021), for the percent formatter; 0 without one. */
  share: number;
  /** Decimals to show: one under 10 %, none above or when it is whole. */
  digits: number;
}

export function changeWords(change: number | null | undefined): ChangeWords {
  if (change === null || change === undefined || !Number.isFinite(change)) return { key: "analytics.noBase", share: 0, digits: 0 };
  const size = Math.abs(change);
  const rounded = size >= 10 ? Math.round(size) : Math.round(size * 10) / 10;
  if (rounded === 0) return { key: "analytics.same", share: 0, digits: 0 };
  const digits = Number.isInteger(rounded) ? 0 : 1;
  return { key: change > 0 ? "analytics.more" : "analytics.fewer", share: rounded / 100, digits };
}

/** The Mondays of the last `count` weeks, this week's first. */
export function recentWeeks(today: string, count: number): string[] {
  const monday = mondayOf(today);
  return Array.from({ length: count }, (_, i) => addDays(monday, -7 * i));
}

/** The first day of a quarter (`2026Q4` → `2026-10-01`). */
export function quarterStart(quarter: string): string {
  const [year, q] = quarter.split("Q").map(Number);
  return `${year}-${String((q - 1) * 3 + 1).padStart(2, "0")}-01`;
}
