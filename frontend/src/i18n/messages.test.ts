import { describe, expect, it } from "vitest";

import { en } from "./messages/en";
import { kk } from "./messages/kk";
import { ru } from "./messages/ru";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the three languages", () => {
  it("have the same keys", () => {
    expect(Object.keys(kk).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
  });

  it("keep every placeholder and leave no text empty", () => {
    for (const [key, text] of Object.entries(en)) {
      for (const other of [kk, ru]) {
        const translated = other[key as keyof typeof en];
        expect(translated.trim(), key).not.toBe("");
        expect(placeholders(translated), key).toEqual(placeholders(text));
      }
    }
  });

  it("are translated, not copied", () => {
    const copied = Object.keys(en).filter((k) => kk[k as keyof typeof en] === en[k as keyof typeof en]);
    // Names, codes and brands read the same in every language; little else does.
    expect(copied.length).toBeLessThan(Object.keys(en).length / 10);
  });
});
