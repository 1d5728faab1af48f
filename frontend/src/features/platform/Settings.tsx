// The city's branding (color, map tiles) and its appeal settings; the page below them (`children`)
// holds the sections of other features: the app puts the city's channels there.
import { useEffect, useState, type FormEvent, type ReactNode } from "react";

import { gql } from "../../api/client";
import { ErrorText } from "../../components/errors";
import { useAction } from "../../components/hooks";
import { graphql } from "../../gql";
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

const KEYS = [
  "warn_share",
  "systemic_threshold",
  "repeat_radius_m",
  "forward_working_days",
  "extension_notice_working_days",
  "permit_notify_interval_hours",
];

export function Settings({ children }: { children?: ReactNode }) {
  const tenant = useTenant();
  const { t } = useI18n();
  const [branding, setBranding] = useState(tenant.branding);
  const [saved, setSaved] = useState(false);
  const [key, setKey] = useState(KEYS[0]);
  const [value, setValue] = useState("");
  useEffect(() => setBranding(tenant.branding), [tenant.branding]);
  const saveBranding = useAction(async () => {
    const data = await gql(tenant.slug, BrandingDocument, {
      input: { color: branding.color, tileUrl: branding.tileUrl, tileAttribution: branding.tileAttribution },
    });
    document.documentElement.style.setProperty("--brand", data.setBranding.color);
    setSaved(true);
  });
  const saveSetting = useAction(async () => {
    await gql(tenant.slug, SettingDocument, { key, value: value.trim() });
    setSaved(true);
  });
  const submit = (run: () => unknown) => (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    run();
  };
  return (
    <section>
      <h1>{t("admin.settingsTitle")}</h1>
      {saved && <p className="ok">{t("common.saved")}</p>}
      <form className="card form-grid" onSubmit={submit(saveBranding.run)}>
        <h2>{t("admin.branding")}</h2>
        <label>
          {t("admin.color")}
          <input type="color" name="color" value={branding.color} onChange={(e) => setBranding({ ...branding, color: e.target.value })} />
        </label>
        <label>
          {t("admin.tileUrl")}
          <input name="tileUrl" value={branding.tileUrl} onChange={(e) => setBranding({ ...branding, tileUrl: e.target.value })} />
        </label>
        <label>
          {t("admin.tileAttribution")}
          <input name="tileAttribution" value={branding.tileAttribution} onChange={(e) => setBranding({ ...branding, tileAttribution: e.target.value })} />
        </label>
        <ErrorText error={saveBranding.error} />
        <button type="submit" disabled={saveBranding.pending}>
          {t("common.save")}
        </button>
      </form>
      <form className="card form-grid" onSubmit={submit(saveSetting.run)}>
        <h2>{t("admin.appealSettings")}</h2>
        <label>
          {t("admin.setting")}
          <select value={key} onChange={(e) => setKey(e.target.value)}>
            {KEYS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("admin.value")}
          <input name="value" required value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
        <ErrorText error={saveSetting.error} />
        <button type="submit" disabled={saveSetting.pending}>
          {t("common.save")}
        </button>
      </form>
      {children}
    </section>
  );
}
