// The supervisor's board: the lists first (overdue ones, the longest overdue on top, then those
// due within a day and the systemic problems, chosen by their count cards), their places on the
// map, and the open load per organization; the systemic cases open against organizations.
import { useMemo, useState } from "react";

import { gql } from "../../api/client";
import { ErrorText } from "../../components/errors";
import { useLoad } from "../../components/hooks";
import { MapView } from "../../components/MapView";
import { OpenCasesPanel } from "../../components/OpenCases";
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

type Filter = "overdue" | "atRisk" | "systemic";

export function Supervisor() {
  const tenant = useTenant();
  const { t, pick, number } = useI18n();
  const [filter, setFilter] = useState<Filter>("overdue");
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
        // The deadline order: the longest overdue first.
        lists: { overdue: overdue.appeals.nodes, atRisk, systemic: systemic.appeals.nodes },
        load: load.appealLoad,
        counts: { overdue: total("overdue"), atRisk: total("dueSoon"), systemic: total("systemic") },
      };
    },
    [tenant.slug],
    30_000,
  );
  const rows = data?.lists[filter];
  const layers = useMemo(
    () => [
      {
        data: appealFeatures(rows ?? []),
        color: (f: GeoJSON.Feature) => (f.properties?.overdue ? "#b3261e" : "#9a6700"),
        popup: (f: GeoJSON.Feature) => `${f.properties?.number ?? ""} — ${f.properties?.address ?? ""}`,
      },
    ],
    [rows],
  );
  const cards: { key: Filter; text: string; tone: string; testId: string }[] = [
    { key: "overdue", text: t("supervisor.overdue"), tone: "danger", testId: "overdue-count" },
    { key: "atRisk", text: t("supervisor.atRisk"), tone: "warn", testId: "at-risk-count" },
    { key: "systemic", text: t("supervisor.systemic"), tone: "", testId: "systemic-count" },
  ];
  const empty: Record<Filter, string> = {
    overdue: t("supervisor.noneOverdue"),
    atRisk: t("supervisor.noneAtRisk"),
    systemic: t("supervisor.noneSystemic"),
  };
  return (
    <section>
      <h1>{t("supervisor.title")}</h1>
      <ErrorText error={error} />
      <div className="stats" role="group" aria-label={t("supervisor.filter")}>
        {cards.map((c) => (
          <button
            key={c.key}
            type="button"
            className={`stat ${c.tone}`}
            aria-pressed={filter === c.key}
            aria-controls="board-list"
            data-testid={c.testId}
            onClick={() => setFilter(c.key)}
          >
            <b>{data ? number(data.counts[c.key]) : "…"}</b> {c.text}
          </button>
        ))}
      </div>
      <h2 id="board-list-title">{cards.find((c) => c.key === filter)?.text}</h2>
      <div id="board-list" aria-labelledby="board-list-title">
        <AppealTable rows={rows ?? []} slug={tenant.slug} loading={!data} empty={empty[filter]} label={cards.find((c) => c.key === filter)?.text ?? ""} />
      </div>
      <OpenCasesPanel />
      <MapView label={t("supervisor.title")} height={360} layers={layers} fit />
      <h2>{t("supervisor.byOrg")}</h2>
      <Table label={t("supervisor.byOrg")}
        testId="load"
        loading={!data}
        head={[t("appeal.organization"), t("supervisor.open"), t("supervisor.overdue"), t("supervisor.atRisk"), t("supervisor.systemic")]}
      >
        {data?.load.map((row) => (
          <tr key={row.organization?.id ?? "unrouted"}>
            <td>{row.organization ? pick(row.organization.names) : t("supervisor.unrouted")}</td>
            <td>{number(row.open)}</td>
            <td>{number(row.overdue)}</td>
            <td>{number(row.dueSoon)}</td>
            <td>{number(row.systemic)}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
