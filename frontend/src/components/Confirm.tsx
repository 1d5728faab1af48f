// Asks before a dangerous action: a modal dialog that says what will happen, with "Cancel"
// focused, so that Enter or Escape pressed out of habit changes nothing.
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";

import { useI18n } from "../i18n/i18n";

export interface ConfirmRequest {
  title: string;
  /** The consequence, in words. */
  message: string;
  /** The button that goes ahead ("Suspend", "Deactivate"). */
  confirm: string;
}

/** `[dialog, ask]`: render `dialog` once; `ask(request)` resolves true when the user goes ahead. */
export function useConfirm(): [ReactNode, (request: ConfirmRequest) => Promise<boolean>] {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const answer = useRef<((yes: boolean) => void) | null>(null);
  const ask = useCallback(
    (next: ConfirmRequest) =>
      new Promise<boolean>((resolve) => {
        answer.current?.(false);
        answer.current = resolve;
        setRequest(next);
      }),
    [],
  );
  const close = useCallback((yes: boolean) => {
    answer.current?.(yes);
    answer.current = null;
    setRequest(null);
  }, []);
  const dialog = request ? <ConfirmDialog request={request} onClose={close} /> : null;
  return [dialog, ask];
}

function ConfirmDialog({ request, onClose }: { request: ConfirmRequest; onClose: (yes: boolean) => void }) {
  const { t } = useI18n();
  const element = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const id = useId();
  // Focus goes back where it was when the dialog closes.
  const [opener] = useState(() => document.activeElement as HTMLElement | null);
  useEffect(() => {
    const dialog = element.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    cancel.current?.focus();
    return () => opener?.focus?.();
  }, [opener]);
  return (
    <dialog
      ref={element}
      className="confirm"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-message`}
      data-testid="confirm"
      onCancel={(e) => {
        e.preventDefault();
        onClose(false);
      }}
    >
      <h2 id={`${id}-title`}>{request.title}</h2>
      <p id={`${id}-message`}>{request.message}</p>
      <div className="buttons">
        <button type="button" ref={cancel} className="secondary" autoFocus onClick={() => onClose(false)}>
          {t("common.cancel")}
        </button>
        <button type="button" className="danger" onClick={() => onClose(true)}>
          {request.confirm}
        </button>
      </div>
    </dialog>
  );
}
