// The volume of appeals step by step: bars for the period's, a line for the same steps a year
// before. The chart is a picture for the eye; its figures are a table below it, for a screen
// reader and for whoever wants the numbers.
import { useMemo } from "react";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { Table } from "../../components/Table";
import type { DashboardQuery, Granularity } from "../../gql/graphql";
import { useI18n } from "../../i18n/i18n";
import { formatStep } from "../../i18n/format";
import { useSigned } from "./figures";

type Point = DashboardQuery["dashboard"]["volumes"][number];

/** A CSS color of the page's (the city's brand), read once per render of the chart. */
function cssColor(name: string, fallback: string): string {
  if (typeof document === "undefined") return fallback;
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

export function VolumeChart({ points, step }: { points: Point[]; step: Granularity }) {
  const { t, lang, number, date } = useI18n();
  const signed = useSigned();
  const rows = useMemo(
    () => points.map((p) => ({ ...p, label: formatStep(p.start, step, lang) })),
    [points, step, lang],
  );
  const brand = cssColor("--brand-strong", "#1d5fa8");
  const muted = cssColor("--muted", "#5d6b7a");
  const stepText = (p: Point) =>
    step === "DAY" ? date(p.start) : step === "WEEK" ? t("analytics.periodText", { from: date(p.start), to: date(p.end) }) : formatStep(p.start, step, lang);
  return (
    <figure className="chart" data-testid="volume-chart">
      <div className="chart-box" role="img" aria-label={t("analytics.chartLabel")}>
        <ResponsiveContainer width="100%" height={280}>
          <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#d8dee6" vertical={false} />
            <XAxis dataKey="label" tick={{ fill: "#1c2430", fontSize: 12 }} interval="preserveStartEnd" minTickGap={16} />
            <YAxis allowDecimals={false} width={48} tick={{ fill: "#1c2430", fontSize: 12 }} tickFormatter={(v: number) => number(v)} />
            <Tooltip formatter={(v) => number(Number(v))} />
            <Legend />
            <Bar dataKey="received" name={t("analytics.thisTime")} fill={brand} isAnimationActive={false} />
            <Line
              dataKey="yearBefore"
              name={t("analytics.yearBefore")}
              stroke={muted}
              strokeDasharray="5 4"
              strokeWidth={2}
              dot={{ r: 2 }}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <details className="chart-table">
        <summary>{t("analytics.showTable")}</summary>
        <Table
          label={t("analytics.volumes")}
          testId="volume-table"
          head={[t("analytics.bucket"), t("analytics.thisTime"), t("analytics.stepBefore"), t("analytics.change"), t("analytics.yearBefore"), t("analytics.yearChange")]}
        >
          {points.map((p) => (
            <tr key={p.start}>
              <td>{stepText(p)}</td>
              <td>{number(p.received)}</td>
              <td>{number(p.previous)}</td>
              <td>{signed(p.change)}</td>
              <td>{number(p.yearBefore)}</td>
              <td>{signed(p.yearChange)}</td>
            </tr>
          ))}
        </Table>
      </details>
    </figure>
  );
}
