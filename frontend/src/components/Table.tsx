import { Children, useLayoutEffect, useRef, useState, type ReactNode, type ThHTMLAttributes } from "react";

import { useI18n } from "../i18n/i18n";

interface Props {
  head: ReactNode[];
  /** Attributes of the column headings, by index (`aria-sort` of a sortable column). */
  headProps?: (ThHTMLAttributes<HTMLTableCellElement> | undefined)[];
  /** What the table is, in words: the name of its box when it scrolls. */
  label: string;
  testId?: string;
  /** Rows are still coming: the table says so instead of calling itself empty. */
  loading?: boolean;
  /** What an empty table says (by default, that there is nothing here yet). */
  empty?: string;
  children?: ReactNode;
}

/** Whether the box's content is wider than the box, followed as either changes size. */
function useOverflow(box: React.RefObject<HTMLElement | null>): boolean {
  const [wider, setWider] = useState(false);
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setWider(element.scrollWidth > element.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, [box]);
  return wider;
}

/**
 * A data table: the column headings, then the rows the caller renders, or why there are none. A
 * table wider than the screen scrolls inside its box (never the page); the box is then a named
 * region reached by Tab, so it scrolls from the keyboard too.
 */
export function Table({ head, headProps, label, testId, loading, empty, children }: Props) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const scrolls = useOverflow(box);
  const none = Children.toArray(children).length === 0;
  return (
    <div ref={box} className="table-scroll" {...(scrolls ? { role: "region", "aria-label": label, tabIndex: 0 } : {})}>
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={i} {...headProps?.[i]}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {none ? (
            <tr className="empty">
              <td colSpan={head.length} className="muted" data-testid="table-empty">
                {loading ? t("common.loading") : (empty ?? t("common.empty"))}
              </td>
            </tr>
          ) : (
            children
          )}
        </tbody>
      </table>
    </div>
  );
}
