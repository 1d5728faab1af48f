import { describe, expect, it } from "vitest";

import { replay } from "./SearchPick";

describe("keys pressed before the search's answer came", () => {
  it("apply to the answer: the first option highlighted, ↓ and ↑ moving it, Enter picking it", () => {
    expect(replay([], 5)).toEqual({ active: 0, pick: false });
    expect(replay(["enter"], 5)).toEqual({ active: 0, pick: true });
    expect(replay(["down", "enter"], 5)).toEqual({ active: 1, pick: true });
    expect(replay(["down", "down", "up"], 5)).toEqual({ active: 1, pick: false });
  });

  it("stay within the list, and pick nothing from an empty one", () => {
    expect(replay(["down", "down", "down", "enter"], 2)).toEqual({ active: 1, pick: true });
    expect(replay(["up", "up"], 3)).toEqual({ active: 0, pick: false });
    expect(replay(["down", "enter"], 0)).toEqual({ active: 0, pick: false });
  });

  it("stop at Enter: what comes after it is not applied", () => {
    expect(replay(["enter", "down"], 5)).toEqual({ active: 0, pick: true });
  });
});
