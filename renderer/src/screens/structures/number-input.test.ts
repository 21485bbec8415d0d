import { describe, expect, it } from 'vitest';
import { centsToDollarsText, parseDecimal, parseDollarsToCents, parseWholeNumber } from './number-input.ts';

describe('parseDollarsToCents', () => {
  it.each([
    ['12.34', 1234],
    ['12.3', 1230],
    ['12', 1200],
    ['12.', 1200],
    ['.5', 50],
    ['0.29', 29],
    ['0.57', 57],
    ['1.005', null],
    ['$1,234.56', 123456],
    [' $ 50 ', 5000],
    ['1,000,000', 100000000],
    ['100000000000', 10000000000000],
  ])('%s → %s cents', (text, cents) => {
    const parsed = parseDollarsToCents(text);
    expect(parsed.ok ? parsed.value : null).toBe(cents);
  });

  it('never goes through a float: every two-decimal amount up to $100 is exact', () => {
    for (let cents = 0; cents <= 10_000; cents++) {
      const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      expect(parseDollarsToCents(text)).toEqual({ ok: true, value: cents });
    }
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'not_a_number'],
    ['1.2.3', 'not_a_number'],
    ['1,23', 'not_a_number'],
    ['12,34.5', 'not_a_number'],
    ['.', 'not_a_number'],
    ['1e3', 'not_a_number'],
    ['-5', 'negative'],
    ['-$5', 'negative'],
    ['1.234', 'too_many_decimals'],
    ['100000000000.01', 'too_large'],
  ])('refuses %j (%s)', (text, problem) => {
    expect(parseDollarsToCents(text)).toEqual({ ok: false, problem });
  });
});

describe('centsToDollarsText', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [1234, '12.34'],
    [50000, '500.00'],
  ])('%s → %s', (cents, text) => {
    expect(centsToDollarsText(cents)).toBe(text);
    expect(parseDollarsToCents(text)).toEqual({ ok: true, value: cents });
  });
});

describe('parseWholeNumber', () => {
  it('accepts grouped digits and a zero fraction', () => {
    expect(parseWholeNumber('1,000,000')).toEqual({ ok: true, value: 1_000_000 });
    expect(parseWholeNumber('10000.0')).toEqual({ ok: true, value: 10_000 });
  });
  it('refuses fractions, negatives and too large values', () => {
    expect(parseWholeNumber('1.5')).toEqual({ ok: false, problem: 'not_whole' });
    expect(parseWholeNumber('-1')).toEqual({ ok: false, problem: 'negative' });
    expect(parseWholeNumber('11', 10)).toEqual({ ok: false, problem: 'too_large' });
    expect(parseWholeNumber('')).toEqual({ ok: false, problem: 'empty' });
  });
});

describe('parseDecimal', () => {
  it('keeps up to 4 decimals, ignoring trailing zeros', () => {
    expect(parseDecimal('0.75')).toEqual({ ok: true, value: 0.75 });
    expect(parseDecimal('1.50000')).toEqual({ ok: true, value: 1.5 });
    expect(parseDecimal('12.3456')).toEqual({ ok: true, value: 12.3456 });
    expect(parseDecimal('12.34567')).toEqual({ ok: false, problem: 'too_many_decimals' });
  });
});
