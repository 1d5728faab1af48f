import { describe, expect, it } from "vitest";

import { appealNumbers } from "./CasePage";

describe("the appeal numbers typed to attach to a case", () => {
  it("are split on commas and spaces, upper-cased, each once", () => {
    expect(appealNumbers(" ast-2026-000010, AST-2026-000011;AST-2026-000010\n")).toEqual(["AST-2026-000010", "AST-2026-000011"]);
    expect(appealNumbers("  ,  ")).toEqual([]);
  });
});
