// The bar's navigation on a narrow screen: a button shows and hides it (a disclosure, its state in
// `aria-expanded`); following a link closes it, and so does Escape, which gives the focus back to
// the button. On a wide screen the content stands in the bar and the button is not shown (CSS).
import { useId, useRef, useState, type ReactNode } from "react";
import { useLocation } from "react-router";

export function Menu({ label, children }: { label: string; children: ReactNode }) {
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const { pathname } = useLocation();
  // Open on the page it was opened on: a followed link closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  return (
    <>
      <button
        ref={button}
        type="button"
        className="menu-toggle"
        aria-expanded={open}
        aria-controls={id}
        data-testid="menu-toggle"
        onClick={() => setOpenOn(open ? null : pathname)}
      >
        <span className="bars" aria-hidden="true">
          ☰
        </span>
        {label}
      </button>
      <div
        id={id}
        className={open ? "menu open" : "menu"}
        onKeyDown={(e) => {
          if (e.key === "Escape" && open) {
            setOpenOn(null);
            button.current?.focus();
          }
        }}
      >
        {children}
      </div>
    </>
  );
}
