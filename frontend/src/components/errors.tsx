// Errors as the user reads them: the code's text in their language, and the server's detail
// for validation (which names the field at fault).
import { GqlError } from "../api/client";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages/en";

export function ErrorText({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const code = error instanceof GqlError ? error.code : "INTERNAL";
  const detail = error instanceof GqlError && (code === "VALIDATION" || code === "CONFLICT") ? error.message : "";
  return (
    <p className="error" role="alert" data-code={code}>
      {t(`error.${code}` as MessageKey)}
      {detail && <span className="detail"> {detail}</span>}
    </p>
  );
}
