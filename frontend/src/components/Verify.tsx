// Phone verification with a one-time code; the resident token it earns is kept for the tab.
// Filing and tracking an appeal and voting in the rating all sit behind it.
import { useState, type FormEvent, type ReactNode } from "react";

import { gql } from "../api/client";
import { residentSession } from "../api/session";
import { graphql } from "../gql";
import type { Language } from "../gql/graphql";
import { useI18n } from "../i18n/i18n";
import { useTenant } from "../tenant/tenant";
import { ErrorText } from "./errors";
import { useAction } from "./hooks";

const RequestCodeDocument = graphql(`
  mutation RequestCode($phone: String!, $language: Language) {
    requestVerificationCode(phone: $phone, language: $language)
  }
`);

const VerifyDocument = graphql(`
  mutation VerifyPhone($phone: String!, $code: String!) {
    verifyPhone(phone: $phone, code: $code) { token expiresIn residentId }
  }
`);

export function useResident() {
  const tenant = useTenant();
  const [current, setCurrent] = useState(() => residentSession.get(tenant.slug));
  return {
    resident: current,
    signIn: (token: string, phone: string) => {
      residentSession.save(tenant.slug, token, phone);
      setCurrent({ token, phone });
    },
    signOut: () => {
      residentSession.clear(tenant.slug);
      setCurrent(undefined);
    },
  };
}

/** Shows `children` to a verified resident, and the verification form to anyone else. */
export function Verified({ children }: { children: (resident: { token: string; phone: string }, signOut: () => void) => ReactNode }) {
  const tenant = useTenant();
  const { t, lang } = useI18n();
  const { resident, signIn, signOut } = useResident();
  const [phone, setPhone] = useState("");
  const [code, setCode] = useState("");
  const [validFor, setValidFor] = useState<number | null>(null);
  const request = useAction(async () => {
    const data = await gql(tenant.slug, RequestCodeDocument, { phone: phone.trim(), language: lang.toUpperCase() as Language }, { anonymous: true });
    setValidFor(data.requestVerificationCode);
  });
  const verify = useAction(async () => {
    const data = await gql(tenant.slug, VerifyDocument, { phone: phone.trim(), code: code.trim() }, { anonymous: true });
    signIn(data.verifyPhone.token, phone.trim());
  });
  if (resident) {
    return (
      <div>
        <p className="ok" data-testid="verified">
          {t("portal.verified", { phone: resident.phone })}{" "}
          <button type="button" className="link" onClick={signOut}>
            {t("common.signOut")}
          </button>
        </p>
        {children(resident, signOut)}
      </div>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (validFor === null) request.run();
    else verify.run();
  };
  return (
    <form className="card verify" onSubmit={submit} data-testid="verify">
      <h2>{t("portal.verifyTitle")}</h2>
      <p className="muted">{t("portal.verifyHint")}</p>
      <label>
        {t("common.phone")}
        <input name="phone" type="tel" autoComplete="tel" required value={phone} onChange={(e) => setPhone(e.target.value)} disabled={validFor !== null} />
      </label>
      {validFor !== null && (
        <>
          <p className="muted">{t("portal.codeSent", { minutes: Math.round(validFor / 60) })}</p>
          <label>
            {t("portal.code")}
            <input name="code" inputMode="numeric" autoComplete="one-time-code" required autoFocus value={code} onChange={(e) => setCode(e.target.value)} />
          </label>
        </>
      )}
      <ErrorText error={request.error ?? verify.error} />
      <button type="submit" disabled={request.pending || verify.pending}>
        {validFor === null ? t("portal.sendCode") : t("portal.checkCode")}
      </button>
    </form>
  );
}
