import { describe, expect, it } from 'vitest';
import { lastClosedPeriods } from './preview.ts';

const iso = (value: number) => new Date(value).toISOString();

describe('lastClosedPeriods', () => {
  it('takes the periods that ended by now, oldest first, never the open one', () => {
    const now = Date.parse('2026-12-06T11:00:00.000Z'); // a Sunday
    expect(lastClosedPeriods('weekly', now, 2, 'UTC').map((period) => [iso(period.start), iso(period.end)])).toEqual([
      ['2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z'],
      ['2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z'],
    ]);
  });

  it('counts a period that ends exactly now as closed', () => {
    const now = Date.parse('2026-12-01T00:00:00.000Z');
    expect(lastClosedPeriods('monthly', now, 1, 'UTC').map((period) => iso(period.start))).toEqual(['2026-11-01T00:00:00.000Z']);
  });

  it('cuts months in the project’s zone across a daylight-saving change', () => {
    const now = Date.parse('2026-12-06T11:00:00.000Z');
    const months = lastClosedPeriods('monthly', now, 3, 'America/Los_Angeles').map((period) => [iso(period.start), iso(period.end)]);
    expect(months).toEqual([
      ['2026-09-01T07:00:00.000Z', '2026-10-01T07:00:00.000Z'],
      ['2026-10-01T07:00:00.000Z', '2026-11-01T07:00:00.000Z'],
      // November 1st: clocks fall back, so the month is an hour longer and ends at 08:00 UTC.
      ['2026-11-01T07:00:00.000Z', '2026-12-01T08:00:00.000Z'],
    ]);
  });
});
