// The city admin's side of the public works queues: add an entry for a building (its address and
// apartments come from the building) or for a bare address, and edit it as the works go on.
import { useState, type FormEvent } from "react";

import { gql } from "../../api/client";
import { enterSubmitsComplete } from "../../components/enter";
import { ErrorText, useFormErrors } from "../../components/errors";
import { FormButtons } from "../../components/FormButtons";
import { useAction, useLoad } from "../../components/hooks";
import { BuildingPick, type PickedBuilding } from "../../components/picks";
import { Table } from "../../components/Table";
import { graphql } from "../../gql";
import type { Language, WorksStatus } from "../../gql/graphql";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";

const QueueDocument = graphql(`
  query WorksRegistry($program: String!, $lang: Language) {
    worksQueue(program: $program, lang: $lang) {
      id position buildingId address apartments appeals areaM2 contractor costTenge plannedStart plannedEnd status statusLabel
    }
  }
`);

const SaveDocument = graphql(`
  mutation SaveWorksEntry($id: ID, $input: WorksEntryInput!) {
    saveWorksEntry(id: $id, input: $input)
  }
`);

const STATUSES: WorksStatus[] = ["PLANNED", "IN_PROGRESS", "DONE", "CANCELLED"];
const EMPTY = { address: "", apartments: "", areaM2: "", contractor: "", costTenge: "", plannedStart: "", plannedEnd: "", status: "PLANNED" as WorksStatus };

export function WorksRegistry() {
  const tenant = useTenant();
  const { t, lang, number, date, label } = useI18n();
  const [program, setProgram] = useState("yard_asphalt");
  const [form, setForm] = useState(EMPTY);
  const [building, setBuilding] = useState<PickedBuilding | null>(null);
  // The entry being edited (its building is kept unless another is picked).
  const [editing, setEditing] = useState<{ id: string; position: number; buildingId: string | null } | null>(null);
  const [saved, setSaved] = useState(false);
  const list = useLoad(
    () => gql(tenant.slug, QueueDocument, { program: program.trim() || "yard_asphalt", lang: lang.toUpperCase() as Language }),
    [program, lang],
  );
  const save = useAction(async () => {
    const opt = (v: string) => v.trim() || null;
    const int = (v: string) => (v.trim() ? Number(v) : null);
    await gql(tenant.slug, SaveDocument, {
      id: editing?.id ?? null,
      input: {
        program: program.trim(),
        buildingId: building?.id ?? editing?.buildingId ?? null,
        address: opt(form.address),
        apartments: int(form.apartments),
        areaM2: Number(form.areaM2.replace(",", ".")),
        contractor: opt(form.contractor),
        costTenge: int(form.costTenge),
        plannedStart: opt(form.plannedStart),
        plannedEnd: opt(form.plannedEnd),
        status: form.status,
      },
    });
    setForm(EMPTY);
    setBuilding(null);
    setEditing(null);
    setSaved(true);
    await list.reload();
  });
  const errors = useFormErrors(save.error, ["program", "address", "apartments", "areaM2", "costTenge", "plannedEnd", "buildingId"]);
  const set = (key: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    save.run();
  };
  const field = (key: keyof typeof EMPTY, text: string, props: { required?: boolean; type?: string; numeric?: boolean } = {}) => (
    <label className={props.required ? "required" : undefined}>
      {text}
      <input
        name={key}
        type={props.type ?? "text"}
        required={props.required}
        inputMode={props.numeric ? "decimal" : undefined}
        value={form[key]}
        onChange={set(key)}
        {...errors.field(key)}
      />
      {errors.message(key)}
    </label>
  );
  return (
    <section>
      <h1>{t("works.title")}</h1>
      <label>
        {t("works.program")}
        <input name="program" value={program} onChange={(e) => setProgram(e.target.value)} {...errors.field("program")} />
        {errors.message("program")}
      </label>
      <form onKeyDown={enterSubmitsComplete()} className="card form-grid" onSubmit={submit} data-testid="works-form">
        <h2>{editing ? t("works.edit", { position: editing.position }) : t("works.add")}</h2>
        <BuildingPick
          testId="works-building"
          picked={building}
          onPick={setBuilding}
          aria={errors.field("buildingId")}
          message={errors.message("buildingId")}
        />
        <p className="muted">{t("works.buildingHint")}</p>
        {field("address", t("common.address"))}
        {field("apartments", t("admin.apartments"), { numeric: true })}
        {field("areaM2", t("portal.area"), { required: true, numeric: true })}
        {field("contractor", t("works.contractor"))}
        {field("costTenge", t("works.cost"), { numeric: true })}
        {field("plannedStart", t("works.plannedStart"), { type: "date" })}
        {field("plannedEnd", t("works.plannedEnd"), { type: "date" })}
        <label>
          {t("common.status")}
          <select name="status" value={form.status} onChange={set("status")}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {label("works", s)}
              </option>
            ))}
          </select>
        </label>
        <ErrorText error={errors.rest} />
        {saved && <p className="ok">{t("common.saved")}</p>}
        <FormButtons editing={editing !== null} pending={save.pending} onCancel={() => { setEditing(null); setForm(EMPTY); }} />
      </form>
      <ErrorText error={list.error} />
      <Table label={t("works.title")}
        testId="works-registry"
        loading={list.loading && !list.data}
        empty={t("works.none")}
        head={[t("portal.position"), t("common.address"), t("admin.apartments"), t("portal.appeals"), t("portal.area"), t("works.contractor"), t("common.status")]}
      >
        {list.data?.worksQueue.map((w) => (
          <tr key={w.id}>
            <td>{number(w.position)}</td>
            <td>
              <button
                type="button"
                className="link"
                title={t("common.edit")}
                onClick={() => {
                  setSaved(false);
                  setBuilding(null);
                  setEditing({ id: w.id, position: w.position, buildingId: w.buildingId ?? null });
                  setForm({
                    address: w.address,
                    apartments: String(w.apartments),
                    areaM2: lang === "en" ? String(w.areaM2) : String(w.areaM2).replace(".", ","),
                    contractor: w.contractor ?? "",
                    costTenge: w.costTenge === null || w.costTenge === undefined ? "" : String(w.costTenge),
                    plannedStart: w.plannedStart ?? "",
                    plannedEnd: w.plannedEnd ?? "",
                    status: w.status ?? "PLANNED",
                  });
                  window.scrollTo({ top: 0 });
                }}
              >
                {w.address}
              </button>
            </td>
            <td>{number(w.apartments)}</td>
            <td>{number(w.appeals)}</td>
            <td>{number(w.areaM2, w.areaM2 % 1 ? 1 : 0)}</td>
            <td>{w.contractor ?? "—"}</td>
            <td>
              {w.statusLabel} {w.plannedStart && <small>{date(w.plannedStart)}</small>}
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
