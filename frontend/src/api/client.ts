// The GraphQL client: typed documents in, data or a `GqlError` with the server's stable code out.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";

import { session, type Scope } from "./session";

export class GqlError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Where a scope's API lives: a city's endpoint, or the platform's. */
export function endpoint(scope: Scope): string {
  return scope === "platform" ? "/graphql" : `/t/${scope}/graphql`;
}

type Vars = Record<string, unknown>;

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
  let payload: { data?: unknown; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
  try {
    payload = await response.json();
  } catch {
    throw new GqlError(`HTTP ${response.status}`, response.status === 403 ? "FORBIDDEN" : "NETWORK");
  }
  const first = payload.errors?.[0];
  if (first) {
    const code = first.extensions?.code ?? "INTERNAL";
    if (code === "UNAUTHENTICATED" && !opts.anonymous && !opts.token) session.clear(scope);
    throw new GqlError(first.message, code, first.extensions?.field);
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
