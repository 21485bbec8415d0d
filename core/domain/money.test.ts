import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addCents, cents, formatCents, formatDecimalCents, parseDecimalCents, roundHalfUpToCents } from './money.ts';

describe('roundHalfUpToCents', () => {
  it.each([
    [1n, 2n, 1], // 0.5 → 1
    [3n, 2n, 2], // 1.5 → 2
    [5n, 2n, 3], // 2.5 → 3 (half up, not banker's)
    [1n, 3n, 0],
    [2n, 3n, 1],
    [-1n, 2n, 0], // -0.5 → 0 (toward +∞)
    [-3n, 2n, -1],
    [-2n, 3n, -1],
    [7n, -2n, -3], // negative denominator: -3.5 → -3
    [100n, 1n, 100],
  ])('%i / %i → %i', (numerator, denominator, expected) => {
    expect(roundHalfUpToCents(numerator, denominator)).toBe(expected);
  });

  it('refuses a zero denominator', () => {
    expect(() => roundHalfUpToCents(1n, 0n)).toThrow(RangeError);
  });

  it('is within half a cent of the exact value, and exact halves go up', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (n, d) => {
        const rounded = BigInt(roundHalfUpToCents(n, d));
        const error = rounded * d - n; // (rounded - n/d) * d
        expect(2n * error <= d).toBe(true);
        expect(2n * error > -d).toBe(true);
      }),
    );
  });
});

describe('cents and sums', () => {
  it('rejects non-integers and unsafe integers', () => {
    expect(() => cents(1.5)).toThrow(RangeError);
    expect(() => cents(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });

  it('adds exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e9, max: 1e9 }), { maxLength: 50 }), (values) => {
        expect(addCents(...values.map(cents))).toBe(values.reduce((sum, value) => sum + value, 0));
      }),
    );
  });
});

describe('formatCents', () => {
  it.each([
    [0, '$0.00'],
    [5, '$0.05'],
    [123456, '$1,234.56'],
    [-99, '-$0.99'],
    [100000000, '$1,000,000.00'],
  ])('%i → %s', (amount, text) => {
    expect(formatCents(amount)).toBe(text);
  });
});

describe('formatDecimalCents', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [-5, '-0.05'],
    [60000, '600.00'],
    [199999, '1999.99'],
    [123456789, '1234567.89'],
    [9_000_000_000_000_000, '90000000000000.00'],
  ])('%i cents → %s', (amount, expected) => {
    expect(formatDecimalCents(amount)).toBe(expected);
  });

  it('reads back to the same cents by digits alone', () => {
    fc.assert(
      fc.property(fc.integer({ min: -9_000_000_000_000_000, max: 9_000_000_000_000_000 }), (amount) => {
        const [whole, fraction] = formatDecimalCents(amount).replace('-', '').split('.');
        const back = BigInt(whole as string) * 100n + BigInt(fraction as string);
        expect(amount < 0 ? -back : back).toBe(BigInt(amount));
      }),
    );
  });

  it('refuses a fraction of a cent', () => {
    expect(() => formatDecimalCents(1.5)).toThrow(RangeError);
  });
});

describe('parseDecimalCents', () => {
  it.each([
    ['123.45', 12345],
    ['1,234.5', 123450],
    ['$12', 1200],
    [' 12.30 ', 1230],
    ['0.01', 1],
    ['0', 0],
    ['90000000000000.00', 9_000_000_000_000_000],
  ])('%s → %i cents', (text, expected) => {
    expect(parseDecimalCents(text)).toBe(expected);
  });

  it.each(['', '-1.00', '+1', '1.234', '1,23.00', '12,34', '1e3', 'abc', '1.', '.5', '90000000000000.01'])('refuses %j', (text) => {
    expect(parseDecimalCents(text)).toBeNull();
  });

  it('reads back what formatDecimalCents writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_000_000_000_000_000 }), (amount) => {
        expect(parseDecimalCents(formatDecimalCents(amount))).toBe(amount);
      }),
    );
  });
});
