import { describe, expect, it } from "vitest";

import { buildingText } from "./picks";

describe("a building in the picker's list", () => {
  const b = { code: "ast-kenesary-40", address: "ул. Кенесары, 40", addressKk: "Кенесары көшесі, 40" };
  it("shows the address in the reader's language first, the other after", () => {
    expect(buildingText(b, "kk")).toBe("Кенесары көшесі, 40 · ул. Кенесары, 40 (ast-kenesary-40)");
    expect(buildingText(b, "ru")).toBe("ул. Кенесары, 40 · Кенесары көшесі, 40 (ast-kenesary-40)");
  });
  it("shows one address when there is one", () => {
    expect(buildingText({ ...b, addressKk: null }, "kk")).toBe("ул. Кенесары, 40 (ast-kenesary-40)");
  });
});
