import type { MangoQuerySelector } from 'rxdb';
import type { Accrual } from '../../domain/accrual.ts';
import { formatCents } from '../../domain/money.ts';
import { listEarningsQuerySchema, type Earning } from '../contracts/earnings.ts';
import { defineRoute } from '../router.ts';

const STATUS_OF: Record<Accrual['status'], Earning['status']> = { earned: 'pending', paid: 'paid', rejected: 'failed', voided: 'failed' };
const ACCRUAL_STATUSES_OF: Record<Earning['status'], Accrual['status'][]> = { pending: ['earned'], processing: [], paid: ['paid'], failed: ['rejected', 'voided'] };

function day(iso: string): string {
  return iso.slice(0, 10);
}

/** A sentence a person can read: what the money is for. */
function describe(accrual: Accrual, structureName: string): string {
  const amount = formatCents(accrual.amount_cents, accrual.currency);
  if (accrual.criteria_type === 'commission') {
    return `${structureName}: ${amount} ${accrual.kind === 'clawback' ? 'clawback of a refunded commission' : 'referral commission'} on ${day(accrual.period_start_at)}`;
  }
  if (accrual.criteria_type === 'view_threshold') {
    return `${structureName}: ${amount} bonus for a video reaching ${(accrual.view_count ?? 0).toLocaleString('en-US')} views`;
  }
  const end = new Date(Date.parse(accrual.period_end_at) - 1).toISOString();
  const kind = { recurring: 'payout', goals: 'goals bonus', cpm: 'views payout' }[accrual.criteria_type];
  return `${structureName}: ${amount} ${kind} for ${day(accrual.period_start_at)} to ${day(end)}`;
}

/**
 * `GET /earnings` in seed 002's vocabulary: accruals as earnings, limit/offset, and the bare
 * `{ earnings: [...] }` body. `processing` (inside an open payout batch) arrives with batches.
 */
export const listEarnings = defineRoute({
  key: 'GET /earnings',
  query: listEarningsQuerySchema,
  isMutation: false,
  format: 'seed-002',
  async handler(ctx, { query }) {
    const statuses = query.status ? ACCRUAL_STATUSES_OF[query.status] : null;
    // Referrals arrive with commissions: until then no earning has a referral.
    if ((statuses && statuses.length === 0) || query.referral_id) return { data: { earnings: [] }, bare: true };
    const selector: MangoQuerySelector<Accrual> = { org_id: ctx.orgId };
    if (query.program_id) selector.project_id = query.program_id;
    if (statuses) selector.status = { $in: statuses };
    const docs = await ctx.db.accruals.find({ selector, sort: [{ created_at: 'desc' }, { id: 'desc' }], skip: query.offset, limit: query.limit }).exec();
    const structures = new Map((await ctx.db.payout_structures.find({ selector: { org_id: ctx.orgId } }).exec()).map((doc) => [doc.id, doc.name]));
    const earnings: Earning[] = docs.map((doc) => {
      const accrual = doc.toMutableJSON();
      return {
        id: accrual.id,
        referral_id: null,
        amount: accrual.amount_cents,
        currency: accrual.currency,
        type: accrual.criteria_type,
        description: describe(accrual, structures.get(accrual.structure_id) ?? 'Payout structure'),
        status: STATUS_OF[accrual.status],
        reference_id: accrual.payment_id,
        created_at: accrual.created_at,
        paid_at: accrual.paid_at,
        metadata: {
          project_id: accrual.project_id,
          creator_id: accrual.creator_id,
          structure_id: accrual.structure_id,
          period_start_at: accrual.period_start_at,
          period_end_at: accrual.period_end_at,
          ...(accrual.video_id && { video_id: accrual.video_id, view_count: accrual.view_count }),
        },
      };
    });
    return { data: { earnings }, bare: true };
  },
});
