/**
 * Text typed into number fields → the API's numbers, without floating-point money math.
 *
 * Dollars become integer cents by string arithmetic ("12.3" → 1230), never by `× 100` on a float
 * (0.29 × 100 = 28.999…). Counts accept thousands separators ("1,000,000"); rates and percentages
 * are the API's decimal numbers with at most 4 decimal places.
 */

export type ParseProblem = 'empty' | 'not_a_number' | 'negative' | 'too_many_decimals' | 'not_whole' | 'too_large';
export type Parsed = { ok: true; value: number } | { ok: false; problem: ParseProblem };

/** The largest amount a structure accepts (the API's `max(1e13)` cents: $100 billion). */
export const MAX_AMOUNT_CENTS = 10_000_000_000_000;

/** "1,234,567" → "1234567"; a comma is only a thousands separator when the groups are of three. */
function stripGrouping(whole: string): string | null {
  if (!whole.includes(',')) return whole;
  return /^\d{1,3}(,\d{3})+$/.test(whole) ? whole.replaceAll(',', '') : null;
}

/** Splits "  $1,234.5 " into its whole and fraction digits; null when it is not a plain decimal. */
function splitDecimal(text: string, allowDollarSign: boolean): { whole: string; fraction: string; isNegative: boolean } | 'empty' | null {
  let rest = text.trim();
  if (rest === '') return 'empty';
  let isNegative = false;
  if (rest.startsWith('-')) {
    isNegative = true;
    rest = rest.slice(1).trimStart();
  }
  if (allowDollarSign && rest.startsWith('$')) rest = rest.slice(1).trimStart();
  const match = /^(\d[\d,]*)?(?:\.(\d*))?$/.exec(rest);
  if (match === null || (match[1] === undefined && (match[2] === undefined || match[2] === ''))) return null;
  const whole = stripGrouping(match[1] ?? '0');
  if (whole === null) return null;
  return { whole, fraction: match[2] ?? '', isNegative };
}

/**
 * "12.34" → 1234 cents; "$1,000" → 100000; "0.5" → 50. More than two decimals, a negative amount
 * or anything that is not a plain number is refused with the reason, so the form can say why.
 */
export function parseDollarsToCents(text: string): Parsed {
  const parts = splitDecimal(text, true);
  if (parts === 'empty') return { ok: false, problem: 'empty' };
  if (parts === null) return { ok: false, problem: 'not_a_number' };
  if (parts.isNegative) return { ok: false, problem: 'negative' };
  if (parts.fraction.length > 2) return { ok: false, problem: 'too_many_decimals' };
  const cents = BigInt(parts.whole) * 100n + BigInt(parts.fraction.padEnd(2, '0'));
  if (cents > BigInt(MAX_AMOUNT_CENTS)) return { ok: false, problem: 'too_large' };
  return { ok: true, value: Number(cents) };
}

/** 1234 → "12.34", 5000 → "50.00": cents as the text a dollars field starts with. */
export function centsToDollarsText(cents: number): string {
  const value = BigInt(cents);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${(abs / 100n).toString()}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** "1,000,000" → 1000000. Whole, non-negative, at most `max`. */
export function parseWholeNumber(text: string, max = 1e15): Parsed {
  const parts = splitDecimal(text, false);
  if (parts === 'empty') return { ok: false, problem: 'empty' };
  if (parts === null) return { ok: false, problem: 'not_a_number' };
  if (parts.isNegative) return { ok: false, problem: 'negative' };
  if (/[1-9]/.test(parts.fraction)) return { ok: false, problem: 'not_whole' };
  const value = BigInt(parts.whole);
  if (value > BigInt(max)) return { ok: false, problem: 'too_large' };
  return { ok: true, value: Number(value) };
}

/**
 * "0.75" → 0.75: a non-negative decimal with at most `maxDecimals` places, as the API's rates and
 * percentages are (the engine turns them into exact fractions). Not for money.
 */
export function parseDecimal(text: string, maxDecimals = 4): Parsed {
  const parts = splitDecimal(text, false);
  if (parts === 'empty') return { ok: false, problem: 'empty' };
  if (parts === null) return { ok: false, problem: 'not_a_number' };
  if (parts.isNegative) return { ok: false, problem: 'negative' };
  const fraction = parts.fraction.replace(/0+$/, '');
  if (fraction.length > maxDecimals) return { ok: false, problem: 'too_many_decimals' };
  if (parts.whole.length > 15) return { ok: false, problem: 'too_large' };
  return { ok: true, value: Number(fraction === '' ? parts.whole : `${parts.whole}.${fraction}`) };
}

/** A decimal the API sent back, as field text: 0.75 → "0.75", 50 → "50". */
export function decimalToText(value: number): string {
  return String(value);
}

/** 1000000 → "1,000,000": counts in fields and tables. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
