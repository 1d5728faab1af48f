// The front page: the cities of this deployment, each with its portal and staff sign-in.
import { Link } from "react-router";

import { gql } from "../api/client";
import { ErrorText } from "../components/errors";
import { useLoad } from "../components/hooks";
import { graphql } from "../gql";
import { I18nProvider, LanguageSwitch, useI18n } from "../i18n/i18n";

const CitiesDocument = graphql(`
  query Cities {
    cities { slug brand phone city { kk ru en } }
  }
`);

function Cities() {
  const { t, pick } = useI18n();
  const { data, error } = useLoad(() => gql("platform", CitiesDocument, {}, { anonymous: true }), []);
  return (
    <main className="page narrow">
      <header className="topbar">
        <h1>{t("landing.title")}</h1>
        <LanguageSwitch />
      </header>
      <ErrorText error={error} />
      <ul className="cards">
        {data?.cities.map((c) => (
          <li key={c.slug} className="card">
            <h2>{c.brand}</h2>
            <p>{pick(c.city)} · {c.phone}</p>
            <p>
              <Link to={`/t/${c.slug}`}>{t("landing.portal")}</Link> ·{" "}
              <Link to={`/t/${c.slug}/staff`}>{t("landing.staff")}</Link>
            </p>
          </li>
        ))}
      </ul>
      <p>
        <Link to="/platform">{t("landing.platform")}</Link>
      </p>
    </main>
  );
}

export function Landing() {
  return (
    <I18nProvider timeZone="Asia/Almaty" fallback="kk">
      <Cities />
    </I18nProvider>
  );
}
