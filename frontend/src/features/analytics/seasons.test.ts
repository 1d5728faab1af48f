import { describe, expect, it } from "vitest";

import { choosePreset, chooseMonths, crossesYear, DEFAULT_SEASONS, presetOf, readSeasons, seasonsInput, writeSeasons } from "./seasons";

describe("season presets", () => {
  it("set the months of each season", () => {
    expect(choosePreset(DEFAULT_SEASONS, "roofs")).toMatchObject({ preset: "roofs", startMonth: 3, endMonth: 5 });
    expect(choosePreset(DEFAULT_SEASONS, "roads")).toMatchObject({ preset: "roads", startMonth: 4, endMonth: 10 });
    expect(choosePreset(DEFAULT_SEASONS, "water")).toMatchObject({ preset: "water", startMonth: 1, endMonth: 12 });
    expect(DEFAULT_SEASONS).toMatchObject({ preset: "heating", startMonth: 10, endMonth: 4, seasons: 3 });
    // Custom keeps the months as they were.
    expect(choosePreset(choosePreset(DEFAULT_SEASONS, "roofs"), "custom")).toMatchObject({ preset: "custom", startMonth: 3, endMonth: 5 });
  });

  it("follow the months chosen by hand", () => {
    const custom = chooseMonths(DEFAULT_SEASONS, { endMonth: 3 });
    expect(custom).toMatchObject({ preset: "custom", startMonth: 10, endMonth: 3 });
    expect(chooseMonths(custom, { endMonth: 4 }).preset).toBe("heating");
    expect(presetOf(4, 10)).toBe("roads");
    expect(presetOf(5, 9)).toBe("custom");
  });

  it("know a season over the new year", () => {
    expect(crossesYear({ startMonth: 10, endMonth: 4 })).toBe(true);
    expect(crossesYear({ startMonth: 3, endMonth: 5 })).toBe(false);
  });

  it("live in the address, only what differs from the heating season's three", () => {
    expect(writeSeasons(DEFAULT_SEASONS).toString()).toBe("");
    const roofs = { ...choosePreset(DEFAULT_SEASONS, "roofs"), seasons: 5 };
    expect(writeSeasons(roofs).toString()).toBe("season=roofs&seasons=5");
    expect(readSeasons(writeSeasons(roofs))).toEqual(roofs);
    const custom = { ...chooseMonths(DEFAULT_SEASONS, { startMonth: 12, endMonth: 12 }), asOf: "2027-01-01" };
    const params = writeSeasons(custom, new URLSearchParams("period=thisYear&season=roads"));
    expect(params.toString()).toBe("period=thisYear&months=12-12&asOf=2027-01-01");
    expect(readSeasons(params)).toEqual(custom);
    // The months win over a preset's name; nonsense falls back on the defaults.
    expect(readSeasons(new URLSearchParams("season=roads&months=3-5"))).toMatchObject({ preset: "roofs" });
    expect(readSeasons(new URLSearchParams("season=lava&months=13-2&seasons=99&asOf=soon"))).toEqual(DEFAULT_SEASONS);
  });

  it("are what the API takes", () => {
    expect(seasonsInput(DEFAULT_SEASONS)).toEqual({ seasons: 3, startMonth: 10, endMonth: 4, asOf: null });
  });
});
