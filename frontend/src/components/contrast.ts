// Colors that stay readable whatever a city picks as its brand: WCAG 2 relative luminance and
// contrast ratio, the text color for a brand-colored surface (white, else a near-black), and the
// brand darkened where white text stays on it or where it is the color of text on the page.

export type Rgb = readonly [number, number, number];

/** The contrast WCAG 2 asks of normal text (level AA). */
export const AA = 4.5;
export const WHITE = "#ffffff";
/** The dark text on a light brand color. */
export const NEAR_BLACK = "#0a0a0a";
/**
 * The light backgrounds brand-colored text and links sit on: cards, the page, table headings,
 * the incoming-call and warning notes, a chosen row, an overdue row.
 */
export const LIGHT_SURFACES = ["#ffffff", "#f4f6f9", "#eef2f7", "#e8f4ff", "#eef5ff", "#fff8e5", "#fff4f3"];

/** `#rgb` or `#rrggbb` as its channels (0–255); null for anything else. */
export function parseColor(color: string): Rgb | null {
  const hex = color.trim().replace(/^#/, "");
  if (/^[0-9a-f]{3}$/i.test(hex)) return [0, 1, 2].map((i) => parseInt(hex[i] + hex[i], 16)) as unknown as Rgb;
  if (/^[0-9a-f]{6}$/i.test(hex)) return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as unknown as Rgb;
  return null;
}

export function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, "0")).join("")}`;
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG 2 relative luminance: 0 for black, 1 for white. */
export function luminance(color: string | Rgb): number {
  const rgb = typeof color === "string" ? parseColor(color) : color;
  if (!rgb) throw new Error(`not a color: ${String(color)}`);
  return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
}

/** The WCAG 2 contrast ratio of two colors, from 1 to 21. */
export function contrast(a: string | Rgb, b: string | Rgb): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** The lowest contrast of `color` against any of `backgrounds`. */
export function worstContrast(color: string, backgrounds: readonly string[]): number {
  return Math.min(...backgrounds.map((b) => contrast(color, b)));
}

/**
 * `color` darkened (mixed with black, its hue kept) by the least step of 1% that gives at least
 * `ratio` against every one of `backgrounds`; `color` itself when it already does.
 */
export function darkenUntil(color: string, backgrounds: readonly string[], ratio = AA): string {
  const rgb = parseColor(color);
  if (!rgb) throw new Error(`not a color: ${color}`);
  for (let step = 0; step <= 100; step++) {
    const candidate = toHex(rgb.map((c) => c * (1 - step / 100)) as unknown as Rgb);
    if (worstContrast(candidate, backgrounds) >= ratio) return candidate;
  }
  return "#000000";
}

/** The text color on a `background`: white when it reads (≥ 4.5:1), else the near-black, else null. */
export function textOn(background: string): string | null {
  if (contrast(WHITE, background) >= AA) return WHITE;
  if (contrast(NEAR_BLACK, background) >= AA) return NEAR_BLACK;
  return null;
}

export interface BrandPalette {
  /** The brand-colored bar. */
  surface: string;
  /** Text and icons on the bar. */
  onSurface: string;
  /** Surfaces that keep white text (buttons, the chosen option of a list): dark enough for it. */
  strong: string;
  /** The brand as the color of text, links and focus rings on the page's light backgrounds. */
  text: string;
}

/**
 * What a city's brand color becomes on screen. The bar keeps the color with white text, or a
 * near-black where white does not read; when neither reads, the bar darkens until white does.
 * Buttons keep white text on the color darkened as far as that needs, and text in the brand
 * color darkens until it reads on every light background. An unreadable value falls back to the
 * default brand.
 */
export function brandPalette(color: string, fallback = "#1d5fa8"): BrandPalette {
  const brand = parseColor(color) ? toHex(parseColor(color)!) : fallback;
  const on = textOn(brand);
  const surface = on ? brand : darkenUntil(brand, [WHITE]);
  return {
    surface,
    onSurface: on ?? WHITE,
    strong: darkenUntil(brand, [WHITE]),
    text: darkenUntil(brand, LIGHT_SURFACES),
  };
}

/** Puts the brand's colors on the page (CSS variables of the root element). */
export function applyBrand(color: string) {
  const palette = brandPalette(color);
  const style = document.documentElement.style;
  style.setProperty("--brand", palette.surface);
  style.setProperty("--on-brand", palette.onSurface);
  style.setProperty("--brand-strong", palette.strong);
  style.setProperty("--brand-text", palette.text);
}
