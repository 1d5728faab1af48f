// The staff console of a city: sign-in, then the navigation each role needs.
import { Navigate, NavLink, Outlet } from "react-router";

import { gql } from "../api/client";
import { LogoutDocument } from "../api/documents";
import { hasRole, session, useStaffSession, type RoleName } from "../api/session";
import { ErrorDetails } from "../components/errors";
import { Menu } from "../components/Menu";
import { useUnacknowledgedAlerts } from "../features/analytics/alerts";
import { Login } from "../features/auth/Login";
import { LanguageSwitch, useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages/en";
import { useTenant } from "../tenant/tenant";

const LINKS: { to: string; key: MessageKey; roles: RoleName[] }[] = [
  { to: "queue", key: "nav.queue", roles: ["OPERATOR", "SUPERVISOR", "EXECUTOR", "ANALYST", "CITY_ADMIN"] },
  { to: "intake", key: "nav.intake", roles: ["OPERATOR", "SUPERVISOR"] },
  { to: "callbacks", key: "nav.callbacks", roles: ["OPERATOR", "SUPERVISOR"] },
  { to: "supervisor", key: "nav.supervisor", roles: ["SUPERVISOR", "ANALYST", "CITY_ADMIN"] },
  { to: "inbox", key: "nav.inbox", roles: ["SUPERVISOR", "CITY_ADMIN"] },
  { to: "analytics", key: "nav.analytics", roles: ["ANALYST", "SUPERVISOR", "CITY_ADMIN"] },
  { to: "outages", key: "nav.outages", roles: ["OPERATOR", "SUPERVISOR", "CITY_ADMIN"] },
  { to: "permits", key: "nav.permitRegistry", roles: ["SUPERVISOR", "CITY_ADMIN", "OPERATOR", "ANALYST"] },
  { to: "votes", key: "nav.votes", roles: ["CITY_ADMIN"] },
  { to: "admin/organizations", key: "nav.organizations", roles: ["CITY_ADMIN"] },
  { to: "admin/buildings", key: "nav.buildings", roles: ["CITY_ADMIN"] },
  { to: "admin/catalog", key: "nav.catalog", roles: ["CITY_ADMIN"] },
  { to: "admin/works", key: "nav.worksRegistry", roles: ["CITY_ADMIN"] },
  { to: "admin/users", key: "nav.users", roles: ["CITY_ADMIN"] },
  { to: "admin/settings", key: "nav.settings", roles: ["CITY_ADMIN"] },
  { to: "admin/audit", key: "nav.audit", roles: ["CITY_ADMIN"] },
];

export function StaffShell() {
  const tenant = useTenant();
  const { t } = useI18n();
  const current = useStaffSession(tenant.slug);
  // Supervisors see how many of their alerts are new, next to the link to them.
  const unseen = useUnacknowledgedAlerts(tenant.slug, hasRole(current, "SUPERVISOR", "CITY_ADMIN"));
  if (!current) return <Login scope={tenant.slug} title={t("login.title", { brand: tenant.brand })} />;
  const signOut = async () => {
    await gql(tenant.slug, LogoutDocument).catch(() => undefined);
    session.clear(tenant.slug);
  };
  return (
    <div className="shell">
      <header className="topbar brandbar">
        <strong className="brand">{tenant.brand}</strong>
        <Menu label={t("nav.menu")}>
          <nav>
            {LINKS.filter((l) => hasRole(current, ...l.roles)).map((l) => (
              <NavLink key={l.to} to={`/t/${tenant.slug}/staff/${l.to}`}>
                {t(l.key)}
                {l.to === "inbox" && !!unseen && (
                  <>
                    <span className="nav-count" aria-hidden="true" data-testid="inbox-count">
                      {unseen > 99 ? "99+" : unseen}
                    </span>
                    <span className="sr-only">, {t("nav.inboxNew", { n: unseen })}</span>
                  </>
                )}
              </NavLink>
            ))}
          </nav>
          <span className="who" data-testid="who">
            {current.user.displayName}
          </span>
          <LanguageSwitch />
          <button type="button" className="link" onClick={signOut}>
            {t("common.signOut")}
          </button>
        </Menu>
      </header>
      <main className="page">
        {/* City admins also read the server's own words under an error. */}
        <ErrorDetails show={hasRole(current, "CITY_ADMIN")}>
          <Outlet />
        </ErrorDetails>
      </main>
    </div>
  );
}

/** Where a role starts its day. */
export function StaffHome() {
  const tenant = useTenant();
  const current = useStaffSession(tenant.slug);
  const base = `/t/${tenant.slug}/staff`;
  if (hasRole(current, "OPERATOR")) return <Navigate to={`${base}/intake`} replace />;
  if (hasRole(current, "SUPERVISOR")) return <Navigate to={`${base}/supervisor`} replace />;
  if (hasRole(current, "CITY_ADMIN")) return <Navigate to={`${base}/admin/organizations`} replace />;
  if (hasRole(current, "ANALYST")) return <Navigate to={`${base}/analytics`} replace />;
  return <Navigate to={`${base}/queue`} replace />;
}
