// A Kazakhstan phone number as people type it and as the API takes it: shown as
// `+7 (7xx) xxx-xx-xx` while it is typed, sent as `+7XXXXXXXXXX`.

/** The ten national digits of what was typed or pasted (at most ten; fewer while typing). */
export function nationalDigits(raw: string): string {
  const text = raw.trim();
  let digits = text.replace(/\D/g, "");
  if (text.startsWith("+7")) {
    digits = digits.slice(1);
  } else if (digits.length === 11 && (digits.startsWith("8") || digits.startsWith("7"))) {
    digits = digits.slice(1);
  } else if (digits.startsWith("8")) {
    // The trunk prefix typed first, as in 8 (701) …: national numbers here begin with 7.
    digits = digits.slice(1);
  }
  return digits.slice(0, 10);
}

/** The digits as the mask shows them: `+7 (701) 234-56-78`, cut where the typing stops. */
export function formatPhone(national: string): string {
  const d = national.replace(/\D/g, "").slice(0, 10);
  if (!d) return "";
  let text = `+7 (${d.slice(0, 3)}`;
  if (d.length > 3) text += `) ${d.slice(3, 6)}`;
  if (d.length > 6) text += `-${d.slice(6, 8)}`;
  if (d.length > 8) text += `-${d.slice(8, 10)}`;
  return text;
}

/** What the API takes (`+77012345678`), or null while the number is not complete. */
export function normalizedPhone(national: string): string | null {
  const d = national.replace(/\D/g, "");
  return d.length === 10 ? `+7${d}` : null;
}

/** A stored number (`+77012345678`) as people read it; anything else as it is. */
export function displayPhone(phone: string): string {
  const match = /^\+7(\d{10})$/.exec(phone.replace(/[\s()-]/g, ""));
  return match ? formatPhone(match[1]) : phone;
}
