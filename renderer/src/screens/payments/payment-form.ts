import type { Accrual, CreatePaymentInput, ReceiptUpload } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import type { CallResult } from '../../api/client.ts';
import { asSentence, capitalize, type FormBanner } from '../../ui/form-errors.ts';
import type { FormErrors } from '../../ui/use-form.ts';
import { parseDollarsToCents, type ParseProblem } from '../structures/number-input.ts';

export type PaymentField = 'projectId' | 'creatorId' | 'amount' | 'reason' | 'methodId' | 'paidAt' | 'trackingUrl' | 'note';
export type PaymentFormValues = Record<PaymentField, string>;

export const PAYMENT_FIELDS = {
  byPath: {
    project_id: 'projectId',
    creator_id: 'creatorId',
    total_amount_cents: 'amount',
    adjustment_reason: 'reason',
    method_id: 'methodId',
    paid_at: 'paidAt',
    tracking_url: 'trackingUrl',
    note: 'note',
  } as Record<string, PaymentField>,
  labels: {
    projectId: 'Project',
    creatorId: 'Creator',
    amount: 'Amount paid',
    reason: 'Reason for the difference',
    methodId: 'Payout method',
    paidAt: 'Paid at',
    trackingUrl: 'Tracking URL',
    note: 'Note',
  } satisfies Record<PaymentField, string>,
};

/** What the form is checked against besides its own fields: the accruals ticked and the clock. */
export type PaymentContext = {
  /** Sum of the ticked accruals, in cents. */
  accrualsSumCents: number;
  accrualCount: number;
  nowMs: number;
};

const NOTE_MAX = 5000;
const REASON_MAX = 2000;
const URL_MAX = 2048;
/** The wall clock the form reads may lag behind by its refresh interval; the server checks exactly. */
const FUTURE_TOLERANCE_MS = 60_000;

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** An instant as a `datetime-local` input writes it, in this computer's zone, to the minute. */
export function toLocalDateTimeInput(ms: number): string {
  const date = new Date(ms);
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (`2026-05-01T14:30`, this computer's zone) → epoch ms; null when it is not a real time. */
export function parseLocalDateTimeInput(text: string): number | null {
  const match = LOCAL_DATE_TIME.exec(text.trim());
  if (match === null) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59) return null;
  const date = new Date(year, month - 1, day, hour, minute);
  // Feb 30 rolls over into March; such a date was not a real one.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return date.getTime();
}

export type Difference = { kind: 'exact' | 'overpaid' | 'underpaid'; cents: number };

/**
 * How the amount paid compares with the ticked accruals; null when nothing is ticked (an ad-hoc
 * payment has nothing to differ from) or the amount is not a number yet.
 */
export function differenceOf(amountText: string, context: Pick<PaymentContext, 'accrualsSumCents' | 'accrualCount'>): Difference | null {
  if (context.accrualCount === 0) return null;
  const amount = parseDollarsToCents(amountText);
  if (!amount.ok) return null;
  const cents = amount.value - context.accrualsSumCents;
  if (cents === 0) return { kind: 'exact', cents: 0 };
  return { kind: cents > 0 ? 'overpaid' : 'underpaid', cents: Math.abs(cents) };
}

/** "Overpaid by $20.00" / "Underpaid by $5.00"; null when the amounts agree. */
export function differenceText(difference: Difference | null): string | null {
  if (difference === null || difference.kind === 'exact') return null;
  return `${difference.kind === 'overpaid' ? 'Overpaid' : 'Underpaid'} by ${formatCents(difference.cents)}`;
}

const AMOUNT_PROBLEMS: Record<ParseProblem, string> = {
  empty: 'Enter the amount paid',
  not_a_number: 'Enter an amount in dollars, like 120 or 120.50',
  negative: 'The amount can’t be negative',
  too_many_decimals: 'Use at most two decimals (cents)',
  not_whole: 'Enter an amount in dollars, like 120 or 120.50',
  too_large: 'That amount is too large',
};

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Checked as you type; the server checks again (and has the last word on "not in the future"). */
export function validatePaymentForm(values: PaymentFormValues, context: PaymentContext): FormErrors<PaymentField> {
  const errors: FormErrors<PaymentField> = {};
  if (values.projectId === '') errors.projectId = 'Choose the project this payment belongs to';

  const amount = parseDollarsToCents(values.amount);
  if (!amount.ok) errors.amount = AMOUNT_PROBLEMS[amount.problem];
  else if (amount.value === 0 && context.accrualCount === 0) errors.amount = 'An ad-hoc payment needs an amount';

  const difference = differenceOf(values.amount, context);
  if (difference !== null && difference.kind !== 'exact' && values.reason.trim() === '') {
    errors.reason = `Say why the amount differs from the accruals (${differenceText(difference)?.toLowerCase()})`;
  } else if (values.reason.trim().length > REASON_MAX) {
    errors.reason = `Keep the reason under ${REASON_MAX.toLocaleString()} characters`;
  }

  const paidAt = parseLocalDateTimeInput(values.paidAt);
  if (paidAt === null) errors.paidAt = 'Enter the date and time the money was sent';
  else if (paidAt > context.nowMs + FUTURE_TOLERANCE_MS) errors.paidAt = 'Can’t be in the future';

  const url = values.trackingUrl.trim();
  if (url !== '' && !isWebUrl(url)) errors.trackingUrl = 'Enter a web address starting with https://';
  else if (url.length > URL_MAX) errors.trackingUrl = `Keep the address under ${URL_MAX.toLocaleString()} characters`;

  if (values.note.length > NOTE_MAX) errors.note = `Keep the note under ${NOTE_MAX.toLocaleString()} characters`;
  return errors;
}

/**
 * The request body. Built only from what the form shows (the paid-at minute included, never "now"
 * at sending time), so a retry of the same dialog sends the very same body with the same key.
 */
export function buildPaymentBody(
  values: PaymentFormValues,
  accruals: { ids: readonly string[]; sumCents: number },
  receipts: readonly ReceiptUpload[],
): CreatePaymentInput {
  const amount = parseDollarsToCents(values.amount);
  const paidAt = parseLocalDateTimeInput(values.paidAt);
  if (!amount.ok || paidAt === null) throw new Error('buildPaymentBody needs a validated form');
  const body: CreatePaymentInput = {
    project_id: values.projectId,
    creator_id: values.creatorId === '' ? null : values.creatorId,
    method_id: values.methodId === '' ? null : values.methodId,
    total_amount_cents: amount.value,
    currency: 'USD',
    paid_at: new Date(paidAt).toISOString(),
    tracking_url: values.trackingUrl.trim() === '' ? null : values.trackingUrl.trim(),
    note: values.note.trim() === '' ? null : values.note.trim(),
  };
  if (accruals.ids.length > 0) {
    body.accrual_ids = [...accruals.ids];
    // The reason field is only shown (and only means something) when the amounts differ.
    const reason = values.reason.trim();
    if (amount.value !== accruals.sumCents && reason !== '') body.adjustment_reason = reason;
  }
  if (receipts.length > 0) body.receipts = [...receipts];
  return body;
}

/**
 * Refusals the server stores under the idempotency key: the same key would get the same refusal
 * forever, so the dialog takes a new key for its next attempt. Nothing was recorded, so that is
 * safe. Every other failure keeps the key: a lost answer (network), a request still running
 * (`idempotency_key_in_use`), a key already spent on another body (`idempotency_key_reused`), or a
 * validation error (400s are not stored, so the corrected retry may reuse it).
 */
const STORED_REFUSALS: ReadonlySet<string> = new Set(['accrual_not_settleable', 'accrual_in_other_payment', 'currency_mismatch', 'not_found']);

export function needsNewIdempotencyKey(code: string): boolean {
  return STORED_REFUSALS.has(code);
}

/**
 * Failures after which nobody knows whether the payment was recorded: the answer was lost, could
 * not be read, or the first attempt is still running. The next attempt must be the same request.
 */
const UNKNOWN_OUTCOMES: ReadonlySet<string> = new Set(['network_error', 'bad_response', 'idempotency_key_in_use', 'internal_error']);

export function isOutcomeUnknown(code: string): boolean {
  return UNKNOWN_OUTCOMES.has(code);
}

export type PaymentFailure = {
  fieldErrors: FormErrors<PaymentField>;
  banner: (FormBanner & { paymentId?: string; isRecordedMaybe?: boolean }) | null;
  /** Accruals the server refused; the dialog marks them. */
  accrualId: string | null;
};

type Failed = Extract<CallResult<'POST /payout-payments'>, { ok: false }>;

/**
 * A refused payment → messages where the manager will look: under the field the server named, or
 * a banner that names the accrual (and the payment that already settled it).
 */
export function describePaymentFailure(failure: Failed, labelOf: (accrualId: string) => string | null): PaymentFailure {
  const { error, meta } = failure;
  const accrualId = typeof meta['accrual_id'] === 'string' ? meta['accrual_id'] : null;
  const label = accrualId === null ? 'An accrual' : (labelOf(accrualId) ?? 'An accrual');
  switch (error.code) {
    case 'accrual_in_other_payment': {
      const paymentId = typeof meta['payment_id'] === 'string' ? meta['payment_id'] : undefined;
      return {
        fieldErrors: {},
        accrualId,
        banner: {
          title: 'Already paid',
          text: `${label} is already paid by another payment. Untick it, or void that payment first.`,
          ...(paymentId === undefined ? {} : { paymentId }),
        },
      };
    }
    case 'accrual_not_settleable': {
      const why = /\b(is \w+|belongs to another \w+)$/.exec(error.message)?.[1] ?? 'can no longer be paid';
      return { fieldErrors: {}, accrualId, banner: { title: 'Can’t be paid', text: `${label} ${why}. Untick it and record the payment again.` } };
    }
    case 'currency_mismatch':
      return { fieldErrors: {}, accrualId, banner: { title: 'Different currency', text: `${label} is not in US dollars. Pay it separately.` } };
    case 'idempotency_key_reused':
      return {
        fieldErrors: {},
        accrualId: null,
        banner: {
          title: 'This payment may already be recorded',
          text: 'An earlier attempt from this window reached the server, but its answer was lost. Check the payments list before recording it again; to record a different payment, close this window and start over.',
          isRecordedMaybe: true,
        },
      };
    case 'idempotency_key_in_use':
      return { fieldErrors: {}, accrualId: null, banner: { title: 'Still recording', text: 'The first attempt is still being processed. Wait a moment, then press Record again: it cannot be recorded twice.' } };
    case 'network_error':
      return {
        fieldErrors: {},
        accrualId: null,
        banner: { title: 'Couldn’t reach the server', text: 'Nothing is lost. Press Record again when the connection is back: the retry cannot record the payment twice.' },
      };
    case 'payload_too_large':
      return { fieldErrors: {}, accrualId: null, banner: { title: 'Receipts too large', text: 'The receipts together are too large to send at once. Record the payment with fewer receipts, then add the rest from its page.' } };
    default:
      break;
  }
  const fieldErrors: FormErrors<PaymentField> = {};
  const unplaced: string[] = [];
  for (const [path, message] of Object.entries(failure.fieldErrors)) {
    const field = PAYMENT_FIELDS.byPath[path.split('.')[0] ?? ''];
    if (field === undefined) unplaced.push(path.startsWith('receipts') ? `A receipt: ${message}` : `${path}: ${message}`);
    else fieldErrors[field] ??= capitalize(message);
  }
  // A code other than invalid_body carries a sentence worth reading in full, under its field.
  if (error.code !== 'invalid_body') {
    const [first] = Object.keys(fieldErrors) as PaymentField[];
    if (first !== undefined) return { fieldErrors: { [first]: asSentence(error.message) }, accrualId, banner: null };
  }
  const hasPlaced = Object.keys(fieldErrors).length > 0;
  const banner = unplaced.length > 0 || !hasPlaced ? { title: 'Not recorded', text: unplaced.length > 0 ? unplaced.map(asSentence).join(' ') : asSentence(error.message) } : null;
  return { fieldErrors, accrualId, banner };
}

export type SelectionCheck = { ok: true; creatorId: string; projectId: string } | { ok: false; reason: string };

/**
 * Whether accruals ticked in the Accruals list can be paid together: one payment settles earned
 * accruals of one creator in one project.
 */
export function checkPayableSelection(accruals: readonly Pick<Accrual, 'status' | 'creator_id' | 'project_id'>[]): SelectionCheck {
  const [first] = accruals;
  if (first === undefined) return { ok: false, reason: 'Tick the earned accruals to pay.' };
  const notEarned = accruals.filter((accrual) => accrual.status !== 'earned');
  if (notEarned.length > 0) {
    const paid = notEarned.filter((accrual) => accrual.status === 'paid').length;
    const count = notEarned.length;
    return {
      ok: false,
      reason: `Only earned accruals can be paid: ${count} of the ${accruals.length} ${count === 1 ? 'is' : 'are'} ${paid === count ? 'already paid' : 'not earned'}.`,
    };
  }
  if (accruals.some((accrual) => accrual.creator_id !== first.creator_id)) return { ok: false, reason: 'A payment goes to one creator: tick accruals of one creator only.' };
  if (accruals.some((accrual) => accrual.project_id !== first.project_id)) return { ok: false, reason: 'A payment belongs to one project: tick accruals of one project only.' };
  return { ok: true, creatorId: first.creator_id, projectId: first.project_id };
}
