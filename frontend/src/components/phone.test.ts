import { describe, expect, it } from "vitest";

import { displayPhone, formatPhone, nationalDigits, normalizedPhone } from "./phone";

describe("the phone mask", () => {
  it("takes a number however it is typed or pasted", () => {
    for (const raw of ["+7 701 234 56 78", "8 (701) 234-56-78", "87012345678", "77012345678", "+77012345678", "7012345678"]) {
      expect(nationalDigits(raw), raw).toBe("7012345678");
    }
  });

  it("shows +7 (7xx) xxx-xx-xx while typing", () => {
    expect(formatPhone("")).toBe("");
    expect(formatPhone("7")).toBe("+7 (7");
    expect(formatPhone("7012")).toBe("+7 (701) 2");
    expect(formatPhone("7012345")).toBe("+7 (701) 234-5");
    expect(formatPhone("701234567")).toBe("+7 (701) 234-56-7");
    expect(formatPhone("7012345678")).toBe("+7 (701) 234-56-78");
  });

  it("keeps its own prefix out of the digits as the field is typed into", () => {
    let shown = "";
    for (const key of "87012345678") shown = formatPhone(nationalDigits(shown + key));
    expect(shown).toBe("+7 (701) 234-56-78");
    // Deleting the last character deletes the last digit.
    expect(formatPhone(nationalDigits(shown.slice(0, -1)))).toBe("+7 (701) 234-56-7");
    expect(formatPhone(nationalDigits("+7 ("))).toBe("");
    // Never more than ten digits.
    expect(nationalDigits(`${shown}9`)).toBe("7012345678");
  });

  it("sends the normalized number only when it is complete", () => {
    expect(normalizedPhone("7012345678")).toBe("+77012345678");
    expect(normalizedPhone("701234567")).toBeNull();
  });

  it("shows a stored number in the same form", () => {
    expect(displayPhone("+77012345678")).toBe("+7 (701) 234-56-78");
    expect(displayPhone("12345")).toBe("12345");
  });
});
