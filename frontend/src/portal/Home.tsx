import { Link } from "react-router";

import { useI18n } from "../i18n/i18n";
import { useTenant } from "../tenant/tenant";

export function PortalHome() {
  const tenant = useTenant();
  const { t, pick } = useI18n();
  const base = `/t/${tenant.slug}`;
  return (
    <section className="hero">
      <h1>{t("portal.welcome", { brand: tenant.brand, city: pick(tenant.city) })}</h1>
      <p>{pick(tenant.name)}</p>
      <p className="lead">{t("portal.call", { phone: tenant.phone })}</p>
      <ul className="cards">
        <li className="card">
          <Link to={`${base}/submit`}>{t("nav.submit")}</Link>
        </li>
        <li className="card">
          <Link to={`${base}/track`}>{t("nav.track")}</Link>
        </li>
        <li className="card">
          <Link to={`${base}/rating`}>{t("nav.rating")}</Link>
        </li>
        <li className="card">
          <Link to={`${base}/works`}>{t("nav.works")}</Link>
        </li>
        <li className="card">
          <Link to={`${base}/permits`}>{t("nav.permits")}</Link>
        </li>
      </ul>
    </section>
  );
}
