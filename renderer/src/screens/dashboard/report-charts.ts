import type { LiabilitiesReport, PaymentsByMethodReport } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';

/** What a stacked bar chart draws: one row per category, one value (cents) per series. */
export type ChartSeries = { key: string; name: string; color: string };
export type ChartRow = { category: string; values: Record<string, number>; total: number };
export type StackedData = { series: ChartSeries[]; rows: ChartRow[] };

/** Distinct hues that read on white, the app's accent first. */
export const SERIES_COLORS = ['#3b5bdb', '#e8590c', '#0c8599', '#ae3ec9', '#2f9e44', '#c92a2a', '#f08c00', '#495057'] as const;

const colorAt = (index: number) => SERIES_COLORS[index % SERIES_COLORS.length] as string;

/**
 * Liabilities per project as stacked bars: periods are named by their first local day, so the
 * same month (or week) of projects in different zones lands in one bar. Projects that owed
 * nothing in any period are left out (they would only crowd the legend).
 */
export function liabilityChartData(report: LiabilitiesReport): StackedData {
  const owing = report.projects.filter((project) => project.points.some((point) => point.liability_cents > 0));
  const series = owing.map((project, index) => ({ key: `s${index}`, name: project.project_name, color: colorAt(index) }));
  const categories = new Set<string>();
  for (const project of report.projects) for (const point of project.points) categories.add(point.label);
  const rows = [...categories].sort().map((category) => {
    const values: Record<string, number> = {};
    let total = 0;
    owing.forEach((project, index) => {
      const value = project.points.find((point) => point.label === category)?.liability_cents ?? 0;
      values[`s${index}`] = value;
      total += value;
    });
    return { category, values, total };
  });
  // Zones can disagree on which period was the last to close; keep the latest `periods` of them.
  return { series, rows: rows.slice(-report.periods) };
}

/** Payments per method and month as stacked bars, methods in the report's order (largest first). */
export function paymentsChartData(report: PaymentsByMethodReport): StackedData {
  const series = report.methods.map((method, index) => ({ key: `s${index}`, name: method.name, color: colorAt(index) }));
  const rows = report.months.map((month, monthIndex) => {
    const values: Record<string, number> = {};
    report.methods.forEach((method, index) => {
      values[`s${index}`] = method.by_month[monthIndex] ?? 0;
    });
    return { category: month, values, total: report.month_totals[monthIndex] ?? 0 };
  });
  return { series, rows };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-05" or "2026-05-01" (a month) → "May ’26"; "2026-05-04" as a week or day → "May 4". */
export function formatCategory(category: string, kind: 'monthly' | 'weekly' | 'daily' = 'monthly'): string {
  const [year = '', month = '1', day = '1'] = category.split('-');
  const name = MONTHS[Number(month) - 1] ?? month;
  return kind === 'monthly' ? `${name} ’${year.slice(2)}` : `${name} ${Number(day)}`;
}

/** The same, spelled out for tooltips and screen readers: "May 2026", "week of May 4, 2026". */
export function describeCategory(category: string, kind: 'monthly' | 'weekly' | 'daily' = 'monthly'): string {
  const [year = '', month = '1', day = '1'] = category.split('-');
  const name = MONTHS[Number(month) - 1] ?? month;
  if (kind === 'monthly') return `${name} ${year}`;
  return `${kind === 'weekly' ? 'week of ' : ''}${name} ${Number(day)}, ${year}`;
}

/** Axis ticks in dollars, without cents when whole: "$2,500", "$12.50". */
export function formatAxisCents(value: number): string {
  if (!Number.isSafeInteger(value)) return '';
  return formatCents(value).replace(/\.00$/, '');
}
