// Errors as the user reads them, in their language (the texts come from `api/errors`): a refused
// input next to its field, with `aria-invalid` and `aria-describedby` on the control; anything
// else above the form's button. Admins also see the server's own words, as a secondary detail.
import { createContext, useContext, useId, type ReactNode } from "react";

import { errorInfo, errorMessage, fieldMessage, type ErrorInfo } from "../api/errors";
import { formatDuration } from "../i18n/format";
import { useI18n } from "../i18n/i18n";

const ShowDetail = createContext(false);

/** Shows the server's words under every error inside (the console's admin pages). */
export function ErrorDetails({ show, children }: { show: boolean; children: ReactNode }) {
  return <ShowDetail.Provider value={show}>{children}</ShowDetail.Provider>;
}

function useErrorText() {
  const { t, lang } = useI18n();
  return (info: ErrorInfo) => {
    const message = errorMessage(info);
    return t(message.key, message.wait ? { wait: formatDuration(message.wait * 1000, lang) } : undefined);
  };
}

function Detail({ info }: { info: ErrorInfo }) {
  const show = useContext(ShowDetail);
  // The server's words add something only where it wrote some (not for a check made here).
  if (!show || !info.detail || info.code === "INTERNAL" || info.code === "NETWORK") return null;
  return (
    <small className="detail" lang="en">
      {info.detail}
    </small>
  );
}

/** The form's error, unless a field shows it (pass `FormErrors.rest`). */
export function ErrorText({ error }: { error: unknown }) {
  const text = useErrorText();
  if (!error) return null;
  const info = errorInfo(error);
  return (
    <p className="error" role="alert" data-code={info.code} data-field={info.field}>
      {text(info)} <Detail info={info} />
    </p>
  );
}

export interface FormErrors {
  /** `aria-invalid` and `aria-describedby` for the control of `field`. */
  field: (field: string, describedBy?: string) => { "aria-invalid"?: true; "aria-describedby"?: string };
  /** The refusal shown under the control of `field`, if it is this field's. */
  message: (field: string) => ReactNode;
  /** Whether `field` is at fault. */
  invalid: (field: string) => boolean;
  /** The error when no field of the form shows it: for the form's `ErrorText`. */
  rest: unknown;
}

/**
 * Places `error` at the form's field it names. `fields` are the API's names of the inputs the
 * form has (`bin`, `name.kk`, `resident.phone`, ...); each needs a text in `api/errors`.
 */
export function useFormErrors(error: unknown, fields: readonly string[]): FormErrors {
  const base = useId();
  const text = useErrorText();
  const info = error ? errorInfo(error) : null;
  const at = info?.field && fields.includes(info.field) && fieldMessage(info.field) ? info.field : null;
  const id = (field: string) => `${base}-error-${field.replace(/\W/g, "-")}`;
  return {
    field: (field, describedBy) =>
      field === at
        ? { "aria-invalid": true, "aria-describedby": describedBy ? `${id(field)} ${describedBy}` : id(field) }
        : describedBy
          ? { "aria-describedby": describedBy }
          : {},
    message: (field) =>
      field === at && info ? (
        <span className="field-error" id={id(field)} role="alert" data-code={info.code} data-field={field}>
          {text(info)} <Detail info={info} />
        </span>
      ) : null,
    invalid: (field) => field === at,
    rest: at ? null : error,
  };
}
