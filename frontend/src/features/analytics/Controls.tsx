// What the dashboard and the execution table share: the state in the address, the heading with
// the two screens' tabs (which carry the period and the filter along), the period picker and the
// filter pickers.
import { useMemo, useState } from "react";
import { NavLink, useSearchParams } from "react-router";

import { gql } from "../../api/client";
import { DistrictsDocument } from "../../api/documents";
import { CHANNELS } from "../../api/queueSearch";
import { useLoad } from "../../components/hooks";
import { OrgPick } from "../../components/picks";
import type { AppealType, Granularity } from "../../gql/graphql";
import { useI18n } from "../../i18n/i18n";
import { todayIn } from "../../i18n/format";
import { useTenant } from "../../tenant/tenant";
import { CatalogTreeDocument, CategoryServicesDocument, OrganizationNameDocument } from "./documents";
import { defaultGranularity, isDay, PRESETS, presetPeriod, type Preset } from "./period";
import { filtered, GRANULARITIES, readState, STATE_PARAMS, writeState, type AnalyticsState } from "./state";

const APPEAL_TYPES: AppealType[] = ["COMPLAINT", "INCIDENT", "PROBLEM", "SERVICE_REQUEST", "INFORMATION_REQUEST"];

/**
 * The screens' state from the address, and a way to change it (the address is replaced). A
 * screen's own parameters (the hotspots' level, the seasons) stay as they are.
 */
export function useAnalyticsState(): [AnalyticsState, (next: AnalyticsState) => void] {
  const tenant = useTenant();
  const [params, setParams] = useSearchParams();
  const today = todayIn(tenant.timeZone);
  const key = params.toString();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const state = useMemo(() => readState(params, today), [key, today]);
  const set = (next: AnalyticsState) => {
    const written = writeState(next);
    for (const [name, value] of params) if (!STATE_PARAMS.includes(name)) written.append(name, value);
    setParams(written, { replace: true });
  };
  return [state, set];
}

/** A screen's own address parameters, beside the shared state; null removes one. */
export function useScreenParams(): [URLSearchParams, (patch: Record<string, string | null>) => void] {
  const [params, setParams] = useSearchParams();
  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(patch)) {
      if (value === null || value === "") next.delete(name);
      else next.set(name, value);
    }
    setParams(next, { replace: true });
  };
  return [params, set];
}

/** The analytics screens, in the order of their tabs. */
const SECTIONS = [
  { path: "", key: "analytics.dashboard" },
  { path: "/execution", key: "analytics.execution" },
  { path: "/hotspots", key: "analytics.hotspots" },
  { path: "/readiness", key: "analytics.readiness" },
  { path: "/cases", key: "analytics.cases" },
  { path: "/reports", key: "analytics.reports" },
] as const;

/** The heading and the tabs between the analytics screens (which carry the period and the filter along). */
export function AnalyticsHeader({ title }: { title: string }) {
  const tenant = useTenant();
  const { t } = useI18n();
  const [params] = useSearchParams();
  const base = `/t/${tenant.slug}/staff/analytics`;
  // The shared state only: a screen's own parameters stay with it.
  const shared = new URLSearchParams([...params].filter(([name]) => STATE_PARAMS.includes(name)));
  const search = shared.toString() ? `?${shared.toString()}` : "";
  return (
    <header className="analytics-head">
      <h1>{title}</h1>
      <nav className="tabs" aria-label={t("analytics.sections")}>
        {SECTIONS.map((s) => (
          <NavLink key={s.path} end={s.path === ""} to={`${base}${s.path}${search}`}>
            {t(s.key)}
          </NavLink>
        ))}
      </nav>
    </header>
  );
}

/** The period (a preset, or chosen days) and, for the dashboard, the chart's step. */
export function PeriodControls({ state, onChange, withStep }: { state: AnalyticsState; onChange: (s: AnalyticsState) => void; withStep?: boolean }) {
  const tenant = useTenant();
  const { t } = useI18n();
  const today = todayIn(tenant.timeZone);
  const setPreset = (preset: Preset) => {
    const period = preset === "custom" ? state.period : presetPeriod(preset, today);
    onChange({ ...state, preset, period });
  };
  const setDay = (end: "from" | "to", day: string) => {
    if (!isDay(day)) return;
    const period = { ...state.period, [end]: day };
    if (period.from > period.to) {
      if (end === "from") period.to = day;
      else period.from = day;
    }
    onChange({ ...state, preset: "custom", period });
  };
  return (
    <div className="analytics-controls" data-testid="period">
      <label>
        {t("analytics.period")}
        <select value={state.preset} onChange={(e) => setPreset(e.target.value as Preset)} data-testid="preset">
          {PRESETS.map((p) => (
            <option key={p} value={p}>
              {t(`analytics.preset.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("analytics.from")}
        <input type="date" value={state.period.from} max={today} onChange={(e) => setDay("from", e.target.value)} />
      </label>
      <label>
        {t("analytics.to")}
        <input type="date" value={state.period.to} onChange={(e) => setDay("to", e.target.value)} />
      </label>
      {withStep && (
        <label>
          {t("analytics.granularity")}
          <select
            value={state.granularity ?? defaultGranularity(state.period)}
            onChange={(e) => onChange({ ...state, granularity: e.target.value as Granularity })}
            data-testid="granularity"
          >
            {GRANULARITIES.map((g) => (
              <option key={g} value={g}>
                {t(`analytics.by.${g}`)}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}

/** Which appeals the figures count: district, organization, sphere → category → service type, channel, type. */
export function FilterControls({ state, onChange, withOrganization = true }: { state: AnalyticsState; onChange: (s: AnalyticsState) => void; withOrganization?: boolean }) {
  const tenant = useTenant();
  const { t, pick, label, district, lang } = useI18n();
  const f = state.filter;
  // Open on a wide screen; on a phone the figures come first, the filters a tap away.
  const [open, setOpen] = useState(() => typeof window === "undefined" || !window.matchMedia || window.matchMedia("(min-width: 901px)").matches);
  const set = (patch: Partial<AnalyticsState["filter"]>) => onChange({ ...state, filter: { ...f, ...patch } });
  const catalog = useLoad(() => gql(tenant.slug, CatalogTreeDocument), [tenant.slug]);
  const services = useLoad(
    async () => (f.categoryId ? (await gql(tenant.slug, CategoryServicesDocument, { categoryId: f.categoryId })).serviceTypes.nodes : []),
    [tenant.slug, f.categoryId],
  );
  const org = useLoad(
    async () => (f.organizationId ? (await gql(tenant.slug, OrganizationNameDocument, { id: f.organizationId })).organization : null),
    [tenant.slug, f.organizationId],
  );
  const districts = useLoad(async () => (await gql(tenant.slug, DistrictsDocument)).districts, [tenant.slug]);
  const spheres = catalog.data?.spheres ?? [];
  const sphere = spheres.find((s) => s.id === f.sphereId);
  // Categories of the sphere chosen, else of every sphere (grouped by sphere).
  const groups = sphere ? [sphere] : spheres;
  const sorted = <T extends { names: { kk: string; ru: string; en: string } }>(list: readonly T[]) =>
    [...list].sort((a, b) => pick(a.names).localeCompare(pick(b.names), lang));
  const chosen = Object.values(f).filter(Boolean).length;
  return (
    <details className="analytics-filters" open={open} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="filters">
      <summary>
        {t("analytics.filters")}
        {chosen > 0 && <span className="badge">{t("analytics.chosen", { n: chosen })}</span>}
      </summary>
      <div className="analytics-controls">
        <label>
          {t("common.district")}
          <select value={f.district ?? ""} onChange={(e) => set({ district: e.target.value || null })} data-testid="district">
            <option value="">{t("analytics.any")}</option>
            {districts.data?.map((d) => (
              <option key={d.code} value={d.code}>
                {district(d.code)}
              </option>
            ))}
          </select>
        </label>
        {withOrganization && (
          <div className="org-filter">
            <OrgPick
              testId="org-filter"
              label={t("appeal.organization")}
              picked={org.data ? { id: org.data.id, kind: org.data.kind, names: org.data.names } : null}
              onPick={(o) => set({ organizationId: o?.id ?? null })}
            />
          </div>
        )}
        <label>
          {t("analytics.sphere")}
          <select
            value={f.sphereId ?? ""}
            onChange={(e) => set({ sphereId: e.target.value || null, categoryId: null, serviceTypeId: null })}
            data-testid="sphere"
          >
            <option value="">{t("analytics.any")}</option>
            {sorted(spheres).map((s) => (
              <option key={s.id} value={s.id}>
                {pick(s.names)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("catalog.category")}
          <select
            value={f.categoryId ?? ""}
            onChange={(e) => {
              const id = e.target.value || null;
              const owner = spheres.find((s) => s.categories.some((c) => c.id === id));
              set({ categoryId: id, sphereId: id ? (owner?.id ?? f.sphereId) : f.sphereId, serviceTypeId: null });
            }}
            data-testid="category"
          >
            <option value="">{t("analytics.any")}</option>
            {groups.map((s) => (
              <optgroup key={s.id} label={pick(s.names)}>
                {sorted(s.categories).map((c) => (
                  <option key={c.id} value={c.id}>
                    {pick(c.names)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label>
          {t("intake.service")}
          <select
            value={f.serviceTypeId ?? ""}
            onChange={(e) => set({ serviceTypeId: e.target.value || null })}
            disabled={!f.categoryId}
            data-testid="service-type"
          >
            <option value="">{t("analytics.any")}</option>
            {sorted(services.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {pick(s.names)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("appeal.channel")}
          <select value={f.channel ?? ""} onChange={(e) => set({ channel: (e.target.value || null) as AnalyticsState["filter"]["channel"] })} data-testid="channel">
            <option value="">{t("analytics.any")}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {label("channel", c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("analytics.appealType")}
          <select value={f.appealType ?? ""} onChange={(e) => set({ appealType: (e.target.value || null) as AppealType | null })} data-testid="appeal-type">
            <option value="">{t("analytics.any")}</option>
            {APPEAL_TYPES.map((a) => (
              <option key={a} value={a}>
                {label("appealType", a)}
              </option>
            ))}
          </select>
        </label>
        {filtered(f) && (
          <button
            type="button"
            className="secondary clear"
            onClick={() =>
              onChange({
                ...state,
                filter: { district: null, organizationId: null, sphereId: null, categoryId: null, serviceTypeId: null, channel: null, appealType: null },
              })
            }
          >
            {t("analytics.clear")}
          </button>
        )}
      </div>
    </details>
  );
}
