// Systemic cases against organizations (analysts read; supervisors and city admins open and work
// them): the cases the period's figures suggest (an organization past the city's threshold of
// overdue appeals or of reopened ones, and no case open), each opened with one click on a form
// filled from its figures and the appeals behind them; the cases open now, the overdue marked;
// and the period's ineffective organizations (cases closed as ineffective, deadlines passed
// without a report).
import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";

import { gql } from "../../api/client";
import { invalid } from "../../api/errors";
import { APPEAL_STATUSES } from "../../api/queueSearch";
import { hasRole, useStaffSession } from "../../api/session";
import { enterSubmitsComplete } from "../../components/enter";
import { ErrorText, useFormErrors } from "../../components/errors";
import { useAction, useLoad } from "../../components/hooks";
import { OrgPick, type PickedOrg } from "../../components/picks";
import { Table } from "../../components/Table";
import type { CaseFieldsFragment, CaseSuggestionsQuery } from "../../gql/graphql";
import { fromZonedInput } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";
import { AnalyticsHeader, PeriodControls, useAnalyticsState } from "./Controls";
import { CaseAppealIdsDocument, CaseSuggestionsDocument, IneffectiveDocument, OpenCaseDocument, OrganizationNameDocument, SystemicCasesDocument } from "./documents";
import { addDays, type Period } from "./period";

type Suggestion = CaseSuggestionsQuery["caseSuggestions"][number];

/** At most this many appeals go with a case when it is opened (the API takes 500). */
const MAX_APPEALS = 500;

/** The appeals behind a suggestion: the organization's, registered in the period, overdue now, resolved late or reopened. */
async function appealsBehind(slug: string, organizationId: string, period: Period, timeZone: string): Promise<string[]> {
  const registeredFrom = fromZonedInput(`${period.from}T00:00`, timeZone);
  const registeredTo = fromZonedInput(`${addDays(period.to, 1)}T00:00`, timeZone);
  // Every status: an appeal resolved late or reopened may be closed by now.
  const base = { organizationId, registeredFrom, registeredTo, statuses: [...APPEAL_STATUSES] };
  const lists = await Promise.all(
    [{ overdue: true }, { resolvedLate: true }, { reopened: true }].map((flag) =>
      gql(slug, CaseAppealIdsDocument, { filter: { ...base, ...flag } }),
    ),
  );
  return [...new Set(lists.flatMap((l) => l.appeals.nodes.map((a) => a.id)))].slice(0, MAX_APPEALS);
}

interface Draft {
  org: PickedOrg | null;
  title: string;
  reason: string;
  authority: string;
  deadline: string;
  /** From a suggestion: its appeals go with the case. */
  fromSuggestion: boolean;
  attach: boolean;
}

const EMPTY: Draft = { org: null, title: "", reason: "", authority: "", deadline: "", fromSuggestion: false, attach: false };

export function Cases() {
  const tenant = useTenant();
  const current = useStaffSession(tenant.slug);
  const { t, number, percent, pick, date, dateTime } = useI18n();
  const [state, setState] = useAnalyticsState();
  const navigate = useNavigate();
  const writer = hasRole(current, "SUPERVISOR", "CITY_ADMIN");
  const [withClosed, setWithClosed] = useState(false);
  const [draft, setDraft] = useState<Draft | null>(null);
  const periodKey = JSON.stringify(state.period);
  const suggestions = useLoad(async () => (await gql(tenant.slug, CaseSuggestionsDocument, { period: state.period })).caseSuggestions, [tenant.slug, periodKey]);
  // An organization's cases only, when a link asked for them (the organizations' page).
  const orgId = state.filter.organizationId;
  const cases = useLoad(
    async () => (await gql(tenant.slug, SystemicCasesDocument, { openOnly: !withClosed, organizationId: orgId })).systemicCases,
    [tenant.slug, withClosed, orgId],
  );
  const orgName = useLoad(async () => (orgId ? (await gql(tenant.slug, OrganizationNameDocument, { id: orgId })).organization : null), [tenant.slug, orgId]);
  const ineffective = useLoad(async () => (await gql(tenant.slug, IneffectiveDocument, { period: state.period })).ineffectiveOrganizations, [tenant.slug, periodKey]);

  const why = (s: Suggestion) =>
    [
      s.overdueCrossed ? t("cases.whyOverdue", { share: percent(s.overdueShare), n: number(s.figures.openOverdue + s.figures.resolvedLate), of: number(s.figures.received) }) : null,
      s.reopenCrossed ? t("cases.whyReopen", { rate: percent(s.figures.reopenRate ?? 0), n: number(s.figures.reopened) }) : null,
    ].filter(Boolean) as string[];
  const prefill = (s: Suggestion) => {
    const name = pick(s.name);
    setDraft({
      org: { id: s.organizationId, names: s.name ?? { kk: name, ru: name, en: name } },
      title: t("cases.suggestedTitle", { org: name }),
      reason: [t("cases.suggestedReason", { from: date(state.period.from), to: date(state.period.to), n: number(s.figures.received) }), ...why(s)].join("\n"),
      authority: "",
      deadline: "",
      fromSuggestion: true,
      attach: true,
    });
    requestAnimationFrame(() => document.getElementById("case-form")?.scrollIntoView({ block: "start" }));
  };

  return (
    <section className="analytics">
      <AnalyticsHeader title={t("analytics.title")} />
      <PeriodControls state={state} onChange={setState} />

      <h2>{t("cases.suggestions")}</h2>
      <p className="muted small">{t("cases.suggestionsHint")}</p>
      <ErrorText error={suggestions.error} />
      <Table
        label={t("cases.suggestions")}
        testId="suggestions"
        loading={suggestions.loading && !suggestions.data}
        empty={t("cases.noSuggestions")}
        head={[t("appeal.organization"), t("analytics.col.received"), t("cases.overdueShare"), t("cases.reopenRate"), t("cases.why"), ...(writer ? [""] : [])]}
      >
        {(suggestions.data ?? []).map((s) => (
          <tr key={s.organizationId} data-org={s.organizationId}>
            <th scope="row">{pick(s.name)}</th>
            <td className="num">{number(s.figures.received)}</td>
            <td className={`num${s.overdueCrossed ? " strong danger-text" : ""}`}>{percent(s.overdueShare)}</td>
            <td className={`num${s.reopenCrossed ? " strong danger-text" : ""}`}>{percent(s.figures.reopenRate ?? 0)}</td>
            <td>
              <ul className="plain">
                {why(s).map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </td>
            {writer && (
              <td>
                <button type="button" className="small" onClick={() => prefill(s)} data-testid="open-suggested">
                  {t("cases.openCase")}
                  <span className="sr-only">: {pick(s.name)}</span>
                </button>
              </td>
            )}
          </tr>
        ))}
      </Table>

      {writer &&
        (draft ? (
          <CaseForm
            draft={draft}
            period={state.period}
            onChange={setDraft}
            onCancel={() => setDraft(null)}
            onOpened={(id) => navigate(`/t/${tenant.slug}/staff/analytics/cases/${id}`)}
          />
        ) : (
          <div className="buttons">
            <button type="button" className="secondary" onClick={() => setDraft(EMPTY)} data-testid="new-case">
              {t("cases.newCase")}
            </button>
          </div>
        ))}

      <h2>{withClosed ? t("cases.all") : t("cases.open")}</h2>
      <label className="check">
        <input type="checkbox" checked={withClosed} onChange={(e) => setWithClosed(e.target.checked)} data-testid="with-closed" />
        {t("cases.withClosed")}
      </label>
      {orgId && (
        <p className="narrowed" data-testid="cases-narrowed">
          {t("cases.narrowed", { org: orgName.data ? pick(orgName.data.names) : "…" })}{" "}
          <button type="button" className="link" onClick={() => setState({ ...state, filter: { ...state.filter, organizationId: null } })}>
            {t("cases.allOrganizations")}
          </button>
        </p>
      )}
      <ErrorText error={cases.error} />
      <CaseTable cases={cases.data} loading={cases.loading && !cases.data} testId="cases" empty={t(withClosed ? "cases.none" : "cases.noneOpen")} label={t("cases.open")} />

      <h2>{t("cases.ineffective")}</h2>
      <p className="muted small">{t("cases.ineffectiveHint")}</p>
      <ErrorText error={ineffective.error} />
      <Table
        label={t("cases.ineffective")}
        testId="ineffective"
        loading={ineffective.loading && !ineffective.data}
        empty={t("cases.noIneffective")}
        head={[t("appeal.organization"), t("cases.case"), t("cases.why"), t("cases.deadline")]}
      >
        {(ineffective.data ?? []).map((c) => (
          <tr key={c.id}>
            <th scope="row">{pick(c.organizationName)}</th>
            <td className="title-cell">
              <Link to={`/t/${tenant.slug}/staff/analytics/cases/${c.id}`}>{c.title}</Link>
            </td>
            <td>{c.outcome === "INEFFECTIVE" ? t("cases.closedIneffective", { at: dateTime(c.closedAt) }) : t("cases.noReport")}</td>
            <td>{c.deadline ? date(c.deadline) : "—"}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

/** A list of cases: the title opens the case; an overdue one is marked. */
export function CaseTable({ cases, loading, testId, empty, label }: { cases: CaseFieldsFragment[] | undefined; loading: boolean; testId: string; empty: string; label: string }) {
  const tenant = useTenant();
  const { t, pick, date, dateTime, label: enumText } = useI18n();
  return (
    <Table
      label={label}
      testId={testId}
      loading={loading}
      empty={empty}
      head={[t("cases.case"), t("appeal.organization"), t("common.status"), t("cases.deadline"), t("cases.opened")]}
    >
      {(cases ?? []).map((c) => (
        <tr key={c.id} className={c.overdue ? "overdue" : undefined} data-case={c.id}>
          <th scope="row">
            <Link to={`/t/${tenant.slug}/staff/analytics/cases/${c.id}`}>{c.title}</Link>
          </th>
          <td>{pick(c.organizationName)}</td>
          <td>
            <span className={`badge case-${(c.status ?? "").toLowerCase()}`}>{enumText("caseStatus", c.status)}</span>
            {c.outcome && <span className="badge"> {enumText("caseOutcome", c.outcome)}</span>}
          </td>
          <td>
            {c.deadline ? date(c.deadline) : "—"} {c.overdue && <span className="badge danger" data-testid="case-overdue">{t("cases.overdue")}</span>}
          </td>
          <td>{dateTime(c.openedAt)}</td>
        </tr>
      ))}
    </Table>
  );
}

function CaseForm({
  draft,
  period,
  onChange,
  onCancel,
  onOpened,
}: {
  draft: Draft;
  period: Period;
  onChange: (d: Draft) => void;
  onCancel: () => void;
  onOpened: (id: string) => void;
}) {
  const tenant = useTenant();
  const { t } = useI18n();
  const open = useAction(async () => {
    if (!draft.org) throw invalid("organizationId");
    const appealIds = draft.fromSuggestion && draft.attach ? await appealsBehind(tenant.slug, draft.org.id, period, tenant.timeZone) : [];
    const result = await gql(tenant.slug, OpenCaseDocument, {
      input: {
        organizationId: draft.org.id,
        title: draft.title.trim(),
        reason: draft.reason.trim(),
        appealIds,
        authority: draft.authority.trim() || null,
        deadline: draft.deadline || null,
      },
    });
    onOpened(result.openSystemicCase.id);
  });
  const errors = useFormErrors(open.error, ["organizationId", "title", "reason", "authority", "appealIds"]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    open.run();
  };
  const set = (patch: Partial<Draft>) => onChange({ ...draft, ...patch });
  return (
    <form id="case-form" className="card form-grid" onSubmit={submit} onKeyDown={enterSubmitsComplete()} data-testid="case-form">
      <h2>{t("cases.openTitle")}</h2>
      <OrgPick
        testId="case-org"
        label={t("appeal.organization")}
        picked={draft.org}
        onPick={(o) => set({ org: o, fromSuggestion: false, attach: false })}
        required
        aria={errors.field("organizationId")}
        message={errors.message("organizationId")}
      />
      <label className="required">
        {t("cases.title")}
        <input name="title" required maxLength={200} value={draft.title} onChange={(e) => set({ title: e.target.value })} {...errors.field("title")} />
        {errors.message("title")}
      </label>
      <label className="required">
        {t("cases.reason")}
        <textarea name="reason" required rows={4} value={draft.reason} onChange={(e) => set({ reason: e.target.value })} {...errors.field("reason")} />
        {errors.message("reason")}
      </label>
      <label>
        {t("cases.authority")}
        <input name="authority" maxLength={300} value={draft.authority} onChange={(e) => set({ authority: e.target.value })} {...errors.field("authority")} />
        {errors.message("authority")}
      </label>
      <label>
        {t("cases.deadline")}
        <input name="deadline" type="date" value={draft.deadline} onChange={(e) => set({ deadline: e.target.value })} />
      </label>
      {draft.fromSuggestion && (
        <label className="check">
          <input type="checkbox" checked={draft.attach} onChange={(e) => set({ attach: e.target.checked })} data-testid="attach-appeals" />
          {t("cases.attachBehind")}
        </label>
      )}
      {errors.message("appealIds")}
      <ErrorText error={errors.rest} />
      <div className="buttons">
        <button type="submit" disabled={open.pending || !draft.org} data-testid="open-case">
          {t("cases.openCase")}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
