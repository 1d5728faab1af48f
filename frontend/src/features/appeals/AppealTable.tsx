// The list of appeals the queue, the callbacks and the supervisor's board show, and how it loads.
import { Link } from "react-router";

import { gql } from "../../api/client";
import { StatusBadge } from "../../components/StatusBadge";
import { Table } from "../../components/Table";
import type { AppealFilter } from "../../gql/graphql";
import { useI18n } from "../../i18n/i18n";
import { QueueDocument } from "./documents";

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

/** "Overdue by 3 days": how long ago the deadline passed, in the user's language. */
export function OverdueBadge({ dueAt, now = Date.now() }: { dueAt: string; now?: number }) {
  const { t, duration } = useI18n();
  const late = now - new Date(dueAt).getTime();
  return (
    <span className="badge danger" data-testid="overdue-by">
      {late > 0 ? t("queue.overdueBy", { duration: duration(late) }) : t("queue.overdue")}
    </span>
  );
}

interface Props {
  rows: QueueRow[];
  slug: string;
  /** Rows are still coming. */
  loading?: boolean;
  /** What the table says when it has no rows. */
  empty?: string;
  /** The list's name (a region when it scrolls). */
  label: string;
}

export function AppealTable({ rows, slug, loading, empty, label: name }: Props) {
  const { t, label, pick, dateTime } = useI18n();
  return (
    <Table
      label={name}
      testId="appeals"
      loading={loading}
      empty={empty}
      head={[t("queue.number"), t("common.status"), t("queue.service"), t("common.address"), t("appeal.organization"), t("queue.registered"), t("queue.due")]}
    >
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
          <td>
            {a.organization ? (
              pick(a.organization.names)
            ) : a.routingReason ? (
              <span className="badge warn" data-testid="needs-routing-reason" title={t("queue.needsRouting")}>
                {label("unrouted", a.routingReason)}
              </span>
            ) : (
              "—"
            )}
          </td>
          <td>
            {dateTime(a.registeredAt)} <small>{label("channel", a.channel)}</small>
          </td>
          <td>
            {dateTime(a.dueAt)} {a.overdue && <OverdueBadge dueAt={a.dueAt} />}
          </td>
        </tr>
      ))}
    </Table>
  );
}

