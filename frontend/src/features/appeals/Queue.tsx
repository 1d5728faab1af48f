// The queue: open appeals by deadline, refreshing by itself; executors see their organization's.
import { useState } from "react";

import { hasRole, useStaffSession } from "../../api/session";
import { ErrorText } from "../../components/errors";
import { useLoad } from "../../components/hooks";
import type { AppealFilter, AppealStatus } from "../../gql/graphql";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";
import { AppealTable, loadQueue, type QueueRow } from "./AppealTable";

const POLL_SECONDS = 10;
const STATUSES: AppealStatus[] = ["REGISTERED", "ASSIGNED", "IN_PROGRESS", "REOPENED", "RESOLVED"];

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
      <AppealTable rows={page ? [...page.nodes, ...more] : []} slug={tenant.slug} loading={!page && !error} empty={t("queue.empty")} label={executorOnly ? t("queue.executorTitle") : t("queue.title")} />
      {next?.hasNextPage && (
        <button type="button" onClick={loadMore}>
          {t("common.more")}
        </button>
      )}
    </section>
  );
}
