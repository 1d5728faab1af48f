// The city a page belongs to: its public face from `currentTenant`, with its brand applied.
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";

import { gql } from "../api/client";
import { CurrentTenantDocument, DistrictsDocument } from "../api/documents";
import { tenantSuspended } from "../api/errors";
import { applyBrand } from "../components/contrast";
import type { CurrentTenantQuery } from "../gql/graphql";
import { districtTable, type DistrictNames } from "../i18n/codes";
import { I18nProvider, LanguageSwitch, useI18n } from "../i18n/i18n";
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
  // The city's districts, loaded once with the city; names fall back on a table until they come
  // (or when the city has none).
  const [districts, setDistricts] = useState<DistrictNames | undefined>(undefined);
  useEffect(() => {
    let live = true;
    setTenant(null);
    setFailed(null);
    setDistricts(undefined);
    gql(slug, CurrentTenantDocument, {}, { anonymous: true })
      .then((data) => live && setTenant(data.currentTenant))
      .catch((e) => live && setFailed(tenantSuspended(e) ? "SUSPENDED" : (e.code ?? "NETWORK")));
    gql(slug, DistrictsDocument, {}, { anonymous: true })
      .then((data) => live && setDistricts(districtTable(data.districts)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [slug]);
  useEffect(() => {
    if (!tenant) return;
    // The bar in the city's color, its text (and everything else in the brand) readable on it.
    applyBrand(tenant.branding.color);
    document.title = tenant.brand;
  }, [tenant]);
  if (failed) {
    return (
      <I18nProvider timeZone="Asia/Almaty" fallback="kk">
        <Unavailable code={failed} />
      </I18nProvider>
    );
  }
  if (!tenant) return <main className="centered">…</main>;
  return (
    <Context.Provider value={tenant}>
      <I18nProvider timeZone={tenant.timeZone} fallback={tenant.defaultLanguage.toLowerCase() as Lang} districts={districts}>
        {children}
      </I18nProvider>
    </Context.Provider>
  );
}

/**
 * Why a city's pages cannot open, in words: no such city (NOT_FOUND), a suspended one
 * (SUSPENDED), or a server that does not answer.
 */
function Unavailable({ code }: { code: string }) {
  const { t } = useI18n();
  const [title, text] =
    code === "NOT_FOUND"
      ? [t("city.notFound"), t("city.notFoundText")]
      : code === "SUSPENDED"
        ? [t("city.suspended"), t("city.suspendedText")]
        : code === "NETWORK"
          ? [t("city.unreachable"), t("error.NETWORK")]
          : [t("city.unavailable"), t("error.INTERNAL")];
  return (
    <main className="centered">
      <div className="card narrow" role="alert" data-testid="city-unavailable" data-code={code}>
        <h1>{title}</h1>
        <p>{text}</p>
        <p className="row">
          <a href="/">{t("city.allCities")}</a>
          <LanguageSwitch />
        </p>
      </div>
    </main>
  );
}
