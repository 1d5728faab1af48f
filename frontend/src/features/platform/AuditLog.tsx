// The city's audit log: who changed what and who looked at a resident's data, searched by person,
// action and period, newest first, and exported as CSV (the export is itself on record).
import { useState, type FormEvent } from "react";

import { gql } from "../../api/client";
import { enterSubmitsComplete } from "../../components/enter";
import { ErrorText } from "../../components/errors";
import { useAction, useLoad } from "../../components/hooks";
import { Table } from "../../components/Table";
import { graphql } from "../../gql";
import type { AuditFilterInput } from "../../gql/graphql";
import { fromZonedInput, todayIn } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";

const AuditDocument = graphql(`
  query AuditLog($filter: AuditFilterInput, $after: String) {
    auditLog(filter: $filter, page: { first: 50, after: $after }) {
      nodes { id at actor actorName action entity entityId details }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const ExportDocument = graphql(`
  mutation ExportAuditLog($filter: AuditFilterInput) {
    exportAuditLog(filter: $filter)
  }
`);

/** A calendar day in the city as the instant that day starts there, for the period filter. */
function dayStart(day: string, timeZone: string): string | null {
  return day ? fromZonedInput(`${day}T00:00`, timeZone) : null;
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function AuditLog() {
  const tenant = useTenant();
  const { t, dateTime, actor } = useI18n();
  const [form, setForm] = useState({ actor: "", action: "", entity: "", entityId: "", from: "", to: todayIn(tenant.timeZone) });
  const [filter, setFilter] = useState<AuditFilterInput>({});
  const [after, setAfter] = useState<string[]>([]);
  const cursor = after[after.length - 1] ?? null;
  const { data, error } = useLoad(() => gql(tenant.slug, AuditDocument, { filter, after: cursor }), [filter, cursor]);
  const exporting = useAction(async () => {
    const result = await gql(tenant.slug, ExportDocument, { filter });
    const blob = new Blob([result.exportAuditLog], { type: "text/csv;charset=utf-8" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `audit-${tenant.slug}-${todayIn(tenant.timeZone)}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  });
  const search = (e: FormEvent) => {
    e.preventDefault();
    const text = (v: string) => v.trim() || null;
    setAfter([]);
    setFilter({
      actor: text(form.actor),
      action: text(form.action),
      entity: text(form.entity),
      entityId: text(form.entityId),
      from: dayStart(form.from, tenant.timeZone),
      to: form.to ? dayStart(nextDay(form.to), tenant.timeZone) : null,
    });
  };
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
  });
  const page = data?.auditLog;

  return (
    <section data-testid="audit">
      <h1>{t("audit.title")}</h1>
      <p className="muted">{t("audit.intro")}</p>
      <form onKeyDown={enterSubmitsComplete()} className="card row wrap" onSubmit={search} data-testid="audit-filter">
        <label>
          {t("audit.actor")}
          <input name="actor" placeholder="operator@astana" {...field("actor")} />
        </label>
        <label>
          {t("audit.action")}
          <input name="action" placeholder="resident." {...field("action")} />
        </label>
        <label>
          {t("audit.entity")}
          <input name="entity" placeholder="resident" {...field("entity")} />
        </label>
        <label>
          {t("audit.entityId")}
          <input name="entityId" {...field("entityId")} />
        </label>
        <label>
          {t("audit.from")}
          <input name="from" type="date" {...field("from")} />
        </label>
        <label>
          {t("audit.to")}
          <input name="to" type="date" {...field("to")} />
        </label>
        <div className="buttons">
          <button type="submit">{t("audit.search")}</button>
          <button type="button" className="secondary" disabled={exporting.pending} onClick={() => exporting.run()}>
            {t("audit.export")}
          </button>
        </div>
      </form>
      <ErrorText error={error ?? exporting.error} />
      <Table label={t("audit.title")} testId="audit-entries" loading={!page && !error} empty={t("audit.none")} head={[t("audit.at"), t("audit.actor"), t("audit.action"), t("audit.entity"), t("audit.details")]}>
        {(page?.nodes ?? []).map((e) => (
          <tr key={e.id}>
            <td>
              <small>{dateTime(e.at)}</small>
            </td>
            <td title={e.actor}>{e.actorName ?? actor(e.actor)}</td>
            <td>
              <code>{e.action}</code>
            </td>
            <td>
              {e.entity}
              {e.entityId ? ` ${e.entityId}` : ""}
            </td>
            <td>
              <small className="pre">{e.details === "{}" ? "" : e.details}</small>
            </td>
          </tr>
        ))}
      </Table>
      <div className="buttons">
        {after.length > 0 && (
          <button type="button" className="secondary" onClick={() => setAfter(after.slice(0, -1))}>
            {t("audit.newer")}
          </button>
        )}
        {page?.pageInfo.hasNextPage && page.pageInfo.endCursor && (
          <button type="button" className="secondary" onClick={() => setAfter([...after, page.pageInfo.endCursor as string])}>
            {t("audit.older")}
          </button>
        )}
      </div>
    </section>
  );
}
