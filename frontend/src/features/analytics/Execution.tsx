// Control of execution: each organization's appeals of the period — received, resolved on time
// and late, open past the deadline now, reopened, the on-time share, the average rating — the
// worst first as the server ranks them, or sorted by a column. An organization opens the queue
// with its appeals of the period; its counts of appeals resolved on time, resolved late, open past
// the deadline and reopened, exactly those.
import { useState } from "react";
import { Link } from "react-router";

import { gql } from "../../api/client";
import { ErrorText } from "../../components/errors";
import { useLoad } from "../../components/hooks";
import { Table } from "../../components/Table";
import type { ExecutionQuery, OrgKind } from "../../gql/graphql";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";
import { AnalyticsHeader, FilterControls, PeriodControls, useAnalyticsState } from "./Controls";
import { ExecutionDocument } from "./documents";
import { apiFilter, queueSearch, type Drill } from "./state";
import { sortLines, type Column, type Sort } from "./sort";

/** The kinds of organization the table narrows to, as the center names them. */
const KIND_GROUPS: { key: "housing" | "elevator" | "utility" | "department" | "akimat"; kinds: OrgKind[] }[] = [
  { key: "housing", kinds: ["KSK", "OSI", "MANAGEMENT_COMPANY"] },
  { key: "elevator", kinds: ["ELEVATOR_OPERATOR"] },
  { key: "utility", kinds: ["UTILITY"] },
  { key: "department", kinds: ["DEPARTMENT"] },
  { key: "akimat", kinds: ["DISTRICT_AKIMAT"] },
];

type Line = ExecutionQuery["execution"][number];

export function Execution() {
  const tenant = useTenant();
  const { t, number, percent, pick, label } = useI18n();
  const [state, setState] = useAnalyticsState();
  const [group, setGroup] = useState<string>("");
  const [sort, setSort] = useState<Sort | null>(null);
  const kinds = KIND_GROUPS.find((g) => g.key === group)?.kinds ?? null;
  const { filter } = state;
  const key = JSON.stringify([state.period, filter, kinds]);
  const { data, error } = useLoad(
    async () => (await gql(tenant.slug, ExecutionDocument, { period: state.period, filter: apiFilter(filter), kinds })).execution,
    [tenant.slug, key],
    60_000,
  );
  const columns: { key: Column; text: string }[] = [
    { key: "received", text: t("analytics.col.received") },
    { key: "resolvedOnTime", text: t("analytics.col.onTime") },
    { key: "resolvedLate", text: t("analytics.col.late") },
    { key: "openOverdue", text: t("analytics.col.openOverdue") },
    { key: "reopened", text: t("analytics.col.reopened") },
    { key: "onTimeShare", text: t("analytics.col.onTimeShare") },
    { key: "averageRating", text: t("analytics.col.rating") },
  ];
  const lines = data ? sortLines(data, sort, (l: Line) => pick(l.name)) : [];
  const toggle = (column: Column) =>
    setSort((s) => (s?.column === column ? { column, descending: !s.descending } : { column, descending: column !== "name" }));
  const heading = (column: Column, text: string) => (
    <button type="button" className="sort" onClick={() => toggle(column)}>
      {text}
      <span aria-hidden="true">{sort?.column === column ? (sort.descending ? " ▼" : " ▲") : ""}</span>
    </button>
  );
  const ariaSort = (column: Column) => ({ "aria-sort": sort?.column === column ? (sort.descending ? "descending" : "ascending") : "none" }) as const;
  const queue = (organizationId: string, drill: Drill = { statuses: "ALL" }) => ({
    pathname: `/t/${tenant.slug}/staff/queue`,
    search: queueSearch(state, { ...drill, organizationId }),
  });
  /** A count that opens its appeals when there are any. */
  const count = (l: Line, n: number, column: string, drill: Drill) =>
    l.organizationId && n > 0 ? (
      <Link to={queue(l.organizationId, drill)}>
        {number(n)}
        <span className="sr-only">
          {" "}
          — {column}, {pick(l.name)}
        </span>
      </Link>
    ) : (
      number(n)
    );
  return (
    <section className="analytics">
      <AnalyticsHeader title={t("analytics.title")} />
      <PeriodControls state={state} onChange={setState} />
      <FilterControls state={state} onChange={setState} withOrganization={false} />
      <div className="row">
        <label className="inline">
          {t("common.kind")}
          <select value={group} onChange={(e) => setGroup(e.target.value)} data-testid="kind">
            <option value="">{t("analytics.kinds.all")}</option>
            {KIND_GROUPS.map((g) => (
              <option key={g.key} value={g.key}>
                {t(`analytics.kinds.${g.key}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="secondary" onClick={() => setSort(null)} aria-pressed={sort === null} data-testid="worst-first">
          {t("analytics.worstFirst")}
        </button>
      </div>
      <p className="muted">{t("analytics.executionHint")}</p>
      <ErrorText error={error} />
      <Table
        label={t("analytics.execution")}
        testId="execution"
        loading={!data && !error}
        empty={t("analytics.noLines")}
        head={[heading("name", t("appeal.organization")), t("common.kind"), ...columns.map((c) => heading(c.key, c.text))]}
        headProps={[ariaSort("name"), undefined, ...columns.map((c) => ariaSort(c.key))]}
      >
        {lines.map((l) => (
          <tr key={l.organizationId ?? "unrouted"} className={l.figures.openOverdue > 0 ? "overdue" : undefined}>
            <th scope="row">{l.organizationId ? <Link to={queue(l.organizationId)}>{pick(l.name)}</Link> : t("supervisor.unrouted")}</th>
            <td>{l.kind ? label("orgKind", l.kind) : "—"}</td>
            <td>{number(l.figures.received)}</td>
            <td>{count(l, l.figures.resolvedOnTime, t("analytics.col.onTime"), { resolvedLate: false })}</td>
            <td>{count(l, l.figures.resolvedLate, t("analytics.col.late"), { resolvedLate: true })}</td>
            <td>{count(l, l.figures.openOverdue, t("analytics.col.openOverdue"), { overdue: true })}</td>
            <td>{count(l, l.figures.reopened, t("analytics.col.reopened"), { statuses: "ALL", reopened: true })}</td>
            <td>{percent(l.figures.onTimeShare)}</td>
            <td>{number(l.figures.averageRating, 1)}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
