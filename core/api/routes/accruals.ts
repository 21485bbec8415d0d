import type { MangoQuerySelector } from 'rxdb';
import { accrualRunBodySchema, listAccrualsQuerySchema, patchAccrualSchema, type Accrual } from '../../domain/accrual.ts';
import { runAccruals } from '../../accrual/engine.ts';
import { ApiError } from '../errors.ts';
import { listPage } from '../list.ts';
import { defineRoute, type HandlerContext } from '../router.ts';

async function findAccrual(ctx: HandlerContext, id: string): Promise<Accrual> {
  const doc = await ctx.db.accruals.findOne(id).exec();
  if (!doc || doc.org_id !== ctx.orgId) throw new ApiError('not_found', `Accrual ${id} not found`);
  return doc.toMutableJSON();
}

/** `YYYY-MM-DD` as a bound: `from` is that day's start, `to` that day's end (UTC). */
function dayBound(value: string, side: 'from' | 'to'): string {
  if (value.length !== 10) return value;
  const start = Date.parse(`${value}T00:00:00.000Z`);
  return new Date(side === 'from' ? start : start + 86_400_000).toISOString();
}

export const listAccruals = defineRoute({
  key: 'GET /payout-accruals',
  query: listAccrualsQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    const selector: MangoQuerySelector<Accrual> = { org_id: ctx.orgId };
    if (query.project_id) selector.project_id = query.project_id;
    if (query.creator_id) selector.creator_id = query.creator_id;
    if (query.structure_id) selector.structure_id = query.structure_id;
    if (query.status) selector.status = query.status;
    if (query.from) selector.period_start_at = { $gte: dayBound(query.from, 'from') };
    if (query.to) selector.period_end_at = { $lte: dayBound(query.to, 'to') };
    return listPage(ctx.db.accruals, selector, query, { sortField: 'period_end_at', dir: 'desc', toRow: (doc) => doc });
  },
});

export const getAccrual = defineRoute({
  key: 'GET /payout-accruals/:id',
  isMutation: false,
  async handler(ctx, { params }) {
    return { data: await findAccrual(ctx, params.id as string) };
  },
});

export const patchAccrual = defineRoute({
  key: 'PATCH /payout-accruals/:id',
  body: patchAccrualSchema,
  isMutation: true,
  async handler(ctx, { params, body }) {
    const before = await findAccrual(ctx, params.id as string);
    if (body.status === 'paid') throw new ApiError('cannot_set_paid_directly', 'Accruals become paid only through a payment: POST /payout-payments');
    if (before.status === 'paid') {
      throw new ApiError('cannot_set_status_on_paid_accrual', 'This accrual is paid; void the payment that settled it first');
    }
    if (before.status !== 'earned' || body.status === 'earned') {
      throw new ApiError('invalid_transition', `An accrual cannot go from ${before.status} to ${body.status}; only earned accruals can be rejected or voided`);
    }
    const after: Accrual = { ...before, status: body.status, updated_at: ctx.now };
    await (await ctx.db.accruals.findOne(before.id).exec())?.incrementalModify(() => after);
    ctx.record({ entity: 'accrual', id: before.id, before: { status: before.status }, after: { status: after.status } });
    return { data: after };
  },
});

export const createAccrualRun = defineRoute({
  key: 'POST /accrual-runs',
  commandTime: 'as_of',
  body: accrualRunBodySchema,
  isMutation: true,
  async handler(ctx, { body }) {
    const asOf = body.as_of ?? ctx.now;
    if (asOf > ctx.now) {
      throw new ApiError('invalid_body', 'as_of is in the future: only periods that have ended can be evaluated', {
        meta: { errors: [{ path: 'as_of', message: 'must not be in the future' }] },
      });
    }
    const run = await runAccruals({ db: ctx.db, orgId: ctx.orgId, now: ctx.now, newId: ctx.newId, onProgress: ctx.onProgress }, asOf, ctx.principal.kind === 'system' ? 'timer' : 'api');
    ctx.record({ entity: 'accrual_run', id: run.id, before: null, after: run });
    return { status: 201, data: run };
  },
});

export const accrualRoutes = [listAccruals, getAccrual, patchAccrual, createAccrualRun];
