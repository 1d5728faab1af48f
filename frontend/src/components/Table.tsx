import { Children, type ReactNode } from "react";

import { useI18n } from "../i18n/i18n";

interface Props {
  head: ReactNode[];
  testId?: string;
  /** Rows are still coming: the table says so instead of calling itself empty. */
  loading?: boolean;
  /** What an empty table says (by default, that there is nothing here yet). */
  empty?: string;
  children?: ReactNode;
}

/** A data table: the column headings, then the rows the caller renders, or why there are none. */
export function Table({ head, testId, loading, empty, children }: Props) {
  const { t } = useI18n();
  const none = Children.toArray(children).length === 0;
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          {head.map((h, i) => (
            <th key={i}>{h}</th>
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
  );
}
