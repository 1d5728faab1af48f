// Dates, times and numbers in the city's time zone, written by the project's own rules for each
// language. Browsers ship incomplete locale data for Kazakh (Chromium's `Intl` falls back to
// "2026 M04 9" and "72.5"), so no language's conventions are taken from `Intl`: it is asked only
// for the numeric parts of an instant in a time zone (`en-CA` parts, which every engine has).
export type Lang = "kk" | "ru" | "en";

export const LANGS: Lang[] = ["kk", "ru", "en"];

/** Month names as a date shows them: Kazakh in full, Russian and English abbreviated. */
const MONTHS: Record<Lang, string[]> = {
  kk: ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"],
  // The genitive abbreviations of Russian dates ("9 апр. 2026 г.", "9 мая 2026 г.").
  ru: ["янв.", "февр.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сент.", "окт.", "нояб.", "дек."],
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
};

/** The narrow no-break space: between thousands (kk, ru) and before a unit. */
const NNBSP = "\u202f";
/** The no-break space. */
const NBSP = "\u00a0";

const NUMBER_MARKS: Record<Lang, { group: string; decimal: string }> = {
  kk: { group: NNBSP, decimal: "," },
  ru: { group: NNBSP, decimal: "," },
  en: { group: ",", decimal: "." },
};

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const partsCache = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock year, month, day, hour and minute of an instant in `timeZone`. */
export function zonedParts(at: Date, timeZone: string): ZonedParts {
  let format = partsCache.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    partsCache.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  // Some engines write midnight as 24 even with h23.
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour") % 24, minute: get("minute") };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A calendar day in the language's order: "9 сәуір 2026 ж.", "9 апр. 2026 г.", "9 Apr 2026". */
function dayText(year: number, month: number, day: number, lang: Lang): string {
  const name = MONTHS[lang][month - 1] ?? String(month);
  switch (lang) {
    case "kk":
      return `${day}${NBSP}${name} ${year}${NBSP}ж.`;
    case "ru":
      return `${day}${NBSP}${name} ${year}${NBSP}г.`;
    default:
      return `${day}${NBSP}${name} ${year}`;
  }
}

/** An instant as its date and time in the city: "9 сәуір 2026 ж., 15:26". */
export function formatDateTime(iso: string | null | undefined, lang: Lang, timeZone: string): string {
  if (!iso) return "—";
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "—";
  const p = zonedParts(at, timeZone);
  return `${dayText(p.year, p.month, p.day, lang)}, ${pad(p.hour)}:${pad(p.minute)}`;
}

/** A calendar date (`2026-11-22`), shown as it is, whatever the zone. */
export function formatDate(day: string | null | undefined, lang: Lang): string {
  if (!day) return "—";
  const [y, m, d] = day.slice(0, 10).split("-").map(Number);
  if (!y || !m || !d || m > 12) return "—";
  return dayText(y, m, d, lang);
}

/** Digits grouped by thousands and the decimal mark of the language: "1 234,5" or "1,234.5". */
export function formatNumber(value: number | null | undefined, lang: Lang, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const { group, decimal } = NUMBER_MARKS[lang];
  const fixed = Math.abs(value).toFixed(digits);
  const [whole, fraction] = fixed.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  // No "-0" after rounding.
  const negative = value < 0 && /[1-9]/.test(fixed);
  return `${negative ? "-" : ""}${grouped}${fraction ? decimal + fraction : ""}`;
}

/** A share (0.725) as a percentage: "72,5 %" in Kazakh and Russian, "72.5%" in English. */
export function formatPercent(share: number | null | undefined, lang: Lang, digits = 0): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return "—";
  const text = formatNumber(share * 100, lang, digits);
  return lang === "en" ? `${text}%` : `${text}${NBSP}%`;
}

/** A file's size: "12 KB", "3,4 MB" (КБ, МБ in Kazakh and Russian). */
export function formatFileSize(bytes: number | null | undefined, lang: Lang): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return "—";
  const units = lang === "en" ? ["B", "KB", "MB", "GB"] : ["Б", "КБ", "МБ", "ГБ"];
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || size >= 10 ? 0 : 1;
  return `${formatNumber(size, lang, digits)}${NBSP}${units[unit]}`;
}

/** Which form of a Russian noun goes with `n`: one (1, 21), few (2–4, 22–24), many. */
function russianForm(n: number): 0 | 1 | 2 {
  const tens = n % 100;
  const ones = n % 10;
  if (ones === 1 && tens !== 11) return 0;
  if (ones >= 2 && ones <= 4 && (tens < 12 || tens > 14)) return 1;
  return 2;
}

type Unit = (n: number) => string;

const UNITS: Record<Lang, { second: Unit; minute: Unit; hour: Unit; day: Unit }> = {
  // Kazakh nouns do not change after a numeral.
  kk: { second: () => "секунд", minute: () => "минут", hour: () => "сағат", day: () => "күн" },
  ru: {
    second: (n) => ["секунда", "секунды", "секунд"][russianForm(n)],
    minute: (n) => ["минута", "минуты", "минут"][russianForm(n)],
    hour: (n) => ["час", "часа", "часов"][russianForm(n)],
    day: (n) => ["день", "дня", "дней"][russianForm(n)],
  },
  en: {
    second: (n) => (n === 1 ? "second" : "seconds"),
    minute: (n) => (n === 1 ? "minute" : "minutes"),
    hour: (n) => (n === 1 ? "hour" : "hours"),
    day: (n) => (n === 1 ? "day" : "days"),
  },
};

/**
 * A span of time in whole units: seconds under a minute, minutes under an hour, hours under two
 * days, days beyond ("45 минут", "5 часов", "3 days"). Rounded down: an appeal 47 hours late is
 * "47 hours" late.
 */
export function formatDuration(ms: number, lang: Lang): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  const words = UNITS[lang];
  if (seconds < 60) return `${formatNumber(seconds, lang)}${NBSP}${words.second(seconds)}`;
  if (minutes < 60) return `${formatNumber(minutes, lang)}${NBSP}${words.minute(minutes)}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${formatNumber(hours, lang)}${NBSP}${words.hour(hours)}`;
  const days = Math.floor(hours / 24);
  return `${formatNumber(days, lang)}${NBSP}${words.day(days)}`;
}

const ROMAN = ["I", "II", "III", "IV"];

/** A rating quarter (`2026Q4`): "2026 ж. IV тоқсан", "IV квартал 2026", "Q4 2026". */
export function formatQuarter(quarter: string | null | undefined, lang: Lang): string {
  const found = /^(\d{4})\s*-?Q([1-4])$/i.exec((quarter ?? "").trim());
  if (!found) return "—";
  const [, year, q] = found;
  switch (lang) {
    case "kk":
      return `${year}${NBSP}ж. ${ROMAN[Number(q) - 1]}${NBSP}тоқсан`;
    case "ru":
      return `${ROMAN[Number(q) - 1]}${NBSP}квартал ${year}`;
    default:
      return `Q${q} ${year}`;
  }
}

/** The quarter an instant falls in, in the city (`2026Q4`), and the `count - 1` before it. */
export function recentQuarters(timeZone: string, count: number, now: Date = new Date()): string[] {
  const { year, month } = zonedParts(now, timeZone);
  let index = year * 4 + Math.floor((month - 1) / 3);
  const quarters: string[] = [];
  for (let i = 0; i < count; i++, index--) quarters.push(`${Math.floor(index / 4)}Q${(index % 4) + 1}`);
  return quarters;
}

/** Local date and time in the city's zone as the `YYYY-MM-DDTHH:mm` of a datetime-local input. */
export function toZonedInput(iso: string, timeZone: string): string {
  const p = zonedParts(new Date(iso), timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** The instant a `YYYY-MM-DDTHH:mm` wall-clock time in `timeZone` stands for, as ISO 8601. */
export function fromZonedInput(local: string, timeZone: string): string {
  const [date, time] = local.split("T");
  const [y, mo, d] = date.split("-").map(Number);
  const [h, mi] = (time ?? "00:00").split(":").map(Number);
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  // The zone's offset at that instant, then corrected once for a change of offset in between.
  const offset = (at: number) => {
    const p = zonedParts(new Date(at), timeZone);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - at;
  };
  const first = guess - offset(guess);
  return new Date(guess - offset(first)).toISOString();
}

/** The calendar day it is now in `timeZone`, as `YYYY-MM-DD`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return toZonedInput(now.toISOString(), timeZone).slice(0, 10);
}

/** Month names standing alone (a chart's month, "май 2026"), where a language inflects them in a date. */
const MONTHS_ALONE: Record<Lang, string[]> = {
  kk: MONTHS.kk,
  ru: ["янв.", "февр.", "март", "апр.", "май", "июнь", "июль", "авг.", "сент.", "окт.", "нояб.", "дек."],
  en: MONTHS.en,
};

/**
 * The start of a chart's step (`YYYY-MM-DD`) as short as its size allows: a day or a week by its
 * first day ("9 сәуір", "9 апр.", "9 Apr"), a month with its year ("сәуір 2026", "апр. 2026",
 * "Apr 2026"), a quarter as a rating quarter is written.
 */
export function formatStep(start: string, step: "DAY" | "WEEK" | "MONTH" | "QUARTER", lang: Lang): string {
  const [y, m, d] = start.slice(0, 10).split("-").map(Number);
  if (!y || !m || !d || m > 12) return "—";
  switch (step) {
    case "QUARTER":
      return formatQuarter(`${y}Q${Math.floor((m - 1) / 3) + 1}`, lang);
    case "MONTH":
      return `${MONTHS_ALONE[lang][m - 1]}${NBSP}${y}`;
    default:
      return `${d}${NBSP}${MONTHS[lang][m - 1]}`;
  }
}
