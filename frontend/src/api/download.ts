// Files the server builds for staff (reports, exports): fetched with the signed-in member's
// token in the `Authorization` header (a plain link could not carry it), read as they arrive so
// the page can show how much has come, then handed to the browser as a download through a
// temporary object URL. A refusal comes back as a `GqlError` with the server's code, as the API's
// errors do, so the screens say it in the user's language.
import { codeOfStatus, GqlError, type ErrorExtensions } from "./client";
import { session, type Scope } from "./session";

export interface Downloaded {
  /** The file's name: the server's (`Content-Disposition`), else the fallback. */
  name: string;
  type: string;
  size: number;
}

export interface DownloadOptions {
  /** Called with the bytes received so far, and the whole size when the server gave it. */
  onProgress?: (received: number, total: number | null) => void;
  /** For tests: the network and what saves the file. */
  fetcher?: typeof fetch;
  save?: (blob: Blob, name: string) => void;
  token?: string | null;
  signal?: AbortSignal;
}

/** The query string of `params`, leaving out what is null, undefined or empty. */
export function queryString(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** The file name of a `Content-Disposition` header (`filename*=UTF-8''…` or `filename="…"`). */
export function fileNameOf(disposition: string | null | undefined): string | null {
  if (!disposition) return null;
  const encoded = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (encoded) {
    try {
      return cleanName(decodeURIComponent(encoded[1].trim().replace(/^"|"$/g, "")));
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(disposition);
  const name = plain ? (plain[2] ?? plain[1]).trim() : "";
  return name ? cleanName(name) : null;
}

/** A name with no folder in it. */
function cleanName(name: string): string | null {
  const base = name.split(/[\\/]/).pop()?.trim() ?? "";
  return base && base !== "." && base !== ".." ? base : null;
}

/**
 * The error of a refused download. The body is JSON: the API's `{errors: [{message,
 * extensions: {code, ...}}]}`, or a plain `{code, message, ...}`; without one, the status decides.
 */
export async function downloadError(response: Response): Promise<GqlError> {
  let body: unknown = null;
  try {
    body = JSON.parse(await response.text());
  } catch {
    body = null;
  }
  const fallback = codeOfStatus(response.status);
  if (body && typeof body === "object") {
    const record = body as { errors?: { message?: string; extensions?: ErrorExtensions }[]; code?: unknown; message?: unknown; field?: unknown };
    const first = Array.isArray(record.errors) ? record.errors[0] : undefined;
    if (first) {
      const ext = first.extensions ?? {};
      return new GqlError(first.message ?? `HTTP ${response.status}`, ext.code ?? fallback, ext.field, ext);
    }
    if (typeof record.code === "string") {
      const ext = record as ErrorExtensions;
      return new GqlError(typeof record.message === "string" ? record.message : `HTTP ${response.status}`, record.code, typeof record.field === "string" ? record.field : undefined, ext);
    }
  }
  return new GqlError(`HTTP ${response.status}`, fallback);
}

/** Reads the body as it comes, reporting the bytes. */
async function readAll(response: Response, onProgress?: DownloadOptions["onProgress"]): Promise<Blob> {
  const type = response.headers.get("content-type") ?? "application/octet-stream";
  const length = Number(response.headers.get("content-length"));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  if (!response.body || !onProgress) return new Blob([await response.arrayBuffer()], { type });
  const reader = response.body.getReader();
  const parts: BlobPart[] = [];
  let received = 0;
  onProgress(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value as Uint8Array<ArrayBuffer>);
    received += value.byteLength;
    onProgress(received, total);
  }
  return new Blob(parts, { type });
}

/** Hands a blob to the browser as a download: a temporary object URL and a link to it. */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.rel = "noopener";
  link.style.display = "none";
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked once the browser has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Downloads `path` (under the server's root, e.g. `/t/astana/reports/weekly.xlsx?day=…`) with
 * the scope's token. Throws a `GqlError` when refused or when the network fails.
 */
export async function download(scope: Scope, path: string, fallbackName: string, opts: DownloadOptions = {}): Promise<Downloaded> {
  const token = opts.token !== undefined ? opts.token : await session.accessToken(scope);
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await (opts.fetcher ?? fetch)(path, { method: "GET", headers, credentials: "same-origin", signal: opts.signal });
  } catch {
    throw new GqlError("network", "NETWORK");
  }
  if (!response.ok) {
    const error = await downloadError(response);
    if (error.code === "UNAUTHENTICATED" && opts.token === undefined) session.clear(scope);
    throw error;
  }
  let blob: Blob;
  try {
    blob = await readAll(response, opts.onProgress);
  } catch {
    // A stream that breaks midway (the server ends it on an error): no file rather than half of one.
    throw new GqlError("the download was cut short", "NETWORK");
  }
  const name = fileNameOf(response.headers.get("content-disposition")) ?? fallbackName;
  (opts.save ?? saveBlob)(blob, name);
  return { name, type: blob.type, size: blob.size };
}
