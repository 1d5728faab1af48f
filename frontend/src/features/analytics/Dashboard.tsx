// The center's figures for a period (analysts, supervisors, city admins): appeals received and
// their change against the period before and the year before, first-call answers, incidents,
// digital channels, deadlines kept and missed, time to resolve, reopened, ratings and what is
// overdue now; the volume step by step, the top categories and spheres, the channels. Each figure
// opens the queue with exactly the appeals it counts (the period and the filter carried along).
import type { ReactNode } from "react";
import { Link } from "react-router";

import { gql } from "../../api/client";
import { DIGITAL_CHANNELS } from "../../api/queueSearch";
import { ErrorText } from "../../components/errors";
import { useLoad } from "../../components/hooks";
import type { AppealStatus, DashboardQuery } from "../../gql/graphql";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";
import { AnalyticsHeader, FilterControls, PeriodControls, useAnalyticsState } from "./Controls";
import { DashboardDocument } from "./documents";
import { useChangeText, useHours, useSigned } from "./figures";
import { baselineOf, defaultGranularity } from "./period";
import { apiFilter, queueSearch, type AnalyticsState, type Drill } from "./state";
import { VolumeChart } from "./VolumeChart";

const REFRESH_MS = 60_000;
const DONE: AppealStatus[] = ["RESOLVED", "CLOSED"];

type Data = DashboardQuery["dashboard"];

export function Dashboard() {
  const tenant = useTenant();
  const { t } = useI18n();
  const [state, setState] = useAnalyticsState();
  const step = state.granularity ?? defaultGranularity(state.period);
  const key = JSON.stringify([state.period, state.filter, step]);
  const { data, error } = useLoad(
    async () =>
      (await gql(tenant.slug, DashboardDocument, { period: state.period, filter: apiFilter(state.filter), granularity: step })).dashboard,
    [tenant.slug, key],
    REFRESH_MS,
  );
  // Figures of another period or filter are not shown while the new ones come.
  const current = data && data.from === state.period.from && data.to === state.period.to ? data : undefined;
  return (
    <section className="analytics">
      <AnalyticsHeader title={t("analytics.title")} />
      <PeriodControls state={state} onChange={setState} withStep />
      <FilterControls state={state} onChange={setState} />
      <ErrorText error={error} />
      {current?.stale && (
        <p className="note" role="status" data-testid="stale">
          {t("analytics.stale")}
        </p>
      )}
      {current ? <Figures data={current} state={state} step={step} /> : !error && <p className="muted">{t("common.loading")}</p>}
    </section>
  );
}

function Figures({ data, state, step }: { data: Data; state: AnalyticsState; step: NonNullable<AnalyticsState["granularity"]> }) {
  const tenant = useTenant();
  const { t, number, percent, date, pick, label } = useI18n();
  const change = useChangeText();
  const signed = useSigned();
  const hours = useHours();
  const now = data.current;
  const baseline = baselineOf(state.period);
  const queue = (drill: Drill) => ({ pathname: `/t/${tenant.slug}/staff/queue`, search: queueSearch(state, drill) });
  const digital = data.channels.filter((c) => c.digital).reduce((sum, c) => sum + c.received, 0);
  const topShare = (list: Data["topCategories"]) => Math.max(0, ...list.map((r) => r.share ?? 0));
  const yoy = (r: { yearChange?: number | null }) =>
    r.yearChange === null || r.yearChange === undefined ? t("analytics.yoyNone") : t("analytics.yoy", { change: signed(r.yearChange) });
  return (
    <>
      <h2 className="period-title" data-testid="period-text">
        {t("analytics.periodText", { from: date(data.from), to: date(data.to) })}
      </h2>
      {now.received === 0 && <p className="muted">{t("analytics.none")}</p>}
      <ul className="figures" data-testid="figures">
        <Figure to={queue({ statuses: "ALL" })} testId="received" label={t("analytics.received")} value={number(now.received)}>
          <span data-testid="received-change">{change(data.receivedChange, baseline)}</span>
          <span>{change(data.receivedYearChange, "year")}</span>
        </Figure>
        <Figure to={queue({ statuses: "ALL", firstCall: true })} testId="first-call" label={t("analytics.firstCall")} value={number(now.firstCall)}>
          <span>{t("analytics.shareOfAll", { share: percent(now.firstCallShare) })}</span>
          <span>{change(data.firstCallYearChange, "year")}</span>
        </Figure>
        <Figure to={queue({ statuses: "ALL", appealType: "INCIDENT" })} testId="incidents" label={t("analytics.incidents")} value={number(now.incidents)}>
          <span>{change(data.incidentsYearChange, "year")}</span>
        </Figure>
        <Figure to={queue({ statuses: "ALL", channels: DIGITAL_CHANNELS })} testId="digital" label={t("analytics.digital")} value={percent(data.digitalShare)}>
          <span>{t("analytics.digitalOf", { n: number(digital), total: number(now.received) })}</span>
        </Figure>
        <Figure to={queue({ resolvedLate: false })} testId="on-time" label={t("analytics.onTime")} value={percent(now.onTimeShare)}>
          <span>{t("analytics.onTimeOf", { onTime: number(now.resolvedOnTime), resolved: number(now.resolved) })}</span>
        </Figure>
        <Figure to={queue({ resolvedLate: true })} testId="late" label={t("analytics.late")} value={number(now.resolvedLate)}>
          <span>{t("analytics.onTimeOf", { onTime: number(now.resolvedLate), resolved: number(now.resolved) })}</span>
        </Figure>
        <Figure to={queue({ statuses: DONE })} testId="time-to-resolve" label={t("analytics.timeToResolve")} value={hours(now.medianHoursToResolve)}>
          {now.p90HoursToResolve != null && <span>{t("analytics.p90Within", { hours: hours(now.p90HoursToResolve) })}</span>}
        </Figure>
        <Figure to={queue({ statuses: "ALL", reopened: true })} testId="reopened" label={t("analytics.reopened")} value={percent(now.reopenRate)}>
          <span>{t("analytics.appealsCount", { n: number(now.reopened) })}</span>
        </Figure>
        <Figure to={queue({ statuses: "ALL", rated: true })} testId="rating" label={t("analytics.rating")} value={number(now.averageRating, 1)}>
          <span>{t("analytics.ratingOf", { n: number(now.ratingCount) })}</span>
        </Figure>
        <Figure to={queue({ overdue: true })} testId="open-overdue" label={t("analytics.openOverdue")} value={number(now.openOverdue)} tone="danger">
          <span>{t("analytics.stillOpen", { n: number(now.stillOpen) })}</span>
        </Figure>
      </ul>

      <h2 id="volumes-title">{t("analytics.volumes")}</h2>
      <VolumeChart points={data.volumes} step={step} />

      <div className="grid2">
        <section aria-labelledby="top-categories-title">
          <h2 id="top-categories-title">{t("analytics.topCategories")}</h2>
          <ol className="bars" data-testid="top-categories">
            {data.topCategories.map((r) => (
              <li key={r.id}>
                <Link to={queue({ statuses: "ALL", categoryId: r.id })}>
                  <Bar name={pick(r.name)} share={r.share} max={topShare(data.topCategories)}>
                    {number(r.received)} · {percent(r.share)} · {yoy(r)}
                  </Bar>
                </Link>
              </li>
            ))}
          </ol>
        </section>
        <section aria-labelledby="top-spheres-title">
          <h2 id="top-spheres-title">{t("analytics.topSpheres")}</h2>
          <p className="muted small">{t("analytics.spheresHint")}</p>
          <ol className="bars" data-testid="top-spheres">
            {data.topSpheres.map((r) => (
              <li key={r.id}>
                <Link to={queue({ statuses: "ALL", sphereId: r.id })}>
                  <Bar name={pick(r.name)} share={r.share} max={topShare(data.topSpheres)}>
                    {number(r.received)} · {percent(r.share)} · {yoy(r)}
                  </Bar>
                </Link>
              </li>
            ))}
          </ol>
        </section>
      </div>

      <section aria-labelledby="channels-title">
        <h2 id="channels-title">{t("analytics.channels")}</h2>
        <ol className="bars" data-testid="channels">
          {data.channels.map((c) => (
            <li key={c.channel ?? "other"}>
              <Link to={queue({ statuses: "ALL", channel: c.channel })}>
                <Bar name={label("channel", c.channel)} share={c.share} max={Math.max(0, ...data.channels.map((x) => x.share ?? 0))}>
                  {number(c.received)} · {percent(c.share)}
                  {c.digital && <span className="badge">{t("analytics.digitalBadge")}</span>}
                </Bar>
              </Link>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

/** A figure card: what it counts, the figure, its comparisons; the whole card opens the queue. */
function Figure(props: { to: { pathname: string; search: string }; testId: string; label: string; value: string; tone?: string; children?: ReactNode }) {
  return (
    <li>
      <Link to={props.to} className={`figure ${props.tone ?? ""}`} data-testid={props.testId}>
        <span className="figure-label">{props.label}</span>
        <b className="figure-value" data-testid={`${props.testId}-value`}>
          {props.value}
        </b>
        {props.children}
      </Link>
    </li>
  );
}

/** A horizontal bar: the name, the bar (its length the share against the longest), the figures. */
function Bar({ name, share, max, children }: { name: string; share?: number | null; max: number; children: ReactNode }) {
  const width = max > 0 && share ? Math.max(2, Math.round((share / max) * 100)) : 0;
  return (
    <>
      <span className="bar-name">{name}</span>
      <span className="bar-track" aria-hidden="true">
        <span className="bar-fill" style={{ width: `${width}%` }} />
      </span>
      <span className="bar-figures">{children}</span>
    </>
  );
}
