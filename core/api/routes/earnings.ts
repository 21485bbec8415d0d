import type { MangoQuerySelector } from 'rxdb';
import type { Accrual } from '../../domain/accrual.ts';
import { formatCents } from '../../domain/money.ts';
import { listEarningsQuerySchema, type Earning } from '../contracts/earnings.ts';
import { batchStates, type BatchState } from '../../ledger/batches.ts';
import { commissionEarningFields, type CommissionContext } from '../earning-commissions.ts';
import { defineRoute } from '../router.ts';
import type { PayoutsDatabase } from '../../store/database.ts';

/**
 * SPEC §7: an earned accrual is `processing` on an open line of an exported batch, `failed` when
 * its latest batch line failed (payable again, until it is on a new batch), else `pending`.
 */
function statusOf(accrual: Accrual, batches: BatchState): Earning['status'] {
  if (accrual.status === 'paid') return 'paid';
  if (accrual.status !== 'earned') return 'failed';
  if (batches.processing.has(accrual.id)) return 'processing';
  return batches.failed.has(accrual.id) ? 'failed' : 'pending';
}

function statusSelector(status: Earning['status'], batches: BatchState): MangoQuerySelector<Accrual> {
  const processing = [...batches.processing];
  const failed = [...batches.failed.keys()];
  switch (status) {
    case 'paid':
      return { status: 'paid' };
    case 'processing':
      return { status: 'earned', id: { $in: processing } };
    case 'pending':
      return { status: 'earned', id: { $nin: [...processing, ...failed] } };
    case 'failed':
      return { $or: [{ status: { $in: ['rejected', 'voided'] } }, { status: 'earned', id: { $in: failed } }] };
  }
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

/** A sentence a person can read: what the money is for (commissions: {@link commissionEarningFields}). */
function describe(accrual: Accrual, structureName: string): string {
  const amount = formatCents(accrual.amount_cents, accrual.currency);
  if (accrual.criteria_type === 'view_threshold') {
    return `${structureName}: ${amount} bonus for a video reaching ${(accrual.view_count ?? 0).toLocaleString('en-US')} views`;
  }
  const end = new Date(Date.parse(accrual.period_end_at) - 1).toISOString();
  const kind = { recurring: 'payout', goals: 'goals bonus', cpm: 'views payout', commission: 'commission' }[accrual.criteria_type];
  return `${structureName}: ${amount} ${kind} for ${day(accrual.period_start_at)} to ${day(end)}`;
}

/** The events, rules and project zones the page's commission earnings are described with. */
async function commissionContext(db: PayoutsDatabase, accruals: Accrual[], structures: CommissionContext['structures']): Promise<CommissionContext> {
  const commissions = accruals.filter((accrual) => accrual.criteria_type === 'commission');
  if (commissions.length === 0) return { events: new Map(), structures, zones: new Map() };
  const eventIds = [...new Set(commissions.flatMap((accrual) => (accrual.referral_event_id === null ? [] : [accrual.referral_event_id])))];
  const projectIds = [...new Set(commissions.map((accrual) => accrual.project_id))];
  const events = new Map([...(await db.referral_events.findByIds(eventIds).exec())].map(([id, doc]) => [id, doc.toMutableJSON()]));
  const zones = new Map([...(await db.projects.findByIds(projectIds).exec())].map(([id, doc]) => [id, doc.timezone]));
  return { events, structures, zones };
}

/**
 * `GET /earnings` in seed 002's vocabulary: accruals as earnings, limit/offset, and the bare
 * `{ earnings: [...] }` body, with the batch states of SPEC §7 (processing, failed).
 */
export const listEarnings = defineRoute({
  key: 'GET /earnings',
  query: listEarningsQuerySchema,
  isMutation: false,
  format: 'seed-002',
  async handler(ctx, { query }) {
    const batches = await batchStates(ctx.db, ctx.orgId, query.program_id ?? null);
    const selector: MangoQuerySelector<Accrual> = { org_id: ctx.orgId, ...(query.status && statusSelector(query.status, batches)) };
    if (query.program_id) selector.project_id = query.program_id;
    if (query.referral_id) selector.referral_id = query.referral_id;
    const docs = await ctx.db.accruals.find({ selector, sort: [{ created_at: 'desc' }, { id: 'desc' }], skip: query.offset, limit: query.limit }).exec();
    const paymentIds = [...new Set(docs.flatMap((doc) => (doc.payment_id ? [doc.payment_id] : [])))];
    const providerReferences = new Map(
      [...(await ctx.db.payments.findByIds(paymentIds).exec()).values()].flatMap((payment) => {
        const reference = payment.metadata.provider_reference;
        return typeof reference === 'string' ? [[payment.id, reference] as const] : [];
      }),
    );
    const structureDocs = new Map((await ctx.db.payout_structures.find({ selector: { org_id: ctx.orgId } }).exec()).map((doc) => [doc.id, doc.toMutableJSON()]));
    const structures = new Map([...structureDocs].map(([id, doc]) => [id, doc.name]));
    const commissions = await commissionContext(ctx.db, docs.map((doc) => doc.toMutableJSON()), structureDocs);
    const earnings: Earning[] = docs.map((doc) => {
      const accrual = doc.toMutableJSON();
      const earning: Earning = {
        id: accrual.id,
        referral_id: null,
        amount: accrual.amount_cents,
        currency: accrual.currency,
        type: accrual.criteria_type,
        description: describe(accrual, structures.get(accrual.structure_id) ?? 'Payout structure'),
        status: statusOf(accrual, batches),
        // The provider's item id when a batch result file gave one, else the paying payment.
        reference_id: accrual.payment_id ? (providerReferences.get(accrual.payment_id) ?? accrual.payment_id) : null,
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
      const described = accrual.criteria_type === 'commission' ? { ...earning, ...commissionEarningFields(accrual, commissions) } : earning;
      // Where the money is: the paying payment when reference_id is the provider's id instead,
      // or why a payout batch's line failed (the earning is payable again).
      const paymentId = accrual.payment_id && described.reference_id !== accrual.payment_id ? accrual.payment_id : null;
      const failure = accrual.status === 'earned' ? batches.failed.get(accrual.id) : undefined;
      if (paymentId === null && failure === undefined) return described;
      return { ...described, metadata: { ...described.metadata, ...(paymentId && { payment_id: paymentId }), ...(failure !== undefined && { payout_failure_reason: failure }) } };
    });
    return { data: { earnings }, bare: true };
  },
});
