import { describe, expect, it } from "vitest";

import { GqlError } from "./client";
import { download, downloadError, fileNameOf, queryString } from "./download";

function answer(body: BodyInit | null, init: ResponseInit & { headers?: Record<string, string> } = {}): typeof fetch {
  return (async () => new Response(body, init)) as typeof fetch;
}

describe("downloads", () => {
  it("send the token, report the bytes, and save the file under the server's name", async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const fetcher = (async (url: string, init: RequestInit) => {
      seen.push({ url, auth: new Headers(init.headers).get("authorization") });
      return new Response(new Uint8Array([1, 2, 3, 4, 5]), {
        headers: {
          "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          "content-disposition": 'attachment; filename="astana-weekly-2026-11-30.xlsx"',
          "content-length": "5",
        },
      });
    }) as typeof fetch;
    const progress: [number, number | null][] = [];
    const saved: { name: string; size: number }[] = [];
    const result = await download("astana", "/t/astana/reports/weekly.xlsx?day=2026-11-30", "weekly.xlsx", {
      token: "tkn",
      fetcher,
      onProgress: (r, t) => progress.push([r, t]),
      save: (blob, name) => saved.push({ name, size: blob.size }),
    });
    expect(seen).toEqual([{ url: "/t/astana/reports/weekly.xlsx?day=2026-11-30", auth: "Bearer tkn" }]);
    expect(result).toEqual({ name: "astana-weekly-2026-11-30.xlsx", size: 5, type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
    expect(saved).toEqual([{ name: "astana-weekly-2026-11-30.xlsx", size: 5 }]);
    expect(progress[0]).toEqual([0, 5]);
    expect(progress[progress.length - 1]).toEqual([5, 5]);
  });

  it("fall back on the given name, and send no header without a token", async () => {
    let auth: string | null = "unset";
    const fetcher = (async (_url: string, init: RequestInit) => {
      auth = new Headers(init.headers).get("authorization");
      return new Response("a,b\n", { headers: { "content-type": "text/csv; charset=utf-8" } });
    }) as typeof fetch;
    const names: string[] = [];
    const result = await download("astana", "/x.csv", "appeals.csv", { token: null, fetcher, save: (_b, n) => names.push(n) });
    expect(auth).toBeNull();
    expect(names).toEqual(["appeals.csv"]);
    expect(result.type).toBe("text/csv; charset=utf-8");
  });

  it("turn a refusal into the API's error, whichever shape its JSON has", async () => {
    const refused = (body: unknown, status: number) =>
      download("astana", "/x", "x", { token: "t", fetcher: answer(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }), save: () => undefined });
    const graphqlShape = await refused({ errors: [{ message: "your role may not", extensions: { code: "FORBIDDEN" } }] }, 403).catch((e) => e);
    expect(graphqlShape).toBeInstanceOf(GqlError);
    expect(graphqlShape.code).toBe("FORBIDDEN");
    expect(graphqlShape.message).toBe("your role may not");
    const plain = await refused({ code: "VALIDATION", message: "bad day", field: "query" }, 400).catch((e) => e);
    expect([plain.code, plain.field, plain.message]).toEqual(["VALIDATION", "query", "bad day"]);
    // No JSON: the status says what happened.
    const bare = await downloadError(new Response("<html>", { status: 404 }));
    expect(bare.code).toBe("NOT_FOUND");
    expect((await downloadError(new Response("", { status: 502 }))).code).toBe("INTERNAL");
  });

  it("say NETWORK when the server cannot be reached, and save nothing", async () => {
    const fetcher = (async () => {
      throw new TypeError("failed to fetch");
    }) as typeof fetch;
    let saved = false;
    const error = await download("astana", "/x", "x", { token: "t", fetcher, save: () => (saved = true) }).catch((e) => e);
    expect(error.code).toBe("NETWORK");
    expect(saved).toBe(false);
  });

  it("read a file's name from Content-Disposition, never a folder", () => {
    expect(fileNameOf('attachment; filename="a-b.xlsx"')).toBe("a-b.xlsx");
    expect(fileNameOf("attachment; filename=plain.csv")).toBe("plain.csv");
    expect(fileNameOf("attachment; filename*=UTF-8''%D0%BE%D1%82%D1%87%D1%91%D1%82.csv")).toBe("отчёт.csv");
    expect(fileNameOf('attachment; filename="../../etc/passwd"')).toBe("passwd");
    expect(fileNameOf("attachment")).toBeNull();
    expect(fileNameOf(null)).toBeNull();
  });

  it("build a query string of what is set", () => {
    expect(queryString({ from: "2026-11-01", to: "2026-11-30", district: null, personal: false, org: "", n: 3 })).toBe(
      "?from=2026-11-01&to=2026-11-30&personal=false&n=3",
    );
    expect(queryString({ a: null })).toBe("");
  });
});
