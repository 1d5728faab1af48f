// The city's buildings and who manages them: placed on the map, edited from their row (a change of
// managing organization is kept in the building's management history), switched off.
import { useMemo, useState, type FormEvent } from "react";

import { gql } from "../../api/client";
import { ActiveToggle } from "../../components/ActiveToggle";
import { enterSubmitsComplete } from "../../components/enter";
import { ErrorText, useFormErrors } from "../../components/errors";
import { FormButtons } from "../../components/FormButtons";
import { useAction, useLoad } from "../../components/hooks";
import { MapView } from "../../components/MapView";
import { OrgPick, type PickedOrg } from "../../components/picks";
import { Table } from "../../components/Table";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";

const BuildingsDocument = graphql(`
  query AdminBuildings($search: String) {
    buildings(search: $search, includeInactive: true, page: { first: 100 }) {
      nodes { id code address addressKk district lat lon apartments managementForm active managingOrganization { id kind names { kk ru en } } }
    }
  }
`);

const CreateDocument = graphql(`
  mutation CreateBuilding($input: BuildingInput!) {
    createBuilding(input: $input) { id code }
  }
`);

const UpdateDocument = graphql(`
  mutation UpdateBuilding($id: ID!, $input: BuildingInput!) {
    updateBuilding(id: $id, input: $input) { id code }
  }
`);

const ActiveDocument = graphql(`
  mutation SetBuildingActive($id: ID!, $active: Boolean!) {
    setBuildingActive(id: $id, active: $active) { id active }
  }
`);

const EMPTY = { code: "", address: "", addressKk: "", district: "", apartments: "" };

/** The management form that goes with a managing organization's kind (none for the others). */
function formOf(kind: string | null | undefined): "KSK" | "OSI" | "MANAGEMENT_COMPANY" | null {
  return kind === "KSK" || kind === "OSI" || kind === "MANAGEMENT_COMPANY" ? kind : null;
}

export function Buildings() {
  const tenant = useTenant();
  const { t, pick, number, district } = useI18n();
  const [search, setSearch] = useState("");
  const [form, setForm] = useState(EMPTY);
  const [point, setPoint] = useState<{ lat: number; lon: number } | null>(null);
  const [org, setOrg] = useState<PickedOrg | null>(null);
  const [editing, setEditing] = useState<{ id: string; code: string } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const list = useLoad(() => gql(tenant.slug, BuildingsDocument, { search: search.trim() || null }), [search]);
  const clear = () => {
    setForm(EMPTY);
    setPoint(null);
    setOrg(null);
    setEditing(null);
  };
  const save = useAction(async () => {
    const input = {
      address: form.address.trim(),
      addressKk: form.addressKk.trim(),
      district: form.district.trim() || null,
      apartments: Number(form.apartments) || 0,
      lat: point?.lat ?? null,
      lon: point?.lon ?? null,
      managingOrgId: org?.id ?? null,
      managementForm: formOf(org?.kind),
    };
    if (editing) await gql(tenant.slug, UpdateDocument, { id: editing.id, input });
    else await gql(tenant.slug, CreateDocument, { input: { ...input, code: form.code.trim() } });
    setSaved(editing?.code ?? form.code.trim());
    clear();
    await list.reload();
  });
  const toggle = useAction(async (id: string, active: boolean) => {
    await gql(tenant.slug, ActiveDocument, { id, active });
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
  const errors = useFormErrors(save.error, ["code", "address", "apartments", "managingOrgId", "lat"]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    save.run();
  };
  return (
    <section>
      <h1>{t("admin.buildingsTitle")}</h1>
      <div className="grid2">
        <form onKeyDown={enterSubmitsComplete()} className="card form-grid" onSubmit={submit} data-testid="building-form">
          <h2>{editing ? t("admin.buildingEdit", { code: editing.code }) : t("admin.buildingAdd")}</h2>
          {(["code", "address", "addressKk", "district", "apartments"] as const).filter((k) => !editing || k !== "code").map((k) => (
            <label key={k} className={k !== "district" && k !== "addressKk" ? "required" : undefined}>
              {k === "code"
                ? t("common.code")
                : k === "address"
                  ? t("common.address")
                  : k === "addressKk"
                    ? t("common.addressKk")
                    : k === "district"
                      ? t("common.district")
                      : t("admin.apartments")}
              <input
                name={k}
                required={k !== "district" && k !== "addressKk"}
                inputMode={k === "apartments" ? "numeric" : undefined}
                value={form[k]}
                onChange={(e) => setForm({ ...form, [k]: e.target.value })}
                {...errors.field(k)}
              />
              {errors.message(k)}
            </label>
          ))}
          <OrgPick
            label={t("admin.managedBy")}
            picked={org}
            onPick={setOrg}
            aria={errors.field("managingOrgId")}
            message={errors.message("managingOrgId")}
          />
          <p className="muted">{point ? t("portal.pointSet", { lat: number(point.lat, 5), lon: number(point.lon, 5) }) : t("portal.point")}</p>
          {errors.message("lat")}
          <ErrorText error={errors.rest} />
          {saved && <p className="ok">{t("admin.buildingSaved", { code: saved })}</p>}
          <FormButtons editing={editing !== null} pending={save.pending} onCancel={clear} />
        </form>
        <MapView label={t("admin.buildingsTitle")} layers={features} point={point} onPick={setPoint} height={380} />
      </div>
      <input type="search" placeholder={t("common.search")} aria-label={t("common.search")} value={search} onChange={(e) => setSearch(e.target.value)} />
      <ErrorText error={list.error ?? toggle.error} />
      <Table label={t("admin.buildingsTitle")} testId="buildings" loading={list.loading && !list.data} head={[t("common.code"), t("common.address"), t("common.district"), t("admin.apartments"), t("admin.managedBy"), t("common.status")]}>
        {list.data?.buildings.nodes.map((b) => (
          <tr key={b.id} className={b.active ? undefined : "inactive"}>
            <td>
              <button
                type="button"
                className="link"
                title={t("common.edit")}
                onClick={() => {
                  setSaved(null);
                  setEditing({ id: b.id, code: b.code });
                  setForm({ code: b.code, address: b.address, addressKk: b.addressKk ?? "", district: b.district ?? "", apartments: String(b.apartments) });
                  setPoint({ lat: b.lat, lon: b.lon });
                  setOrg(b.managingOrganization ?? null);
                  window.scrollTo({ top: 0 });
                }}
              >
                {b.code}
              </button>
            </td>
            <td>{b.address}</td>
            <td>{b.district ? district(b.district) : "—"}</td>
            <td>{number(b.apartments)}</td>
            <td>{b.managingOrganization ? pick(b.managingOrganization.names) : "—"}</td>
            <td>
              <ActiveToggle active={b.active} onToggle={() => toggle.run(b.id, !b.active)} />
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
