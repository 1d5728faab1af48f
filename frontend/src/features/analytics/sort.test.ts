import { describe, expect, it } from "vitest";

import { sortLines } from "./sort";

const line = (name: string, received: number, averageRating: number | null) => ({
  name,
  figures: { received, resolvedOnTime: 0, resolvedLate: 0, openOverdue: 0, reopened: 0, onTimeShare: null, averageRating },
});
// The server's order: the worst first.
const LINES = [line("Su", 5, 3.5), line("Zhylu", 9, null), line("Lift", 5, 4.8), line("Akimat", 2, 2.1)];
const names = (lines: typeof LINES) => lines.map((l) => l.name);

describe("the execution table's order", () => {
  it("keeps the server's order (the worst first) until a column is chosen", () => {
    expect(names(sortLines(LINES, null, (l) => l.name))).toEqual(["Su", "Zhylu", "Lift", "Akimat"]);
  });

  it("sorts by a column either way, equal rows in the server's order", () => {
    expect(names(sortLines(LINES, { column: "received", descending: true }, (l) => l.name))).toEqual(["Zhylu", "Su", "Lift", "Akimat"]);
    expect(names(sortLines(LINES, { column: "received", descending: false }, (l) => l.name))).toEqual(["Akimat", "Su", "Lift", "Zhylu"]);
    expect(names(sortLines(LINES, { column: "name", descending: false }, (l) => l.name))).toEqual(["Akimat", "Lift", "Su", "Zhylu"]);
  });

  it("puts a missing figure last whichever way", () => {
    expect(names(sortLines(LINES, { column: "averageRating", descending: true }, (l) => l.name))).toEqual(["Lift", "Su", "Akimat", "Zhylu"]);
    expect(names(sortLines(LINES, { column: "averageRating", descending: false }, (l) => l.name))).toEqual(["Akimat", "Su", "Lift", "Zhylu"]);
  });
});
