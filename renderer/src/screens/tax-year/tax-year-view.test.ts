import { describe, expect, it } from 'vitest';
import { defaultTaxYear, taxYearFilename, yearChoices } from './tax-year-view.ts';

describe('yearChoices', () => {
  it('offers this year and the six before it, newest first', () => {
    expect(yearChoices(2026, 2026)).toEqual([2026, 2025, 2024, 2023, 2022, 2021, 2020]);
  });
  it('keeps an older chosen year in the list', () => {
    expect(yearChoices(2026, 2012)).toEqual([2026, 2025, 2024, 2023, 2022, 2021, 2020, 2012]);
  });
  it('never goes before 1970', () => {
    expect(yearChoices(1972, 1972)).toEqual([1972, 1971, 1970]);
  });
});

describe('defaultTaxYear', () => {
  it('is last year in January and this year afterwards', () => {
    expect(defaultTaxYear(new Date(2027, 0, 31, 12))).toBe(2026);
    expect(defaultTaxYear(new Date(2027, 1, 1, 12))).toBe(2027);
  });
});

describe('taxYearFilename', () => {
  it('names the year and the project', () => {
    expect(taxYearFilename(2026, null)).toBe('tax-year-2026.csv');
    expect(taxYearFilename(2026, 'Launch — Spring 2026!')).toBe('tax-year-2026-launch-spring-2026.csv');
    expect(taxYearFilename(2026, '★')).toBe('tax-year-2026.csv');
  });
});
