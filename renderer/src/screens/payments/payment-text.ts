import type { Payment } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';

type Amounts = Pick<Payment, 'total_amount_cents' | 'payout_payment_lines' | 'payout_adjustments' | 'currency'>;

export function linesTotal(payment: Pick<Payment, 'payout_payment_lines'>): number {
  return payment.payout_payment_lines.reduce((sum, line) => sum + line.amount_cents, 0);
}

export function adjustmentsTotal(payment: Pick<Payment, 'payout_adjustments'>): number {
  return payment.payout_adjustments.reduce((sum, adjustment) => sum + adjustment.amount_cents, 0);
}

/**
 * The payment's arithmetic, the invariant written out: "Lines $100.00 + adjustment $20.00 =
 * $120.00", "Lines $100.00 − adjustment $5.00 = $95.00", "Lines $100.00 = $100.00"; an ad-hoc
 * payment settles no accruals and says so (the server records its amount as one adjustment).
 */
export function arithmeticText(payment: Amounts): string {
  const total = formatCents(payment.total_amount_cents, payment.currency);
  // Ad hoc: the whole amount is its own adjustment (or, from older stores, no line at all).
  if (isAdHoc(payment)) return `Ad-hoc payment of ${total}, settling no accruals`;
  const parts = [`Lines ${formatCents(linesTotal(payment), payment.currency)}`];
  for (const adjustment of payment.payout_adjustments) {
    const sign = adjustment.amount_cents < 0 ? '−' : '+';
    parts.push(`${sign} adjustment ${formatCents(Math.abs(adjustment.amount_cents), payment.currency)}`);
  }
  return `${parts.join(' ')} = ${total}`;
}

/** A payment that settles no accruals; its amount, if recorded as an adjustment, is no over- or underpayment. */
export function isAdHoc(payment: Pick<Payment, 'payout_payment_lines'>): boolean {
  return payment.payout_payment_lines.length === 0;
}

/** "Overpaid by $20.00" for a positive adjustment, "Underpaid by $5.00" for a negative one. */
export function adjustmentText(cents: number, currency = 'USD'): string {
  return `${cents < 0 ? 'Underpaid' : 'Overpaid'} by ${formatCents(Math.abs(cents), currency)}`;
}

/** "+$20.00" / "−$5.00": an adjustment in a table cell. */
export function signedCents(cents: number, currency = 'USD'): string {
  if (cents === 0) return formatCents(0, currency);
  return `${cents < 0 ? '−' : '+'}${formatCents(Math.abs(cents), currency)}`;
}

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const TIME = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** Recent ICU versions put narrow spaces around "AM"; plain ones read the same. */
function plain(text: string): string {
  return text.replace(/[\u202f\u2009\u00a0]/g, ' ');
}

/** When the money went out, in the manager's zone: "May 1, 2026, 2:30 PM". */
export function formatPaidAt(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : plain(DATE_TIME.format(date));
}

export function formatPaidDay(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : plain(DATE.format(date));
}

export function formatPaidTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : plain(TIME.format(date));
}

/** The host of a tracking link, for a short label: "venmo.com". */
export function linkHost(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}
