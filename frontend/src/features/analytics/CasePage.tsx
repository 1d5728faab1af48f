// One systemic case: what it is about and where it stands (the deadline the authority set, the
// overdue mark, the organization's report, how it ended), its appeals (each opens its page), its
// timeline in words, and, for supervisors and city admins while it is not closed, the steps:
// record the authority's deadline (moving a set one is an extension and needs the reason),
// record the organization's report, close it as resolved, ineffective or withdrawn (after a
// question, as it cannot be undone).
import { useId, useRef, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";

import { gql } from "../../api/client";
import { invalid } from "../../api/errors";
import { APPEAL_STATUSES } from "../../api/queueSearch";
import { hasRole, useStaffSession } from "../../api/session";
import { useConfirm } from "../../components/Confirm";
import { enterSubmitsComplete } from "../../components/enter";
import { ErrorText, useFormErrors } from "../../components/errors";
import { useAction, useLoad } from "../../components/hooks";
import type { CaseOutcome, SystemicCaseQuery } from "../../gql/graphql";
import { useI18n } from "../../i18n/i18n";
import { caseEventKey } from "../../i18n/codes";
import { useTenant } from "../../tenant/tenant";
import {
  AppealsByNumberDocument,
  AttachCaseAppealsDocument,
  CloseCaseDocument,
  RecordCaseReportDocument,
  SetCaseDeadlineDocument,
  SystemicCaseDocument,
} from "./documents";

const OUTCOMES: CaseOutcome[] = ["RESOLVED", "INEFFECTIVE", "WITHDRAWN"];

type Detail = SystemicCaseQuery["systemicCase"];

export function CasePage() {
  const { id = "" } = useParams();
  const tenant = useTenant();
  const current = useStaffSession(tenant.slug);
  const { t, pick, date, dateTime, actor, label } = useI18n();
  const { data, error, reload } = useLoad(async () => (await gql(tenant.slug, SystemicCaseDocument, { id })).systemicCase, [tenant.slug, id]);
  const writer = hasRole(current, "SUPERVISOR", "CITY_ADMIN");
  const [done, setDone] = useState("");
  const status = useRef<HTMLParagraphElement>(null);
  const after = async (text: string) => {
    await reload();
    setDone(text);
    requestAnimationFrame(() => status.current?.focus());
  };
  const back = `/t/${tenant.slug}/staff/analytics/cases`;
  if (!data) {
    return (
      <section className="analytics">
        <p>
          <Link to={back}>← {t("cases.back")}</Link>
        </p>
        <ErrorText error={error} />
        {!error && <p className="muted">{t("common.loading")}</p>}
      </section>
    );
  }
  const c = data.case;
  const open = c.status !== "CLOSED";
  return (
    <section className="analytics case-page">
      <p>
        <Link to={back}>← {t("cases.back")}</Link>
      </p>
      <h1>{t("cases.heading", { title: c.title })}</h1>
      <p className="case-status">
        <span className={`badge case-${(c.status ?? "").toLowerCase()}`} data-testid="case-status">
          {label("caseStatus", c.status)}
        </span>
        {c.outcome && (
          <span className="badge" data-testid="case-outcome">
            {label("caseOutcome", c.outcome)}
          </span>
        )}
        {c.overdue && <span className="badge danger">{t("cases.overdue")}</span>}
      </p>
      <p className="ok action-result" role="status" tabIndex={-1} ref={status} data-testid="case-result">
        {done}
      </p>
      <div className="grid2">
        <div>
          <dl className="details card">
            <dt>{t("appeal.organization")}</dt>
            <dd>{pick(c.organizationName)}</dd>
            <dt>{t("cases.opened")}</dt>
            <dd>{dateTime(c.openedAt)}</dd>
            <dt>{t("cases.authority")}</dt>
            <dd data-testid="case-authority">{c.authority ?? "—"}</dd>
            <dt>{t("cases.deadline")}</dt>
            <dd data-testid="case-deadline">{c.deadline ? date(c.deadline) : "—"}</dd>
            <dt>{t("cases.reason")}</dt>
            <dd className="pre">{c.reason}</dd>
            {c.report && (
              <>
                <dt>{t("cases.report")}</dt>
                <dd className="pre" data-testid="case-report">
                  {c.report} <small className="muted">{dateTime(c.reportedAt)}</small>
                </dd>
              </>
            )}
            {c.closedAt && (
              <>
                <dt>{t("cases.closed")}</dt>
                <dd className="pre">
                  {dateTime(c.closedAt)} — {label("caseOutcome", c.outcome)}
                  {c.outcomeComment ? `: ${c.outcomeComment}` : ""}
                </dd>
              </>
            )}
          </dl>
          <h2>{t("cases.appeals", { n: data.appeals.length })}</h2>
          {data.appeals.length === 0 ? (
            <p className="muted">{t("cases.noAppeals")}</p>
          ) : (
            <ul className="chips" data-testid="case-appeals">
              {data.appeals.map((a) => (
                <li key={a.id}>
                  <Link to={`/t/${tenant.slug}/staff/appeals/${a.id}`}>{a.number}</Link> <small>{label("status", a.status)}</small>
                </li>
              ))}
            </ul>
          )}
          <h2>{t("cases.timeline")}</h2>
          <ol className="timeline" data-testid="case-timeline">
            {data.timeline.map((e, i) => (
              <li key={i} data-kind={e.kind}>
                <strong>{t(caseEventKey(e.kind))}</strong> <time dateTime={e.at}>{dateTime(e.at)}</time> · {actor(e.actor)}
                {e.comment && <div className="pre">{e.comment}</div>}
              </li>
            ))}
          </ol>
        </div>
        {writer && open && (
          <div>
            <DeadlineForm detail={data} onDone={() => after(t("cases.deadlineSaved"))} />
            <AttachForm detail={data} onDone={(n) => after(t("cases.attached", { n }))} />
            <ReportForm detail={data} onDone={() => after(t("cases.reportSaved"))} />
            <CloseForm detail={data} onDone={() => after(t("cases.closedDone"))} />
          </div>
        )}
      </div>
    </section>
  );
}

function DeadlineForm({ detail, onDone }: { detail: Detail; onDone: () => void }) {
  const tenant = useTenant();
  const { t } = useI18n();
  const c = detail.case;
  const extension = !!c.deadline;
  const [authority, setAuthority] = useState(c.authority ?? "");
  const [deadline, setDeadline] = useState(c.deadline ?? "");
  const [reason, setReason] = useState("");
  const save = useAction(async () => {
    if (!authority.trim()) throw invalid("authority");
    if (!deadline) throw invalid("caseDeadline");
    if (extension && deadline !== c.deadline && !reason.trim()) throw invalid("reason");
    await gql(tenant.slug, SetCaseDeadlineDocument, { id: c.id, authority: authority.trim(), deadline, reason: reason.trim() || null });
    setReason("");
    onDone();
  });
  const errors = useFormErrors(save.error, ["authority", "caseDeadline", "reason"]);
  const hint = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.run();
  };
  return (
    <form className="card" onSubmit={submit} onKeyDown={enterSubmitsComplete()} data-testid="deadline-form">
      <h2>{extension ? t("cases.extendTitle") : t("cases.deadlineTitle")}</h2>
      <label className="required">
        {t("cases.authority")}
        <input name="authority" required maxLength={300} value={authority} onChange={(e) => setAuthority(e.target.value)} {...errors.field("authority")} />
        {errors.message("authority")}
      </label>
      <label className="required">
        {t("cases.deadline")}
        <input name="deadline" type="date" required value={deadline} onChange={(e) => setDeadline(e.target.value)} {...errors.field("caseDeadline")} />
        {errors.message("caseDeadline")}
      </label>
      {extension && (
        <label className="required">
          {t("cases.extendReason")}
          <small className="hint muted" id={hint}>
            {t("cases.extendHint")}
          </small>
          <textarea name="reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} {...errors.field("reason", hint)} />
          {errors.message("reason")}
        </label>
      )}
      <ErrorText error={errors.rest} />
      <div className="buttons">
        <button type="submit" disabled={save.pending} data-testid="save-deadline">
          {extension ? t("cases.extend") : t("cases.setDeadline")}
        </button>
      </div>
    </form>
  );
}

function ReportForm({ detail, onDone }: { detail: Detail; onDone: () => void }) {
  const tenant = useTenant();
  const { t } = useI18n();
  const c = detail.case;
  const [report, setReport] = useState("");
  const save = useAction(async () => {
    if (!report.trim()) throw invalid("report");
    await gql(tenant.slug, RecordCaseReportDocument, { id: c.id, report: report.trim() });
    setReport("");
    onDone();
  });
  const errors = useFormErrors(save.error, ["report"]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.run();
  };
  return (
    <form className="card" onSubmit={submit} data-testid="report-form">
      <h2>{c.report ? t("cases.reportAgain") : t("cases.reportTitle")}</h2>
      <label className="required">
        {t("cases.report")}
        <textarea name="report" rows={3} required value={report} onChange={(e) => setReport(e.target.value)} {...errors.field("report")} />
        {errors.message("report")}
      </label>
      <ErrorText error={errors.rest} />
      <div className="buttons">
        <button type="submit" disabled={save.pending} data-testid="save-report">
          {t("cases.saveReport")}
        </button>
      </div>
    </form>
  );
}

function CloseForm({ detail, onDone }: { detail: Detail; onDone: () => void }) {
  const tenant = useTenant();
  const { t, label, pick } = useI18n();
  const c = detail.case;
  const [outcome, setOutcome] = useState<CaseOutcome>("RESOLVED");
  const [comment, setComment] = useState("");
  const [dialog, ask] = useConfirm();
  const close = useAction(async () => {
    if (!comment.trim()) throw invalid("comment");
    const yes = await ask({
      title: t("cases.closeQuestion"),
      message: t(`cases.closeMessage.${outcome}`, { org: pick(c.organizationName) }),
      confirm: t("cases.close"),
    });
    if (!yes) return;
    await gql(tenant.slug, CloseCaseDocument, { id: c.id, outcome, comment: comment.trim() });
    onDone();
  });
  const errors = useFormErrors(close.error, ["comment"]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    close.run();
  };
  return (
    <form className="card" onSubmit={submit} data-testid="close-form">
      <h2>{t("cases.closeTitle")}</h2>
      <fieldset className="outcomes">
        <legend>{t("cases.outcome")}</legend>
        {OUTCOMES.map((o) => (
          <label key={o} className="check">
            <input type="radio" name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
            {label("caseOutcome", o)}
          </label>
        ))}
      </fieldset>
      <label className="required">
        {t("cases.outcomeComment")}
        <textarea name="comment" rows={2} required value={comment} onChange={(e) => setComment(e.target.value)} {...errors.field("comment")} />
        {errors.message("comment")}
      </label>
      <ErrorText error={errors.rest} />
      <div className="buttons">
        <button type="submit" className="danger" disabled={close.pending} data-testid="close-case">
          {t("cases.close")}
        </button>
      </div>
      {dialog}
    </form>
  );
}

/** The numbers typed (`AST-2026-000010, AST-2026-000011`), each once, in upper case. */
export function appealNumbers(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((n) => n.trim().toUpperCase()).filter(Boolean))];
}

function AttachForm({ detail, onDone }: { detail: Detail; onDone: (added: number) => void }) {
  const tenant = useTenant();
  const { t } = useI18n();
  const c = detail.case;
  const [text, setText] = useState("");
  const [unknown, setUnknown] = useState<string[]>([]);
  const attach = useAction(async () => {
    setUnknown([]);
    const numbers = appealNumbers(text);
    if (numbers.length === 0) throw invalid("appealNumbers");
    const found = await Promise.all(
      numbers.map(async (number) => {
        const nodes = (await gql(tenant.slug, AppealsByNumberDocument, { filter: { text: number, statuses: [...APPEAL_STATUSES] } })).appeals.nodes;
        return nodes.find((a) => a.number.toUpperCase() === number)?.id ?? null;
      }),
    );
    const missing = numbers.filter((_, i) => !found[i]);
    if (missing.length > 0) {
      setUnknown(missing);
      return;
    }
    const before = detail.appeals.length;
    const ids = found.filter((id): id is string => !!id);
    await gql(tenant.slug, AttachCaseAppealsDocument, { id: c.id, appealIds: ids });
    setText("");
    onDone(Math.max(0, new Set([...detail.appeals.map((a) => a.id), ...ids]).size - before));
  });
  const errors = useFormErrors(attach.error, ["appealNumbers", "appealIds"]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    attach.run();
  };
  const field = errors.invalid("appealIds") ? "appealIds" : "appealNumbers";
  return (
    <form className="card" onSubmit={submit} data-testid="attach-form">
      <h2>{t("cases.attachTitle")}</h2>
      <label>
        {t("cases.attachNumbers")}
        <input name="numbers" value={text} onChange={(e) => setText(e.target.value)} placeholder="AST-2026-000010" {...errors.field(field)} />
        {errors.message(field)}
        {unknown.length > 0 && (
          <span className="field-error" role="alert" data-testid="unknown-numbers">
            {t("cases.unknownNumbers", { numbers: unknown.join(", ") })}
          </span>
        )}
      </label>
      <ErrorText error={errors.rest} />
      <div className="buttons">
        <button type="submit" className="secondary" disabled={attach.pending} data-testid="attach">
          {t("cases.attach")}
        </button>
      </div>
    </form>
  );
}
