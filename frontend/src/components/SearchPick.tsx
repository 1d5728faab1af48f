// A search box with a list to pick from, as the ARIA combobox pattern has it: the box is a
// `combobox` whose `aria-expanded` says whether its `listbox` shows, `aria-controls` names the
// list and `aria-activedescendant` the highlighted `option`; the focus stays in the box. Type to
// search, ↓/↑ to move (↓ opens a closed list), Enter to pick, Escape to close the list (and, with
// the list closed, to clear the box). The list is the server's, in its order (it ranks the
// matches); ↓, ↑ and Enter pressed before the answer for what was typed has come are kept and
// applied to that answer, so a quick "type, ↓, Enter" never picks from the list before.
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

type Key = "down" | "up" | "enter";

/**
 * Keys pressed before an answer of `count` items came, applied to it: the highlighted option
 * (the first to begin with) and whether Enter picked it.
 */
export function replay(keys: readonly Key[], count: number): { active: number; pick: boolean } {
  let active = 0;
  for (const key of keys) {
    if (key === "down") active = Math.max(0, Math.min(active + 1, count - 1));
    else if (key === "up") active = Math.max(active - 1, 0);
    else return { active, pick: count > 0 };
  }
  return { active, pick: false };
}

function SearchPickInner<T>(
  { label, placeholder, search, render, onPick, picked, testId, required, aria, message }: Props<T>,
  ref: React.ForwardedRef<HTMLInputElement>,
) {
  const [text, setText] = useState("");
  const [items, setItems] = useState<T[]>([]);
  // The text the shown items answer; another text means an answer is on its way.
  const [itemsFor, setItemsFor] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  // Keys pressed while the answer was on its way, applied to it when it comes.
  const queued = useRef<Key[]>([]);
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
          if (!live) return;
          const keys = queued.current;
          queued.current = [];
          const { active: at, pick } = replay(keys, found.length);
          setItems(found);
          setItemsFor(text);
          setActive(at);
          if (pick && found[at]) choose(found[at]);
        })
        .catch(() => {
          if (!live) return;
          queued.current = [];
          setItems([]);
          setItemsFor(text);
        });
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, open, search]);
  const shown = open && items.length > 0;
  // The highlighted option stays in sight as it moves.
  useEffect(() => {
    if (shown) list.current?.querySelector(`[id="${optionId(active)}"]`)?.scrollIntoView?.({ block: "nearest" });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active, shown]);
  function choose(item: T) {
    queued.current = [];
    onPick(item);
    setText("");
    setOpen(false);
  }
  // The answer for the typed text has not come yet.
  const waiting = open && itemsFor !== text;
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
            if ((e.key === "ArrowDown" || e.key === "ArrowUp") && open && waiting) {
              e.preventDefault();
              queued.current.push(e.key === "ArrowDown" ? "down" : "up");
            } else if (e.key === "ArrowDown") {
              e.preventDefault();
              if (!open) setOpen(true);
              else setActive((i) => Math.max(0, Math.min(i + 1, items.length - 1)));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              if (!open) setOpen(true);
              else setActive((i) => Math.max(i - 1, 0));
            } else if (e.key === "Enter" && open && waiting && text.trim()) {
              // Picked from the answer to what was typed, once it comes.
              e.preventDefault();
              queued.current.push("enter");
            } else if (e.key === "Enter" && shown && items[active]) {
              e.preventDefault();
              choose(items[active]);
            } else if (e.key === "Escape") {
              // Escape is the box's: a dialog or menu around it stays as it is.
              e.stopPropagation();
              queued.current = [];
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
