import { describe, expect, it } from "vitest";

import { DIGITAL_CHANNELS, NO_NARROWING, queueFilter, readQueueSearch, writeQueueSearch } from "./queueSearch";

describe("the queue's address", () => {
  it("reads a drill-down and writes it back the same", () => {
    const params = new URLSearchParams("status=RESOLVED,CLOSED&overdue=1&org=5&service=59&category=7&channel=TELEGRAM&district=yesil&from=2026-11-23&to=2026-11-29");
    const q = readQueueSearch(params);
    expect(q).toMatchObject({ statuses: ["RESOLVED", "CLOSED"], overdue: true, organizationId: "5", channel: "TELEGRAM", from: "2026-11-23" });
    expect(writeQueueSearch(q).toString()).toBe(params.toString());
  });

  it("drops what it does not know", () => {
    const q = readQueueSearch(new URLSearchParams("status=LOST&channel=PIGEON&from=yesterday"));
    expect(q).toMatchObject({ statuses: null, channel: null, from: null, overdue: false });
  });

  it("asks the API for the city's days, the last one whole, and every status for ALL", () => {
    const f = queueFilter(readQueueSearch(new URLSearchParams("status=ALL&from=2026-11-23&to=2026-11-29")), "Asia/Almaty");
    expect(f.registeredFrom).toBe("2026-11-22T19:00:00.000Z");
    expect(f.registeredTo).toBe("2026-11-29T19:00:00.000Z");
    expect(f.statuses).toHaveLength(9);
    expect(queueFilter(readQueueSearch(new URLSearchParams("")), "Asia/Almaty")).toMatchObject({ statuses: null, registeredFrom: null, overdue: null });
  });

  it("reads the exact drill-downs and writes them back the same", () => {
    const params = new URLSearchParams(
      "status=ALL&type=INCIDENT&sphere=3&building=42&channels=TELEGRAM,WEB&first=1&reopened=1&late=0&rated=0&from=2026-11-23&to=2026-11-29",
    );
    const q = readQueueSearch(params);
    expect(q).toMatchObject({
      appealType: "INCIDENT",
      sphereId: "3",
      buildingId: "42",
      channels: ["TELEGRAM", "WEB"],
      firstCall: true,
      reopened: true,
      resolvedLate: false,
      rated: false,
    });
    expect(writeQueueSearch(q).toString()).toBe(params.toString());
    // And from the fields to the address and back.
    const fields = { ...NO_NARROWING, text: null, channels: DIGITAL_CHANNELS, resolvedLate: true, buildingId: "7" };
    expect(readQueueSearch(writeQueueSearch(fields))).toEqual(fields);
  });

  it("drops new fields it does not know, and leaves unset ones out", () => {
    const q = readQueueSearch(new URLSearchParams("type=RUMOUR&channels=PIGEON,,WEB&first=yes&late=2&rated="));
    expect(q).toMatchObject({ appealType: null, channels: ["WEB"], firstCall: null, resolvedLate: null, rated: null });
    expect(writeQueueSearch(readQueueSearch(new URLSearchParams(""))).toString()).toBe("");
  });

  it("asks the API for the new fields, and for resolved late or on time without statuses", () => {
    const f = queueFilter(readQueueSearch(new URLSearchParams("status=ALL&type=INCIDENT&sphere=3&building=42&channels=TELEGRAM&first=1&reopened=0&rated=1")), "Asia/Almaty");
    expect(f).toMatchObject({
      appealType: "INCIDENT",
      sphereId: "3",
      buildingId: "42",
      channels: ["TELEGRAM"],
      firstCall: true,
      reopened: false,
      rated: true,
      resolvedLate: null,
    });
    expect(f.statuses).toHaveLength(9);
    const late = queueFilter(readQueueSearch(new URLSearchParams("status=ALL&late=1")), "Asia/Almaty");
    expect(late).toMatchObject({ resolvedLate: true, statuses: null });
    expect(queueFilter(readQueueSearch(new URLSearchParams("late=0")), "Asia/Almaty")).toMatchObject({ resolvedLate: false, statuses: null });
    expect(queueFilter(readQueueSearch(new URLSearchParams("")), "Asia/Almaty")).toMatchObject({
      appealType: null,
      sphereId: null,
      buildingId: null,
      channels: null,
      firstCall: null,
      reopened: null,
      resolvedLate: null,
      rated: null,
    });
  });

  it("counts as digital every door but the phone, a visit and the cameras", () => {
    expect(DIGITAL_CHANNELS).toEqual(["TELEGRAM", "WEB", "MOBILE", "EMAIL", "FACEBOOK", "INSTAGRAM", "WHATSAPP", "OPEN311"]);
  });
});
