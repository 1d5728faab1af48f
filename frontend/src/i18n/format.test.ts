import { describe, expect, it } from "vitest";

import {
  formatDate,
  formatDateTime,
  formatDuration,
  formatFileSize,
  formatNumber,
  formatPercent,
  formatQuarter,
  formatStep,
  fromZonedInput,
  recentQuarters,
  todayIn,
  toZonedInput,
} from "./format";

// The spaces the formats use, written out so that each expected text is exact.
const NBSP = "\u00a0";
const NNBSP = "\u202f";

describe("dates and times in the city's zone", () => {
  const at = "2026-04-09T10:26:00Z"; // 15:26 on 9 April in Asia/Almaty (UTC+5)

  it("writes each language's own date and time, never Intl's", () => {
    expect(formatDateTime(at, "kk", "Asia/Almaty")).toBe(`9${NBSP}сәуір 2026${NBSP}ж., 15:26`);
    expect(formatDateTime(at, "ru", "Asia/Almaty")).toBe(`9${NBSP}апр. 2026${NBSP}г., 15:26`);
    expect(formatDateTime(at, "en", "Asia/Almaty")).toBe(`9${NBSP}Apr 2026, 15:26`);
  });

  it("names every month in Kazakh, Russian and English", () => {
    const kk = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"];
    const ru = ["янв.", "февр.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сент.", "окт.", "нояб.", "дек."];
    const en = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    for (let m = 1; m <= 12; m++) {
      const day = `2026-${String(m).padStart(2, "0")}-15`;
      expect(formatDate(day, "kk")).toBe(`15${NBSP}${kk[m - 1]} 2026${NBSP}ж.`);
      expect(formatDate(day, "ru")).toBe(`15${NBSP}${ru[m - 1]} 2026${NBSP}г.`);
      expect(formatDate(day, "en")).toBe(`15${NBSP}${en[m - 1]} 2026`);
    }
  });

  it("shows an instant on the city's day when UTC is still on the day before", () => {
    const late = "2026-03-20T19:30:00Z"; // 00:30 on 21 March in Asia/Almaty
    expect(formatDateTime(late, "en", "Asia/Almaty")).toBe(`21${NBSP}Mar 2026, 00:30`);
    expect(formatDateTime(late, "kk", "Asia/Almaty")).toBe(`21${NBSP}наурыз 2026${NBSP}ж., 00:30`);
    expect(formatDateTime(late, "ru", "UTC")).toBe(`20${NBSP}мар. 2026${NBSP}г., 19:30`);
  });

  it("shows a dash for nothing or nonsense", () => {
    expect(formatDateTime(null, "en", "Asia/Almaty")).toBe("—");
    expect(formatDateTime("not a date", "kk", "Asia/Almaty")).toBe("—");
    expect(formatDate(undefined, "ru")).toBe("—");
    expect(formatDate("2026-13-01", "ru")).toBe("—");
  });

  it("keeps a calendar date whatever the zone", () => {
    expect(formatDate("2026-11-22", "en")).toBe(`22${NBSP}Nov 2026`);
    expect(formatDate("2026-05-09", "ru")).toBe(`9${NBSP}мая 2026${NBSP}г.`);
  });

  it("knows the city's day when UTC is still on the day before", () => {
    const now = new Date("2026-11-21T20:30:00Z"); // 01:30 on 22 November in Asia/Almaty
    expect(todayIn("Asia/Almaty", now)).toBe("2026-11-22");
    expect(todayIn("UTC", now)).toBe("2026-11-21");
  });

  it("round-trips a wall-clock time through the zone", () => {
    const iso = fromZonedInput("2026-11-22T09:15", "Asia/Almaty");
    expect(iso).toBe("2026-11-22T04:15:00.000Z");
    expect(toZonedInput(iso, "Asia/Almaty")).toBe("2026-11-22T09:15");
    expect(toZonedInput("2026-11-21T19:00:00Z", "Asia/Almaty")).toBe("2026-11-22T00:00");
  });
});

describe("numbers", () => {
  it("groups thousands and marks decimals by the language", () => {
    expect(formatNumber(1234567, "en")).toBe("1,234,567");
    expect(formatNumber(1234567, "ru")).toBe(`1${NNBSP}234${NNBSP}567`);
    expect(formatNumber(1234567, "kk")).toBe(`1${NNBSP}234${NNBSP}567`);
    expect(formatNumber(72.456, "en", 1)).toBe("72.5");
    expect(formatNumber(72.456, "ru", 1)).toBe("72,5");
    expect(formatNumber(72.456, "kk", 1)).toBe("72,5");
    expect(formatNumber(1234.5, "kk", 2)).toBe(`1${NNBSP}234,50`);
    expect(formatNumber(999, "ru")).toBe("999");
    expect(formatNumber(-1500, "en")).toBe("-1,500");
    expect(formatNumber(-0.04, "en", 1)).toBe("0.0");
    expect(formatNumber(null, "ru")).toBe("—");
    expect(formatNumber(Number.NaN, "kk")).toBe("—");
  });

  it("writes shares as percentages", () => {
    expect(formatPercent(0.725, "kk", 1)).toBe(`72,5${NBSP}%`);
    expect(formatPercent(0.725, "ru", 1)).toBe(`72,5${NBSP}%`);
    expect(formatPercent(0.725, "en", 1)).toBe("72.5%");
    expect(formatPercent(1, "ru")).toBe(`100${NBSP}%`);
    expect(formatPercent(undefined, "en")).toBe("—");
  });

  it("writes file sizes in the language's units", () => {
    expect(formatFileSize(512, "en")).toBe(`512${NBSP}B`);
    expect(formatFileSize(2048, "ru")).toBe(`2,0${NBSP}КБ`);
    expect(formatFileSize(35_000, "kk")).toBe(`34${NBSP}КБ`);
    expect(formatFileSize(3.5 * 1024 * 1024, "en")).toBe(`3.5${NBSP}MB`);
  });
});

describe("spans of time", () => {
  const minute = 60_000;
  const hour = 60 * minute;
  it("counts seconds, minutes, then hours, then days, with each language's words", () => {
    expect(formatDuration(45 * minute, "en")).toBe(`45${NBSP}minutes`);
    expect(formatDuration(1 * hour, "en")).toBe(`1${NBSP}hour`);
    expect(formatDuration(47 * hour, "en")).toBe(`47${NBSP}hours`);
    expect(formatDuration(3 * 24 * hour, "en")).toBe(`3${NBSP}days`);
    expect(formatDuration(5 * hour, "kk")).toBe(`5${NBSP}сағат`);
    expect(formatDuration(3 * 24 * hour, "kk")).toBe(`3${NBSP}күн`);
    expect(formatDuration(21 * minute, "ru")).toBe(`21${NBSP}минута`);
    expect(formatDuration(2 * hour, "ru")).toBe(`2${NBSP}часа`);
    expect(formatDuration(11 * hour, "ru")).toBe(`11${NBSP}часов`);
    expect(formatDuration(21 * hour, "ru")).toBe(`21${NBSP}час`);
    expect(formatDuration(2 * 24 * hour, "ru")).toBe(`2${NBSP}дня`);
    expect(formatDuration(5 * 24 * hour, "ru")).toBe(`5${NBSP}дней`);
    expect(formatDuration(-5, "en")).toBe(`0${NBSP}seconds`);
    expect(formatDuration(7_000, "ru")).toBe(`7${NBSP}секунд`);
    expect(formatDuration(42_000, "kk")).toBe(`42${NBSP}секунд`);
    expect(formatDuration(1_000, "en")).toBe(`1${NBSP}second`);
  });
});

describe("quarters", () => {
  it("reads a rating quarter in each language", () => {
    expect(formatQuarter("2026Q4", "kk")).toBe(`2026${NBSP}ж. IV${NBSP}тоқсан`);
    expect(formatQuarter("2026Q4", "ru")).toBe(`IV${NBSP}квартал 2026`);
    expect(formatQuarter("2026Q4", "en")).toBe("Q4 2026");
    expect(formatQuarter("2026Q1", "ru")).toBe(`I${NBSP}квартал 2026`);
    expect(formatQuarter("2026-Q5", "en")).toBe("—");
  });

  it("lists the city's current quarter and those before it", () => {
    expect(recentQuarters("Asia/Almaty", 3, new Date("2026-12-31T20:00:00Z"))).toEqual(["2027Q1", "2026Q4", "2026Q3"]);
    expect(recentQuarters("UTC", 2, new Date("2026-04-01T00:00:00Z"))).toEqual(["2026Q2", "2026Q1"]);
  });
});

describe("a chart's steps", () => {
  it("writes a day or a week by its first day, a month with its year, a quarter as a quarter", () => {
    expect(formatStep("2026-04-09", "DAY", "kk")).toBe(`9${NBSP}сәуір`);
    expect(formatStep("2026-04-06", "WEEK", "ru")).toBe(`6${NBSP}апр.`);
    expect(formatStep("2026-05-04", "WEEK", "en")).toBe(`4${NBSP}May`);
    // A month standing alone is not in the genitive of a date ("9 мая", but "май 2026").
    expect(formatStep("2026-05-01", "MONTH", "ru")).toBe(`май${NBSP}2026`);
    expect(formatStep("2026-05-01", "MONTH", "kk")).toBe(`мамыр${NBSP}2026`);
    expect(formatStep("2026-10-01", "QUARTER", "en")).toBe("Q4 2026");
    expect(formatStep("2026-10-01", "QUARTER", "kk")).toBe(`2026${NBSP}ж. IV${NBSP}тоқсан`);
    expect(formatStep("not a day", "DAY", "en")).toBe("—");
  });
});
