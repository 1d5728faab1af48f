// The execution table's order: the server's (the worst first) until a column is chosen, then by
// that column; equal rows keep the server's order, and a missing figure (no rating, no share)
// goes last whichever way.
import type { AppealFigures } from "../../gql/graphql";

export type Column = "name" | "received" | "resolvedOnTime" | "resolvedLate" | "openOverdue" | "reopened" | "onTimeShare" | "averageRating";

export interface Sort {
  column: Column;
  descending: boolean;
}

type Figures = Pick<AppealFigures, Exclude<Column, "name">>;

export function sortLines<L extends { figures: Figures }>(lines: readonly L[], sort: Sort | null, name: (line: L) => string): L[] {
  if (!sort) return [...lines];
  const { column, descending } = sort;
  const ranked = lines.map((line, index) => ({ line, index }));
  ranked.sort((a, b) => {
    if (column === "name") {
      const order = name(a.line).localeCompare(name(b.line));
      return (descending ? -order : order) || a.index - b.index;
    }
    const x = a.line.figures[column];
    const y = b.line.figures[column];
    const missingX = x === null || x === undefined;
    const missingY = y === null || y === undefined;
    if (missingX || missingY) return missingX === missingY ? a.index - b.index : missingX ? 1 : -1;
    const order = (x as number) - (y as number);
    return (descending ? -order : order) || a.index - b.index;
  });
  return ranked.map((r) => r.line);
}
