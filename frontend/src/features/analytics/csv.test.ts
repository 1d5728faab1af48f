import { describe, expect, it } from "vitest";

import { csvField, fileSlug, toCsv } from "./csv";

describe("a CSV built in the browser", () => {
  it("starts with the byte-order mark and ends its lines with CRLF", () => {
    const text = toCsv([
      ["Адрес", "2025/26", "Барлығы"],
      ["Кенесары көшесі, 40", 3, 7],
    ]);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1)).toBe("Адрес,2025/26,Барлығы\r\n\"Кенесары көшесі, 40\",3,7\r\n");
  });

  it("quotes what must be quoted", () => {
    expect(csvField('ТОО "Жылу"')).toBe('"ТОО ""Жылу"""');
    expect(csvField("a\nb")).toBe('"a\nb"');
    expect(csvField(" padded ")).toBe('" padded "');
    expect(csvField("plain")).toBe("plain");
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(Number.NaN)).toBe("");
    expect(csvField(-3)).toBe("-3");
  });

  it("never lets a text pass for a formula", () => {
    expect(csvField("=HYPERLINK(\"x\")")).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
    expect(csvField("+7 701")).toBe("'+7 701");
    expect(csvField("-1")).toBe("'-1");
    expect(csvField("@me")).toBe("'@me");
  });

  it("names files by their title", () => {
    expect(fileSlug("Жылу маусымы 2026/27!")).toBe("жылу-маусымы-2026-27");
    expect(fileSlug("  ")).toBe("list");
  });
});
