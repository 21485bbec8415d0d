/**
 * The engine records exact amounts and ratios as fraction strings ("95535/2" cents, "1/7" of a
 * period). They are read here with BigInt and written out for people: never through a float, so
 * what the screen says is exactly what the engine computed.
 */
export type Fraction = { readonly n: bigint; readonly d: bigint };

const FRACTION_PATTERN = /^(-?\d{1,40})(?:\/(\d{1,40}))?$/;

/** "95535/2" → 95535/2, "7500" → 7500/1; anything else (or a zero denominator) → null. */
export function parseFraction(text: string): Fraction | null {
  const match = FRACTION_PATTERN.exec(text.trim());
  if (match === null) return null;
  const d = match[2] === undefined ? 1n : BigInt(match[2]);
  if (d === 0n) return null;
  return { n: BigInt(match[1] as string), d };
}

export function fraction(n: bigint | number, d: bigint | number = 1n): Fraction {
  return { n: BigInt(n), d: BigInt(d) };
}

export function isWhole(value: Fraction): boolean {
  return value.n % value.d === 0n;
}

export function isOne(value: Fraction): boolean {
  return value.n === value.d;
}

export function multiply(a: Fraction, b: Fraction): Fraction {
  return { n: a.n * b.n, d: a.d * b.d };
}

export function compareFractions(a: Fraction, b: Fraction): number {
  const left = a.n * b.d;
  const right = b.n * a.d;
  return left < right ? -1 : left > right ? 1 : 0;
}

const groupThousands = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * The decimal digits of a non-negative fraction: at least `minPlaces`, at most `maxPlaces`
 * (trailing zeros past the minimum dropped), truncated and marked with "…" when it goes on.
 */
function decimal(value: Fraction, minPlaces: number, maxPlaces: number): string {
  const negative = value.n < 0n !== value.d < 0n && value.n !== 0n;
  const n = value.n < 0n ? -value.n : value.n;
  const d = value.d < 0n ? -value.d : value.d;
  let rest = n % d;
  let digits = '';
  for (let place = 0; place < maxPlaces && (rest !== 0n || place < minPlaces); place++) {
    rest *= 10n;
    digits += (rest / d).toString();
    rest %= d;
  }
  const whole = groupThousands((n / d).toString());
  return `${negative ? '-' : ''}${whole}${digits === '' ? '' : `.${digits}`}${rest === 0n ? '' : '…'}`;
}

/**
 * An exact amount of cents, in dollars: 7500 → "$75.00", 95535/2 → "$477.675",
 * 5000000/7 → "$714.285714…". Always at least two decimals, at most six.
 */
export function formatExactCents(cents: Fraction): string {
  const text = decimal({ n: cents.n, d: cents.d * 100n }, 2, 6);
  return text.startsWith('-') ? `-$${text.slice(1)}` : `$${text}`;
}

/** A ratio as a percentage: 1/2 → "50%", 6369/10000 → "63.69%", 1/7 → "14.28…%". */
export function formatPercent(value: Fraction): string {
  return `${decimal({ n: value.n * 100n, d: value.d }, 0, 2)}%`;
}

/** A multiplier or plain number: 3/2 → "1.5", 2 → "2", 1/3 → "0.3333…". */
export function formatDecimal(value: Fraction, maxPlaces = 4): string {
  return decimal(value, 0, maxPlaces);
}

/** Basis points as a percentage: 1000 → "10%", 1250 → "12.5%", 1 → "0.01%" (seed 002's `commission_rate`). */
export function formatBasisPoints(bps: number): string {
  return formatPercent(fraction(bps, 10_000));
}
