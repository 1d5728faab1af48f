import { Link } from "react-router";

import { useI18n } from "../i18n/i18n";
import { useTenant } from "../tenant/tenant";
import { PORTAL_LINKS } from "./PortalShell";

export function PortalHome() {
  const tenant = useTenant();
  const { t, pick } = useI18n();
  return (
    <section className="hero">
      <h1>{t("portal.welcome", { brand: tenant.brand, city: pick(tenant.city) })}</h1>
      <p>{pick(tenant.name)}</p>
      <p className="lead">{t("portal.call", { phone: tenant.phone })}</p>
      <ul className="cards">
        {PORTAL_LINKS.map(([to, key]) => (
          <li key={to} className="card">
            <Link to={`/t/${tenant.slug}/${to}`}>{t(key)}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
