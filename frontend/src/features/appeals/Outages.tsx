// Planned outages: the operators read their message to callers from the buildings they cover, and
// the appeals about them are linked to the outage instead of being sent out one by one.
import { useState, type FormEvent } from "react";

import { gql } from "../../api/client";
import { CategorySelect } from "../../components/CategorySelect";
import { enterSubmitsComplete } from "../../components/enter";
import { ErrorText, useFormErrors } from "../../components/errors";
import { useAction, useLoad } from "../../components/hooks";
import { BuildingPick, type PickedBuilding } from "../../components/picks";
import { Table } from "../../components/Table";
import { graphql } from "../../gql";
import type { OutageKind } from "../../gql/graphql";
import { fromZonedInput } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";

const OutagesDocument = graphql(`
  query Outages {
    outages { id kind categoryId startsAt endsAt message { kk ru en } }
  }
`);

const AnnounceDocument = graphql(`
  mutation AnnounceOutage($input: OutageAnnouncement!) {
    announceOutage(input: $input) { id }
  }
`);

const KINDS: OutageKind[] = ["WATER", "HOT_WATER", "HEATING", "ELECTRICITY", "GAS"];
const EMPTY = { kind: "WATER" as OutageKind, category: "", starts: "", ends: "", kk: "", ru: "", en: "" };

export function Outages() {
  const tenant = useTenant();
  const { t, pick, label, dateTime } = useI18n();
  const [form, setForm] = useState(EMPTY);
  const [buildings, setBuildings] = useState<PickedBuilding[]>([]);
  const [saved, setSaved] = useState(false);
  const list = useLoad(() => gql(tenant.slug, OutagesDocument), [tenant.slug]);
  const announce = useAction(async () => {
    await gql(tenant.slug, AnnounceDocument, {
      input: {
        kind: form.kind,
        categoryId: form.category || null,
        buildingIds: buildings.map((b) => b.id),
        startsAt: fromZonedInput(form.starts, tenant.timeZone),
        endsAt: fromZonedInput(form.ends, tenant.timeZone),
        message: { kk: form.kk.trim(), ru: form.ru.trim(), en: form.en.trim() },
      },
    });
    setForm(EMPTY);
    setBuildings([]);
    setSaved(true);
    await list.reload();
  });
  const errors = useFormErrors(announce.error, ["endsAt", "buildingIds", "message.kk", "message.ru", "message.en", "categoryId"]);
  const set = (key: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    announce.run();
  };
  return (
    <section>
      <h1>{t("outage.title")}</h1>
      <form onKeyDown={enterSubmitsComplete()} className="card form-grid" onSubmit={submit} data-testid="outage-form">
        <h2>{t("outage.announce")}</h2>
        <label>
          {t("common.kind")}
          <select name="kind" value={form.kind} onChange={set("kind")}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {label("outageKind", k)}
              </option>
            ))}
          </select>
        </label>
        <CategorySelect
          label={t("outage.category")}
          name="category"
          value={form.category}
          onChange={(category) => setForm({ ...form, category })}
          none={t("outage.anyCategory")}
        />
        <label className="required">
          {t("outage.starts")}
          <input name="starts" type="datetime-local" required value={form.starts} onChange={set("starts")} />
        </label>
        <label className="required">
          {t("outage.ends")}
          <input name="ends" type="datetime-local" required value={form.ends} onChange={set("ends")} {...errors.field("endsAt")} />
          {errors.message("endsAt")}
        </label>
        <div className="wide">
          <BuildingPick
            label={t("outage.buildings")}
            testId="outage-building"
            required
            aria={errors.field("buildingIds")}
            message={errors.message("buildingIds")}
            picked={null}
            onPick={(b) => b && !buildings.some((x) => x.id === b.id) && setBuildings([...buildings, b])}
          />
          <ul className="chips" data-testid="outage-buildings">
            {buildings.map((b) => (
              <li key={b.id}>
                {b.address}{" "}
                <button type="button" className="link" aria-label={t("common.remove")} onClick={() => setBuildings(buildings.filter((x) => x.id !== b.id))}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        </div>
        {(["kk", "ru", "en"] as const).map((l) => (
          <label key={l} className="wide required">
            {t(`outage.message.${l}`)}
            <textarea name={`message-${l}`} rows={2} required value={form[l]} onChange={set(l)} {...errors.field(`message.${l}`)} />
            {errors.message(`message.${l}`)}
          </label>
        ))}
        <ErrorText error={errors.rest} />
        {saved && <p className="ok">{t("outage.announced")}</p>}
        <div className="buttons">
          <button type="submit" disabled={announce.pending}>
            {t("outage.announce")}
          </button>
        </div>
      </form>
      <h2>{t("outage.current")}</h2>
      <ErrorText error={list.error} />
      <Table label={t("outage.current")} testId="outages" loading={list.loading && !list.data} empty={t("outage.none")} head={[t("common.kind"), t("outage.starts"), t("outage.ends"), t("outage.message")]}>
        {list.data?.outages.map((o) => (
          <tr key={o.id}>
            <td>{label("outageKind", o.kind)}</td>
            <td>{dateTime(o.startsAt)}</td>
            <td>{dateTime(o.endsAt)}</td>
            <td>{pick(o.message)}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
