import { describe, expect, it } from "vitest";

import { currentSettings } from "./Settings";

describe("the appeal settings' values", () => {
  it("are the newest change of each key, newest first as the audit log lists them", () => {
    const values = currentSettings([
      { entityId: "warn_share", details: '{"value":"0.8"}' },
      { entityId: "systemic_threshold", details: '{"value":" 7 "}' },
      { entityId: "warn_share", details: '{"value":"0.6"}' },
      { entityId: "unknown_key", details: '{"value":"1"}' },
      { entityId: "repeat_radius_m", details: "not json" },
    ]);
    expect(values.warn_share).toBe("0.8");
    expect(values.systemic_threshold).toBe("7");
    expect(values.repeat_radius_m).toBeNull();
    expect(values.forward_working_days).toBeNull();
    expect(Object.keys(values)).not.toContain("unknown_key");
  });
});
