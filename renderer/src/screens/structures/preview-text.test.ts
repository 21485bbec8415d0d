import { describe, expect, it } from 'vitest';
import { describePeriod, periodsWord, signedCents } from './preview-text.ts';

describe('preview texts', () => {
  it('names periods by their local first and last day', () => {
    expect(describePeriod('weekly', '2026-11-09', '2026-11-15')).toBe('Nov 9 – 15');
    expect(describePeriod('weekly', '2026-11-30', '2026-12-06')).toBe('Nov 30 – Dec 6');
    expect(describePeriod('monthly', '2026-11-01', '2026-11-30')).toBe('Nov 2026');
    expect(describePeriod('daily', '2026-11-09', '2026-11-09')).toBe('Nov 9');
  });

  it('counts periods and signs differences', () => {
    expect(periodsWord('weekly', 3)).toBe('3 weeks');
    expect(periodsWord('monthly', 1)).toBe('1 month');
    expect(periodsWord('daily', 12)).toBe('12 days');
    expect(signedCents(500)).toBe('+$5.00');
    expect(signedCents(-747)).toBe('-$7.47');
    expect(signedCents(0)).toBe('$0.00');
  });
});
