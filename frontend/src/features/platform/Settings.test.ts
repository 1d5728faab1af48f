import { describe, expect, it } from "vitest";

import { settingRows } from "./Settings";

describe("the appeal settings", () => {
  it("are the API's values and defaults, in its order, each saying whether it was changed", () => {
    const rows = settingRows([
      { key: "warn_share", value: "0.8", default: "0.75" },
      { key: "systemic_threshold", value: " 5 ", default: "5" },
      { key: "new_setting", value: "2", default: "1" },
    ]);
    expect(rows.map((r) => r.key)).toEqual(["warn_share", "systemic_threshold", "new_setting"]);
    expect(rows[0]).toEqual({ key: "warn_share", value: "0.8", default: "0.75", decimals: 2, changed: true });
    expect(rows[1]).toMatchObject({ value: "5", changed: false, decimals: 0 });
    // A key added later still lists, with whole numbers.
    expect(rows[2]).toMatchObject({ changed: true, decimals: 0 });
    expect(settingRows([])).toEqual([]);
  });
});
