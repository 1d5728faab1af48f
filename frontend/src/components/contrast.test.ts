import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { describe, expect, test } from "vitest";

import {
  AA,
  brandPalette,
  contrast,
  darkenUntil,
  LIGHT_SURFACES,
  luminance,
  NEAR_BLACK,
  parseColor,
  textOn,
  WHITE,
  worstContrast,
} from "./contrast";

describe("WCAG contrast", () => {
  test("luminance of the extremes and a grey", () => {
    expect(luminance("#000000")).toBe(0);
    expect(luminance("#ffffff")).toBe(1);
    expect(luminance("#808080")).toBeCloseTo(0.2159, 4);
  });

  test("known pairs", () => {
    expect(contrast("#000", "#fff")).toBe(21);
    expect(contrast("#fff", "#fff")).toBe(1);
    // The lightest grey that reads on white, as WCAG's examples give it.
    expect(contrast("#767676", WHITE)).toBeCloseTo(4.54, 2);
    // The default brand with white text.
    expect(contrast(WHITE, "#1d5fa8")).toBeCloseTo(6.45, 2);
    expect(contrast("#1d5fa8", WHITE)).toBe(contrast(WHITE, "#1d5fa8"));
  });

  test("the brand colors seen failing", () => {
    // Taraz: white on its orange falls short.
    expect(contrast(WHITE, "#c25b12")).toBeCloseTo(4.38, 2);
    expect(contrast(WHITE, "#c25b12")).toBeLessThan(AA);
    // Petropavlovsk: white itself reads (5.0:1), white dimmed to 85% over the green did not.
    expect(contrast(WHITE, "#1b7f4c")).toBeCloseTo(5.02, 2);
    expect(contrast("#ddece4", "#1b7f4c")).toBeCloseTo(4.1, 1);
  });

  test("colors are read in their short and long forms, and nothing else", () => {
    expect(parseColor("#FfF")).toEqual([255, 255, 255]);
    expect(parseColor("1d5fa8")).toEqual([29, 95, 168]);
    expect(parseColor("red")).toBeNull();
    expect(parseColor("#12345")).toBeNull();
  });
});

describe("the text on a brand color", () => {
  test("white where it reads, else the near-black, else none", () => {
    expect(textOn("#1d5fa8")).toBe(WHITE);
    expect(textOn("#1b7f4c")).toBe(WHITE);
    expect(textOn("#c25b12")).toBe(NEAR_BLACK);
    expect(textOn("#ffcc00")).toBe(NEAR_BLACK);
    // A mid grey reads with neither.
    expect(textOn("#777777")).toBeNull();
  });

  test("darkening keeps the hue and stops at the first color that reads", () => {
    const darker = darkenUntil("#c25b12", [WHITE]);
    expect(contrast(WHITE, darker)).toBeGreaterThanOrEqual(AA);
    expect(darker).not.toBe("#c25b12");
    const [r, g, b] = parseColor(darker)!;
    expect(r).toBeGreaterThan(g);
    expect(g).toBeGreaterThan(b);
    // One step less dark would not read.
    expect(darkenUntil("#1d5fa8", [WHITE])).toBe("#1d5fa8");
  });
});

describe("a city's palette", () => {
  const BRANDS = [
    "#1d5fa8", // the default
    "#0067b1", // Astana
    "#1b7f4c", // Petropavlovsk
    "#c25b12", // Taraz
    "#ffcc00",
    "#777777",
    "#ff0000",
    "#00ff00",
    "#ffffff",
    "#000000",
    "#e91e63",
    "#3fa7d6",
  ];

  test.each(BRANDS)("%s reads everywhere it is used", (brand) => {
    const p = brandPalette(brand);
    // The bar's text, and the focus ring drawn in it, on the bar.
    expect(contrast(p.onSurface, p.surface)).toBeGreaterThanOrEqual(AA);
    // White text on buttons.
    expect(contrast(WHITE, p.strong)).toBeGreaterThanOrEqual(AA);
    // Links and the page's focus ring on every light background.
    expect(worstContrast(p.text, LIGHT_SURFACES)).toBeGreaterThanOrEqual(AA);
  });

  test("the launch cities", () => {
    expect(brandPalette("#0067b1")).toEqual({ surface: "#0067b1", onSurface: WHITE, strong: "#0067b1", text: "#0067b1" });
    expect(brandPalette("#1b7f4c").onSurface).toBe(WHITE);
    // Taraz keeps its orange bar with dark text; its buttons and links are a darker orange.
    const taraz = brandPalette("#c25b12");
    expect(taraz.surface).toBe("#c25b12");
    expect(taraz.onSurface).toBe(NEAR_BLACK);
    expect(contrast(WHITE, taraz.strong)).toBeGreaterThanOrEqual(AA);
    expect(contrast(WHITE, taraz.strong)).toBeLessThan(AA + 0.3);
  });

  test("a grey that reads with neither darkens under white text", () => {
    const p = brandPalette("#777777");
    expect(p.onSurface).toBe(WHITE);
    expect(p.surface).not.toBe("#777777");
    expect(contrast(WHITE, p.surface)).toBeGreaterThanOrEqual(AA);
  });

  test("an unreadable value falls back to the default brand", () => {
    expect(brandPalette("not a color").surface).toBe("#1d5fa8");
  });
});

describe("the stylesheet's own colors", () => {
  const css = readFileSync(resolve(import.meta.dirname, "../app/styles.css"), "utf8");
  const root = css.match(/:root\s*{([^}]*)}/)![1];
  const vars = Object.fromEntries([...root.matchAll(/--([\w-]+):\s*(#[0-9a-f]{3,6})\b/gi)].map((m) => [m[1], m[2]]));
  const PAIRS: [string, string][] = [
    ["ink", "bg"],
    ["muted", "bg"],
    ["muted", "#ffffff"],
    ["muted", "#eef2f7"],
    ["muted", "#fff4f3"],
    ["danger", "#ffffff"],
    ["danger", "#fde2df"],
    ["danger", "#fff4f3"],
    ["warn", "#fff1cc"],
    ["warn", "#fff8e5"],
    ["ok", "#ffffff"],
    ["ok", "#dcf3e6"],
    ["on-brand", "brand"],
    ["brand-strong", "#ffffff"],
    ["brand-text", "bg"],
  ];

  test.each(PAIRS)("%s on %s reads", (fg, bg) => {
    const color = (name: string) => (name.startsWith("#") ? name : vars[name]);
    expect(color(fg), fg).toBeTruthy();
    expect(color(bg), bg).toBeTruthy();
    expect(contrast(color(fg), color(bg))).toBeGreaterThanOrEqual(AA);
  });

  test("the default brand's palette is the stylesheet's", () => {
    const p = brandPalette(vars["brand"]);
    expect([p.surface, p.onSurface, p.strong, p.text]).toEqual([vars["brand"], vars["on-brand"], vars["brand-strong"], vars["brand-text"]]);
  });
});
