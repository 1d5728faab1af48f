// The city's organizations: search, add, deactivate.
import { useState, type FormEvent } from "react";

import { gql } from "../api/client";
import { graphql } from "../gql";
import type { OrgKind } from "../gql/graphql";
import { useI18n } from "../i18n/i18n";
import { useTenant } from "../tenant/tenant";
import { ErrorText } from "../ui/errors";
import { Table } from "../ui/Table";
import { useAction, useLoad } from "../ui/hooks";

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

const ActiveDocument = graphql(`
  mutation SetOrganizationActive($id: ID!, $active: Boolean!) {
    setOrganizationActive(id: $id, active: $active) { id active }
  }
`);

export const ORG_KINDS: OrgKind[] = [
  "DEPARTMENT",
  "DISTRICT_AKIMAT",
  "UTILITY",
  "KSK",
  "OSI",
  "MANAGEMENT_COMPANY",
  "ELEVATOR_OPERATOR",
  "CONTRACTOR",
  "POLICE",
];

const EMPTY = { code: "", kind: "UTILITY" as OrgKind, kk: "", ru: "", en: "", bin: "", district: "", phone: "", email: "", head: "" };

export function Organizations() {
  const tenant = useTenant();
  const { t, label, pick } = useI18n();
  const [search, setSearch] = useState("");
  const [form, setForm] = useState(EMPTY);
  const [created, setCreated] = useState<string | null>(null);
  const list = useLoad(() => gql(tenant.slug, OrganizationsDocument, { search: search.trim() || null }), [search]);
  const create = useAction(async () => {
    const opt = (v: string) => v.trim() || null;
    const data = await gql(tenant.slug, CreateDocument, {
      input: {
        code: form.code.trim(),
        kind: form.kind,
        name: { kk: form.kk.trim(), ru: form.ru.trim(), en: form.en.trim() },
        bin: opt(form.bin),
        district: opt(form.district),
        phone: opt(form.phone),
        email: opt(form.email),
        head: opt(form.head),
      },
    });
    setCreated(data.createOrganization.code);
    setForm(EMPTY);
    await list.reload();
  });
  const toggle = useAction(async (id: string, active: boolean) => {
    await gql(tenant.slug, ActiveDocument, { id, active });
    await list.reload();
  });
  const field = (key: keyof typeof EMPTY, text: string, required = false) => (
    <label>
      {text}
      <input name={key} required={required} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
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
      <form className="card form-grid" onSubmit={submit} data-testid="org-form">
        <h2>{t("admin.orgAdd")}</h2>
        {field("code", t("common.code"), true)}
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
        <ErrorText error={create.error} />
        {created && <p className="ok">{t("admin.orgCreated", { code: created })}</p>}
        <button type="submit" disabled={create.pending}>
          {t("common.add")}
        </button>
      </form>
      <input type="search" placeholder={t("common.search")} aria-label={t("common.search")} value={search} onChange={(e) => setSearch(e.target.value)} />
      <ErrorText error={list.error ?? toggle.error} />
      <Table testId="organizations" head={[t("common.code"), t("common.name"), t("common.kind"), t("common.district"), t("common.phone"), t("common.status")]}>
        {list.data?.organizations.nodes.map((o) => (
          <tr key={o.id} className={o.active ? undefined : "inactive"}>
            <td>{o.code}</td>
            <td>{pick(o.names)}</td>
            <td>{label("orgKind", o.kind)}</td>
            <td>{o.district ?? "—"}</td>
            <td>{o.phone ?? "—"}</td>
            <td>
              <button type="button" className="link" onClick={() => toggle.run(o.id, !o.active)}>
                {o.active ? t("admin.deactivate") : t("admin.activate")}
              </button>
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
