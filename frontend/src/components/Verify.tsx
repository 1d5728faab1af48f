// Phone verification with a one-time code; the resident token it earns is kept for the tab.
// Filing and tracking an appeal and voting in the rating all sit behind it.
import { useEffect, useState, type FormEvent, type ReactNode } from "react";

import { gql } from "../api/client";
import { CODE_REFUSAL_MESSAGES, codeRefusal, errorInfo, invalid } from "../api/errors";
import { residentSession } from "../api/session";
import { graphql } from "../gql";
import type { Language } from "../gql/graphql";
import { useI18n } from "../i18n/i18n";
import { useTenant } from "../tenant/tenant";
import { ErrorText, useFormErrors } from "./errors";
import { useAction } from "./hooks";
import { displayPhone, formatPhone, nationalDigits, normalizedPhone } from "./phone";

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

/** How long a new code waits after the last one was sent. */
export const RESEND_SECONDS = 60;

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

/** The clock, ticking every second while `running`. */
function useNow(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}

/** Shows `children` to a verified resident, and the verification form to anyone else. */
export function Verified({ children }: { children: (resident: { token: string; phone: string }, signOut: () => void) => ReactNode }) {
  const tenant = useTenant();
  const { t, lang, duration } = useI18n();
  const { resident, signIn, signOut } = useResident();
  // The ten national digits; the field shows them as +7 (7xx) xxx-xx-xx.
  const [digits, setDigits] = useState("");
  const [code, setCode] = useState("");
  // The code's life in seconds once one is sent; null: none asked for yet.
  const [validFor, setValidFor] = useState<number | null>(null);
  const [sentTo, setSentTo] = useState("");
  // When a new code may be asked for (epoch ms).
  const [resendAt, setResendAt] = useState(0);
  const now = useNow(resendAt > 0);
  const phone = normalizedPhone(digits);
  const request = useAction(async () => {
    if (!phone) throw invalid("phone");
    try {
      const data = await gql(tenant.slug, RequestCodeDocument, { phone, language: lang.toUpperCase() as Language }, { anonymous: true });
      setValidFor(data.requestVerificationCode);
      setSentTo(phone);
      setCode("");
      verify.setError(null);
      setResendAt(Date.now() + RESEND_SECONDS * 1000);
    } catch (e) {
      const wait = errorInfo(e).retryAfter;
      if (wait) setResendAt(Date.now() + wait * 1000);
      throw e;
    }
  });
  const verify = useAction(async () => {
    if (!/^\d{4,8}$/.test(code.trim())) throw invalid("code");
    const data = await gql(tenant.slug, VerifyDocument, { phone: sentTo, code: code.trim() }, { anonymous: true });
    signIn(data.verifyPhone.token, sentTo);
  });
  const phoneErrors = useFormErrors(request.error, ["phone"]);
  if (resident) {
    return (
      <div>
        <p className="ok" data-testid="verified">
          {t("portal.verified", { phone: displayPhone(resident.phone) })}{" "}
          <button type="button" className="link" onClick={signOut}>
            {t("common.signOut")}
          </button>
        </p>
        {children(resident, signOut)}
      </div>
    );
  }
  const sent = validFor !== null;
  const waiting = resendAt > now;
  const refused = codeRefusal(verify.error);
  const codeError = refused
    ? t(CODE_REFUSAL_MESSAGES[refused.reason]) +
      (refused.reason === "WRONG_CODE" && refused.triesLeft !== undefined ? ` ${t("verify.triesLeft", { n: refused.triesLeft })}` : "")
    : verify.error && errorInfo(verify.error).field === "code"
      ? t("verify.codeFormat")
      : null;
  const changeNumber = () => {
    setValidFor(null);
    setCode("");
    verify.setError(null);
    request.setError(null);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!sent) request.run();
    else verify.run();
  };
  return (
    <form className="card verify" onSubmit={submit} data-testid="verify" noValidate>
      <h2>{t("portal.verifyTitle")}</h2>
      <p className="muted">{t("portal.verifyHint")}</p>
      {!sent ? (
        <label className="required">
          {t("common.phone")}
          <input
            name="phone"
            type="tel"
            autoComplete="tel"
            inputMode="tel"
            required
            placeholder="+7 (7__) ___-__-__"
            value={formatPhone(digits)}
            onChange={(e) => setDigits(nationalDigits(e.target.value))}
            {...phoneErrors.field("phone")}
          />
          {phoneErrors.message("phone")}
        </label>
      ) : (
        <>
          <p data-testid="code-sent">
            {t("verify.sentTo", { phone: displayPhone(sentTo), minutes: Math.round((validFor ?? 0) / 60) })}{" "}
            <button type="button" className="link" onClick={changeNumber}>
              {t("verify.changeNumber")}
            </button>
          </p>
          <label className="required">
            {t("portal.code")}
            <input
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              autoFocus
              maxLength={8}
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ""))}
              aria-invalid={codeError ? true : undefined}
              aria-describedby={codeError ? "verify-code-error" : undefined}
            />
            {codeError && (
              <span className="field-error" id="verify-code-error" role="alert" data-code={errorInfo(verify.error).code}>
                {codeError}
              </span>
            )}
          </label>
        </>
      )}
      <ErrorText error={phoneErrors.rest} />
      {!refused && !codeError && <ErrorText error={verify.error} />}
      <div className="buttons">
        <button type="submit" disabled={request.pending || verify.pending || (!sent && waiting)}>
          {sent ? t("portal.checkCode") : t("portal.sendCode")}
        </button>
        {sent && (
          <button type="button" className="secondary" disabled={waiting || request.pending} onClick={() => request.run()}>
            {t("verify.resend")}
          </button>
        )}
      </div>
      {waiting && (
        <p className="muted" data-testid="resend-wait">
          {t("verify.resendIn", { wait: duration(resendAt - now + 999) })}
        </p>
      )}
    </form>
  );
}
