// The city's organizations: search, add, deactivate; each one's open systemic cases.
import { useState, type FormEvent } from "react";
import { Link } from "react-router";

import { gql } from "../../api/client";
import { ORG_KINDS } from "../../api/enums";
import { ActiveToggle } from "../../components/ActiveToggle";
import { enterSubmitsComplete } from "../../components/enter";
import { ErrorText, useFormErrors } from "../../components/errors";
import { FormButtons } from "../../components/FormButtons";
import { useAction, useLoad } from "../../components/hooks";
import { OpenCasesList, useOpenCases } from "../../components/OpenCases";
import { Table } from "../../components/Table";
import { graphql } from "../../gql";
import type { OrgKind } from "../../gql/graphql";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";

const OrganizationsDocument = graphql(`
  query AdminOrganizations($search: String, $after: String) {
    organizations(search: $search, includeInactive: true, page: { first: 50, after: $after }) {
      nodes { id code kind names { kk ru en } bin district phone email head active }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const CreateDocument = graphql(`
  mutation CreateOrganization($input: OrganizationInput!) {
    createOrganization(input: $input) { id code }
  }
`);

const UpdateDocument = graphql(`
  mutation UpdateOrganization($id: ID!, $input: OrganizationInput!) {
    updateOrganization(id: $id, input: $input) { id code }
  }
`);

const ActiveDocument = graphql(`
  mutation SetOrganizationActive($id: ID!, $active: Boolean!) {
    setOrganizationActive(id: $id, active: $active) { id active }
  }
`);

const EMPTY = { code: "", kind: "UTILITY" as OrgKind, kk: "", ru: "", en: "", bin: "", district: "", phone: "", email: "", head: "" };

export function Organizations() {
  const tenant = useTenant();
  const { t, label, pick, district, number } = useI18n();
  const [search, setSearch] = useState("");
  const [form, setForm] = useState(EMPTY);
  const [created, setCreated] = useState<string | null>(null);
  // The organization being edited; null: the form adds a new one.
  const [editing, setEditing] = useState<{ id: string; code: string } | null>(null);
  const list = useLoad(() => gql(tenant.slug, OrganizationsDocument, { search: search.trim() || null }), [search]);
  // The systemic cases open now, by organization.
  const cases = useOpenCases();
  const casesOf = (id: string) => (cases.data ?? []).filter((c) => c.organizationId === id);
  const create = useAction(async () => {
    const opt = (v: string) => v.trim() || null;
    const input = {
      kind: form.kind,
      name: { kk: form.kk.trim(), ru: form.ru.trim(), en: form.en.trim() },
      bin: opt(form.bin),
      district: opt(form.district),
      phone: opt(form.phone),
      email: opt(form.email),
      head: opt(form.head),
    };
    if (editing) {
      await gql(tenant.slug, UpdateDocument, { id: editing.id, input });
      setCreated(editing.code);
    } else {
      const data = await gql(tenant.slug, CreateDocument, { input: { ...input, code: form.code.trim() } });
      setCreated(data.createOrganization.code);
    }
    setEditing(null);
    setForm(EMPTY);
    await list.reload();
  });
  const toggle = useAction(async (id: string, active: boolean) => {
    await gql(tenant.slug, ActiveDocument, { id, active });
    await list.reload();
  });
  const errors = useFormErrors(create.error, ["code", "name.kk", "name.ru", "name.en", "bin", "email"]);
  // The API's name of each input where it differs from the form's.
  const apiName: Partial<Record<keyof typeof EMPTY, string>> = { kk: "name.kk", ru: "name.ru", en: "name.en" };
  const field = (key: keyof typeof EMPTY, text: string, required = false) => (
    <label className={required ? "required" : undefined}>
      {text}
      <input
        name={key}
        required={required}
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
        {...errors.field(apiName[key] ?? key)}
      />
      {errors.message(apiName[key] ?? key)}
    </label>
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCreated(null);
    create.run();
  };
  return (
    <section>
      <h1>{t("admin.orgsTitle")}</h1>
      <form onKeyDown={enterSubmitsComplete()} className="card form-grid" onSubmit={submit} data-testid="org-form">
        <h2>{editing ? t("admin.orgEdit", { code: editing.code }) : t("admin.orgAdd")}</h2>
        {!editing && field("code", t("common.code"), true)}
        <label>
          {t("common.kind")}
          <select name="kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as OrgKind })}>
            {ORG_KINDS.map((k) => (
              <option key={k} value={k}>
                {label("orgKind", k)}
              </option>
            ))}
          </select>
        </label>
        {field("kk", t("common.nameKk"), true)}
        {field("ru", t("common.nameRu"), true)}
        {field("en", t("common.nameEn"), true)}
        {field("bin", t("admin.bin"))}
        {field("district", t("common.district"))}
        {field("phone", t("common.phone"))}
        {field("email", t("admin.email"))}
        {field("head", t("admin.head"))}
        <ErrorText error={errors.rest} />
        {created && <p className="ok">{t("admin.orgSaved", { code: created })}</p>}
        <FormButtons editing={editing !== null} pending={create.pending} onCancel={() => { setEditing(null); setForm(EMPTY); }} />
        {editing && casesOf(editing.id).length > 0 && (
          <div className="form-end" data-testid="org-cases">
            <h3>{t("cases.ofOrganization")}</h3>
            <OpenCasesList cases={casesOf(editing.id)} showOrganization={false} />
          </div>
        )}
      </form>
      <input type="search" placeholder={t("common.search")} aria-label={t("common.search")} value={search} onChange={(e) => setSearch(e.target.value)} />
      <ErrorText error={list.error ?? toggle.error} />
      <Table label={t("admin.orgsTitle")} testId="organizations" loading={list.loading && !list.data} head={[t("common.code"), t("common.name"), t("common.kind"), t("common.district"), t("common.phone"), t("common.status")]}>
        {list.data?.organizations.nodes.map((o) => (
          <tr key={o.id} className={o.active ? undefined : "inactive"}>
            <td>
              <button
                type="button"
                className="link"
                title={t("common.edit")}
                onClick={() => {
                  setCreated(null);
                  setEditing({ id: o.id, code: o.code });
                  setForm({
                    code: o.code,
                    kind: o.kind ?? "UTILITY",
                    ...o.names,
                    bin: o.bin ?? "",
                    district: o.district ?? "",
                    phone: o.phone ?? "",
                    email: o.email ?? "",
                    head: o.head ?? "",
                  });
                  window.scrollTo({ top: 0 });
                }}
              >
                {o.code}
              </button>
            </td>
            <td>
              {pick(o.names)}
              {casesOf(o.id).length > 0 && (
                <>
                  {" "}
                  <Link
                    className={`badge ${casesOf(o.id).some((c) => c.overdue) ? "danger" : "warn"}`}
                    to={{ pathname: `/t/${tenant.slug}/staff/analytics/cases`, search: `?org=${o.id}` }}
                    data-testid="org-case-badge"
                  >
                    {t("cases.openCount", { n: number(casesOf(o.id).length) })}
                  </Link>
                </>
              )}
            </td>
            <td>{label("orgKind", o.kind)}</td>
            <td>{o.district ? district(o.district) : "—"}</td>
            <td>{o.phone ?? "—"}</td>
            <td>
              <ActiveToggle active={o.active} onToggle={() => toggle.run(o.id, !o.active)} />
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
