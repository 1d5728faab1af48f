// The GraphQL client: typed documents in, data or a `GqlError` with the server's stable code out.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";

import { session, type Scope } from "./session";

/** What the API adds to an error besides its message (`extensions` of a GraphQL error). */
export interface ErrorExtensions {
  code?: string;
  /** The input at fault, for VALIDATION. */
  field?: string;
  /** Seconds to wait, for RATE_LIMITED. */
  retryAfter?: number;
  [more: string]: unknown;
}

export class GqlError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly field?: string,
    readonly extensions: ErrorExtensions = {},
  ) {
    super(message);
  }
}

/** Where a scope's API lives: a city's endpoint, or the platform's. */
export function endpoint(scope: Scope): string {
  return scope === "platform" ? "/graphql" : `/t/${scope}/graphql`;
}

type Vars = Record<string, unknown>;

/** The code of an HTTP status when the body says none. */
export function codeOfStatus(status: number): string {
  return CODE_OF_STATUS[status] ?? (status >= 500 ? "INTERNAL" : "NETWORK");
}

/** The code of an answer that carries no GraphQL body (a proxy's, or a body cut short). */
const CODE_OF_STATUS: Record<number, string> = {
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  429: "RATE_LIMITED",
};

interface Options {
  /** Send no token even when signed in (public pages). */
  anonymous?: boolean;
  /** A resident's token from phone verification. */
  token?: string;
  language?: string;
}

async function send(scope: Scope, body: BodyInit, headers: Record<string, string>, opts: Options): Promise<unknown> {
  const token = opts.token ?? (opts.anonymous ? undefined : await session.accessToken(scope));
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.language) headers["accept-language"] = opts.language;
  let response: Response;
  try {
    response = await fetch(endpoint(scope), { method: "POST", body, headers });
  } catch {
    throw new GqlError("network", "NETWORK");
  }
  let payload: { data?: unknown; errors?: { message: string; extensions?: ErrorExtensions }[] };
  try {
    payload = await response.json();
  } catch {
    throw new GqlError(`HTTP ${response.status}`, codeOfStatus(response.status));
  }
  const first = payload.errors?.[0];
  if (first) {
    const code = first.extensions?.code ?? "INTERNAL";
    if (code === "UNAUTHENTICATED" && !opts.anonymous && !opts.token) session.clear(scope);
    throw new GqlError(first.message, code, first.extensions?.field, first.extensions ?? {});
  }
  return payload.data;
}

export async function gql<R, V extends Vars>(
  scope: Scope,
  doc: TypedDocumentNode<R, V>,
  variables?: V,
  opts: Options = {},
): Promise<R> {
  const body = JSON.stringify({ query: print(doc), variables: variables ?? {} });
  return (await send(scope, body, { "content-type": "application/json" }, opts)) as R;
}

/** A mutation with one file, by the GraphQL multipart request spec; `fileVar` names the variable. */
export async function gqlUpload<R, V extends Vars>(
  scope: Scope,
  doc: TypedDocumentNode<R, V>,
  variables: V,
  fileVar: keyof V & string,
  file: File,
  opts: Options = {},
): Promise<R> {
  const form = new FormData();
  form.append("operations", JSON.stringify({ query: print(doc), variables: { ...variables, [fileVar]: null } }));
  form.append("map", JSON.stringify({ "0": [`variables.${fileVar}`] }));
  form.append("0", file, file.name);
  return (await send(scope, form, {}, opts)) as R;
}
