// The systemic cases open now, in short: the supervisor's board lists them, an organization's
// admin page counts and lists its own. Each opens its case among the analytics' screens.
import { Link } from "react-router";

import { gql } from "../api/client";
import { OpenCasesDocument } from "../api/documents";
import { useI18n } from "../i18n/i18n";
import { useTenant } from "../tenant/tenant";
import { ErrorText } from "./errors";
import { useLoad } from "./hooks";

export type OpenCase = Awaited<ReturnType<typeof loadOpenCases>>[number];

export async function loadOpenCases(slug: string, organizationId?: string | null) {
  return (await gql(slug, OpenCasesDocument, { organizationId: organizationId ?? null })).systemicCases;
}

/** The open cases (of one organization when given), loaded as the panel shows. */
export function useOpenCases(organizationId?: string | null, enabled = true) {
  const tenant = useTenant();
  return useLoad(async () => (enabled ? loadOpenCases(tenant.slug, organizationId) : []), [tenant.slug, organizationId, enabled]);
}

/** The address of a case's page. */
export function casePath(slug: string, id: string): string {
  return `/t/${slug}/staff/analytics/cases/${id}`;
}

/** A short list of open cases, the overdue first; `showOrganization` names each one's organization. */
export function OpenCasesList({ cases, showOrganization = true, limit = 5 }: { cases: OpenCase[]; showOrganization?: boolean; limit?: number }) {
  const tenant = useTenant();
  const { t, pick, date } = useI18n();
  const sorted = [...cases].sort((a, b) => Number(b.overdue) - Number(a.overdue));
  return (
    <ul className="case-list" data-testid="open-cases">
      {sorted.slice(0, limit).map((c) => (
        <li key={c.id} className={c.overdue ? "overdue" : undefined}>
          <Link to={casePath(tenant.slug, c.id)}>{c.title}</Link>
          {showOrganization && <span className="muted"> — {pick(c.organizationName)}</span>}
          <span className="case-meta">
            {c.deadline ? t("cases.dueOn", { day: date(c.deadline) }) : t("cases.noDeadline")}
            {c.overdue && <span className="badge danger"> {t("cases.overdue")}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The board's panel: the open cases of the city, with a link to all of them. */
export function OpenCasesPanel() {
  const tenant = useTenant();
  const { t, number } = useI18n();
  const { data, error } = useOpenCases();
  const overdue = (data ?? []).filter((c) => c.overdue).length;
  return (
    <section className="card cases-panel" aria-labelledby="open-cases-title" data-testid="open-cases-panel">
      <h2 id="open-cases-title">
        {t("cases.panelTitle")} {data && <span className="badge">{number(data.length)}</span>}
        {overdue > 0 && <span className="badge danger">{t("cases.overdueCount", { n: number(overdue) })}</span>}
      </h2>
      <ErrorText error={error} />
      {data && data.length === 0 && <p className="muted">{t("cases.noneOpen")}</p>}
      {data && data.length > 0 && <OpenCasesList cases={data} />}
      <p className="small">
        <Link to={`/t/${tenant.slug}/staff/analytics/cases`}>{t("cases.all")}</Link>
      </p>
    </section>
  );
}
