// The excavation permit registry: a permit is drawn on the map (one click: a point, more: a line)
// and closed once the surface is restored, which stops the reminders to the holder and the police.
import { useMemo, useState, type FormEvent } from "react";

import { gql } from "../../api/client";
import { hasRole, useStaffSession } from "../../api/session";
import { enterSubmitsComplete } from "../../components/enter";
import { ErrorText, useFormErrors } from "../../components/errors";
import { useAction, useLoad } from "../../components/hooks";
import { MapView } from "../../components/MapView";
import { OrgPick, type PickedOrg } from "../../components/picks";
import { Table } from "../../components/Table";
import { graphql } from "../../gql";
import { todayIn } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";

const PermitsDocument = graphql(`
  query PermitRegistry {
    permits { id number workType address geometry restoreBy closedOn status notifyCount holder { kk ru en } }
  }
`);

const CreateDocument = graphql(`
  mutation CreatePermit($input: PermitCreate!) {
    createPermit(input: $input) { id number }
  }
`);

const CloseDocument = graphql(`
  mutation ClosePermit($id: ID!, $closedOn: NaiveDate!) {
    closePermit(id: $id, closedOn: $closedOn) { id status }
  }
`);

const EMPTY = { number: "", workType: "", address: "", issuedOn: "", workFrom: "", workTo: "", restoreBy: "" };
type Point = { lat: number; lon: number };

/** One point is a Point; two or more, in the order clicked, a LineString. */
export function geometryOf(points: Point[]): GeoJSON.Point | GeoJSON.LineString | null {
  if (points.length === 0) return null;
  if (points.length === 1) return { type: "Point", coordinates: [points[0].lon, points[0].lat] };
  return { type: "LineString", coordinates: points.map((p) => [p.lon, p.lat]) };
}

export function PermitRegistry() {
  const tenant = useTenant();
  const current = useStaffSession(tenant.slug);
  const { t, pick, date, label, number } = useI18n();
  const [form, setForm] = useState(() => ({ ...EMPTY, issuedOn: todayIn(tenant.timeZone) }));
  const [holder, setHolder] = useState<PickedOrg | null>(null);
  const [points, setPoints] = useState<Point[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const editor = hasRole(current, "CITY_ADMIN", "SUPERVISOR");
  const list = useLoad(() => gql(tenant.slug, PermitsDocument), [tenant.slug]);
  const create = useAction(async () => {
    const geometry = geometryOf(points);
    const data = await gql(tenant.slug, CreateDocument, {
      input: {
        ...form,
        number: form.number.trim(),
        workType: form.workType.trim(),
        address: form.address.trim(),
        holderOrgId: holder?.id ?? "",
        geometry: geometry ? JSON.stringify(geometry) : "",
      },
    });
    setSaved(data.createPermit.number);
    setForm({ ...EMPTY, issuedOn: form.issuedOn });
    setHolder(null);
    setPoints([]);
    await list.reload();
  });
  const close = useAction(async (id: string) => {
    await gql(tenant.slug, CloseDocument, { id, closedOn: todayIn(tenant.timeZone) });
    await list.reload();
  });
  const layers = useMemo(() => {
    const drawn = geometryOf(points);
    const permits = (list.data?.permits ?? []).filter((p) => p.status !== "CLOSED");
    return [
      {
        data: {
          type: "FeatureCollection" as const,
          features: permits.map((p) => ({
            type: "Feature" as const,
            properties: { number: p.number, address: p.address, status: p.status },
            geometry: JSON.parse(p.geometry) as GeoJSON.Geometry,
          })),
        },
        color: (f: GeoJSON.Feature) => (f.properties?.status === "OVERDUE" ? "#c0392b" : "#e67e22"),
        popup: (f: GeoJSON.Feature) => `${f.properties?.number ?? ""} — ${f.properties?.address ?? ""}`,
      },
      ...(drawn
        ? [{ data: { type: "FeatureCollection" as const, features: [{ type: "Feature" as const, properties: {}, geometry: drawn }] }, color: () => "#1d5fa8" }]
        : []),
    ];
  }, [list.data, points]);
  const errors = useFormErrors(create.error, ["number", "holderOrgId", "workType", "address", "geometry", "restoreBy"]);
  const set = (key: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    create.run();
  };
  const dateField = (key: "issuedOn" | "workFrom" | "workTo" | "restoreBy") => (
    <label className="required">
      {t(`permits.${key}`)}
      <input name={key} type="date" required value={form[key]} onChange={set(key)} {...errors.field(key)} />
      {errors.message(key)}
    </label>
  );
  return (
    <section>
      <h1>{t("permits.title")}</h1>
      {editor && (
        <div className="grid2">
          <form onKeyDown={enterSubmitsComplete()} className="card form-grid" onSubmit={submit} data-testid="permit-form">
            <h2>{t("permits.add")}</h2>
            <label className="required">
              {t("queue.number")}
              <input name="number" required maxLength={50} value={form.number} onChange={set("number")} {...errors.field("number")} />
              {errors.message("number")}
            </label>
            <OrgPick
              label={t("portal.holder")}
              testId="permit-holder"
              required
              picked={holder}
              onPick={setHolder}
              aria={errors.field("holderOrgId")}
              message={errors.message("holderOrgId")}
            />
            <label className="required">
              {t("portal.workType")}
              <input name="workType" required maxLength={300} value={form.workType} onChange={set("workType")} {...errors.field("workType")} />
              {errors.message("workType")}
            </label>
            <label className="required">
              {t("common.address")}
              <input name="address" required maxLength={300} value={form.address} onChange={set("address")} {...errors.field("address")} />
              {errors.message("address")}
            </label>
            {dateField("issuedOn")}
            {dateField("workFrom")}
            {dateField("workTo")}
            {dateField("restoreBy")}
            {errors.message("geometry")}
            <p className="muted" data-testid="permit-points">
              {t("permits.drawn", { n: points.length })}{" "}
              {points.length > 0 && (
                <button type="button" className="link" onClick={() => setPoints([])}>
                  {t("permits.clear")}
                </button>
              )}
            </p>
            <ErrorText error={errors.rest} />
            {saved && <p className="ok">{t("permits.saved", { number: saved })}</p>}
            <div className="buttons">
              <button type="submit" disabled={create.pending}>
                {t("common.add")}
              </button>
            </div>
          </form>
          <MapView label={t("permits.title")} layers={layers} onPick={(p) => setPoints((was) => [...was, p])} height={460} />
        </div>
      )}
      {!editor && <MapView label={t("permits.title")} layers={layers} height={360} />}
      <ErrorText error={list.error ?? close.error} />
      <Table label={t("permits.title")}
        testId="permit-registry"
        loading={list.loading && !list.data}
        empty={t("permits.none")}
        head={[t("queue.number"), t("common.address"), t("portal.workType"), t("portal.holder"), t("portal.restoreBy"), t("common.status"), t("permits.reminders"), ""]}
      >
        {list.data?.permits.map((p) => (
          <tr key={p.id} className={p.status === "CLOSED" ? "inactive" : undefined}>
            <td>{p.number}</td>
            <td>{p.address}</td>
            <td>{p.workType}</td>
            <td>{pick(p.holder)}</td>
            <td>{date(p.restoreBy)}</td>
            <td>
              {label("permit", p.status)} {p.closedOn && <small>{date(p.closedOn)}</small>}
            </td>
            <td>{number(p.notifyCount)}</td>
            <td>
              {editor && p.status !== "CLOSED" && (
                <button type="button" className="link" disabled={close.pending} onClick={() => close.run(p.id)}>
                  {t("permits.close")}
                </button>
              )}
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
