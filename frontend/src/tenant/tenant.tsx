// The city a page belongs to: its public face from `currentTenant`, with its brand applied.
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";

import { gql } from "../api/client";
import { CurrentTenantDocument } from "../api/documents";
import type { CurrentTenantQuery } from "../gql/graphql";
import { I18nProvider } from "../i18n/i18n";
import type { Lang } from "../i18n/format";

export type Tenant = CurrentTenantQuery["currentTenant"];

const Context = createContext<Tenant | null>(null);

export function useTenant(): Tenant {
  const tenant = useContext(Context);
  if (!tenant) throw new Error("useTenant outside TenantProvider");
  return tenant;
}

export function TenantProvider({ slug, children }: { slug: string; children: ReactNode }) {
  const [tenant, setTenant] = useState<Tenant | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setTenant(null);
    gql(slug, CurrentTenantDocument, {}, { anonymous: true })
      .then((data) => live && setTenant(data.currentTenant))
      .catch((e) => live && setFailed(e.code ?? "NETWORK"));
    return () => {
      live = false;
    };
  }, [slug]);
  useEffect(() => {
    if (!tenant) return;
    document.documentElement.style.setProperty("--brand", tenant.branding.color);
    document.title = tenant.brand;
  }, [tenant]);
  if (failed) {
    return (
      <main className="centered">
        <h1>109</h1>
        <p role="alert">{failed === "NOT_FOUND" ? "404" : failed === "FORBIDDEN" ? "403" : failed}</p>
      </main>
    );
  }
  if (!tenant) return <main className="centered">…</main>;
  return (
    <Context.Provider value={tenant}>
      <I18nProvider timeZone={tenant.timeZone} fallback={tenant.defaultLanguage.toLowerCase() as Lang}>
        {children}
      </I18nProvider>
    </Context.Provider>
  );
}
