import { describe, expect, it } from 'vitest';
import { isCalendarDate, startOfDayInZone, todayInZone } from './zoned-date.ts';

describe('startOfDayInZone', () => {
  it.each([
    ['2026-05-01', 'UTC', '2026-05-01T00:00:00.000Z'],
    ['2026-05-01', 'America/New_York', '2026-05-01T04:00:00.000Z'],
    ['2026-01-15', 'America/New_York', '2026-01-15T05:00:00.000Z'],
    ['2026-05-01', 'Asia/Tokyo', '2026-04-30T15:00:00.000Z'],
    // Daylight-saving days: the offset at local midnight, not at UTC midnight, counts.
    ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z'],
    ['2026-11-01', 'America/New_York', '2026-11-01T04:00:00.000Z'],
    ['2026-03-29', 'Europe/Berlin', '2026-03-28T23:00:00.000Z'],
    ['2026-10-25', 'Europe/Berlin', '2026-10-24T22:00:00.000Z'],
  ])('%s in %s starts at %s', (date, zone, instant) => {
    expect(startOfDayInZone(date, zone)).toBe(instant);
  });

  it('refuses what is not a calendar date', () => {
    expect(() => startOfDayInZone('2026-02-30', 'UTC')).toThrow(RangeError);
  });
});

describe('todayInZone', () => {
  it('is the wall-clock date in the zone', () => {
    const instant = Date.parse('2026-05-01T02:30:00.000Z');
    expect(todayInZone('UTC', instant)).toBe('2026-05-01');
    expect(todayInZone('America/Los_Angeles', instant)).toBe('2026-04-30');
    expect(todayInZone('Asia/Tokyo', instant)).toBe('2026-05-01');
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-5-1', false],
    ['', false],
  ])('%j → %s', (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });
});
