import { describe, expect, it } from "vitest";

import { hasResultPhoto } from "./AppealPage";

const event = (kind: string, at: string) => ({ kind, at, actor: "user:1", fromStatus: null, toStatus: null, comment: null });
const file = (kind: string, createdAt: string) => ({ id: createdAt, kind, fileName: "f", size: 1, url: "/f", createdAt });

describe("the photo a result needs", () => {
  const timeline = [event("registered", "2026-04-09T08:00:00Z"), event("assign", "2026-04-09T08:05:00Z"), event("take", "2026-04-09T09:00:00Z")];

  it("is one added since the appeal was taken", () => {
    expect(hasResultPhoto({ timeline, attachments: [file("photo", "2026-04-09T10:00:00Z")] })).toBe(true);
  });

  it("is not the resident's photo of the problem, nor a document", () => {
    expect(hasResultPhoto({ timeline, attachments: [file("photo", "2026-04-09T08:01:00Z")] })).toBe(false);
    expect(hasResultPhoto({ timeline, attachments: [file("document", "2026-04-09T10:00:00Z")] })).toBe(false);
  });

  it("must be new again after a reopening", () => {
    const reopened = [...timeline, event("resolve", "2026-04-09T11:00:00Z"), event("reopen", "2026-04-10T09:00:00Z")];
    expect(hasResultPhoto({ timeline: reopened, attachments: [file("photo", "2026-04-09T10:00:00Z")] })).toBe(false);
  });
});
