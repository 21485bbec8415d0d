import { describe, expect, it } from 'vitest';
import type { LiabilitiesReport, PaymentsByMethodReport } from '../../../../core/api/contracts/index.ts';
import { describeCategory, formatAxisCents, formatCategory, liabilityChartData, paymentsChartData } from './report-charts.ts';

const point = (label: string, liability_cents: number) => ({ period_start_at: `${label}T00:00:00.000Z`, period_end_at: `${label}T00:00:00.000Z`, label, liability_cents, accrual_count: liability_cents > 0 ? 1 : 0 });
const series = (name: string, points: ReturnType<typeof point>[]) => ({ project_id: '00000000-0000-4000-8000-000000000000', project_name: name, timezone: 'UTC', points });

describe('dashboard chart data', () => {
  it('stacks projects by period label, leaves out projects that owed nothing, keeps the latest periods', () => {
    const report: LiabilitiesReport = {
      as_of: '2026-05-15T12:00:00.000Z',
      period: 'monthly',
      periods: 2,
      project_id: null,
      currency: 'USD',
      projects: [
        series('Tokyo', [point('2026-04-01', 500), point('2026-05-01', 700)]), // its May has already closed
        series('Quiet', [point('2026-03-01', 0), point('2026-04-01', 0)]),
        series('Launch', [point('2026-03-01', 100), point('2026-04-01', 250)]),
      ],
    };
    const data = liabilityChartData(report);
    expect(data.series.map((item) => [item.key, item.name])).toEqual([
      ['s0', 'Tokyo'],
      ['s1', 'Launch'],
    ]);
    expect(data.rows).toEqual([
      { category: '2026-04-01', values: { s0: 500, s1: 250 }, total: 750 },
      { category: '2026-05-01', values: { s0: 700, s1: 0 }, total: 700 },
    ]);
  });

  it('lays payments out per month and method', () => {
    const report: PaymentsByMethodReport = {
      from: '2026-01',
      to: '2026-02',
      project_id: null,
      currency: 'USD',
      months: ['2026-01', '2026-02'],
      methods: [
        { method_id: null, name: 'No method', total_cents: 300, payment_count: 2, by_month: [100, 200] },
        { method_id: '00000000-0000-4000-8000-000000000001', name: 'Venmo', total_cents: 5, payment_count: 1, by_month: [0, 5] },
      ],
      month_totals: [100, 205],
      total_cents: 305,
      payment_count: 3,
    };
    expect(paymentsChartData(report).rows).toEqual([
      { category: '2026-01', values: { s0: 100, s1: 0 }, total: 100 },
      { category: '2026-02', values: { s0: 200, s1: 5 }, total: 205 },
    ]);
  });

  it('names periods and dollar ticks', () => {
    expect(formatCategory('2026-05')).toBe('May ’26');
    expect(formatCategory('2026-05-04', 'weekly')).toBe('May 4');
    expect(describeCategory('2026-05-01')).toBe('May 2026');
    expect(describeCategory('2026-05-04', 'weekly')).toBe('week of May 4, 2026');
    expect(describeCategory('2026-05-04', 'daily')).toBe('May 4, 2026');
    expect(formatAxisCents(250000)).toBe('$2,500');
    expect(formatAxisCents(1250)).toBe('$12.50');
  });
});
