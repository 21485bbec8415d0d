import { describe, expect, it } from 'vitest';
import type { CallResult } from '../../api/client.ts';
import {
  buildPaymentBody,
  checkPayableSelection,
  describePaymentFailure,
  differenceOf,
  isOutcomeUnknown,
  differenceText,
  needsNewIdempotencyKey,
  parseLocalDateTimeInput,
  toLocalDateTimeInput,
  validatePaymentForm,
  type PaymentFormValues,
} from './payment-form.ts';

const NOW = new Date(2026, 4, 12, 15, 45, 30).getTime();
const PROJECT = '11111111-1111-4111-8111-111111111111';
const CREATOR = '22222222-2222-4222-8222-222222222222';
const ACCRUAL_A = '33333333-3333-4333-8333-333333333333';
const ACCRUAL_B = '44444444-4444-4444-8444-444444444444';

const values = (patch: Partial<PaymentFormValues> = {}): PaymentFormValues => ({
  projectId: PROJECT,
  creatorId: CREATOR,
  amount: '120.00',
  reason: '',
  methodId: '',
  paidAt: '2026-05-12T15:45',
  trackingUrl: '',
  note: '',
  ...patch,
});

type Failed = Extract<CallResult<'POST /payout-payments'>, { ok: false }>;
const failed = (code: string, message: string, meta: Record<string, unknown> = {}, fieldErrors: Record<string, string> = {}): Failed =>
  ({ ok: false, status: 409, error: { code, message }, fieldErrors, meta }) as Failed;

describe('paid-at as a datetime-local value', () => {
  it('writes and reads the same minute in this computer’s zone', () => {
    expect(toLocalDateTimeInput(NOW)).toBe('2026-05-12T15:45');
    expect(parseLocalDateTimeInput('2026-05-12T15:45')).toBe(new Date(2026, 4, 12, 15, 45).getTime());
  });

  it.each(['', '2026-05-12', '2026-02-30T10:00', '2026-13-01T10:00', '2026-05-12T24:00', 'yesterday'])('refuses %j', (text) => {
    expect(parseLocalDateTimeInput(text)).toBeNull();
  });
});

describe('the difference between the amount paid and the accruals', () => {
  const two = { accrualsSumCents: 10_000, accrualCount: 2 };

  it('is exact, over or under, in cents, without floats', () => {
    expect(differenceOf('100', two)).toEqual({ kind: 'exact', cents: 0 });
    expect(differenceOf('120.00', two)).toEqual({ kind: 'overpaid', cents: 2000 });
    expect(differenceOf('99.71', two)).toEqual({ kind: 'underpaid', cents: 29 });
    expect(differenceText(differenceOf('120', two))).toBe('Overpaid by $20.00');
    expect(differenceText(differenceOf('95', two))).toBe('Underpaid by $5.00');
    expect(differenceText(differenceOf('100', two))).toBeNull();
  });

  it('does not exist for an ad-hoc payment or an amount that is not a number yet', () => {
    expect(differenceOf('120', { accrualsSumCents: 0, accrualCount: 0 })).toBeNull();
    expect(differenceOf('12x', two)).toBeNull();
  });
});

describe('validatePaymentForm', () => {
  const context = { accrualsSumCents: 10_000, accrualCount: 2, nowMs: NOW };

  it('requires a reason exactly when the amount differs from the ticked accruals', () => {
    expect(validatePaymentForm(values({ amount: '100' }), context)).toEqual({});
    expect(validatePaymentForm(values({ amount: '120' }), context).reason).toBe('Say why the amount differs from the accruals (overpaid by $20.00)');
    expect(validatePaymentForm(values({ amount: '120', reason: 'Bonus for the launch video' }), context)).toEqual({});
    expect(validatePaymentForm(values({ amount: '120' }), { ...context, accrualsSumCents: 0, accrualCount: 0 })).toEqual({});
  });

  it('says what is wrong with the amount', () => {
    expect(validatePaymentForm(values({ amount: '' }), context).amount).toBe('Enter the amount paid');
    expect(validatePaymentForm(values({ amount: '1.005' }), context).amount).toBe('Use at most two decimals (cents)');
    expect(validatePaymentForm(values({ amount: '-4' }), context).amount).toBe('The amount can’t be negative');
    expect(validatePaymentForm(values({ amount: '0' }), { ...context, accrualsSumCents: 0, accrualCount: 0 }).amount).toBe('An ad-hoc payment needs an amount');
  });

  it('refuses a paid-at in the future, a project left out and a tracking link that is not a web address', () => {
    const errors = validatePaymentForm(values({ projectId: '', amount: '100', paidAt: '2026-05-13T09:00', trackingUrl: 'venmo://pay' }), context);
    expect(errors).toEqual({
      projectId: 'Choose the project this payment belongs to',
      paidAt: 'Can’t be in the future',
      trackingUrl: 'Enter a web address starting with https://',
    });
    expect(validatePaymentForm(values({ trackingUrl: 'https://venmo.com/story/123' }), { ...context, accrualsSumCents: 12_000 })).toEqual({});
  });
});

describe('buildPaymentBody', () => {
  it('sends the ticked accruals, the reason only when the amounts differ, and the paid-at shown', () => {
    const body = buildPaymentBody(values({ amount: '$120', reason: '  Launch bonus ', note: ' ', trackingUrl: ' https://venmo.com/x ' }), { ids: [ACCRUAL_A, ACCRUAL_B], sumCents: 10_000 }, []);
    expect(body).toEqual({
      project_id: PROJECT,
      creator_id: CREATOR,
      method_id: null,
      total_amount_cents: 12_000,
      currency: 'USD',
      paid_at: new Date(2026, 4, 12, 15, 45).toISOString(),
      tracking_url: 'https://venmo.com/x',
      note: null,
      accrual_ids: [ACCRUAL_A, ACCRUAL_B],
      adjustment_reason: 'Launch bonus',
    });
    const exact = buildPaymentBody(values({ amount: '100', reason: 'left over from before' }), { ids: [ACCRUAL_A], sumCents: 10_000 }, []);
    expect(exact.adjustment_reason).toBeUndefined();
  });

  it('is the same body every time for the same form, so a retry with the dialog’s key is a replay', () => {
    const receipts = [{ file_name: 'r.png', content_type: 'image/png' as const, data_base64: 'iVBORw0KGgo=' }];
    const first = buildPaymentBody(values(), { ids: [ACCRUAL_A], sumCents: 12_000 }, receipts);
    const second = buildPaymentBody(values(), { ids: [ACCRUAL_A], sumCents: 12_000 }, receipts);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('sends an ad-hoc payment without accruals or reason', () => {
    const body = buildPaymentBody(values({ creatorId: '', amount: '25' }), { ids: [], sumCents: 0 }, []);
    expect(body.accrual_ids).toBeUndefined();
    expect(body.adjustment_reason).toBeUndefined();
    expect(body.creator_id).toBeNull();
  });
});

describe('idempotency keys across attempts', () => {
  it('takes a new key only after a refusal the server stored under the old one', () => {
    for (const code of ['accrual_not_settleable', 'accrual_in_other_payment', 'currency_mismatch', 'not_found']) expect(needsNewIdempotencyKey(code)).toBe(true);
    for (const code of ['network_error', 'idempotency_key_in_use', 'idempotency_key_reused', 'invalid_body', 'adjustment_reason_required', 'internal_error']) {
      expect(needsNewIdempotencyKey(code)).toBe(false);
    }
  });
});

describe('an attempt whose outcome nobody knows', () => {
  it('is sent again as it was: a lost or unreadable answer, or a first attempt still running', () => {
    for (const code of ['network_error', 'bad_response', 'idempotency_key_in_use', 'internal_error']) expect(isOutcomeUnknown(code)).toBe(true);
    for (const code of ['invalid_body', 'accrual_in_other_payment', 'idempotency_key_reused', 'adjustment_reason_required']) expect(isOutcomeUnknown(code)).toBe(false);
  });
});

describe('describePaymentFailure', () => {
  const labelOf = (id: string) => (id === ACCRUAL_A ? 'Week of May 4 – 10, 2026' : null);

  it('names the accrual and the payment that already settled it', () => {
    const paymentId = '55555555-5555-4555-8555-555555555555';
    const described = describePaymentFailure(
      failed('accrual_in_other_payment', `Accrual ${ACCRUAL_A} is settled by payment ${paymentId}; void that payment first`, { accrual_id: ACCRUAL_A, payment_id: paymentId }),
      labelOf,
    );
    expect(described.accrualId).toBe(ACCRUAL_A);
    expect(described.banner).toEqual({
      title: 'Already paid',
      text: 'Week of May 4 – 10, 2026 is already paid by another payment. Untick it, or void that payment first.',
      paymentId,
    });
  });

  it('says why an accrual cannot be settled', () => {
    const described = describePaymentFailure(failed('accrual_not_settleable', `Accrual ${ACCRUAL_B} is rejected`, { accrual_id: ACCRUAL_B }), labelOf);
    expect(described.banner?.text).toBe('An accrual is rejected. Untick it and record the payment again.');
  });

  it('puts the missing reason under its field', () => {
    const described = describePaymentFailure(
      failed('adjustment_reason_required', "The total differs from the accruals' sum (10000 cents) by 2000 cents; say why in adjustment_reason", {}, {
        adjustment_reason: 'required when the total differs from the accruals',
      }),
      labelOf,
    );
    expect(described.banner).toBeNull();
    expect(Object.keys(described.fieldErrors)).toEqual(['reason']);
  });

  it('places validation issues by field, and receipts’ in the banner', () => {
    const described = describePaymentFailure(
      failed('invalid_body', 'Invalid body', {}, { paid_at: 'must not be in the future', 'receipts.0.data_base64': 'a receipt may be at most 10 MB' }),
      labelOf,
    );
    expect(described.fieldErrors).toEqual({ paidAt: 'Must not be in the future' });
    expect(described.banner).toEqual({ title: 'Not recorded', text: 'A receipt: a receipt may be at most 10 MB.' });
  });

  it('tells the manager a lost answer may have recorded the payment', () => {
    expect(describePaymentFailure(failed('idempotency_key_reused', 'used for a different request'), labelOf).banner?.isRecordedMaybe).toBe(true);
    expect(describePaymentFailure(failed('network_error', 'Could not reach the server.'), labelOf).banner?.title).toBe('Couldn’t reach the server');
  });
});

describe('checkPayableSelection', () => {
  const earned = { status: 'earned' as const, creator_id: CREATOR, project_id: PROJECT };

  it('accepts earned accruals of one creator in one project', () => {
    expect(checkPayableSelection([earned, earned])).toEqual({ ok: true, creatorId: CREATOR, projectId: PROJECT });
  });

  it('explains what stands in the way', () => {
    expect(checkPayableSelection([earned, { ...earned, status: 'paid' }])).toEqual({ ok: false, reason: 'Only earned accruals can be paid: 1 of the 2 is already paid.' });
    expect(checkPayableSelection([earned, { ...earned, creator_id: ACCRUAL_A }])).toEqual({ ok: false, reason: 'A payment goes to one creator: tick accruals of one creator only.' });
    expect(checkPayableSelection([earned, { ...earned, project_id: ACCRUAL_A }])).toEqual({ ok: false, reason: 'A payment belongs to one project: tick accruals of one project only.' });
  });
});
