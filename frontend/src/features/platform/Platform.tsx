// The platform admin's page: every city, onboarding from a manifest, suspend and resume (inside
// the platform's shell, which signs the admin in).
import { useState, type FormEvent } from "react";

import { gql } from "../../api/client";
import { useStaffSession } from "../../api/session";
import { useConfirm } from "../../components/Confirm";
import { ErrorText, useFormErrors } from "../../components/errors";
import { useAction, useLoad } from "../../components/hooks";
import { Table } from "../../components/Table";
import { graphql } from "../../gql";
import type { OnboardTenantMutation } from "../../gql/graphql";
import { tenantStatusKey } from "../../i18n/codes";
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
  const { t, pick, dateTime, number } = useI18n();
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
  const [dialog, confirm] = useConfirm();
  const suspend = useAction(async (slug: string, suspended: boolean) => {
    await gql("platform", SuspendDocument, { slug, suspended });
    await list.reload();
  });
  // Suspending takes a whole city off the air: asked first, with what it means.
  const toggle = async (city: { slug: string; brand: string; status: string }) => {
    const suspending = city.status !== "suspended";
    if (
      suspending &&
      !(await confirm({
        title: t("platform.suspendTitle", { city: city.brand }),
        message: t("platform.suspendConsequence", { city: city.brand }),
        confirm: t("platform.suspend"),
      }))
    )
      return;
    await suspend.run(city.slug, suspending);
  };
  const errors = useFormErrors(onboard.error, ["manifest"]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onboard.run();
  };
  return (
    <>
      <h1>{t("platform.title")}</h1>
      <ErrorText error={list.error ?? suspend.error} />
      {dialog}
      <Table label={t("platform.title")} testId="tenants" loading={list.loading && !list.data} head={[t("common.code"), t("common.name"), t("common.status"), <span className="sr-only">{t("common.actions")}</span>]}>
        {list.data?.tenants.map((c) => (
          <tr key={c.slug}>
            <td>
              <a href={`/t/${c.slug}`}>{c.slug}</a>
            </td>
            <td>
              <b>{c.brand}</b> — {pick(c.name)} <small>{dateTime(c.updatedAt)}</small>
            </td>
            <td>
              <span className={c.status === "suspended" ? "badge danger" : "badge"} data-status={c.status}>
                {t(tenantStatusKey(c.status))}
              </span>
            </td>
            <td>
              <button type="button" className="link" disabled={suspend.pending} onClick={() => toggle(c)}>
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
          <textarea
            name="manifest"
            rows={12}
            className="mono"
            required
            value={manifest}
            onChange={(e) => setManifest(e.target.value)}
            {...errors.field("manifest")}
          />
          {errors.message("manifest")}
        </label>
        <label>
          {t("platform.manifestFile")}
          <input
            type="file"
            name="manifestFile"
            accept=".toml,text/plain"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (file) setManifest(await file.text());
            }}
          />
        </label>
        <ErrorText error={errors.rest} />
        {report && <p className="ok">{t("platform.onboarded", { slug: report.slug, organizations: number(report.organizations), buildings: number(report.buildings) })}</p>}
        <button type="submit" disabled={onboard.pending}>
          {t("platform.onboard")}
        </button>
      </form>
    </>
  );
}
