import type { MangoQuerySelector } from 'rxdb';
import {
  DEFAULT_METHOD_NAMES,
  createPayoutMethodSchema,
  methodNameKey,
  patchPayoutMethodSchema,
  toPayoutMethod,
  type PayoutMethod,
  type PayoutMethodDoc,
} from '../../domain/payout-method.ts';
import { deterministicId } from '../../domain/ids.ts';
import { listPayoutMethodsQuerySchema } from '../contracts/payout-methods.ts';
import { ApiError } from '../errors.ts';
import { listPage } from '../list.ts';
import { defineRoute, type HandlerContext } from '../router.ts';
import type { PayoutsDatabase } from '../../store/database.ts';

async function findMethod(ctx: HandlerContext, id: string): Promise<PayoutMethodDoc> {
  const doc = await ctx.db.payout_methods.findOne(id).exec();
  if (!doc || doc.org_id !== ctx.orgId) throw new ApiError('not_found', `Payout method ${id} not found`);
  return doc.toMutableJSON();
}

async function assertNameFree(ctx: HandlerContext, name: string, exceptId?: string): Promise<void> {
  const clash = await ctx.db.payout_methods
    .findOne({ selector: { org_id: ctx.orgId, name_key: methodNameKey(name) } })
    .exec();
  if (clash && clash.id !== exceptId) {
    throw new ApiError('conflict_name', `A payout method named "${clash.name}" already exists`, {
      meta: { errors: [{ path: 'name', message: `A method named "${clash.name}" already exists` }], existing_id: clash.id },
    });
  }
}

export const listPayoutMethods = defineRoute({
  key: 'GET /payout-methods',
  query: listPayoutMethodsQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    const selector: MangoQuerySelector<PayoutMethodDoc> = { org_id: ctx.orgId };
    if (!query.include_disabled) selector.is_active = true;
    return listPage(ctx.db.payout_methods, selector, query, { sortField: 'created_at', toRow: toPayoutMethod });
  },
});

export const createPayoutMethod = defineRoute({
  key: 'POST /payout-methods',
  body: createPayoutMethodSchema,
  isMutation: true,
  createsEntity: 'payout_method',
  async handler(ctx, { body }) {
    await assertNameFree(ctx, body.name);
    const customCount = await ctx.db.payout_methods.count({ selector: { org_id: ctx.orgId, is_default: false } }).exec();
    const limit = ctx.config.planLimits.customMethods;
    if (customCount >= limit) {
      throw new ApiError('limit_reached', `Your plan allows ${limit} custom payout methods; delete one or raise the limit`, {
        meta: { limit, current: customCount },
      });
    }
    const doc: PayoutMethodDoc = {
      id: body.id ?? ctx.newId(),
      org_id: ctx.orgId,
      name: body.name,
      name_key: methodNameKey(body.name),
      icon_url: body.icon_path ?? null,
      is_default: false,
      is_active: true,
      metadata: body.metadata ?? {},
      readme: body.readme ?? null,
      created_at: ctx.now,
      updated_at: ctx.now,
    };
    await ctx.db.payout_methods.insert(doc);
    const row = toPayoutMethod(doc);
    ctx.record({ entity: 'payout_method', id: doc.id, before: null, after: row });
    return { status: 201, data: row };
  },
});

export const getPayoutMethod = defineRoute({
  key: 'GET /payout-methods/:id',
  isMutation: false,
  async handler(ctx, { params }) {
    return { data: toPayoutMethod(await findMethod(ctx, params.id as string)) };
  },
});

export const patchPayoutMethod = defineRoute({
  key: 'PATCH /payout-methods/:id',
  body: patchPayoutMethodSchema,
  isMutation: true,
  async handler(ctx, { params, body }) {
    const before = await findMethod(ctx, params.id as string);
    if (body.name !== undefined) await assertNameFree(ctx, body.name, before.id);
    const after: PayoutMethodDoc = {
      ...before,
      ...(body.name !== undefined && { name: body.name, name_key: methodNameKey(body.name) }),
      ...(body.is_active !== undefined && { is_active: body.is_active }),
      ...(body.icon_path !== undefined && { icon_url: body.icon_path }),
      ...(body.metadata !== undefined && { metadata: body.metadata }),
      ...(body.readme !== undefined && { readme: body.readme }),
      updated_at: ctx.now,
    };
    const stored = await ctx.db.payout_methods.findOne(before.id).exec();
    await stored?.incrementalModify(() => after);
    ctx.record({ entity: 'payout_method', id: before.id, before: toPayoutMethod(before), after: toPayoutMethod(after) });
    return { data: toPayoutMethod(after) };
  },
});

export const deletePayoutMethod = defineRoute({
  key: 'DELETE /payout-methods/:id',
  isMutation: true,
  async handler(ctx, { params }) {
    const before = await findMethod(ctx, params.id as string);
    if (before.is_default) {
      throw new ApiError('default_method', `${before.name} is a default method; disable it with PATCH {"is_active": false} instead`);
    }
    await (await ctx.db.payout_methods.findOne(before.id).exec())?.remove();
    ctx.record({ entity: 'payout_method', id: before.id, before: toPayoutMethod(before), after: null });
    return { data: { id: before.id, deleted: true as const } };
  },
});

export const payoutMethodRoutes = [listPayoutMethods, createPayoutMethod, getPayoutMethod, patchPayoutMethod, deletePayoutMethod];

/** Every org starts with Venmo, Cash App and PayPal; ids are derived so installations agree. */
export async function seedDefaultMethods(db: PayoutsDatabase, orgId: string, now: string): Promise<PayoutMethod[]> {
  const created: PayoutMethod[] = [];
  for (const [index, name] of DEFAULT_METHOD_NAMES.entries()) {
    // SPEC §8: the id depends only on the name, so a desktop and its team server seed the same
    // "Venmo" and a pull does not add a second one. A store that already holds a method of that
    // name (seeded by an earlier version under an id that included the org) keeps it: a default is
    // never made again by name.
    const id = deterministicId('default-payout-method', name);
    if (await db.payout_methods.findOne(id).exec()) continue;
    if (await db.payout_methods.findOne({ selector: { org_id: orgId, name_key: methodNameKey(name) } }).exec()) continue;
    // Stagger creation times by a millisecond so the defaults keep their listed order.
    const createdAt = new Date(Date.parse(now) + index).toISOString();
    const doc: PayoutMethodDoc = {
      id,
      org_id: orgId,
      name,
      name_key: methodNameKey(name),
      icon_url: null,
      is_default: true,
      is_active: true,
      metadata: {},
      readme: null,
      created_at: createdAt,
      updated_at: createdAt,
    };
    await db.payout_methods.insert(doc);
    created.push(toPayoutMethod(doc));
  }
  return created;
}
