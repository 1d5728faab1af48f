// Staff sessions, one per scope (a city's slug, or "platform"). The short-lived access token and
// the user are kept in localStorage; the rotating refresh token is an HttpOnly cookie scoped to
// the scope's endpoint, out of every script's reach, and the access token is refreshed with it
// shortly before it expires.
import { print } from "graphql";
import { useMemo, useSyncExternalStore } from "react";

import { RefreshDocument } from "./documents";

export type Scope = string;

export interface Session {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  user: { id: string; login: string; displayName: string; roles: string[]; organizationId?: string | null };
}

const key = (scope: Scope) => `qala.session.${scope}`;
const listeners = new Set<() => void>();
const refreshing = new Map<Scope, Promise<string | undefined>>();

function read(scope: Scope): Session | undefined {
  try {
    const raw = localStorage.getItem(key(scope));
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

async function refresh(scope: Scope, current: Session): Promise<string | undefined> {
  const url = scope === "platform" ? "/graphql" : `/t/${scope}/graphql`;
  try {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: print(RefreshDocument), variables: {} }),
    });
    const payload = await response.json();
    const fresh = payload?.data?.refreshSession;
    if (!fresh) {
      session.clear(scope);
      return undefined;
    }
    session.save(scope, fresh);
    return fresh.accessToken as string;
  } catch {
    return current.accessToken;
  }
}

export const session = {
  get: read,
  save(scope: Scope, auth: { accessToken: string; expiresIn: number; user: Session["user"] }) {
    const value: Session = {
      accessToken: auth.accessToken,
      expiresAt: Date.now() + auth.expiresIn * 1000,
      user: auth.user,
    };
    localStorage.setItem(key(scope), JSON.stringify(value));
    listeners.forEach((l) => l());
  },
  clear(scope: Scope) {
    localStorage.removeItem(key(scope));
    listeners.forEach((l) => l());
  },
  /** A valid access token, refreshed when it has under a minute left. */
  async accessToken(scope: Scope): Promise<string | undefined> {
    const current = read(scope);
    if (!current) return undefined;
    if (current.expiresAt - Date.now() > 60_000) return current.accessToken;
    let pending = refreshing.get(scope);
    if (!pending) {
      pending = refresh(scope, current).finally(() => refreshing.delete(scope));
      refreshing.set(scope, pending);
    }
    return pending;
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** The signed-in staff member of a scope, re-rendering when they sign in or out. */
export function useStaffSession(scope: string): Session | undefined {
  const raw = useSyncExternalStore(session.subscribe, () => localStorage.getItem(key(scope)));
  return useMemo(() => (raw ? (JSON.parse(raw) as Session) : undefined), [raw]);
}

export type RoleName = "PLATFORM_ADMIN" | "CITY_ADMIN" | "SUPERVISOR" | "OPERATOR" | "ANALYST" | "EXECUTOR";

/** Whether the member holds one of `roles`; a platform admin holds them all. */
export function hasRole(s: Session | undefined, ...roles: RoleName[]): boolean {
  return !!s && (s.user.roles.includes("PLATFORM_ADMIN") || roles.some((r) => s.user.roles.includes(r)));
}

/** A resident's token from phone verification, per city, for this browser tab's life. */
export const residentSession = {
  get(slug: string): { token: string; phone: string } | undefined {
    const raw = sessionStorage.getItem(`qala.resident.${slug}`);
    return raw ? JSON.parse(raw) : undefined;
  },
  save(slug: string, token: string, phone: string) {
    sessionStorage.setItem(`qala.resident.${slug}`, JSON.stringify({ token, phone }));
  },
  clear(slug: string) {
    sessionStorage.removeItem(`qala.resident.${slug}`);
  },
};
