// The season's readiness list (analysts, supervisors, city admins): the buildings with the most
// appeals of a category group (chosen with the analytics' filter) over the last seasons (a preset
// sets the months: heating October to April, roofs March to May, roads April to October, water
// the whole year), with each season's count and the organization that answers for the building.
// Exported as CSV here in the browser; supervisors and city admins send each organization its
// part by mail, after a question that says how many organizations will get it.
import { useMemo, useState } from "react";
import { Link } from "react-router";

import { gql } from "../../api/client";
import { saveBlob } from "../../api/download";
import { hasRole, useStaffSession } from "../../api/session";
import { useConfirm } from "../../components/Confirm";
import { ErrorText, useFormErrors } from "../../components/errors";
import { useAction, useLoad } from "../../components/hooks";
import { Table } from "../../components/Table";
import { todayIn } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";
import { AnalyticsHeader, FilterControls, useAnalyticsState, useScreenParams } from "./Controls";
import { csvBlob, fileSlug, type CsvCell } from "./csv";
import { ReadinessDocument, SendReadinessDocument } from "./documents";
import { isDay } from "./period";
import {
  chooseMonths,
  choosePreset,
  crossesYear,
  MAX_SEASONS,
  MIN_SEASONS,
  readSeasons,
  SEASON_PRESETS,
  seasonsInput,
  writeSeasons,
  type SeasonChoice,
} from "./seasons";
import { apiFilter, queueSearch } from "./state";

/** As many lines as the server sends organizations (its own limit). */
const LIMIT = 500;
const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

export function Readiness() {
  const tenant = useTenant();
  const current = useStaffSession(tenant.slug);
  const { t, number, pick, district, lang } = useI18n();
  const [state, setState] = useAnalyticsState();
  const [params, setParams] = useScreenParams();
  const choice = useMemo(() => readSeasons(params), [params]);
  const setChoice = (next: SeasonChoice) => setParams(Object.fromEntries(["season", "months", "seasons", "asOf"].map((k) => [k, writeSeasons(next).get(k)])));
  const today = todayIn(tenant.timeZone);
  const monthName = (m: number) => t(`month.${m}` as "month.1");
  const defaultTitle = t(`readiness.listTitle.${choice.preset}`);
  const [title, setTitle] = useState<string | null>(null);
  const shownTitle = title ?? defaultTitle;
  const filter = apiFilter(state.filter);
  const key = JSON.stringify([state.filter, choice]);
  const { data, error, loading } = useLoad(
    async () => (await gql(tenant.slug, ReadinessDocument, { filter, seasons: seasonsInput(choice), limit: LIMIT })).readinessList,
    [tenant.slug, key],
  );
  const lines = data ?? [];
  const seasons = lines[0]?.seasons.map((s) => s.season) ?? [];
  const organizations = new Set(lines.map((l) => l.organizationId).filter(Boolean)).size;
  const mayWrite = hasRole(current, "SUPERVISOR", "CITY_ADMIN");
  const [dialog, ask] = useConfirm();
  const [sent, setSent] = useState<number | null>(null);
  const send = useAction(async () => {
    setSent(null);
    const yes = await ask({
      title: t("readiness.sendTitle"),
      message: t("readiness.sendMessage", { n: number(organizations), title: shownTitle.trim() }),
      confirm: t("readiness.send"),
    });
    if (!yes) return;
    const result = await gql(tenant.slug, SendReadinessDocument, { title: shownTitle.trim(), filter, seasons: seasonsInput(choice) });
    setSent(result.sendReadinessList);
  });
  const errors = useFormErrors(send.error, ["title"]);
  const exportCsv = () => {
    const head: CsvCell[] = ["#", t("common.address"), t("common.district"), t("readiness.organization"), ...seasons, t("readiness.total")];
    const rows: CsvCell[][] = lines.map((l, i) => [
      i + 1,
      l.address,
      l.district ? district(l.district) : "",
      pick(l.organizationName),
      ...l.seasons.map((s) => s.appeals),
      l.total,
    ]);
    saveBlob(csvBlob([head, ...rows]), `${tenant.slug}-${fileSlug(shownTitle, "readiness")}-${today}.csv`);
  };
  const queue = (buildingId: string) => ({ pathname: `/t/${tenant.slug}/staff/queue`, search: queueSearch(state, { statuses: "ALL", buildingId }) });
  const setSeasonCount = (n: number) => setChoice({ ...choice, seasons: n });
  return (
    <section className="analytics">
      <AnalyticsHeader title={t("analytics.title")} />
      <h2>{t("readiness.title")}</h2>
      <p className="muted small">{t("readiness.hint")}</p>
      <div className="analytics-controls" data-testid="season-controls">
        <label>
          {t("readiness.season")}
          <select value={choice.preset} onChange={(e) => setChoice(choosePreset(choice, e.target.value as SeasonChoice["preset"]))} data-testid="season-preset">
            {SEASON_PRESETS.map((p) => (
              <option key={p} value={p}>
                {t(`readiness.preset.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("readiness.fromMonth")}
          <select value={choice.startMonth} onChange={(e) => setChoice(chooseMonths(choice, { startMonth: Number(e.target.value) }))} data-testid="start-month">
            {MONTHS.map((m) => (
              <option key={m} value={m}>
                {monthName(m)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("readiness.toMonth")}
          <select value={choice.endMonth} onChange={(e) => setChoice(chooseMonths(choice, { endMonth: Number(e.target.value) }))} data-testid="end-month">
            {MONTHS.map((m) => (
              <option key={m} value={m}>
                {monthName(m)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("readiness.seasons")}
          <select value={choice.seasons} onChange={(e) => setSeasonCount(Number(e.target.value))} data-testid="season-count">
            {Array.from({ length: MAX_SEASONS - MIN_SEASONS + 1 }, (_, i) => i + MIN_SEASONS).map((n) => (
              <option key={n} value={n}>
                {number(n)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("readiness.endedBy")}
          <input
            type="date"
            value={choice.asOf ?? today}
            onChange={(e) => isDay(e.target.value) && setChoice({ ...choice, asOf: e.target.value === today ? null : e.target.value })}
            data-testid="as-of"
          />
        </label>
      </div>
      <p className="small" data-testid="season-text">
        {t(crossesYear(choice) ? "readiness.monthsOver" : "readiness.months", {
          from: monthName(choice.startMonth),
          to: monthName(choice.endMonth),
          n: number(choice.seasons),
        })}
      </p>
      <FilterControls state={state} onChange={setState} />
      <div className="card readiness-actions">
        <label>
          {t("readiness.listName")}
          <input value={shownTitle} onChange={(e) => setTitle(e.target.value)} maxLength={200} lang={lang} data-testid="list-title" {...errors.field("title")} />
          {errors.message("title")}
        </label>
        <div className="buttons">
          <button type="button" className="secondary" onClick={exportCsv} disabled={lines.length === 0} data-testid="export-csv">
            {t("readiness.exportCsv")}
          </button>
          {mayWrite && (
            <button type="button" onClick={() => send.run()} disabled={send.pending || organizations === 0} data-testid="send">
              {t("readiness.sendButton")}
            </button>
          )}
        </div>
        {mayWrite && <p className="muted small">{t("readiness.sendHint", { n: number(organizations) })}</p>}
        <ErrorText error={errors.rest} />
        <p className="ok" role="status" data-testid="sent">
          {sent !== null ? t("readiness.sent", { n: number(sent) }) : ""}
        </p>
      </div>
      {dialog}
      <ErrorText error={error} />
      {data && (
        <p className="small" data-testid="readiness-count">
          {t("readiness.count", { buildings: number(lines.length), organizations: number(organizations) })}
        </p>
      )}
      <Table
        label={t("readiness.title")}
        testId="readiness"
        loading={loading && !data}
        empty={t("readiness.none")}
        head={["#", t("common.address"), t("common.district"), t("readiness.organization"), ...seasons.map((s) => t("readiness.seasonCol", { season: s })), t("readiness.total")]}
      >
        {lines.map((l, i) => (
          <tr key={l.buildingId} data-building={l.buildingId}>
            <td>{number(i + 1)}</td>
            <th scope="row">
              <Link to={queue(l.buildingId)} title={t("hotspots.openAppeals")}>
                {l.address}
              </Link>
            </th>
            <td>{l.district ? district(l.district) : "—"}</td>
            <td className="org-cell">{l.organizationName ? pick(l.organizationName) : t("readiness.noOrganization")}</td>
            {l.seasons.map((s) => (
              <td key={s.season} className="num">
                {number(s.appeals)}
              </td>
            ))}
            <td className="num strong" data-testid="readiness-total">
              {number(l.total)}
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
