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
import { APPEAL_SETTINGS } from "../../i18n/codes";
import { hasText, useI18n } from "../../i18n/i18n";
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

const SettingsDocument = graphql(`
  query AppealSettings {
    appealSettings { key value default }
  }
`);

export interface SettingRow {
  key: string;
  value: string;
  default: string;
  /** Decimals a value is written with (a share has two). */
  decimals: number;
  /** The value differs from the default. */
  changed: boolean;
}

/** The API's settings as the table lists them, in the API's order; values trimmed. */
export function settingRows(list: readonly { key: string; value: string; default: string }[]): SettingRow[] {
  return list.map((s) => {
    const known = APPEAL_SETTINGS.find((k) => k.key === s.key);
    const value = s.value.trim();
    const fallback = s.default.trim();
    return { key: s.key, value, default: fallback, decimals: known?.decimals ?? 0, changed: value !== fallback };
  });
}

export function Settings({ children }: { children?: ReactNode }) {
  const tenant = useTenant();
  const { t, number, label } = useI18n();
  const [branding, setBranding] = useState(tenant.branding);
  const [saved, setSaved] = useState(false);
  const [key, setKey] = useState<string>(APPEAL_SETTINGS[0].key);
  const [value, setValue] = useState("");
  useEffect(() => setBranding(tenant.branding), [tenant.branding]);
  const settings = useLoad(() => gql(tenant.slug, SettingsDocument), [tenant.slug]);
  const rows = settingRows(settings.data?.appealSettings ?? []);
  const saveBranding = useAction(async () => {
    const data = await gql(tenant.slug, BrandingDocument, {
      input: { color: branding.color, tileUrl: branding.tileUrl, tileAttribution: branding.tileAttribution },
    });
    applyBrand(data.setBranding.color);
    setSaved(true);
  });
  const saveSetting = useAction(async () => {
    // A decimal comma is as good as a point.
    await gql(tenant.slug, SettingDocument, { key: picked?.key ?? key, value: value.trim().replace(",", ".") });
    setValue("");
    setSaved(true);
    await settings.reload();
  });
  const brandingErrors = useFormErrors(saveBranding.error, ["color", "tileUrl", "tileAttribution"]);
  const settingErrors = useFormErrors(saveSetting.error, ["value"]);
  const submit = (run: () => unknown) => (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    run();
  };
  /** A setting's value as the language writes numbers. */
  const shown = (setting: SettingRow, raw: string) => {
    const n = Number(raw);
    return raw !== "" && Number.isFinite(n) ? number(n, setting.decimals && n % 1 !== 0 ? setting.decimals : 0) : raw;
  };
  /** A setting's name and hint; a key the API added later reads as words. */
  const name = (k: string) => label("setting", k);
  const hint = (k: string) => {
    const hintKey = `setting.${k}.hint`;
    return hasText(hintKey) ? t(hintKey) : "";
  };
  const picked = rows.find((s) => s.key === key) ?? rows[0];
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
        <ErrorText error={settings.error} />
        <Table label={t("admin.appealSettings")} head={[t("admin.setting"), t("admin.currentValue"), t("admin.defaultValue")]} loading={settings.loading && !settings.data}>
          {rows.map((s) => (
            <tr key={s.key} data-setting={s.key}>
              <td>
                {name(s.key)}
                <br />
                <small className="muted">{hint(s.key)}</small>
              </td>
              <td data-testid="setting-value">
                <b>{shown(s, s.value)}</b>
                {!s.changed && <small className="muted"> {t("admin.byDefault")}</small>}
              </td>
              <td>{shown(s, s.default)}</td>
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
                setKey(e.target.value);
                saveSetting.setError(null);
              }}
            >
              {rows.map((s) => (
                <option key={s.key} value={s.key}>
                  {name(s.key)}
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
              placeholder={picked ? shown(picked, picked.value) : undefined}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              {...settingErrors.field("value", "setting-hint")}
            />
            {settingErrors.message("value")}
          </label>
          <small id="setting-hint" className="muted hint">
            {picked ? hint(picked.key) : ""}
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
