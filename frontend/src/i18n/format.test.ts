import { describe, expect, it } from "vitest";

import { formatDate, formatDateTime, formatNumber, fromZonedInput, todayIn, toZonedInput } from "./format";

describe("dates in the city's zone", () => {
  it("shows an instant in Almaty's time, in each language", () => {
    const at = "2026-03-20T19:30:00Z"; // 00:30 on 21 March in Asia/Almaty (UTC+5)
    expect(formatDateTime(at, "en", "Asia/Almaty")).toContain("21 Mar 2026");
    expect(formatDateTime(at, "en", "Asia/Almaty")).toContain("00:30");
    expect(formatDateTime(at, "ru", "Asia/Almaty")).toMatch(/21 мар/);
    expect(formatDateTime(at, "kk", "Asia/Almaty")).toContain("2026");
    expect(formatDateTime(null, "en", "Asia/Almaty")).toBe("—");
  });

  it("knows the city's day when UTC is still on the day before", () => {
    const at = new Date("2026-11-21T20:30:00Z"); // 01:30 on 22 November in Asia/Almaty
    expect(todayIn("Asia/Almaty", at)).toBe("2026-11-22");
    expect(todayIn("UTC", at)).toBe("2026-11-21");
  });

  it("keeps a calendar date whatever the zone", () => {
    expect(formatDate("2026-11-22", "en")).toBe("22 Nov 2026");
  });

  it("round-trips a wall-clock time through the zone", () => {
    const iso = fromZonedInput("2026-11-22T09:15", "Asia/Almaty");
    expect(iso).toBe("2026-11-22T04:15:00.000Z");
    expect(toZonedInput(iso, "Asia/Almaty")).toBe("2026-11-22T09:15");
  });
});

describe("numbers", () => {
  it("groups digits by the language's convention", () => {
    expect(formatNumber(1234567, "en")).toBe("1,234,567");
    expect(formatNumber(1234567, "ru").replace(/\s/g, " ")).toBe("1 234 567");
    expect(formatNumber(null, "ru")).toBe("—");
    expect(formatNumber(72.456, "en", 1)).toBe("72.5");
  });
});
