// The platform's administration (/platform): its own sign-in, then a bar with the admin's name,
// the language and sign-out above the page.
import { Outlet } from "react-router";

import { gql } from "../api/client";
import { LogoutDocument } from "../api/documents";
import { session, useStaffSession } from "../api/session";
import { ErrorDetails } from "../components/errors";
import { Login } from "../features/auth/Login";
import { I18nProvider, LanguageSwitch, useI18n } from "../i18n/i18n";

function Frame() {
  const { t } = useI18n();
  const current = useStaffSession("platform");
  if (!current) return <Login scope="platform" title={t("login.platformTitle")} />;
  return (
    <main className="page">
      <header className="topbar brandbar">
        <strong className="brand">Qala 109</strong>
        <span className="who">{current.user.displayName}</span>
        <LanguageSwitch />
        <button
          type="button"
          className="link"
          onClick={async () => {
            await gql("platform", LogoutDocument).catch(() => undefined);
            session.clear("platform");
          }}
        >
          {t("common.signOut")}
        </button>
      </header>
      <ErrorDetails show>
        <Outlet />
      </ErrorDetails>
    </main>
  );
}

export function PlatformShell() {
  return (
    <I18nProvider timeZone="Asia/Almaty" fallback="ru">
      <Frame />
    </I18nProvider>
  );
}
