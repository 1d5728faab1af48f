// The platform admin's page: every city, onboarding from a manifest, suspend and resume (inside
// the platform's shell, which signs the admin in).
import { useState, type FormEvent } from "react";

import { gql } from "../../api/client";
import { useStaffSession } from "../../api/session";
import { ErrorText } from "../../components/errors";
import { useAction, useLoad } from "../../components/hooks";
import { Table } from "../../components/Table";
import { graphql } from "../../gql";
import type { OnboardTenantMutation } from "../../gql/graphql";
import { useI18n } from "../../i18n/i18n";

const TenantsDocument = graphql(`
  query Tenants {
    tenants { slug brand status domain updatedAt name { kk ru en } }
  }
`);

const OnboardDocument = graphql(`
  mutation OnboardTenant($manifest: String!) {
    onboardTenant(manifest: $manifest) { slug created applied organizations buildings serviceTypes { created updated } }
  }
`);

const SuspendDocument = graphql(`
  mutation SetTenantSuspended($slug: String!, $suspended: Boolean!) {
    setTenantSuspended(slug: $slug, suspended: $suspended) { slug status }
  }
`);

export function Platform() {
  const { t, pick, dateTime } = useI18n();
  const current = useStaffSession("platform");
  const [manifest, setManifest] = useState("");
  const [report, setReport] = useState<OnboardTenantMutation["onboardTenant"] | null>(null);
  const list = useLoad(() => (current ? gql("platform", TenantsDocument) : Promise.resolve(undefined)), [current?.accessToken]);
  const onboard = useAction(async () => {
    setReport(null);
    const data = await gql("platform", OnboardDocument, { manifest });
    setReport(data.onboardTenant);
    await list.reload();
  });
  const suspend = useAction(async (slug: string, suspended: boolean) => {
    await gql("platform", SuspendDocument, { slug, suspended });
    await list.reload();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onboard.run();
  };
  return (
    <>
      <h1>{t("platform.title")}</h1>
      <ErrorText error={list.error ?? suspend.error} />
      <Table testId="tenants" head={[t("common.code"), t("common.name"), t("common.status"), ""]}>
        {list.data?.tenants.map((c) => (
          <tr key={c.slug}>
            <td>
              <a href={`/t/${c.slug}`}>{c.slug}</a>
            </td>
            <td>
              <b>{c.brand}</b> — {pick(c.name)} <small>{dateTime(c.updatedAt)}</small>
            </td>
            <td>{c.status}</td>
            <td>
              <button type="button" className="link" onClick={() => suspend.run(c.slug, c.status !== "suspended")}>
                {c.status === "suspended" ? t("platform.resume") : t("platform.suspend")}
              </button>
            </td>
          </tr>
        ))}
      </Table>
      <form className="card" onSubmit={submit}>
        <h2>{t("platform.onboard")}</h2>
        <label>
          {t("platform.manifest")}
          <textarea name="manifest" rows={12} className="mono" required value={manifest} onChange={(e) => setManifest(e.target.value)} />
        </label>
        <input
          type="file"
          accept=".toml,text/plain"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (file) setManifest(await file.text());
          }}
        />
        <ErrorText error={onboard.error} />
        {report && <p className="ok">{t("platform.onboarded", { slug: report.slug, organizations: report.organizations, buildings: report.buildings })}</p>}
        <button type="submit" disabled={onboard.pending}>
          {t("platform.onboard")}
        </button>
      </form>
    </>
  );
}
