// The supervisor's board: appeals due within a day, overdue ones, systemic problems, and the
// open load per organization.
import { gql } from "../../api/client";
import { ErrorText } from "../../components/errors";
import { useLoad } from "../../components/hooks";
import { MapView } from "../../components/MapView";
import { Table } from "../../components/Table";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";
import { AppealTable, appealFeatures, loadQueue } from "./AppealTable";

const LoadDocument = graphql(`
  query AppealLoad {
    appealLoad { open overdue dueSoon systemic organization { id names { kk ru en } } }
  }
`);

export function Supervisor() {
  const tenant = useTenant();
  const { t, pick, number } = useI18n();
  const { data, error } = useLoad(
    async () => {
      // The lists show the first 100 of each kind; the counts are the database's, over every
      // open appeal of the city.
      const [overdue, systemic, open, load] = await Promise.all([
        loadQueue(tenant.slug, { overdue: true }, null, 100),
        loadQueue(tenant.slug, { systemic: true }, null, 100),
        loadQueue(tenant.slug, { overdue: false }, null, 100),
        gql(tenant.slug, LoadDocument),
      ]);
      const soon = Date.now() + 24 * 3600_000;
      const atRisk = open.appeals.nodes.filter((a) => new Date(a.dueAt).getTime() < soon);
      const total = (key: "overdue" | "dueSoon" | "systemic") => load.appealLoad.reduce((sum, row) => sum + row[key], 0);
      return {
        overdue: overdue.appeals.nodes,
        systemic: systemic.appeals.nodes,
        atRisk,
        load: load.appealLoad,
        counts: { overdue: total("overdue"), dueSoon: total("dueSoon"), systemic: total("systemic") },
      };
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
              <b>{number(data.counts.overdue)}</b> {t("supervisor.overdue")}
            </div>
            <div className="stat warn">
              <b>{number(data.counts.dueSoon)}</b> {t("supervisor.atRisk")}
            </div>
            <div className="stat">
              <b>{number(data.counts.systemic)}</b> {t("supervisor.systemic")}
            </div>
          </div>
          <MapView
            label={t("supervisor.title")}
            height={360}
            layers={[
              {
                data: appealFeatures([...data.overdue, ...data.atRisk, ...data.systemic]),
                color: (f) => (f.properties?.overdue ? "#b3261e" : "#9a6700"),
                popup: (f) => `${f.properties?.number ?? ""} — ${f.properties?.address ?? ""}`,
              },
            ]}
          />
          <h2>{t("supervisor.byOrg")}</h2>
          <Table testId="load" head={[t("appeal.organization"), t("supervisor.open"), t("supervisor.overdue"), t("supervisor.atRisk"), t("supervisor.systemic")]}>
            {data.load.map((row) => (
              <tr key={row.organization?.id ?? "unrouted"}>
                <td>{row.organization ? pick(row.organization.names) : "—"}</td>
                <td>{number(row.open)}</td>
                <td>{number(row.overdue)}</td>
                <td>{number(row.dueSoon)}</td>
                <td>{number(row.systemic)}</td>
              </tr>
            ))}
          </Table>
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
