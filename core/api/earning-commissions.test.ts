import { describe, expect, it } from 'vitest';
import type { Accrual } from '../domain/accrual.ts';
import { commissionEarningFields, type CommissionContext } from './earning-commissions.ts';

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const EVENT = { id: ID(10), external_id: 'order_1', type: 'purchase', amount_cents: 2000, currency: 'USD', occurred_at: '2026-06-01T14:00:00.000Z' };

function accrual(fields: Partial<Accrual>): Accrual {
  return {
    id: ID(1),
    org_id: ID(2),
    project_id: ID(3),
    structure_id: ID(4),
    version_id: ID(5),
    version_number: 1,
    creator_id: ID(6),
    criteria_type: 'commission',
    period_start_at: EVENT.occurred_at,
    period_end_at: EVENT.occurred_at,
    video_id: null,
    view_count: null,
    referral_id: ID(7),
    referral_event_id: EVENT.id,
    kind: 'accrual',
    amount_cents: 350,
    payable_at: EVENT.occurred_at,
    currency: 'USD',
    status: 'earned',
    inputs_snapshot: {
      version: { id: ID(5), number: 1, effective_from: '1970-01-01T00:00:00.000Z' },
      kind: 'accrual',
      event: EVENT,
      referral: { id: ID(7), external_id: 'cus_1', customer_label: null },
      rate_bps: 1250,
      flat_cents: 100,
      hold_days: 0,
      payable_at: EVENT.occurred_at,
      unrounded_cents: '350',
      amount_cents: 350,
    },
    run_id: ID(8),
    payment_id: null,
    paid_at: null,
    created_at: '2026-06-02T00:00:00.000Z',
    updated_at: '2026-06-02T00:00:00.000Z',
    ...fields,
  };
}

const version = (id: string, criteria_params: Record<string, unknown>) => ({
  id,
  structure_id: ID(4),
  version_number: 1,
  period: null,
  amount_cents: null,
  currency: 'USD' as const,
  criteria_type: 'commission' as const,
  criteria_params,
  proration_mode: 'skip' as const,
  backfill_on_assignment: false,
  effective_from: '1970-01-01T00:00:00.000Z',
  created_at: '2026-05-01T00:00:00.000Z',
});

function context(events: CommissionContext['events'], params: Record<string, unknown> = { rate_bps: 1250, flat_cents: 100 }): CommissionContext {
  return { events, structures: new Map([[ID(4), { name: 'Partners', versions: [version(ID(5), params)] }]]), zones: new Map([[ID(3), 'America/New_York']]) };
}

describe('commission earnings (seed 002 fields)', () => {
  it('12.5% + $1.00 flat: type of the event, the event metadata with ours over it, the rate as text, the headline as description', () => {
    const events = new Map([[EVENT.id, { type: 'subscription' as const, refund_of: null, metadata: { subscription_id: 'sub_123', project_id: 'theirs' } }]]);
    expect(commissionEarningFields(accrual({}), context(events))).toEqual({
      referral_id: ID(7),
      type: 'subscription',
      description: 'Partners: 12.5% of $20.00 purchase order_1 + $1.00 flat = $3.50, payable at once.',
      metadata: {
        subscription_id: 'sub_123',
        project_id: ID(3),
        creator_id: ID(6),
        structure_id: ID(4),
        referral_event_id: EVENT.id,
        occurred_at: EVENT.occurred_at,
        payable_at: EVENT.occurred_at,
        commission_rate: '12.5%',
        commission_flat_cents: 100,
      },
    });
  });

  it('a flat-only rule is a 0% rate; without its event, the snapshot gives the type', () => {
    const fields = commissionEarningFields(accrual({ payable_at: '2026-06-04T02:00:00.000Z' }), context(new Map(), { flat_cents: 350 }));
    expect(fields.type).toBe('purchase');
    expect(fields.metadata).toMatchObject({ commission_rate: '0%', commission_flat_cents: 350 });
    expect(fields.metadata).not.toHaveProperty('subscription_id');
  });

  it('a clawback is typed by its refund and names the refunded event', () => {
    const refund = { ...EVENT, id: ID(11), external_id: 'order_1_r', type: 'refund', amount_cents: 1000, occurred_at: '2026-06-03T14:00:00.000Z' };
    const clawback = accrual({
      kind: 'clawback',
      amount_cents: -175,
      referral_event_id: refund.id,
      inputs_snapshot: {
        version: { id: ID(5), number: 1, effective_from: '1970-01-01T00:00:00.000Z' },
        kind: 'clawback',
        refund,
        event: EVENT,
        referral: { id: ID(7), external_id: 'cus_1', customer_label: null },
        commission: { accrual_id: ID(1), amount_cents: 350, status: 'paid' },
        refunded_before_cents: 0,
        refunded_through_cents: 1000,
        amount_cents: -175,
      },
    });
    const fields = commissionEarningFields(clawback, context(new Map([[refund.id, { type: 'refund' as const, refund_of: EVENT.id, metadata: {} }]])));
    expect(fields.type).toBe('refund');
    expect(fields.description).toBe('Partners: Refund order_1_r of $10.00 (of the $20.00 purchase order_1) takes back 10/20 of the $3.50 commission = -$1.75.');
    expect(fields.metadata).toMatchObject({ kind: 'clawback', refund_of: EVENT.id, commission_rate: '12.5%' });
  });
});
