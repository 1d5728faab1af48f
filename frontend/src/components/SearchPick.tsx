// A search box with a list to pick from, worked by keyboard: type, ↓/↑ to move, Enter to pick,
// Escape to clear.
import { forwardRef, useEffect, useId, useState, type ReactNode } from "react";

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
  const listId = useId();
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
  const choose = (item: T) => {
    onPick(item);
    setText("");
    setOpen(false);
  };
  return (
    <div className="searchpick" data-testid={testId}>
      <label className={required ? "required" : undefined}>
        {label}
        <input
          ref={ref}
          role="combobox"
          aria-required={required || undefined}
          {...aria}
          aria-expanded={open}
          aria-controls={listId}
          placeholder={placeholder}
          value={open ? text : picked ? render(picked) : text}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            if (picked) onPick(null);
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") {
              e.preventDefault();
              setActive((i) => Math.min(i + 1, items.length - 1));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setActive((i) => Math.max(i - 1, 0));
            } else if (e.key === "Enter" && open && items[active]) {
              e.preventDefault();
              choose(items[active]);
            } else if (e.key === "Escape") {
              setText("");
              onPick(null);
            }
          }}
        />
        {message}
      </label>
      {open && items.length > 0 && (
        <ul id={listId} role="listbox" className="options">
          {items.map((item, i) => (
            <li
              key={i}
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
      )}
    </div>
  );
}

export const SearchPick = forwardRef(SearchPickInner) as <T>(
  props: Props<T> & { ref?: React.Ref<HTMLInputElement> },
) => React.ReactElement;
