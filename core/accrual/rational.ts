import { roundHalfUpToCents, type Cents } from '../domain/money.ts';

/**
 * An exact fraction n/d (d > 0). Amounts are computed as rationals and rounded once, at the end,
 * by the one rounding function; no float ever touches an amount.
 */
export type Rational = { readonly n: bigint; readonly d: bigint };

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

export function ratio(n: bigint | number, d: bigint | number = 1n): Rational {
  let num = typeof n === 'bigint' ? n : BigInt(n);
  let den = typeof d === 'bigint' ? d : BigInt(d);
  if (den === 1n) return { n: num, d: den }; // whole numbers: nothing to reduce
  if (den === 0n) throw new RangeError('denominator must not be zero');
  if (den < 0n) [num, den] = [-num, -den];
  const g = gcd(num, den);
  return { n: num / g, d: den / g };
}

/** A parameter with at most 4 decimal places (validated at the API) as an exact fraction. */
export function fromDecimal(value: number): Rational {
  return ratio(BigInt(Math.round(value * 10_000)), 10_000n);
}

export const ZERO = ratio(0n);
export const ONE = ratio(1n);

export const add = (a: Rational, b: Rational): Rational => ratio(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational): Rational => ratio(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational): Rational => ratio(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational): Rational => ratio(a.n * b.d, a.d * b.n);
export const compare = (a: Rational, b: Rational): number => {
  const left = a.n * b.d;
  const right = b.n * a.d;
  return left < right ? -1 : left > right ? 1 : 0;
};
export const min = (a: Rational, b: Rational): Rational => (compare(a, b) <= 0 ? a : b);

export function toCents(amount: Rational): Cents {
  return roundHalfUpToCents(amount.n, amount.d);
}

/** "1234/5" for the record, exact. */
export function toFractionString(value: Rational): string {
  return value.d === 1n ? value.n.toString() : `${value.n}/${value.d}`;
}

/** A readable decimal with up to `places` digits (truncated, marked with … when inexact): display only. */
export function toDecimalString(value: Rational, places = 6): string {
  const negative = value.n < 0n;
  const abs = negative ? -value.n : value.n;
  const whole = abs / value.d;
  let rest = abs % value.d;
  let digits = '';
  for (let i = 0; i < places && rest !== 0n; i++) {
    rest *= 10n;
    digits += (rest / value.d).toString();
    rest %= value.d;
  }
  return `${negative ? '-' : ''}${whole}${digits ? `.${digits}` : ''}${rest !== 0n ? '…' : ''}`;
}
