import { describe, expect, it } from "vitest";

import { queueFilter, readQueueSearch, writeQueueSearch } from "./queueSearch";

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
});
