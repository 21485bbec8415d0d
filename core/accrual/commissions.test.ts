import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { explainAccrual } from '../domain/explain/explain-accrual.ts';
import type { ReferralEvent } from '../domain/referral.ts';
import { clawedBackCents, commissionCents, evaluateCommissions, payableAt, type NewCommissionAccrual } from './commissions.ts';

describe('commission amounts (worked examples)', () => {
  it.each([
    // 10% of $123.45 = 1234.5 cents → half up → $12.35
    [12345, { rate_bps: 1000 }, 1235],
    // 10% of $123.44 = 1234.4 → $12.34
    [12344, { rate_bps: 1000 }, 1234],
    // 2.5% of $0.20 = 0.5 cents → 1 cent
    [20, { rate_bps: 250 }, 1],
    // 2.5% of $0.19 = 0.475 → 0
    [19, { rate_bps: 250 }, 0],
    // flat $5 + 10% of $123.45: rounded once, over the sum (500 + 1234.5 → 1735)
    [12345, { rate_bps: 1000, flat_cents: 500 }, 1735],
    // flat only
    [12345, { flat_cents: 250 }, 250],
    // 100%
    [99_999, { rate_bps: 10_000 }, 99_999],
  ])('%i cents with %o → %i', (amount, params, expected) => {
    expect(commissionCents(amount, params).amount_cents).toBe(expected);
  });

  it('is exact: the unrounded amount is a reduced fraction, and rounding is within half a cent', () => {
    expect(commissionCents(12345, { rate_bps: 1000 }).unrounded_cents).toBe('2469/2');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e12 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 1e6 }), (amount, rate, flat) => {
        const { amount_cents } = commissionCents(amount, { rate_bps: rate, flat_cents: flat });
        const exact = BigInt(amount) * BigInt(rate) + BigInt(flat) * 10_000n;
        // −5000 < amount_cents × 10000 − exact ≤ 5000: within half a cent, and a tie goes up.
        const diff = BigInt(amount_cents) * 10_000n - exact;
        expect(diff > -5000n && diff <= 5000n).toBe(true);
      }),
      // A tie (7400 bps of 999,999,992,525 = …468.5 cents) rounds up: diff is exactly +5000.
      { examples: [[999_999_992_525, 7400, 0]] },
    );
  });
});

describe('clawbacks of partial refunds', () => {
  it('take back exactly the whole commission when the refunds add up to the whole event', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 1e9 }), fc.integer({ min: 1, max: 10_000 }), fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 8 }), (amount, rate, weights) => {
        const commission = commissionCents(amount, { rate_bps: rate }).amount_cents;
        const total = weights.reduce((sum, weight) => sum + weight, 0);
        // Split the event's amount into refunds in proportion to the weights, the last one takes the rest.
        let refunded = 0;
        let taken = 0;
        weights.forEach((weight, index) => {
          const part = index === weights.length - 1 ? amount - refunded : Math.floor((amount * weight) / total);
          const before = clawedBackCents(commission, refunded, amount);
          refunded += part;
          const clawback = clawedBackCents(commission, refunded, amount) - before;
          expect(clawback).toBeGreaterThanOrEqual(0);
          taken += clawback;
        });
        expect(taken).toBe(commission);
      }),
    );
  });

  it('a worked example: $12.35 commission, refunds of $23.45 then $100.00 of $123.45', () => {
    expect(clawedBackCents(1235, 2345, 12345)).toBe(235); // 1235 × 2345 / 12345 = 234.59 → 235
    expect(clawedBackCents(1235, 12345, 12345) - clawedBackCents(1235, 2345, 12345)).toBe(1000);
  });
});

describe('holds', () => {
  it('are whole days of 24 hours from the event, to the second', () => {
    expect(payableAt('2026-06-01T10:15:30.000Z', 0)).toBe('2026-06-01T10:15:30.000Z');
    expect(payableAt('2026-06-01T10:15:30.000Z', 3)).toBe('2026-06-04T10:15:30.000Z');
    expect(payableAt('2026-03-07T12:00:00.000Z', 30)).toBe('2026-04-06T12:00:00.000Z');
  });
});

describe('what the run records explains itself', () => {
  const ids = { structure: '00000000-0000-4000-8000-000000000001', version: '00000000-0000-4000-8000-000000000002', creator: '00000000-0000-4000-8000-000000000003', referral: '00000000-0000-4000-8000-000000000004' };
  const event = (fields: Partial<ReferralEvent> & Pick<ReferralEvent, 'id' | 'type' | 'external_id' | 'amount_cents' | 'occurred_at'>): ReferralEvent => ({
    org_id: ids.structure,
    referral_id: ids.referral,
    project_id: ids.structure,
    creator_id: ids.creator,
    currency: 'USD',
    refund_of: null,
    metadata: {},
    created_at: fields.occurred_at,
    ...fields,
  });
  const purchase = event({ id: '00000000-0000-4000-8000-000000000010', type: 'purchase', external_id: 'order_1', amount_cents: 12345, occurred_at: '2026-06-01T14:00:00.000Z' });
  const refund = event({ id: '00000000-0000-4000-8000-000000000011', type: 'refund', external_id: 'order_1_r', amount_cents: 5000, occurred_at: '2026-06-02T14:00:00.000Z', refund_of: purchase.id });
  const structure = {
    id: ids.structure,
    archived_at: null,
    versions: [
      {
        id: ids.version,
        structure_id: ids.structure,
        version_number: 1,
        period: null,
        amount_cents: null,
        currency: 'USD' as const,
        criteria_type: 'commission' as const,
        criteria_params: { rate_bps: 1000, flat_cents: 100, hold_days: 3 },
        proration_mode: 'skip' as const,
        backfill_on_assignment: false,
        effective_from: '1970-01-01T00:00:00.000Z',
        created_at: '2026-05-01T00:00:00.000Z',
      },
    ],
  };

  it('the commission and the clawback of a partial refund, in words, from the snapshots the run writes', () => {
    const outcome = evaluateCommissions({
      structure,
      assignments: [{ creator_id: ids.creator, assigned_at: '2026-05-01T00:00:00.000Z', unassigned_at: null }],
      events: [purchase, refund],
      referrals: new Map([[ids.referral, { id: ids.referral, external_id: 'cus_1', customer_label: null }]]),
      existing: new Map(),
      asOf: '2026-06-03T00:00:00.000Z',
    });
    const explain = (accrual: NewCommissionAccrual | undefined) => accrual && explainAccrual(accrual, { timeZone: 'UTC' }).headline;
    const [commission, clawback] = outcome.created;
    expect(explain(commission)).toBe('10% of $123.45 purchase order_1 + $1.00 flat = $13.35 (rounded from $13.345), payable from Jun 4, 2026.');
    // round(1335 × 5000 / 12345) = round(540.7…) = 541.
    expect(explain(clawback)).toBe('Refund order_1_r of $50.00 (of the $123.45 purchase order_1) takes back 50/123.45 of the $13.35 commission = -$5.41.');
  });
});
