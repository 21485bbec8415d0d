/**
 * Money is integer cents, end to end. A branded type keeps "a number of cents" from mixing with
 * counts, percentages or dollars, and every rounding in the product goes through
 * {@link roundHalfUpToCents}.
 */
export type Cents = number & { readonly __brand: 'Cents' };

/** Largest amount the product accepts anywhere: $90 trillion keeps every sum a safe integer. */
export const MAX_CENTS = 9_000_000_000_000_000;

export function cents(value: number): Cents {
  if (!Number.isSafeInteger(value)) throw new RangeError(`cents must be a safe integer, got ${value}`);
  return value as Cents;
}

export function addCents(...amounts: Cents[]): Cents {
  let total = 0n;
  for (const amount of amounts) total += BigInt(amount);
  return cents(Number(total));
}

/**
 * The one rounding function: an exact rational amount of cents (numerator / denominator), rounded
 * half up (away from zero for halves of positive amounts, toward +∞ in general) to whole cents.
 */
export function roundHalfUpToCents(numerator: bigint, denominator: bigint): Cents {
  if (denominator === 0n) throw new RangeError('denominator must not be zero');
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  // floor((2n + d) / 2d) rounds half toward +infinity for any sign of n.
  const twice = 2n * numerator + denominator;
  const twoD = 2n * denominator;
  let quotient = twice / twoD;
  if (twice % twoD !== 0n && twice < 0n) quotient -= 1n;
  return cents(Number(quotient));
}

/**
 * "1234.56" / "-0.05": whole cents as a decimal amount of the currency's unit, for files other
 * programs read (CSV exports). Exact: integer arithmetic on the cents, never a float.
 */
export function formatDecimalCents(amount: number): string {
  const value = BigInt(cents(amount));
  const abs = value < 0n ? -value : value;
  return `${value < 0n ? '-' : ''}${(abs / 100n).toString()}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/**
 * "1234.56", "1,234.5", "$12", "12.30 " → whole cents (123456, 123450, 1200, 1230); null for
 * anything else (a sign, more than two decimals, letters, more than {@link MAX_CENTS}). The
 * inverse of {@link formatDecimalCents} for positive amounts, read from the digits, never a float.
 */
export function parseDecimalCents(text: string): Cents | null {
  const match = /^\$?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const units = BigInt((match[1] as string).replace(/,/g, ''));
  const value = units * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  return value > BigInt(MAX_CENTS) ? null : cents(Number(value));
}

/** "$1,234.56" / "-$0.05": display only, never parsed back. */
export function formatCents(amount: number, currency = 'USD'): string {
  const negative = amount < 0;
  const abs = BigInt(Math.abs(amount));
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = (abs % 100n).toString().padStart(2, '0');
  const symbol = currency === 'USD' ? '$' : `${currency} `;
  return `${negative ? '-' : ''}${symbol}${whole}.${fraction}`;
}
