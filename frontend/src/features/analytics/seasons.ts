// The season readiness list's choices: a preset names a season (heating runs October to April,
// roofs March to May, roads April to October, water the whole year) and sets its months; the
// category or sphere is chosen with the analytics' own filter. Pure.

export type SeasonPreset = "heating" | "water" | "roofs" | "roads" | "custom";

export const SEASON_PRESETS: SeasonPreset[] = ["heating", "water", "roofs", "roads", "custom"];

/** The months of each preset (1–12, both included; a start after the end crosses the new year). */
export const PRESET_MONTHS: Record<Exclude<SeasonPreset, "custom">, { startMonth: number; endMonth: number }> = {
  heating: { startMonth: 10, endMonth: 4 },
  water: { startMonth: 1, endMonth: 12 },
  roofs: { startMonth: 3, endMonth: 5 },
  roads: { startMonth: 4, endMonth: 10 },
};

export const MIN_SEASONS = 1;
export const MAX_SEASONS = 10;

export interface SeasonChoice {
  preset: SeasonPreset;
  startMonth: number;
  endMonth: number;
  seasons: number;
  /** The day the seasons must have ended by (`YYYY-MM-DD`); null: today. */
  asOf: string | null;
}

export const DEFAULT_SEASONS: SeasonChoice = { preset: "heating", ...PRESET_MONTHS.heating, seasons: 3, asOf: null };

/** The preset whose months these are, else "custom". */
export function presetOf(startMonth: number, endMonth: number): SeasonPreset {
  for (const [preset, months] of Object.entries(PRESET_MONTHS)) {
    if (months.startMonth === startMonth && months.endMonth === endMonth) return preset as SeasonPreset;
  }
  return "custom";
}

/** A preset chosen: its months (custom keeps the months as they are). */
export function choosePreset(choice: SeasonChoice, preset: SeasonPreset): SeasonChoice {
  return preset === "custom" ? { ...choice, preset } : { ...choice, preset, ...PRESET_MONTHS[preset] };
}

/** A month chosen by hand: the preset follows the months. */
export function chooseMonths(choice: SeasonChoice, patch: { startMonth?: number; endMonth?: number }): SeasonChoice {
  const next = { ...choice, ...patch };
  return { ...next, preset: presetOf(next.startMonth, next.endMonth) };
}

const month = (value: string | null): number | null => {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n >= 1 && n <= 12 ? n : null;
};

/** The choice an address stands for (`season`, `months=10-4`, `seasons`, `asOf`); the heating season by default. */
export function readSeasons(params: URLSearchParams): SeasonChoice {
  const [start, end] = (params.get("months") ?? "").split("-");
  const startMonth = month(start ?? null);
  const endMonth = month(end ?? null);
  const asked = params.get("season") as SeasonPreset | null;
  const count = Number(params.get("seasons"));
  const seasons = Number.isInteger(count) && count >= MIN_SEASONS && count <= MAX_SEASONS ? count : DEFAULT_SEASONS.seasons;
  const asOf = /^\d{4}-\d{2}-\d{2}$/.test(params.get("asOf") ?? "") ? params.get("asOf") : null;
  let choice: SeasonChoice;
  if (startMonth && endMonth) choice = { preset: presetOf(startMonth, endMonth), startMonth, endMonth, seasons, asOf };
  else if (asked && asked !== "custom" && SEASON_PRESETS.includes(asked)) choice = { ...choosePreset(DEFAULT_SEASONS, asked), seasons, asOf };
  else choice = { ...DEFAULT_SEASONS, seasons, asOf };
  return choice;
}

/** The choice as address parameters: only what differs from the default. */
export function writeSeasons(choice: SeasonChoice, params: URLSearchParams = new URLSearchParams()): URLSearchParams {
  for (const key of ["season", "months", "seasons", "asOf"]) params.delete(key);
  if (choice.preset !== "custom") {
    if (choice.preset !== DEFAULT_SEASONS.preset) params.set("season", choice.preset);
  } else {
    params.set("months", `${choice.startMonth}-${choice.endMonth}`);
  }
  if (choice.seasons !== DEFAULT_SEASONS.seasons) params.set("seasons", String(choice.seasons));
  if (choice.asOf) params.set("asOf", choice.asOf);
  return params;
}

/** The API's `SeasonsInput`. */
export function seasonsInput(choice: SeasonChoice): { seasons: number; startMonth: number; endMonth: number; asOf: string | null } {
  return { seasons: choice.seasons, startMonth: choice.startMonth, endMonth: choice.endMonth, asOf: choice.asOf };
}

/** Whether the season crosses the new year (October to April). */
export function crossesYear(choice: Pick<SeasonChoice, "startMonth" | "endMonth">): boolean {
  return choice.startMonth > choice.endMonth;
}
