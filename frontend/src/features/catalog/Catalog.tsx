// The service catalog: search in any language, add or edit a service type, switch one off, and
// import a CSV (every row or none).
import { useState } from "react";

import { gql } from "../../api/client";
import { ActiveToggle } from "../../components/ActiveToggle";
import { ErrorText } from "../../components/errors";
import { useAction, useLoad } from "../../components/hooks";
import { Table } from "../../components/Table";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";
import { ServiceTypeForm } from "./ServiceTypeForm";

const CatalogDocument = graphql(`
  query AdminCatalog($search: String) {
    serviceTypes(search: $search, includeInactive: true, page: { first: 100 }) {
      nodes { id code appealType responsible deadlineValue deadlineUnit requiresPhoto active names { kk ru en } }
    }
  }
`);

const ActiveDocument = graphql(`
  mutation SetServiceTypeActive($id: ID!, $active: Boolean!) {
    setCatalogEntryActive(level: SERVICE_TYPE, id: $id, active: $active)
  }
`);

const ImportDocument = graphql(`
  mutation ImportCatalog($csv: String!) {
    importCatalogCsv(csv: $csv) { created updated }
  }
`);

export function Catalog() {
  const tenant = useTenant();
  const { t, label, pick } = useI18n();
  const [search, setSearch] = useState("");
  const [imported, setImported] = useState<{ created: number; updated: number } | null>(null);
  // The service type in the form (null: the form adds one), and the last one saved.
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const list = useLoad(() => gql(tenant.slug, CatalogDocument, { search: search.trim() || null }), [search]);
  const upload = useAction(async (file: File) => {
    setImported(null);
    const data = await gql(tenant.slug, ImportDocument, { csv: await file.text() });
    setImported(data.importCatalogCsv);
    await list.reload();
  });
  const toggle = useAction(async (id: string, active: boolean) => {
    await gql(tenant.slug, ActiveDocument, { id, active });
    await list.reload();
  });
  return (
    <section>
      <h1>{t("admin.catalogTitle")}</h1>
      <ServiceTypeForm
        editing={editing}
        onDone={(code) => {
          setEditing(null);
          setSaved(code);
          if (code) list.reload();
        }}
      />
      {saved && <p className="ok">{t("catalog.saved", { code: saved })}</p>}
      <div className="card">
        <label>
          {t("admin.import")}
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) upload.run(file);
              e.target.value = "";
            }}
          />
        </label>
        <ErrorText error={upload.error} />
        {imported && <p className="ok">{t("admin.imported", imported)}</p>}
      </div>
      <input type="search" placeholder={t("intake.serviceSearch")} aria-label={t("common.search")} value={search} onChange={(e) => setSearch(e.target.value)} />
      <ErrorText error={list.error ?? toggle.error} />
      <Table label={t("admin.catalogTitle")} testId="catalog" loading={list.loading && !list.data} head={[t("common.code"), t("common.name"), t("common.kind"), t("appeal.organization"), t("admin.deadline"), t("common.status")]}>
        {list.data?.serviceTypes.nodes.map((s) => (
          <tr key={s.id} className={s.active ? undefined : "inactive"}>
            <td>
              <button
                type="button"
                className="link"
                title={t("common.edit")}
                onClick={() => {
                  setSaved(null);
                  setEditing(s.id);
                  window.scrollTo({ top: 0 });
                }}
              >
                {s.code}
              </button>
            </td>
            <td>{pick(s.names)}</td>
            <td>{label("appealType", s.appealType)}</td>
            <td>{s.responsible === "housing" ? t("catalog.housing") : label("orgKind", s.responsible.toUpperCase())}</td>
            <td>
              {s.deadlineUnit === "HOURS" ? t("admin.hours", { n: s.deadlineValue }) : t("admin.workingDays", { n: s.deadlineValue })}
            </td>
            <td>
              <ActiveToggle active={s.active} onToggle={() => toggle.run(s.id, !s.active)} />
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
