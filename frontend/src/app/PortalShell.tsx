// The city's public portal, in its brand.
import { NavLink, Outlet } from "react-router";

import { Menu } from "../components/Menu";
import { LanguageSwitch, useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages/en";
import { useTenant } from "../tenant/tenant";

export const PORTAL_LINKS: [string, MessageKey][] = [
  ["submit", "nav.submit"],
  ["track", "nav.track"],
  ["rating", "nav.rating"],
  ["works", "nav.works"],
  ["permits", "nav.permits"],
];

export function PortalShell() {
  const tenant = useTenant();
  const { t } = useI18n();
  const base = `/t/${tenant.slug}`;
  return (
    <div className="shell portal">
      <header className="topbar brandbar">
        <NavLink to={base} end className="brand">
          {tenant.brand}
        </NavLink>
        <Menu label={t("nav.menu")}>
          <nav>
            {PORTAL_LINKS.map(([to, key]) => (
              <NavLink key={to} to={`${base}/${to}`}>
                {t(key)}
              </NavLink>
            ))}
          </nav>
          <a className="phone" href={`tel:${tenant.phone}`}>
            {tenant.phone}
          </a>
          <LanguageSwitch />
        </Menu>
      </header>
      <main className="page">
        <Outlet />
      </main>
      <footer className="muted">
        <NavLink to={`${base}/staff`}>{t("nav.staff")}</NavLink>
      </footer>
    </div>
  );
}
