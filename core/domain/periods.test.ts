import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { periodContaining, periodsEndingIn, startOfLocalDate } from './periods.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const at = (text: string) => Date.parse(text);
const HOUR = 3_600_000;

describe('periods in a time zone', () => {
  it('cuts days at local midnight, 23 and 25 hours long across DST in New York', () => {
    const spring = periodContaining('daily', at('2026-03-08T12:00:00Z'), 'America/New_York');
    expect([iso(spring.start), iso(spring.end)]).toEqual(['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
    expect(spring.end - spring.start).toBe(23 * HOUR);
    const fall = periodContaining('daily', at('2026-11-01T12:00:00Z'), 'America/New_York');
    expect([iso(fall.start), iso(fall.end)]).toEqual(['2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z']);
    expect(fall.end - fall.start).toBe(25 * HOUR);
  });

  it('weeks run Monday to Monday, including the DST week (167 hours)', () => {
    const week = periodContaining('weekly', at('2026-03-11T00:00:00Z'), 'America/New_York');
    expect([iso(week.start), iso(week.end)]).toEqual(['2026-03-09T04:00:00.000Z', '2026-03-16T04:00:00.000Z']);
    const dstWeek = periodContaining('weekly', at('2026-03-05T00:00:00Z'), 'America/New_York');
    expect([iso(dstWeek.start), iso(dstWeek.end)]).toEqual(['2026-03-02T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
    expect(dstWeek.end - dstWeek.start).toBe(167 * HOUR);
  });

  it('months run from the 1st, in Europe/Berlin across the October change', () => {
    const october = periodContaining('monthly', at('2026-10-15T00:00:00Z'), 'Europe/Berlin');
    expect([iso(october.start), iso(october.end)]).toEqual(['2026-09-30T22:00:00.000Z', '2026-10-31T23:00:00.000Z']);
    const december = periodContaining('monthly', at('2026-12-31T23:30:00Z'), 'Europe/Berlin');
    expect(iso(december.start)).toBe('2026-12-31T23:00:00.000Z'); // already January 1st in Berlin
  });

  it('handles a zone whose midnight does not exist (Santiago springs forward at 00:00)', () => {
    const start = startOfLocalDate({ year: 2026, month: 9, day: 6 }, 'America/Santiago');
    expect(iso(start)).toBe('2026-09-06T04:00:00.000Z'); // 01:00 local, the first instant of that day
  });

  it('lists the periods that ended in a window', () => {
    const days = periodsEndingIn('daily', at('2026-05-01T00:00:00Z'), at('2026-05-04T00:00:00Z'), 'UTC');
    expect(days.map((day) => iso(day.end))).toEqual(['2026-05-02T00:00:00.000Z', '2026-05-03T00:00:00.000Z', '2026-05-04T00:00:00.000Z']);
    expect(periodsEndingIn('monthly', at('2026-05-01T00:00:00Z'), at('2026-05-31T00:00:00Z'), 'UTC')).toEqual([]);
  });

  it('always contains the instant, and consecutive periods tile time without gaps', () => {
    const zones = ['UTC', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Santiago', 'Pacific/Apia'];
    fc.assert(
      fc.property(
        fc.constantFrom('daily', 'weekly', 'monthly' as const),
        fc.integer({ min: at('2020-01-01T00:00:00Z'), max: at('2030-01-01T00:00:00Z') }),
        fc.constantFrom(...zones),
        (kind, instant, zone) => {
          const period = periodContaining(kind, instant, zone);
          expect(period.start <= instant && instant < period.end).toBe(true);
          const next = periodContaining(kind, period.end, zone);
          expect(next.start).toBe(period.end);
        },
      ),
      { numRuns: 500 },
    );
  });
});
