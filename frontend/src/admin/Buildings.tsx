// The city's buildings and who manages them; new buildings placed on the map.
import { useMemo, useState, type FormEvent } from "react";

import { gql } from "../api/client";
import { graphql } from "../gql";
import { useI18n } from "../i18n/i18n";
import { MapView } from "../map/MapView";
import { useTenant } from "../tenant/tenant";
import { ErrorText } from "../ui/errors";
import { Table } from "../ui/Table";
import { useAction, useLoad } from "../ui/hooks";
import { OrgPick, type PickedOrg } from "../ui/picks";

const BuildingsDocument = graphql(`
  query AdminBuildings($search: String) {
    buildings(search: $search, includeInactive: true, page: { first: 100 }) {
      nodes { id code address district lat lon apartments managementForm active managingOrganization { names { kk ru en } } }
    }
  }
`);

const CreateDocument = graphql(`
  mutation CreateBuilding($input: BuildingInput!) {
    createBuilding(input: $input) { id code }
  }
`);

export function Buildings() {
  const tenant = useTenant();
  const { t, pick, number } = useI18n();
  const [search, setSearch] = useState("");
  const [form, setForm] = useState({ code: "", address: "", district: "", apartments: "" });
  const [point, setPoint] = useState<{ lat: number; lon: number } | null>(null);
  const [org, setOrg] = useState<PickedOrg | null>(null);
  const list = useLoad(() => gql(tenant.slug, BuildingsDocument, { search: search.trim() || null }), [search]);
  const create = useAction(async () => {
    const managed = org?.kind === "KSK" || org?.kind === "OSI" || org?.kind === "MANAGEMENT_COMPANY";
    await gql(tenant.slug, CreateDocument, {
      input: {
        code: form.code.trim(),
        address: form.address.trim(),
        district: form.district.trim() || null,
        apartments: Number(form.apartments) || 0,
        lat: point?.lat ?? null,
        lon: point?.lon ?? null,
        managingOrgId: org?.id ?? null,
        managementForm: managed ? (org?.kind === "MANAGEMENT_COMPANY" ? "MANAGEMENT_COMPANY" : (org?.kind as "KSK" | "OSI")) : null,
      },
    });
    setForm({ code: "", address: "", district: "", apartments: "" });
    setPoint(null);
    setOrg(null);
    await list.reload();
  });
  const features = useMemo(
    () => [
      {
        data: {
          type: "FeatureCollection" as const,
          features: (list.data?.buildings.nodes ?? []).map((b) => ({
            type: "Feature" as const,
            properties: { address: b.address },
            geometry: { type: "Point" as const, coordinates: [b.lon, b.lat] },
          })),
        },
        popup: (f: GeoJSON.Feature) => String(f.properties?.address ?? ""),
      },
    ],
    [list.data],
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.run();
  };
  return (
    <section>
      <h1>{t("admin.buildingsTitle")}</h1>
      <div className="grid2">
        <form className="card form-grid" onSubmit={submit}>
          <h2>{t("admin.buildingAdd")}</h2>
          {(["code", "address", "district", "apartments"] as const).map((k) => (
            <label key={k}>
              {k === "code" ? t("common.code") : k === "address" ? t("common.address") : k === "district" ? t("common.district") : t("admin.apartments")}
              <input
                name={k}
                required={k !== "district"}
                inputMode={k === "apartments" ? "numeric" : undefined}
                value={form[k]}
                onChange={(e) => setForm({ ...form, [k]: e.target.value })}
              />
            </label>
          ))}
          <OrgPick label={t("admin.managedBy")} picked={org} onPick={setOrg} />
          <p className="muted">{point ? t("portal.pointSet", { lat: point.lat, lon: point.lon }) : t("portal.point")}</p>
          <ErrorText error={create.error} />
          <button type="submit" disabled={create.pending}>
            {t("common.add")}
          </button>
        </form>
        <MapView label={t("admin.buildingsTitle")} layers={features} point={point} onPick={setPoint} height={380} />
      </div>
      <input type="search" placeholder={t("common.search")} aria-label={t("common.search")} value={search} onChange={(e) => setSearch(e.target.value)} />
      <ErrorText error={list.error} />
      <Table head={[t("common.code"), t("common.address"), t("common.district"), t("admin.apartments"), t("admin.managedBy")]}>
        {list.data?.buildings.nodes.map((b) => (
          <tr key={b.id} className={b.active ? undefined : "inactive"}>
            <td>{b.code}</td>
            <td>{b.address}</td>
            <td>{b.district ?? "—"}</td>
            <td>{number(b.apartments)}</td>
            <td>{b.managingOrganization ? pick(b.managingOrganization.names) : "—"}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
