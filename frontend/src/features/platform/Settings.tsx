// The city's branding (color, map tiles) and its appeal settings; the page below them (`children`)
// holds the sections of other features: the app puts the city's channels there.
import { useEffect, useState, type FormEvent, type ReactNode } from "react";

import { gql } from "../../api/client";
import { applyBrand } from "../../components/contrast";
import { enterSubmitsComplete } from "../../components/enter";
import { ErrorText, useFormErrors } from "../../components/errors";
import { useAction, useLoad } from "../../components/hooks";
import { Table } from "../../components/Table";
import { graphql } from "../../gql";
import { APPEAL_SETTINGS, settingHintKey, settingKey, type AppealSettingKey } from "../../i18n/codes";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";

const BrandingDocument = graphql(`
  mutation SetBranding($input: BrandingInput!) {
    setBranding(input: $input) { color tileUrl tileAttribution }
  }
`);

const SettingDocument = graphql(`
  mutation SetAppealSetting($key: String!, $value: String!) {
    setAppealSetting(key: $key, value: $value)
  }
`);

// The API has no query for the settings' values; each change is on record in the audit log
// (`settings.set`, the key as the subject, the value in the details), so the newest entry of a
// key is its value, and a key never changed keeps its default.
const SettingHistoryDocument = graphql(`
  query AppealSettingHistory {
    auditLog(filter: { action: "settings.set", entity: "setting" }, page: { first: 200 }) {
      nodes { at entityId details }
    }
  }
`);

/** Each setting's value from its changes, newest first; `null` for one never changed. */
export function currentSettings(changes: { entityId?: string | null; details: string }[]): Record<AppealSettingKey, string | null> {
  const values = Object.fromEntries(APPEAL_SETTINGS.map((s) => [s.key, null])) as Record<AppealSettingKey, string | null>;
  for (const change of changes) {
    const key = change.entityId as AppealSettingKey;
    if (!(key in values) || values[key] !== null) continue;
    try {
      const value = (JSON.parse(change.details) as { value?: unknown }).value;
      if (typeof value === "string" && value.trim()) values[key] = value.trim();
    } catch {
      // A change without readable details tells nothing about the value.
    }
  }
  return values;
}

export function Settings({ children }: { children?: ReactNode }) {
  const tenant = useTenant();
  const { t, number } = useI18n();
  const [branding, setBranding] = useState(tenant.branding);
  const [saved, setSaved] = useState(false);
  const [key, setKey] = useState<AppealSettingKey>(APPEAL_SETTINGS[0].key);
  const [value, setValue] = useState("");
  useEffect(() => setBranding(tenant.branding), [tenant.branding]);
  const history = useLoad(() => gql(tenant.slug, SettingHistoryDocument), [tenant.slug]);
  const values = currentSettings(history.data?.auditLog.nodes ?? []);
  const saveBranding = useAction(async () => {
    const data = await gql(tenant.slug, BrandingDocument, {
      input: { color: branding.color, tileUrl: branding.tileUrl, tileAttribution: branding.tileAttribution },
    });
    applyBrand(data.setBranding.color);
    setSaved(true);
  });
  const saveSetting = useAction(async () => {
    // A decimal comma is as good as a point.
    await gql(tenant.slug, SettingDocument, { key, value: value.trim().replace(",", ".") });
    setValue("");
    setSaved(true);
    await history.reload();
  });
  const brandingErrors = useFormErrors(saveBranding.error, ["color", "tileUrl", "tileAttribution"]);
  const settingErrors = useFormErrors(saveSetting.error, ["value"]);
  const submit = (run: () => unknown) => (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    run();
  };
  /** A setting's value as the language writes numbers. */
  const shown = (setting: (typeof APPEAL_SETTINGS)[number], raw: string) => {
    const n = Number(raw);
    return Number.isFinite(n) ? number(n, setting.decimals && n % 1 !== 0 ? setting.decimals : 0) : raw;
  };
  const picked = APPEAL_SETTINGS.find((s) => s.key === key) ?? APPEAL_SETTINGS[0];
  return (
    <section>
      <h1>{t("admin.settingsTitle")}</h1>
      {saved && <p className="ok">{t("common.saved")}</p>}
      <form onKeyDown={enterSubmitsComplete()} className="card form-grid" onSubmit={submit(saveBranding.run)}>
        <h2>{t("admin.branding")}</h2>
        <label>
          {t("admin.color")}
          <input
            type="color"
            name="color"
            value={branding.color}
            onChange={(e) => setBranding({ ...branding, color: e.target.value })}
            {...brandingErrors.field("color")}
          />
          {brandingErrors.message("color")}
        </label>
        <label>
          {t("admin.tileUrl")}
          <input
            name="tileUrl"
            value={branding.tileUrl}
            onChange={(e) => setBranding({ ...branding, tileUrl: e.target.value })}
            {...brandingErrors.field("tileUrl")}
          />
          {brandingErrors.message("tileUrl")}
        </label>
        <label>
          {t("admin.tileAttribution")}
          <input
            name="tileAttribution"
            maxLength={300}
            value={branding.tileAttribution}
            onChange={(e) => setBranding({ ...branding, tileAttribution: e.target.value })}
            {...brandingErrors.field("tileAttribution")}
          />
          {brandingErrors.message("tileAttribution")}
        </label>
        <ErrorText error={brandingErrors.rest} />
        <button type="submit" disabled={saveBranding.pending}>
          {t("common.save")}
        </button>
      </form>
      <div className="card" data-testid="appeal-settings">
        <h2>{t("admin.appealSettings")}</h2>
        <ErrorText error={history.error} />
        <Table label={t("admin.appealSettings")} head={[t("admin.setting"), t("admin.currentValue"), t("admin.defaultValue")]} loading={history.loading && !history.data}>
          {APPEAL_SETTINGS.map((s) => (
            <tr key={s.key} data-setting={s.key}>
              <td>
                {t(settingKey(s.key))}
                <br />
                <small className="muted">{t(settingHintKey(s.key))}</small>
              </td>
              <td data-testid="setting-value">
                <b>{history.data ? shown(s, values[s.key] ?? s.fallback) : "…"}</b>
                {history.data && values[s.key] === null && <small className="muted"> {t("admin.byDefault")}</small>}
              </td>
              <td>{shown(s, s.fallback)}</td>
            </tr>
          ))}
        </Table>
        <form onKeyDown={enterSubmitsComplete()} className="form-grid" onSubmit={submit(saveSetting.run)}>
          <label>
            {t("admin.setting")}
            <select
              name="setting"
              value={key}
              onChange={(e) => {
                setKey(e.target.value as AppealSettingKey);
                saveSetting.setError(null);
              }}
            >
              {APPEAL_SETTINGS.map((s) => (
                <option key={s.key} value={s.key}>
                  {t(settingKey(s.key))}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("admin.newValue")}
            <input
              name="value"
              required
              inputMode="decimal"
              placeholder={shown(picked, values[picked.key] ?? picked.fallback)}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              {...settingErrors.field("value", "setting-hint")}
            />
            {settingErrors.message("value")}
          </label>
          <small id="setting-hint" className="muted hint">
            {t(settingHintKey(picked.key))}
          </small>
          <ErrorText error={settingErrors.rest} />
          <div className="buttons">
            <button type="submit" disabled={saveSetting.pending}>
              {t("common.save")}
            </button>
          </div>
        </form>
      </div>
      {children}
    </section>
  );
}
