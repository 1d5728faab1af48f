// The supervisor's alerts, the newest first: deadlines near, appeals overdue, systemic problems.
// New ones stand out until marked as seen (one by one, or all at once); "only the new ones" hides
// the rest; older alerts come a page at a time. Each alert opens its appeal.
import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";

import { gql } from "../../api/client";
import { ErrorText } from "../../components/errors";
import { useAction, useLoad } from "../../components/hooks";
import { Table } from "../../components/Table";
import type { SupervisorInboxQuery } from "../../gql/graphql";
import { alertKey } from "../../i18n/codes";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";
import { alertsSeen } from "./alerts";
import { AcknowledgeDocument, InboxDocument } from "./documents";

const PAGE = 50;
const POLL_MS = 30_000;

type Alert = SupervisorInboxQuery["supervisorInbox"]["alerts"][number];

export function Inbox() {
  const tenant = useTenant();
  const { t, number, dateTime, pick } = useI18n();
  const [onlyNew, setOnlyNew] = useState(false);
  // Pages after the first, loaded with "Older"; and what was marked as seen here since.
  const [older, setOlder] = useState<{ alerts: Alert[]; hasMore: boolean } | null>(null);
  const [seen, setSeen] = useState<Record<string, string>>({});
  const [justSeen, setJustSeen] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const first = useLoad(
    async () => {
      setOlder(null);
      setSeen({});
      return (await gql(tenant.slug, InboxDocument, { onlyNew, first: PAGE })).supervisorInbox;
    },
    [tenant.slug, onlyNew],
  );
  const { reload } = first;
  // The first page is asked again while no older page is open (one would leave a gap between them).
  useEffect(() => {
    if (older) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") reload();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [older, reload]);
  const inbox = first.data;
  const alerts = [...(inbox?.alerts ?? []), ...(older?.alerts ?? [])].map((a) => (seen[a.id] ? { ...a, acknowledgedAt: seen[a.id] } : a));
  const hasMore = older ? older.hasMore : !!inbox?.hasMore;
  const unseen = Math.max(0, (inbox?.unacknowledged ?? 0) - Object.keys(seen).length);

  const loadOlder = useAction(async () => {
    const last = alerts[alerts.length - 1];
    if (!last) return;
    const page = (await gql(tenant.slug, InboxDocument, { onlyNew, before: last.id, first: PAGE })).supervisorInbox;
    setOlder((o) => ({ alerts: [...(o?.alerts ?? []), ...page.alerts], hasMore: page.hasMore }));
  });
  const acknowledge = useAction(async (alert: Alert) => {
    await gql(tenant.slug, AcknowledgeDocument, { ids: [alert.id] });
    setSeen((s) => ({ ...s, [alert.id]: new Date().toISOString() }));
    setJustSeen(alert.id);
    alertsSeen();
  });
  const acknowledgeAll = useAction(async () => {
    const marked = (await gql(tenant.slug, AcknowledgeDocument, { ids: null })).acknowledgeAlerts;
    setDone(t("inbox.markedSeen", { n: number(marked) }));
    alertsSeen();
    await reload();
  });
  // The focus stays where the button was: on the words that replace it.
  const focusSeen = useCallback((el: HTMLElement | null) => el?.focus(), []);

  return (
    <section>
      <header className="row">
        <h1>{t("inbox.title")}</h1>
        {inbox && (
          <span className={unseen > 0 ? "badge danger" : "badge"} data-testid="unacknowledged">
            {t("inbox.unacknowledged", { n: number(unseen) })}
          </span>
        )}
      </header>
      <p className="muted">{t("inbox.hint")}</p>
      <div className="filters">
        <label className="check">
          <input type="checkbox" checked={onlyNew} onChange={(e) => setOnlyNew(e.target.checked)} data-testid="only-new" /> {t("inbox.onlyNew")}
        </label>
        <button type="button" className="secondary" onClick={() => acknowledgeAll.run()} disabled={acknowledgeAll.pending || unseen === 0} data-testid="ack-all">
          {t("inbox.ackAll")}
        </button>
        <span role="status" className="ok" data-testid="ack-done">
          {done}
        </span>
      </div>
      <ErrorText error={first.error ?? acknowledge.error ?? acknowledgeAll.error ?? loadOlder.error} />
      <Table
        label={t("inbox.title")}
        testId="alerts"
        loading={!inbox && !first.error}
        empty={onlyNew ? t("inbox.emptyNew") : t("inbox.empty")}
        head={[t("audit.at"), t("inbox.alert"), t("inbox.appeal"), t("appeal.organization"), t("queue.due"), t("common.status")]}
      >
        {alerts.map((a) => {
          const fresh = !a.acknowledgedAt;
          return (
            <tr key={a.id} className={fresh ? "alert-new" : undefined} data-testid="alert" data-kind={a.kind} data-new={fresh}>
              <td>{dateTime(a.at)}</td>
              <td>
                {fresh && <span className="badge warn">{t("inbox.new")}</span>} <span className={fresh ? "strong" : undefined}>{t(alertKey(a.kind))}</span>
                {a.linked ? <small className="muted"> · {t("inbox.linked", { n: number(a.linked) })}</small> : null}
              </td>
              <td className="nowrap">{a.appealId ? <Link to={`/t/${tenant.slug}/staff/appeals/${a.appealId}`}>{a.number ?? a.appealId}</Link> : "—"}</td>
              <td>{a.organizationName ? pick(a.organizationName) : "—"}</td>
              <td>{dateTime(a.dueAt)}</td>
              <td>
                {fresh ? (
                  <button type="button" className="secondary small" onClick={() => acknowledge.run(a)} disabled={acknowledge.pending}>
                    {t("inbox.ack")}
                    <span className="sr-only"> — {a.number ?? t(alertKey(a.kind))}</span>
                  </button>
                ) : (
                  <span className="muted" tabIndex={-1} ref={a.id === justSeen ? focusSeen : undefined}>
                    {t("inbox.acked", { at: dateTime(a.acknowledgedAt) })}
                  </span>
                )}
              </td>
            </tr>
          );
        })}
      </Table>
      {hasMore && (
        <button type="button" onClick={() => loadOlder.run()} disabled={loadOlder.pending} data-testid="older">
          {t("audit.older")}
        </button>
      )}
    </section>
  );
}
