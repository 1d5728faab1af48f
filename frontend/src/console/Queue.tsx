// The queue: open appeals by deadline, refreshing by itself; executors see their organization's.
import { useState } from "react";
import { Link } from "react-router";

import { gql } from "../api/client";
import { graphql } from "../gql";
import type { AppealFilter, AppealStatus } from "../gql/graphql";
import { useI18n } from "../i18n/i18n";
import { hasRole, useStaffSession } from "../staff/StaffShell";
import { useTenant } from "../tenant/tenant";
import { ErrorText } from "../ui/errors";
import { Table } from "../ui/Table";
import { useLoad } from "../ui/hooks";
import { StatusBadge } from "../ui/StatusBadge";

export const AppealRowFragment = graphql(`
  fragment AppealRow on Appeal {
    id number status channel registeredAt dueAt overdue systemic address description lat lon
    serviceType { names { kk ru en } }
    organization { names { kk ru en } }
  }
`);

export const QueueDocument = graphql(`
  query Queue($filter: AppealFilter!, $after: String, $first: Int) {
    appeals(filter: $filter, page: { first: $first, after: $after }) {
      nodes { ...AppealRow }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export type QueueRow = NonNullable<Awaited<ReturnType<typeof loadQueue>>>["appeals"]["nodes"][number];

/** Appeals with coordinates as GeoJSON points, for a map layer. */
export function appealFeatures(rows: QueueRow[]): GeoJSON.FeatureCollection {
  return {
    type: "FeatureCollection",
    features: rows
      .filter((a) => a.lat != null && a.lon != null)
      .map((a) => ({
        type: "Feature",
        id: a.id,
        properties: { number: a.number, overdue: a.overdue, address: a.address },
        geometry: { type: "Point", coordinates: [a.lon as number, a.lat as number] },
      })),
  };
}

export function loadQueue(slug: string, filter: AppealFilter, after?: string | null, first = 50) {
  return gql(slug, QueueDocument, { filter, after, first });
}

const POLL_SECONDS = 10;
const STATUSES: AppealStatus[] = ["REGISTERED", "ASSIGNED", "IN_PROGRESS", "REOPENED", "RESOLVED"];

export function AppealTable({ rows, slug }: { rows: QueueRow[]; slug: string }) {
  const { t, label, pick, dateTime } = useI18n();
  return (
    <Table testId="appeals" head={[t("queue.number"), t("common.status"), t("queue.service"), t("common.address"), t("appeal.organization"), t("queue.registered"), t("queue.due")]}>
      {rows.map((a) => (
        <tr key={a.id} className={a.overdue ? "overdue" : undefined}>
          <td>
            <Link to={`/t/${slug}/staff/appeals/${a.id}`}>{a.number}</Link>
            {a.systemic && <span className="badge warn"> {t("queue.systemic")}</span>}
          </td>
          <td>
            <StatusBadge status={a.status} />
          </td>
          <td title={a.description}>{pick(a.serviceType.names)}</td>
          <td>{a.address ?? "—"}</td>
          <td>{a.organization ? pick(a.organization.names) : "—"}</td>
          <td>
            {dateTime(a.registeredAt)} <small>{label("channel", a.channel)}</small>
          </td>
          <td>
            {dateTime(a.dueAt)}
            {a.overdue && <span className="badge danger"> {t("queue.overdue")}</span>}
          </td>
        </tr>
      ))}
    </Table>
  );
}

export function Queue() {
  const tenant = useTenant();
  const current = useStaffSession(tenant.slug);
  const { t, label } = useI18n();
  const [text, setText] = useState("");
  const [status, setStatus] = useState<AppealStatus | "">("");
  const [overdue, setOverdue] = useState(false);
  const [more, setMore] = useState<QueueRow[]>([]);
  // undefined: the first page's cursor applies; null: no further page.
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const filter: AppealFilter = {
    text: text.trim() || null,
    statuses: status ? [status] : null,
    overdue: overdue ? true : null,
  };
  const key = JSON.stringify(filter);
  const { data, error } = useLoad(
    async () => {
      setMore([]);
      setCursor(undefined);
      return loadQueue(tenant.slug, filter);
    },
    [key, tenant.slug],
    POLL_SECONDS * 1000,
  );
  const page = data?.appeals;
  const next = cursor === undefined ? page?.pageInfo : { hasNextPage: !!cursor, endCursor: cursor };
  const loadMore = async () => {
    if (!next?.endCursor) return;
    const further = await loadQueue(tenant.slug, filter, next.endCursor);
    setMore((rows) => [...rows, ...further.appeals.nodes]);
    setCursor(further.appeals.pageInfo.hasNextPage ? further.appeals.pageInfo.endCursor : null);
  };
  const executorOnly = !hasRole(current, "OPERATOR", "SUPERVISOR", "CITY_ADMIN", "ANALYST");
  return (
    <section>
      <header className="row">
        <h1>{executorOnly ? t("queue.executorTitle") : t("queue.title")}</h1>
        <small className="muted">{t("queue.live", { seconds: POLL_SECONDS })}</small>
      </header>
      <div className="filters">
        <input
          type="search"
          placeholder={t("queue.text")}
          aria-label={t("queue.text")}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <select aria-label={t("common.status")} value={status} onChange={(e) => setStatus(e.target.value as AppealStatus)}>
          <option value="">{t("queue.allOpen")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {label("status", s)}
            </option>
          ))}
        </select>
        <label className="check">
          <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} /> {t("queue.onlyOverdue")}
        </label>
      </div>
      <ErrorText error={error} />
      {page && page.nodes.length === 0 && <p className="muted">{t("common.empty")}</p>}
      {page && page.nodes.length > 0 && <AppealTable rows={[...page.nodes, ...more]} slug={tenant.slug} />}
      {next?.hasNextPage && (
        <button type="button" onClick={loadMore}>
          {t("common.more")}
        </button>
      )}
    </section>
  );
}
