// Enter in a form of several fields: pressed in a one-line field it submits only a complete form
// (the browser's implicit submission would send half of it, and answer with refusals).
import type { KeyboardEvent } from "react";

/** Input types Enter does not submit from, or that do their own thing with it. */
const NOT_TEXT = new Set(["submit", "button", "reset", "checkbox", "radio", "file", "image", "color", "range"]);

/** Whether every required control of `form` has a value (a search box: an item picked). */
export function formComplete(form: HTMLFormElement): boolean {
  const required = form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(
    "input[required], textarea[required], select[required], [aria-required='true']",
  );
  return [...required].every((control) => {
    if (control.disabled) return true;
    if (control.getAttribute("role") === "combobox") return control.dataset.picked === "true";
    if (control instanceof HTMLInputElement && control.type === "checkbox") return control.checked;
    if (control instanceof HTMLInputElement && control.type === "file") return (control.files?.length ?? 0) > 0;
    return control.value.trim() !== "";
  });
}

/**
 * A form's `onKeyDown`: Enter in a one-line field submits only when the form is complete —
 * `complete` where the required controls alone do not say it (one of several places will do,
 * say), else when every required control has a value. The submit button always submits.
 */
export function enterSubmitsComplete(complete?: boolean) {
  return (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== "Enter" || e.defaultPrevented || e.nativeEvent.isComposing) return;
    const target = e.target;
    if (!(target instanceof HTMLInputElement) || NOT_TEXT.has(target.type)) return;
    if (complete ?? formComplete(e.currentTarget)) return;
    e.preventDefault();
  };
}
