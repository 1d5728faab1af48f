// Staff sign-in for a scope (a city, or the platform).
import { useState, type FormEvent } from "react";

import { gql, GqlError } from "../../api/client";
import { session, type Scope } from "../../api/session";
import { enterSubmitsComplete } from "../../components/enter";
import { ErrorText } from "../../components/errors";
import { useAction } from "../../components/hooks";
import { graphql } from "../../gql";
import { LanguageSwitch, useI18n } from "../../i18n/i18n";

const LoginDocument = graphql(`
  mutation Login($login: String!, $password: String!) {
    login(login: $login, password: $password, cookie: true) {
      accessToken
      expiresIn
      user { id login displayName roles organizationId }
    }
  }
`);

export function Login({ scope, title }: { scope: Scope; title: string }) {
  const { t } = useI18n();
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const { run, pending, error } = useAction(async () => {
    const data = await gql(scope, LoginDocument, { login: login.trim(), password }, { anonymous: true });
    session.save(scope, data.login);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run();
  };
  return (
    <main className="centered">
      <form onKeyDown={enterSubmitsComplete()} className="card login" onSubmit={submit}>
        <header className="topbar">
          <h1>{title}</h1>
          <LanguageSwitch />
        </header>
        <label>
          {t("common.login")}
          <input name="login" autoComplete="username" autoFocus required value={login} onChange={(e) => setLogin(e.target.value)} />
        </label>
        <label>
          {t("common.password")}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error instanceof GqlError && error.code === "UNAUTHENTICATED" ? (
          <p className="error" role="alert" data-code="UNAUTHENTICATED">
            {t("login.wrong")}
          </p>
        ) : (
          <ErrorText error={error} />
        )}
        <button type="submit" disabled={pending}>
          {t("common.signIn")}
        </button>
      </form>
    </main>
  );
}
