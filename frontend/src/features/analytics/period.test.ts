import { describe, expect, it } from "vitest";

import { translate } from "../../i18n/i18n";
import { formatPercent } from "../../i18n/format";
import { addDays, baselineOf, changeWords, defaultGranularity, isDay, mondayOf, periodDays, presetPeriod, quarterStart, recentWeeks } from "./period";
import { queueSearch, readState, writeState } from "./state";

// 2026-12-02 is a Wednesday.
const TODAY = "2026-12-02";

describe("the period presets", () => {
  it("start the week on Monday", () => {
    expect(mondayOf("2026-12-02")).toBe("2026-11-30");
    expect(mondayOf("2026-11-30")).toBe("2026-11-30");
    expect(mondayOf("2026-12-06")).toBe("2026-11-30"); // a Sunday
    expect(mondayOf("2027-01-01")).toBe("2026-12-28"); // across a year
  });

  it("end a period under way today, and keep a past week whole", () => {
    expect(presetPeriod("thisWeek", TODAY)).toEqual({ from: "2026-11-30", to: TODAY });
    expect(presetPeriod("lastWeek", TODAY)).toEqual({ from: "2026-11-23", to: "2026-11-29" });
    expect(presetPeriod("thisMonth", TODAY)).toEqual({ from: "2026-12-01", to: TODAY });
    expect(presetPeriod("thisQuarter", TODAY)).toEqual({ from: "2026-10-01", to: TODAY });
    expect(presetPeriod("thisQuarter", "2026-02-28")).toEqual({ from: "2026-01-01", to: "2026-02-28" });
    expect(presetPeriod("thisYear", TODAY)).toEqual({ from: "2026-01-01", to: TODAY });
    expect(presetPeriod("lastWeek", "2026-01-05")).toEqual({ from: "2025-12-29", to: "2026-01-04" });
  });

  it("count days with both ends, across a leap day", () => {
    expect(periodDays({ from: "2026-11-30", to: "2026-12-06" })).toBe(7);
    expect(periodDays({ from: "2028-02-28", to: "2028-03-01" })).toBe(3);
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(isDay("2026-02-30")).toBe(false);
    expect(isDay("2026-2-3")).toBe(false);
    expect(isDay("2026-02-28")).toBe(true);
  });

  it("call the period before 'the week before' only for a whole week from Monday", () => {
    expect(baselineOf(presetPeriod("lastWeek", TODAY))).toEqual({ kind: "week" });
    expect(baselineOf(presetPeriod("thisWeek", TODAY))).toEqual({ kind: "days", days: 3 });
    expect(baselineOf({ from: "2026-12-01", to: "2026-12-07" })).toEqual({ kind: "days", days: 7 });
  });

  it("choose a chart step that suits the period's length", () => {
    expect(defaultGranularity(presetPeriod("thisMonth", TODAY))).toBe("DAY");
    expect(defaultGranularity(presetPeriod("thisQuarter", TODAY))).toBe("WEEK");
    expect(defaultGranularity(presetPeriod("thisYear", TODAY))).toBe("MONTH");
  });
});

describe("a change in words", () => {
  const words = (change: number | null, lang: "kk" | "ru" | "en", than: string) => {
    const w = changeWords(change);
    return translate(lang, w.key, { percent: formatPercent(w.share, lang, w.digits), than });
  };

  it("reads as the seed articles phrase it", () => {
    expect(words(2, "en", "the week before")).toBe("2% more than the week before");
    expect(words(-19, "en", "the same days a year before")).toBe("19% fewer than the same days a year before");
    expect(words(2.13, "ru", "неделей ранее")).toBe("на 2,1\u00a0% больше, чем неделей ранее");
    expect(words(-19.4, "kk", "алдыңғы аптадан")).toBe("алдыңғы аптадан 19\u00a0% аз");
  });

  it("rounds to a tenth under ten percent and to a whole above, and says when nothing changed", () => {
    expect(changeWords(2.04)).toEqual({ key: "analytics.more", share: 0.02, digits: 0 });
    expect(changeWords(12.6)).toEqual({ key: "analytics.more", share: 0.13, digits: 0 });
    expect(changeWords(-0.04)).toEqual({ key: "analytics.same", share: 0, digits: 0 });
    expect(words(0, "en", "the week before")).toBe("as many as the week before");
  });

  it("has nothing to compare with when the server has no base", () => {
    expect(changeWords(null).key).toBe("analytics.noBase");
    expect(translate("en", "analytics.noBase", { when: translate("en", "analytics.when.year") })).toBe("nothing to compare with the same days a year before");
    expect(translate("kk", "analytics.noBase", { when: translate("kk", "analytics.when.week") })).toBe("алдыңғы аптада салыстыратын дерек жоқ");
    expect(changeWords(Number.NaN).key).toBe("analytics.noBase");
  });
});

describe("the analytics address", () => {
  it("falls back on this week, and keeps chosen days only when they are days in order", () => {
    expect(readState(new URLSearchParams(""), TODAY).period).toEqual({ from: "2026-11-30", to: TODAY });
    const custom = readState(new URLSearchParams("period=custom&from=2026-01-01&to=2026-03-31"), TODAY);
    expect(custom).toMatchObject({ preset: "custom", period: { from: "2026-01-01", to: "2026-03-31" } });
    expect(readState(new URLSearchParams("period=custom&from=2026-03-31&to=2026-01-01"), TODAY).preset).toBe("thisWeek");
    expect(readState(new URLSearchParams("period=someday&by=YEAR"), TODAY)).toMatchObject({ preset: "thisWeek", granularity: null });
  });

  it("comes back the same after writing", () => {
    const params = new URLSearchParams("period=custom&from=2026-01-01&to=2026-03-31&by=MONTH&district=yesil&org=5&channel=TELEGRAM&type=INCIDENT");
    const state = readState(params, TODAY);
    expect(readState(writeState(state), TODAY)).toEqual(state);
    expect(writeState(readState(new URLSearchParams(""), TODAY)).toString()).toBe("");
  });

  it("leads a figure to the queue with its period, its filter and the drill's own", () => {
    const state = readState(new URLSearchParams("period=lastWeek&district=yesil&sphere=2&type=INCIDENT"), TODAY);
    const search = new URLSearchParams(queueSearch(state, { statuses: "ALL", categoryId: "7" }));
    expect(Object.fromEntries(search)).toEqual({ status: "ALL", category: "7", district: "yesil", sphere: "2", type: "INCIDENT", from: "2026-11-23", to: "2026-11-29" });
    expect(Object.fromEntries(new URLSearchParams(queueSearch(state, { overdue: true, organizationId: "9" })))).toMatchObject({ overdue: "1", org: "9" });
  });

  it("leads each figure to exactly its appeals", () => {
    const state = readState(new URLSearchParams("period=lastWeek&channel=TELEGRAM"), TODAY);
    const drill = (d: Parameters<typeof queueSearch>[1]) => Object.fromEntries(new URLSearchParams(queueSearch(state, d)));
    const days = { from: "2026-11-23", to: "2026-11-29", channel: "TELEGRAM" };
    expect(drill({ statuses: "ALL", firstCall: true })).toEqual({ ...days, status: "ALL", first: "1" });
    expect(drill({ statuses: "ALL", appealType: "INCIDENT" })).toEqual({ ...days, status: "ALL", type: "INCIDENT" });
    expect(drill({ statuses: "ALL", channels: ["WEB", "TELEGRAM"] })).toEqual({ ...days, status: "ALL", channels: "WEB,TELEGRAM" });
    expect(drill({ statuses: "ALL", reopened: true, rated: true })).toEqual({ ...days, status: "ALL", reopened: "1", rated: "1" });
    expect(drill({ statuses: "ALL", sphereId: "4", buildingId: "12" })).toEqual({ ...days, status: "ALL", sphere: "4", building: "12" });
    // Resolved late or on time lists resolved and closed appeals itself: no statuses beside it.
    expect(drill({ statuses: "ALL", resolvedLate: false })).toEqual({ ...days, late: "0" });
    expect(drill({ resolvedLate: true, organizationId: "9" })).toEqual({ ...days, late: "1", org: "9" });
  });
});

describe("the reports' weeks and quarters", () => {
  it("lists the Mondays of the last weeks, this week's first", () => {
    expect(recentWeeks("2026-12-02", 3)).toEqual(["2026-11-30", "2026-11-23", "2026-11-16"]);
    expect(recentWeeks("2026-11-29", 1)).toEqual(["2026-11-23"]);
  });

  it("names a quarter by its first day", () => {
    expect(quarterStart("2026Q4")).toBe("2026-10-01");
    expect(quarterStart("2027Q1")).toBe("2027-01-01");
  });
});
