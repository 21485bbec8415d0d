import { describe, expect, it } from 'vitest';
import { compareFractions, formatBasisPoints, formatDecimal, formatExactCents, formatPercent, fraction, isOne, isWhole, parseFraction } from './exact.ts';
import { formatDateInZone, formatDateTimeInZone, formatDuration, formatPeriod } from './zoned-format.ts';

describe('parseFraction', () => {
  it.each([
    ['95535/2', { n: 95535n, d: 2n }],
    ['7500', { n: 7500n, d: 1n }],
    ['-3/4', { n: -3n, d: 4n }],
    // Beyond a float's precision: read exactly.
    ['123456789012345678901234567890/7', { n: 123456789012345678901234567890n, d: 7n }],
  ])('%s', (text, expected) => {
    expect(parseFraction(text)).toEqual(expected);
  });

  it.each(['', '1.5', '1/0', 'a/b', '1/2/3', '1/-2'])('refuses %j', (text) => {
    expect(parseFraction(text)).toBeNull();
  });
});

describe('formatExactCents', () => {
  it.each([
    ['7500', '$75.00'],
    ['95535/2', '$477.675'],
    ['500000/7', '$714.285714…'],
    ['617/10', '$0.617'],
    ['113000', '$1,130.00'],
    ['0', '$0.00'],
    ['-250', '-$2.50'],
    ['1/3', '$0.003333…'],
  ])('%s cents → %s', (text, expected) => {
    expect(formatExactCents(parseFraction(text) ?? fraction(-1))).toBe(expected);
  });
});

describe('formatPercent and formatDecimal', () => {
  it.each([
    ['1/2', '50%'],
    ['1', '100%'],
    ['6369/10000', '63.69%'],
    ['1/7', '14.28…%'],
    ['2/3', '66.66…%'],
    ['0', '0%'],
  ])('%s → %s', (text, expected) => {
    expect(formatPercent(parseFraction(text) ?? fraction(-1))).toBe(expected);
  });

  it('writes multipliers and counts without trailing zeros', () => {
    expect(formatDecimal(fraction(3, 2))).toBe('1.5');
    expect(formatDecimal(fraction(2))).toBe('2');
    expect(formatDecimal(fraction(1, 3))).toBe('0.3333…');
    expect(formatDecimal(fraction(5000))).toBe('5,000');
  });

  it('compares and classifies exactly', () => {
    expect(isWhole(fraction(10, 5))).toBe(true);
    expect(isWhole(fraction(1, 3))).toBe(false);
    expect(isOne(fraction(7, 7))).toBe(true);
    expect(compareFractions(fraction(1, 3), fraction(333, 1000))).toBe(1);
    expect(compareFractions(fraction(2, 4), fraction(1, 2))).toBe(0);
  });
});

describe('dates in the project zone', () => {
  it('writes the days a period covers, its end being the next period’s start', () => {
    expect(formatPeriod('weekly', '2026-11-09T05:00:00.000Z', '2026-11-16T05:00:00.000Z', 'America/New_York', 'en-US')).toBe('Nov 9 – 15, 2026');
    expect(formatPeriod('daily', '2026-11-09T05:00:00.000Z', '2026-11-10T05:00:00.000Z', 'America/New_York', 'en-US')).toBe('Nov 9, 2026');
    expect(formatPeriod('monthly', '2026-10-01T04:00:00.000Z', '2026-11-01T04:00:00.000Z', 'America/New_York', 'en-US')).toBe('October 2026');
    // A week across two months and two years.
    expect(formatPeriod('weekly', '2026-12-28T05:00:00.000Z', '2027-01-04T05:00:00.000Z', 'America/New_York', 'en-US')).toBe('Dec 28, 2026 – Jan 3, 2027');
  });

  it('the same instant is another day in another zone', () => {
    expect(formatDateInZone('2026-11-09T03:00:00.000Z', 'America/New_York', 'en-US')).toBe('Nov 8, 2026');
    expect(formatDateInZone('2026-11-09T03:00:00.000Z', 'Europe/London', 'en-US')).toBe('Nov 9, 2026');
    expect(formatDateTimeInZone('2026-11-09T03:00:00.000Z', 'America/New_York', 'en-US')).toBe('Nov 8, 2026, 10:00 PM');
    expect(formatDateInZone('not a date', 'UTC')).toBe('—');
  });
});

describe('formatDuration', () => {
  it.each([
    [302_400, '3 days 12 hours'],
    [604_800, '7 days'],
    [2_682_000, '31 days 1 hour'],
    [86_400 + 3_600 + 60, '1 day 1 hour 1 minute'],
    [45, '45 seconds'],
    [1, '1 second'],
    [3_599, '59 minutes'],
  ])('%s seconds → %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
});

describe('formatBasisPoints', () => {
  it.each([
    [1000, '10%'],
    [1250, '12.5%'],
    [1, '0.01%'],
    [10_000, '100%'],
    [0, '0%'],
  ])('%i bps → %s', (bps, expected) => {
    expect(formatBasisPoints(bps)).toBe(expected);
  });
});
