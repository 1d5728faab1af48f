// The supervisor's board: appeals due within a day, overdue ones, systemic problems, and the
// open load per organization.
import { AppealTable, loadQueue, type QueueRow } from "../console/Queue";
import { useI18n } from "../i18n/i18n";
import { useTenant } from "../tenant/tenant";
import { ErrorText } from "../ui/errors";
import { useLoad } from "../ui/hooks";

/** Open appeals per organization, counted over the first pages of the queue. */
function byOrganization(rows: QueueRow[], pick: (t: { kk: string; ru: string; en: string }) => string) {
  const counts = new Map<string, { open: number; overdue: number }>();
  for (const r of rows) {
    const name = r.organization ? pick(r.organization.names) : "—";
    const c = counts.get(name) ?? { open: 0, overdue: 0 };
    c.open += 1;
    if (r.overdue) c.overdue += 1;
    counts.set(name, c);
  }
  return [...counts.entries()].sort((a, b) => b[1].overdue - a[1].overdue || b[1].open - a[1].open);
}

export function Supervisor() {
  const tenant = useTenant();
  const { t, pick, number } = useI18n();
  const { data, error } = useLoad(
    async () => {
      const [overdue, systemic, open] = await Promise.all([
        loadQueue(tenant.slug, { overdue: true }, null, 100),
        loadQueue(tenant.slug, { systemic: true }, null, 100),
        loadQueue(tenant.slug, {}, null, 200),
      ]);
      const soon = Date.now() + 24 * 3600_000;
      const atRisk = open.appeals.nodes.filter((a) => !a.overdue && new Date(a.dueAt).getTime() < soon);
      return { overdue: overdue.appeals.nodes, systemic: systemic.appeals.nodes, atRisk, open: open.appeals.nodes };
    },
    [tenant.slug],
    30_000,
  );
  return (
    <section>
      <h1>{t("supervisor.title")}</h1>
      <ErrorText error={error} />
      {data && (
        <>
          <div className="stats">
            <div className="stat danger" data-testid="overdue-count">
              <b>{number(data.overdue.length)}</b> {t("supervisor.overdue")}
            </div>
            <div className="stat warn">
              <b>{number(data.atRisk.length)}</b> {t("supervisor.atRisk")}
            </div>
            <div className="stat">
              <b>{number(data.systemic.length)}</b> {t("supervisor.systemic")}
            </div>
          </div>
          <h2>{t("supervisor.byOrg")}</h2>
          <table className="table">
            <thead>
              <tr>
                <th>{t("appeal.organization")}</th>
                <th>{t("supervisor.open")}</th>
                <th>{t("supervisor.overdue")}</th>
              </tr>
            </thead>
            <tbody>
              {byOrganization(data.open, pick).map(([name, c]) => (
                <tr key={name}>
                  <td>{name}</td>
                  <td>{number(c.open)}</td>
                  <td>{number(c.overdue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t("supervisor.overdue")}</h2>
          <AppealTable rows={data.overdue} slug={tenant.slug} />
          <h2>{t("supervisor.atRisk")}</h2>
          <AppealTable rows={data.atRisk} slug={tenant.slug} />
          <h2>{t("supervisor.systemic")}</h2>
          <AppealTable rows={data.systemic} slug={tenant.slug} />
        </>
      )}
    </section>
  );
}
