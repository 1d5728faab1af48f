// A CSV file built in the browser: comma-separated, every value quoted where it must be, lines
// ended by CRLF, and a UTF-8 byte-order mark first, without which Excel reads Cyrillic and
// Kazakh letters as the wrong code page. A text that a spreadsheet would take for a formula
// (`=`, `+`, `-`, `@` first) is written with an apostrophe before it; numbers stay numbers.

export type CsvCell = string | number | null | undefined;

const BOM = "\uFEFF";

/** One value as a CSV field. */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows (a header first, if any) as the text of a CSV file, with its byte-order mark. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return BOM + rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** The file as a blob for a download. */
export function csvBlob(rows: readonly (readonly CsvCell[])[]): Blob {
  return new Blob([toCsv(rows)], { type: "text/csv;charset=utf-8" });
}

/** A file name from words (a title), safe in every system: letters, digits and dashes. */
export function fileSlug(text: string, fallback = "list"): string {
  const slug = text
    .normalize("NFC")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return slug || fallback;
}
