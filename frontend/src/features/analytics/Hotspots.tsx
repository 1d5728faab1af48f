// Where problems concentrate (analysts, supervisors, city admins): a heat map of the period's
// appeals (map cells as colored squares, or buildings as circles, each growing with its count,
// a legend for the colors), the ranked buildings, streets or cells beside it, and the chronic
// addresses: one category's appeals at one building quarter after quarter, with the history.
// A building opens the queue with exactly its appeals; a street, with the appeals found by its
// name (the queue has no filter by street).
import { useMemo } from "react";
import { Link } from "react-router";

import { gql } from "../../api/client";
import { ErrorText } from "../../components/errors";
import { useLoad } from "../../components/hooks";
import { MapView, type MapFeatures } from "../../components/MapView";
import { Table } from "../../components/Table";
import type { HotspotLevel, HotspotsQuery } from "../../gql/graphql";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";
import { AnalyticsHeader, FilterControls, PeriodControls, useAnalyticsState, useScreenParams } from "./Controls";
import { ChronicDocument, HotspotsDocument } from "./documents";
import { heatFeatures, type HeatStep } from "./heat";
import { apiFilter, queueSearch, type AnalyticsState } from "./state";

const LEVELS: HotspotLevel[] = ["BUILDING", "STREET", "CELL"];
const MAP_LEVELS: HotspotLevel[] = ["CELL", "BUILDING"];
const CELL_SIZES = [250, 500, 1000, 2000];
const QUARTER_CHOICES = [2, 3, 4, 5, 6, 8, 12];
const TABLE_LIMIT = 50;
const MAP_LIMIT = 500;
const REFRESH_MS = 120_000;

type Spot = HotspotsQuery["hotspots"][number];

const oneOf = <T extends string>(value: string | null, list: readonly T[], fallback: T): T =>
  value && (list as readonly string[]).includes(value) ? (value as T) : fallback;

const whole = (value: string | null, list: readonly number[], fallback: number): number => {
  const n = Number(value);
  return list.includes(n) ? n : fallback;
};

export function Hotspots() {
  const tenant = useTenant();
  const { t, number } = useI18n();
  const [state, setState] = useAnalyticsState();
  const [params, setParams] = useScreenParams();
  const level = oneOf(params.get("level"), LEVELS, "BUILDING");
  const mapLevel = oneOf(params.get("map"), MAP_LEVELS, "CELL");
  const cell = whole(params.get("cell"), CELL_SIZES, 500);
  const key = JSON.stringify([state.period, state.filter]);
  const filter = apiFilter(state.filter);
  // Each answer says what it was asked for: rows of another level or view are not shown as this one's.
  const tableAsked = JSON.stringify([key, level, cell]);
  const table = useLoad(
    async () => ({
      asked: tableAsked,
      rows: (await gql(tenant.slug, HotspotsDocument, { period: state.period, filter, level, cellMeters: cell, limit: TABLE_LIMIT })).hotspots,
    }),
    [tenant.slug, tableAsked],
    REFRESH_MS,
  );
  const mapAsked = JSON.stringify([key, mapLevel, cell]);
  const map = useLoad(
    async () => ({
      asked: mapAsked,
      rows: (await gql(tenant.slug, HotspotsDocument, { period: state.period, filter, level: mapLevel, cellMeters: cell, limit: MAP_LIMIT })).hotspots,
    }),
    [tenant.slug, mapAsked],
    REFRESH_MS,
  );
  const tableRows = table.data?.asked === tableAsked ? table.data.rows : undefined;
  const mapRows = map.data?.asked === mapAsked ? map.data.rows : undefined;
  const heat = useMemo(() => heatFeatures(mapRows ?? [], mapLevel === "CELL", cell), [mapRows, mapLevel, cell]);
  const layers = useMemo<MapFeatures[]>(
    () => [
      {
        data: heat.data,
        style: (f) => ({
          color: mapLevel === "CELL" ? "#5c0a1a" : "#3d0010",
          weight: 1,
          fillColor: f.properties?.color,
          fillOpacity: 0.75,
          radius: f.properties?.radius,
        }),
        popup: (f) =>
          `${f.properties?.label ?? t("hotspots.cell")} — ${t("hotspots.appealsAt", { n: number(f.properties?.appeals ?? 0) })}`,
      },
    ],
    [heat.data, mapLevel, t, number],
  );
  const levelText = (l: HotspotLevel) => t(`hotspots.level.${l}`);
  return (
    <section className="analytics">
      <AnalyticsHeader title={t("analytics.title")} />
      <PeriodControls state={state} onChange={setState} />
      <FilterControls state={state} onChange={setState} />
      <h2>{t("hotspots.title")}</h2>
      <p className="muted small">{t("hotspots.hint")}</p>
      <div className="hotspots">
        <div className="hotspots-map">
          <div className="row">
            <Segmented
              label={t("hotspots.mapShows")}
              testId="map-level"
              options={MAP_LEVELS.map((l) => ({ value: l, text: levelText(l) }))}
              value={mapLevel}
              onChange={(v) => setParams({ map: v === "CELL" ? null : v })}
            />
            {(mapLevel === "CELL" || level === "CELL") && (
            <label className="inline">
              {t("hotspots.cellSize")}
              <select value={cell} onChange={(e) => setParams({ cell: e.target.value === "500" ? null : e.target.value })} data-testid="cell-size">
                {CELL_SIZES.map((m) => (
                  <option key={m} value={m}>
                    {t("hotspots.meters", { n: number(m) })}
                  </option>
                ))}
              </select>
            </label>
            )}
          </div>
          <ErrorText error={map.error} />
          <MapView label={t("hotspots.mapLabel")} height={420} layers={layers} fit fitMaxZoom={14} />
          <Legend steps={heat.steps} empty={!!mapRows && heat.data.features.length === 0} cells={mapLevel === "CELL"} cellMeters={cell} />
        </div>
        <div className="hotspots-table">
          <Segmented
            label={t("hotspots.rankBy")}
            testId="table-level"
            options={LEVELS.map((l) => ({ value: l, text: levelText(l) }))}
            value={level}
            onChange={(v) => setParams({ level: v === "BUILDING" ? null : v })}
          />
          <ErrorText error={table.error} />
          <RankedTable rows={tableRows} loading={!tableRows && !table.error} level={level} state={state} />
        </div>
      </div>
      <Chronic state={state} />
    </section>
  );
}

/** Buttons of which one is pressed: a small switch between a few views. */
function Segmented<T extends string>({
  label,
  options,
  value,
  onChange,
  testId,
}: {
  label: string;
  options: { value: T; text: string }[];
  value: T;
  onChange: (v: T) => void;
  testId?: string;
}) {
  return (
    <div className="segmented" role="group" aria-label={label} data-testid={testId}>
      <span className="segmented-label" aria-hidden="true">
        {label}
      </span>
      {options.map((o) => (
        <button key={o.value} type="button" className="secondary small" aria-pressed={o.value === value} onClick={() => onChange(o.value)}>
          {o.text}
        </button>
      ))}
    </div>
  );
}

function Legend({ steps, empty, cells, cellMeters }: { steps: HeatStep[]; empty: boolean; cells: boolean; cellMeters: number }) {
  const { t, number } = useI18n();
  if (empty) return <p className="muted" data-testid="map-empty">{t("hotspots.noneOnMap")}</p>;
  return (
    <div className="legend" data-testid="legend">
      <span className="legend-title" id="heat-legend">
        {cells ? t("hotspots.legendCells", { n: number(cellMeters) }) : t("hotspots.legendBuildings")}
      </span>
      <ul aria-labelledby="heat-legend">
        {steps.map((s) => (
          <li key={s.color}>
            <span className={`swatch${cells ? "" : " round"}`} style={{ background: s.color }} aria-hidden="true" />
            {s.from === s.to ? number(s.from) : t("hotspots.range", { from: number(s.from), to: number(s.to) })}
          </li>
        ))}
      </ul>
    </div>
  );
}

function RankedTable({ rows, loading, level, state }: { rows: Spot[] | undefined; loading: boolean; level: HotspotLevel; state: AnalyticsState }) {
  const tenant = useTenant();
  const { t, number } = useI18n();
  const queue = (s: Spot) => ({
    pathname: `/t/${tenant.slug}/staff/queue`,
    search: queueSearch(state, s.buildingId ? { statuses: "ALL", buildingId: s.buildingId } : { statuses: "ALL", text: s.label }),
  });
  const place = (s: Spot) => {
    if (level === "CELL" || !s.label) return t("hotspots.cellAt", { lat: s.lat.toFixed(4), lon: s.lon.toFixed(4) });
    return s.label;
  };
  return (
    <Table
      label={t("hotspots.ranked")}
      testId="hotspots"
      loading={loading}
      empty={t("hotspots.none")}
      head={["#", t(`hotspots.place.${level}`), t("hotspots.appeals"), ...(level === "BUILDING" ? [] : [t("hotspots.buildings")])]}
    >
      {(rows ?? []).map((s, i) => (
        <tr key={s.key} data-key={s.key}>
          <td>{number(i + 1)}</td>
          <th scope="row">
            {level !== "CELL" && s.label ? (
              <Link to={queue(s)} title={t("hotspots.openAppeals")}>
                {place(s)}
              </Link>
            ) : (
              place(s)
            )}
          </th>
          <td className="num" data-testid="hotspot-appeals">
            {number(s.appeals)}
          </td>
          {level !== "BUILDING" && <td className="num">{number(s.buildings)}</td>}
        </tr>
      ))}
    </Table>
  );
}

/** Chronic addresses: the category's appeals at the building in at least `min` of the last `quarters` quarters. */
function Chronic({ state }: { state: AnalyticsState }) {
  const tenant = useTenant();
  const { t, number, pick, quarter } = useI18n();
  const [params, setParams] = useScreenParams();
  const quarters = whole(params.get("quarters"), QUARTER_CHOICES, 4);
  const min = Math.min(quarters, Math.max(1, Number(params.get("min")) || 3));
  const { data, error, loading } = useLoad(
    async () =>
      (
        await gql(tenant.slug, ChronicDocument, {
          filter: apiFilter(state.filter),
          asOf: state.period.to,
          quarters,
          minQuarters: min,
          limit: 100,
        })
      ).chronicAddresses,
    [tenant.slug, JSON.stringify(state.filter), state.period.to, quarters, min],
  );
  // The quarters' names, from the first address's history (every address has the same quarters).
  const spans = data?.[0]?.quarters ?? [];
  const quarterName = (from: string) => {
    const [y, m] = from.split("-").map(Number);
    return quarter(`${y}Q${Math.floor((m - 1) / 3) + 1}`);
  };
  const most = Math.max(1, ...(data ?? []).flatMap((c) => c.quarters.map((q) => q.appeals)));
  const queue = (buildingId: string, categoryId: string) => ({
    pathname: `/t/${tenant.slug}/staff/queue`,
    search: queueSearch({ ...state, period: { from: spans[0]?.from ?? state.period.from, to: spans[spans.length - 1]?.to ?? state.period.to } }, { statuses: "ALL", buildingId, categoryId }),
  });
  return (
    <>
      <h2 id="chronic-title">{t("chronic.title")}</h2>
      <p className="muted small">{t("chronic.hint", { min: number(min), quarters: number(quarters) })}</p>
      <div className="analytics-controls" data-testid="chronic-controls">
        <label>
          {t("chronic.quarters")}
          <select value={quarters} onChange={(e) => setParams({ quarters: e.target.value === "4" ? null : e.target.value })} data-testid="quarters">
            {QUARTER_CHOICES.map((q) => (
              <option key={q} value={q}>
                {number(q)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("chronic.minQuarters")}
          <select value={min} onChange={(e) => setParams({ min: e.target.value === "3" ? null : e.target.value })} data-testid="min-quarters">
            {Array.from({ length: quarters }, (_, i) => i + 1).map((q) => (
              <option key={q} value={q}>
                {number(q)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorText error={error} />
      <Table
        label={t("chronic.title")}
        testId="chronic"
        loading={loading && !data}
        empty={t("chronic.none")}
        head={[t("common.address"), t("catalog.category"), ...spans.map((s) => quarterName(s.from)), t("chronic.hit"), t("chronic.total")]}
      >
        {(data ?? []).map((c) => (
          <tr key={`${c.buildingId}-${c.categoryId}`} data-building={c.buildingId}>
            <th scope="row">
              <Link to={queue(c.buildingId, c.categoryId)} title={t("hotspots.openAppeals")}>
                {c.address}
              </Link>
            </th>
            <td>{pick(c.category)}</td>
            {c.quarters.map((q) => (
              <td key={q.from} className="quarter-cell" data-testid="quarter-count">
                <span className="num">{number(q.appeals)}</span>
                <span className="bar-track small" aria-hidden="true">
                  <span className="bar-fill" style={{ width: `${(q.appeals / most) * 100}%` }} />
                </span>
              </td>
            ))}
            <td className="num">{t("chronic.hitOf", { n: number(c.quartersHit), of: number(c.quarters.length) })}</td>
            <td className="num strong" data-testid="chronic-total">
              {number(c.total)}
            </td>
          </tr>
        ))}
      </Table>
    </>
  );
}
