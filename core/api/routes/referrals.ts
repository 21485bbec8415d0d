import type { MangoQuerySelector } from 'rxdb';
import {
  createReferralEventSchema,
  createReferralSchema,
  patchReferralSchema,
  referralEventIdFor,
  referralIdFor,
  refundProblem,
  type ReferralDoc,
  type ReferralEvent,
} from '../../domain/referral.ts';
import { listReferralEventsQuerySchema, listReferralsQuerySchema, type ReferralRow } from '../contracts/referrals.ts';
import { ApiError } from '../errors.ts';
import { listPage } from '../list.ts';
import { defineRoute, type HandlerContext } from '../router.ts';
import { assertMember, findCreator } from './creators.ts';
import { findProject } from './projects.ts';
import { markInputsChanged } from '../../accrual/engine-state.ts';

type CreateReferralBody = ReturnType<typeof createReferralSchema.parse>;
type CreateEventBody = ReturnType<typeof createReferralEventSchema.parse>;

function invalid(path: string, message: string): ApiError {
  return new ApiError('invalid_body', `${path} ${message}`, { meta: { errors: [{ path, message }] } });
}

export async function findReferral(ctx: HandlerContext, id: string): Promise<ReferralDoc> {
  const doc = await ctx.db.referrals.findOne(id).exec();
  if (!doc || doc.org_id !== ctx.orgId) throw new ApiError('not_found', `Referral ${id} not found`);
  return doc.toMutableJSON();
}

export async function referralEvents(ctx: HandlerContext, referralId: string): Promise<ReferralEvent[]> {
  const docs = await ctx.db.referral_events.find({ selector: { referral_id: referralId }, sort: [{ occurred_at: 'asc' }, { id: 'asc' }] as never }).exec();
  return docs.map((doc) => doc.toMutableJSON());
}

/** Records a referral; its external id is unique in the project (409 `conflict_referral`). */
export async function recordReferral(ctx: HandlerContext, body: CreateReferralBody): Promise<ReferralDoc> {
  await findProject(ctx, body.project_id);
  assertMember(await findCreator(ctx, body.creator_id), body.project_id);
  const referredAt = body.referred_at ?? ctx.now;
  if (referredAt > ctx.now) throw invalid('referred_at', 'must not be in the future');
  const id = referralIdFor(body.project_id, body.external_id);
  if (await ctx.db.referrals.findOne(id).exec()) {
    throw new ApiError('conflict_referral', `A referral with external_id ${body.external_id} already exists in this project`, {
      meta: { errors: [{ path: 'external_id', message: 'already used in this project' }], existing_id: id },
    });
  }
  const doc: ReferralDoc = {
    id,
    org_id: ctx.orgId,
    project_id: body.project_id,
    creator_id: body.creator_id,
    external_id: body.external_id,
    customer_label: body.customer_label ?? null,
    referred_at: referredAt,
    metadata: body.metadata ?? {},
    created_at: ctx.now,
    updated_at: ctx.now,
  };
  await ctx.db.referrals.insert(doc);
  ctx.record({ entity: 'referral', id, before: null, after: doc });
  return doc;
}

/**
 * Records an event of a referral. The same external id again answers the first event and changes
 * nothing (`created: false`), so a webhook relay may retry. A refund names a non-refund event of
 * the same referral, in its currency, and takes at most what is left of it.
 */
export async function recordReferralEvent(
  ctx: HandlerContext,
  referral: ReferralDoc,
  body: CreateEventBody,
): Promise<{ event: ReferralEvent; created: boolean }> {
  const id = referralEventIdFor(referral.id, body.external_id);
  const existing = await ctx.db.referral_events.findOne(id).exec();
  if (existing) return { event: existing.toMutableJSON(), created: false };
  const occurredAt = body.occurred_at ?? ctx.now;
  if (occurredAt > ctx.now) throw invalid('occurred_at', 'must not be in the future');
  if (occurredAt < referral.referred_at) throw invalid('occurred_at', 'must not be before the referral');
  if (body.type === 'refund') {
    const events = await referralEvents(ctx, referral.id);
    const problem = refundProblem({ amount_cents: body.amount_cents, currency: body.currency, occurred_at: occurredAt, refund_of: body.refund_of as string }, events);
    if (problem) throw invalid(problem.path, problem.message);
  }
  const event: ReferralEvent = {
    id,
    org_id: ctx.orgId,
    referral_id: referral.id,
    project_id: referral.project_id,
    creator_id: referral.creator_id,
    type: body.type,
    external_id: body.external_id,
    amount_cents: body.amount_cents,
    currency: body.currency,
    occurred_at: occurredAt,
    refund_of: body.refund_of ?? null,
    metadata: body.metadata ?? {},
    created_at: ctx.now,
  };
  await ctx.db.referral_events.insert(event);
  ctx.record({ entity: 'referral_event', id, before: null, after: event });
  await markInputsChanged(ctx.db, [{ projectId: referral.project_id, creatorId: referral.creator_id, from: occurredAt }]);
  return { event, created: true };
}

/** A referral with what its events add up to: how many, the spend, the refunds. */
async function referralRow(ctx: HandlerContext, referral: ReferralDoc): Promise<ReferralRow> {
  const events = await referralEvents(ctx, referral.id);
  const sum = (type: 'spend' | 'refund') =>
    events.filter((event) => (type === 'refund') === (event.type === 'refund')).reduce((total, event) => total + event.amount_cents, 0);
  return { ...referral, event_count: events.length, spend_cents: sum('spend'), refunded_cents: sum('refund') };
}

export const listReferrals = defineRoute({
  key: 'GET /referrals',
  query: listReferralsQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    const selector: MangoQuerySelector<ReferralDoc> = { org_id: ctx.orgId };
    if (query.project_id) selector.project_id = query.project_id;
    if (query.creator_id) selector.creator_id = query.creator_id;
    if (query.external_id) selector.external_id = query.external_id;
    if (query.referred_from || query.referred_to) {
      selector.referred_at = {
        ...(query.referred_from && { $gte: query.referred_from }),
        ...(query.referred_to && { $lte: query.referred_to }),
      };
    }
    const page = await listPage(ctx.db.referrals, selector, query, { sortField: 'referred_at', dir: 'desc', toRow: (doc) => doc });
    const rows: ReferralRow[] = [];
    for (const referral of page.data) rows.push(await referralRow(ctx, referral));
    return { ...page, data: rows };
  },
});

export const createReferral = defineRoute({
  key: 'POST /referrals',
  body: createReferralSchema,
  isMutation: true,
  async handler(ctx, { body }) {
    return { status: 201, data: await recordReferral(ctx, body) };
  },
});

export const getReferral = defineRoute({
  key: 'GET /referrals/:id',
  isMutation: false,
  async handler(ctx, { params }) {
    return { data: await referralRow(ctx, await findReferral(ctx, params.id as string)) };
  },
});

export const patchReferral = defineRoute({
  key: 'PATCH /referrals/:id',
  body: patchReferralSchema,
  isMutation: true,
  async handler(ctx, { params, body }) {
    const before = await findReferral(ctx, params.id as string);
    const after: ReferralDoc = {
      ...before,
      ...(body.customer_label !== undefined && { customer_label: body.customer_label ?? null }),
      ...(body.metadata !== undefined && { metadata: body.metadata }),
      updated_at: ctx.now,
    };
    await (await ctx.db.referrals.findOne(before.id).exec())?.incrementalModify(() => after);
    ctx.record({ entity: 'referral', id: before.id, before, after });
    return { data: after };
  },
});

export const listReferralEvents = defineRoute({
  key: 'GET /referrals/:id/events',
  query: listReferralEventsQuerySchema,
  isMutation: false,
  async handler(ctx, { params, query }) {
    const referral = await findReferral(ctx, params.id as string);
    const selector: MangoQuerySelector<ReferralEvent> = { referral_id: referral.id };
    if (query.type) selector.type = query.type;
    return listPage(ctx.db.referral_events, selector, query, { sortField: 'occurred_at', dir: 'asc', toRow: (doc) => doc });
  },
});

export const createReferralEvent = defineRoute({
  key: 'POST /referrals/:id/events',
  body: createReferralEventSchema,
  isMutation: true,
  async handler(ctx, { params, body }) {
    const referral = await findReferral(ctx, params.id as string);
    const { event, created } = await recordReferralEvent(ctx, referral, body);
    return { status: created ? 201 : 200, data: event };
  },
});

export const referralRoutes = [listReferrals, createReferral, getReferral, patchReferral, listReferralEvents, createReferralEvent];
