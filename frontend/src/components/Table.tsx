import type { ReactNode } from "react";

/** A data table: the column headings, then the rows the caller renders. */
export function Table({ head, testId, children }: { head: ReactNode[]; testId?: string; children: ReactNode }) {
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          {head.map((h, i) => (
            <th key={i}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
