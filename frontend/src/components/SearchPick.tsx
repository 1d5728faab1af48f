// A search box with a list to pick from, as the ARIA combobox pattern has it: the box is a
// `combobox` whose `aria-expanded` says whether its `listbox` shows, `aria-controls` names the
// list and `aria-activedescendant` the highlighted `option`; the focus stays in the box. Type to
// search, ↓/↑ to move (↓ opens a closed list), Enter to pick, Escape to close the list (and, with
// the list closed, to clear the box).
import { forwardRef, useEffect, useId, useRef, useState, type ReactNode } from "react";

interface Props<T> {
  label: string;
  placeholder?: string;
  search: (text: string) => Promise<T[]>;
  render: (item: T) => string;
  onPick: (item: T | null) => void;
  picked: T | null;
  testId?: string;
  /** Marked as required before anything is sent. */
  required?: boolean;
  /** `aria-invalid` and `aria-describedby` of a refusal (from `useFormErrors`). */
  aria?: { "aria-invalid"?: true; "aria-describedby"?: string };
  /** The refusal shown under the box. */
  message?: ReactNode;
}

function SearchPickInner<T>(
  { label, placeholder, search, render, onPick, picked, testId, required, aria, message }: Props<T>,
  ref: React.ForwardedRef<HTMLInputElement>,
) {
  const [text, setText] = useState("");
  const [items, setItems] = useState<T[]>([]);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const id = useId();
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-option-${i}`;
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (!open) return;
    let live = true;
    const timer = setTimeout(() => {
      search(text)
        .then((found) => {
          if (live) {
            setItems(found);
            setActive(0);
          }
        })
        .catch(() => live && setItems([]));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, open, search]);
  const shown = open && items.length > 0;
  // The highlighted option stays in sight as it moves.
  useEffect(() => {
    if (shown) list.current?.querySelector(`[id="${optionId(active)}"]`)?.scrollIntoView?.({ block: "nearest" });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active, shown]);
  const choose = (item: T) => {
    onPick(item);
    setText("");
    setOpen(false);
  };
  return (
    <div className="searchpick" data-testid={testId}>
      <label className={required ? "required" : undefined}>
        <span id={`${id}-label`}>{label}</span>
        <input
          ref={ref}
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-required={required || undefined}
          {...aria}
          aria-expanded={shown}
          aria-controls={listId}
          aria-activedescendant={shown ? optionId(active) : undefined}
          data-picked={picked ? "true" : "false"}
          placeholder={placeholder}
          value={open ? text : picked ? render(picked) : text}
          // An empty box shows the list at once; a box with an item picked keeps showing it
          // until the user types or presses ↓.
          onFocus={() => !picked && setOpen(true)}
          onClick={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            if (picked) onPick(null);
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") {
              e.preventDefault();
              if (!open) setOpen(true);
              else setActive((i) => Math.min(i + 1, items.length - 1));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              if (!open) setOpen(true);
              else setActive((i) => Math.max(i - 1, 0));
            } else if (e.key === "Enter" && shown && items[active]) {
              e.preventDefault();
              choose(items[active]);
            } else if (e.key === "Escape") {
              // Escape is the box's: a dialog or menu around it stays as it is.
              e.stopPropagation();
              if (shown) {
                setOpen(false);
              } else {
                setText("");
                onPick(null);
              }
            }
          }}
        />
        {message}
      </label>
      <ul id={listId} ref={list} role="listbox" aria-labelledby={`${id}-label`} className="options" hidden={!shown}>
        {shown &&
          items.map((item, i) => (
            <li
              key={i}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={i === active ? "active" : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(item);
              }}
            >
              {render(item)}
            </li>
          ))}
      </ul>
    </div>
  );
}

export const SearchPick = forwardRef(SearchPickInner) as <T>(
  props: Props<T> & { ref?: React.Ref<HTMLInputElement> },
) => React.ReactElement;
