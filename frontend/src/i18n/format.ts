// Dates and numbers in the city's time zone and the chosen language's conventions.
export type Lang = "kk" | "ru" | "en";

export const LANGS: Lang[] = ["kk", "ru", "en"];

const LOCALES: Record<Lang, string> = { kk: "kk-KZ", ru: "ru-RU", en: "en-GB" };

export function locale(lang: Lang): string {
  return LOCALES[lang];
}

export function formatDateTime(iso: string | null | undefined, lang: Lang, timeZone: string): string {
  if (!iso) return "—";
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "—";
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone, dateStyle: "medium", timeStyle: "short" }).format(at);
}

/** A calendar date (`2026-11-22`), shown as it is, whatever the zone. */
export function formatDate(day: string | null | undefined, lang: Lang): string {
  if (!day) return "—";
  const [y, m, d] = day.split("-").map(Number);
  if (!y || !m || !d) return day;
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone: "UTC", dateStyle: "medium" }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

export function formatNumber(value: number | null | undefined, lang: Lang, digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(
    value,
  );
}

/** Local date and time in the city's zone as the `YYYY-MM-DDTHH:mm` of a datetime-local input. */
export function toZonedInput(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}

/** The instant a `YYYY-MM-DDTHH:mm` wall-clock time in `timeZone` stands for, as ISO 8601. */
export function fromZonedInput(local: string, timeZone: string): string {
  const [date, time] = local.split("T");
  const [y, mo, d] = date.split("-").map(Number);
  const [h, mi] = (time ?? "00:00").split(":").map(Number);
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  // The zone's offset at that instant, then corrected once for a change of offset in between.
  const offset = (at: number) => {
    const shown = toZonedInput(new Date(at).toISOString(), timeZone);
    const [sd, st] = shown.split("T");
    const [sy, smo, sdd] = sd.split("-").map(Number);
    const [sh, smi] = st.split(":").map(Number);
    return Date.UTC(sy, smo - 1, sdd, sh, smi) - at;
  };
  const first = guess - offset(guess);
  return new Date(guess - offset(first)).toISOString();
}

/** The calendar day it is now in `timeZone`, as `YYYY-MM-DD`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return toZonedInput(now.toISOString(), timeZone).slice(0, 10);
}
