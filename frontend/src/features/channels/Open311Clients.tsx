// The client apps admitted to the city's Open311 GeoReport v2 API: a new app's key is shown once.
import { useState, type FormEvent } from "react";

import { gql } from "../../api/client";
import { ActiveToggle } from "../../components/ActiveToggle";
import { ErrorText } from "../../components/errors";
import { useAction, useLoad } from "../../components/hooks";
import { Table } from "../../components/Table";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";

const ClientsDocument = graphql(`
  query Open311Clients {
    open311Clients { id name active createdAt lastUsedAt }
  }
`);

const CreateDocument = graphql(`
  mutation CreateOpen311Client($name: String!) {
    createOpen311Client(name: $name) { apiKey client { id name } }
  }
`);

const ActiveDocument = graphql(`
  mutation SetOpen311ClientActive($id: ID!, $active: Boolean!) {
    setOpen311ClientActive(id: $id, active: $active) { id active }
  }
`);

export function Open311Clients() {
  const tenant = useTenant();
  const { t, dateTime } = useI18n();
  const [name, setName] = useState("");
  const [issued, setIssued] = useState<{ name: string; key: string } | null>(null);
  const list = useLoad(() => gql(tenant.slug, ClientsDocument), [tenant.slug]);
  const create = useAction(async () => {
    const data = await gql(tenant.slug, CreateDocument, { name: name.trim() });
    setIssued({ name: data.createOpen311Client.client.name, key: data.createOpen311Client.apiKey });
    setName("");
    await list.reload();
  });
  const toggle = useAction(async (id: string, active: boolean) => {
    await gql(tenant.slug, ActiveDocument, { id, active });
    await list.reload();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setIssued(null);
    create.run();
  };
  return (
    <div className="card" data-testid="open311-clients">
      <h2>{t("open311.title")}</h2>
      <p className="muted">{t("open311.hint", { url: `${location.origin}/t/${tenant.slug}/open311/v2/discovery.json` })}</p>
      <form className="row" onSubmit={submit}>
        <label>
          {t("open311.appName")}
          <input name="appName" required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" disabled={create.pending}>
          {t("open311.issue")}
        </button>
      </form>
      <ErrorText error={create.error ?? list.error ?? toggle.error} />
      {issued && (
        <p className="note" data-testid="open311-key">
          {t("open311.keyOnce", { name: issued.name })} <code>{issued.key}</code>
        </p>
      )}
      <Table label={t("open311.title")} head={[t("common.name"), t("open311.lastUsed"), t("common.status")]} loading={list.loading && !list.data} empty={t("open311.none")}>
        {list.data?.open311Clients.map((c) => (
          <tr key={c.id} className={c.active ? undefined : "inactive"}>
            <td>{c.name}</td>
            <td>{c.lastUsedAt ? dateTime(c.lastUsedAt) : t("open311.neverUsed")}</td>
            <td>
              <ActiveToggle active={c.active} onToggle={() => toggle.run(c.id, !c.active)} />
            </td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
