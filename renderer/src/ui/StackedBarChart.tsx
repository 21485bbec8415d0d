import { useId, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export type StackedBarSeries = { key: string; name: string; color: string };
export type StackedBarRow = { category: string; values: Record<string, number>; total: number };

type StackedBarChartProps = {
  series: readonly StackedBarSeries[];
  rows: readonly StackedBarRow[];
  /** What the chart shows, for screen readers (the caption of its data table). */
  label: string;
  /** Short category names under the bars ("May ’26"). */
  formatCategory(category: string): string;
  /** The same spelled out, for the tooltip and the data table ("May 2026"). */
  describeCategory(category: string): string;
  /** Exact amounts ("$1,234.56"). */
  formatValue(value: number): string;
  /** Axis ticks ("$1,200"). */
  formatAxisValue(value: number): string;
  height?: number;
};

/**
 * Stacked bars over categories (periods, months), one colour per series, drawn by Recharts
 * (SVG, keyboard-navigable tooltip). Screen readers get the same figures as a table.
 */
export function StackedBarChart({ series, rows, label, formatCategory, describeCategory, formatValue, formatAxisValue, height = 240 }: StackedBarChartProps) {
  const captionId = useId();
  const data = useMemo(() => rows.map((row) => ({ category: row.category, total: row.total, ...row.values })), [rows]);
  const totals = useMemo(() => new Map(rows.map((row) => [row.category, row.total])), [rows]);

  return (
    <figure className="bar-chart" aria-labelledby={captionId}>
      <div className="bar-chart-plot" aria-hidden="true">
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={data} margin={{ top: 8, right: 4, bottom: 0, left: 0 }} barCategoryGap="22%" accessibilityLayer={false}>
            <CartesianGrid vertical={false} stroke="var(--gray-150)" />
            <XAxis dataKey="category" tickFormatter={formatCategory} tickLine={false} axisLine={{ stroke: 'var(--gray-200)' }} tick={{ fontSize: 11.5, fill: 'var(--gray-500)' }} interval="preserveStartEnd" minTickGap={8} />
            <YAxis tickFormatter={formatAxisValue} allowDecimals={false} tickLine={false} axisLine={false} width={76} tick={{ fontSize: 11.5, fill: 'var(--gray-500)' }} />
            <Tooltip content={(props) => <ChartTooltip active={props.active} payload={props.payload} label={props.label} totals={totals} describeCategory={describeCategory} formatValue={formatValue} />} cursor={{ fill: 'var(--gray-100)' }} isAnimationActive={false} />
            <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12.5, paddingTop: 6 }} />
            {series.map((item) => (
              <Bar key={item.key} dataKey={item.key} name={item.name} stackId="stack" fill={item.color} isAnimationActive={false} maxBarSize={44} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="visually-hidden">
        <caption id={captionId}>{label}</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            {series.map((item) => (
              <th key={item.key} scope="col">
                {item.name}
              </th>
            ))}
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.category}>
              <th scope="row">{describeCategory(row.category)}</th>
              {series.map((item) => (
                <td key={item.key}>{formatValue(row.values[item.key] ?? 0)}</td>
              ))}
              <td>{formatValue(row.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

type TooltipItem = { dataKey?: unknown; name?: unknown; value?: unknown; color?: string | undefined };
type ChartTooltipProps = {
  active: boolean | undefined;
  payload: readonly TooltipItem[] | undefined;
  label: unknown;
  totals: ReadonlyMap<string, number>;
  describeCategory(category: string): string;
  formatValue(value: number): string;
};

/** The bar under the pointer: each series' amount, top of the stack first, and the total. */
function ChartTooltip({ active, payload, label: category, totals, describeCategory, formatValue }: ChartTooltipProps) {
  if (!active || !payload || payload.length === 0 || typeof category !== 'string') return null;
  return (
    <div className="bar-tooltip">
      <div className="bar-tooltip-title">{describeCategory(category)}</div>
      {[...payload].reverse().map((item) => (
        <div key={String(item.dataKey)} className="bar-tooltip-row">
          <span className="bar-tooltip-swatch" style={{ background: item.color }} aria-hidden="true" />
          <span className="bar-tooltip-name">{String(item.name ?? '')}</span>
          <span className="bar-tooltip-value">{formatValue(Number(item.value ?? 0))}</span>
        </div>
      ))}
      {payload.length > 1 ? (
        <div className="bar-tooltip-row bar-tooltip-total">
          <span className="bar-tooltip-name">Total</span>
          <span className="bar-tooltip-value">{formatValue(totals.get(category) ?? 0)}</span>
        </div>
      ) : null}
    </div>
  );
}
