import type { MangoQuerySelector } from 'rxdb';
import {
  createCreatorSchema,
  createGoalSchema,
  handleKey,
  patchCreatorSchema,
  patchGoalSchema,
  toCreator,
  toGoals,
  type CreatorDoc,
  type CreatorGoal,
} from '../../domain/creator.ts';
import { escapeRegex, foldKey } from '../../domain/text.ts';
import { listCreatorsQuerySchema, listGoalsQuerySchema } from '../contracts/catalog.ts';
import { ApiError } from '../errors.ts';
import { listPage } from '../list.ts';
import { pageOf, decodeCursor } from '../pagination.ts';
import { defineRoute, type HandlerContext } from '../router.ts';
import { findProject } from './projects.ts';

export async function findCreator(ctx: HandlerContext, id: string, path = 'creator_id'): Promise<CreatorDoc> {
  const doc = await ctx.db.creators.findOne(id).exec();
  if (!doc || doc.org_id !== ctx.orgId) {
    throw new ApiError('not_found', `Creator ${id} not found`, { meta: { errors: [{ path, message: 'no such creator' }] } });
  }
  return doc.toMutableJSON();
}

export function isMember(creator: CreatorDoc, projectId: string): boolean {
  return creator.memberships.some((membership) => membership.project_id === projectId);
}

export function assertMember(creator: CreatorDoc, projectId: string): void {
  if (!isMember(creator, projectId)) {
    throw new ApiError('not_in_project', `${creator.name} is not a member of project ${projectId}; add them with POST /projects/${projectId}/creators`, {
      meta: { errors: [{ path: 'creator_id', message: 'not a member of the project' }] },
    });
  }
}

async function assertHandleFree(ctx: HandlerContext, handle: string | null, exceptId?: string): Promise<void> {
  const key = handleKey(handle);
  if (!key) return;
  const clash = await ctx.db.creators.findOne({ selector: { org_id: ctx.orgId, handle_key: key } }).exec();
  if (clash && clash.id !== exceptId) {
    throw new ApiError('conflict_handle', `Creator ${clash.name} already has the handle ${clash.handle}`, {
      meta: { errors: [{ path: 'handle', message: `already used by ${clash.name}` }], existing_id: clash.id },
    });
  }
}

async function assertMethod(ctx: HandlerContext, methodId: string | null | undefined): Promise<void> {
  if (!methodId) return;
  const method = await ctx.db.payout_methods.findOne(methodId).exec();
  if (!method || method.org_id !== ctx.orgId) {
    throw new ApiError('invalid_body', 'default_method_id does not name a payout method', {
      meta: { errors: [{ path: 'default_method_id', message: 'no such payout method' }] },
    });
  }
}

export const listCreators = defineRoute({
  key: 'GET /creators',
  query: listCreatorsQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    const selector: MangoQuerySelector<CreatorDoc> = { org_id: ctx.orgId };
    if (query.project_id) selector.memberships = { $elemMatch: { project_id: query.project_id } };
    if (query.q) {
      const needle = escapeRegex(foldKey(query.q).replace(/^@/, ''));
      selector.$or = [{ name_key: { $regex: needle } }, { handle_key: { $regex: needle } }];
    }
    return listPage(ctx.db.creators, selector, query, { sortField: 'created_at', toRow: toCreator });
  },
});

/** Builds a new creator document (shared by the API and CSV import). */
export function newCreatorDoc(ctx: HandlerContext, body: ReturnType<typeof createCreatorSchema.parse>): CreatorDoc {
  return {
    id: body.id ?? ctx.newId(),
    org_id: ctx.orgId,
    name: body.name,
    name_key: foldKey(body.name),
    handle: body.handle ?? null,
    handle_key: handleKey(body.handle ?? null),
    email: body.email ?? null,
    default_method_id: body.default_method_id ?? null,
    payout_handle: body.payout_handle ?? null,
    metadata: body.metadata ?? {},
    readme: body.readme ?? null,
    memberships: [],
    goals: [],
    created_at: ctx.now,
    updated_at: ctx.now,
  };
}

export const createCreator = defineRoute({
  key: 'POST /creators',
  body: createCreatorSchema,
  isMutation: true,
  createsEntity: 'creator',
  async handler(ctx, { body }) {
    await assertHandleFree(ctx, body.handle ?? null);
    await assertMethod(ctx, body.default_method_id);
    const doc = newCreatorDoc(ctx, body);
    await ctx.db.creators.insert(doc);
    ctx.record({ entity: 'creator', id: doc.id, before: null, after: toCreator(doc) });
    return { status: 201, data: toCreator(doc) };
  },
});

export const getCreator = defineRoute({
  key: 'GET /creators/:id',
  isMutation: false,
  async handler(ctx, { params }) {
    const doc = await findCreator(ctx, params.id as string, 'id');
    return { data: { ...toCreator(doc), goals: toGoals(doc) } };
  },
});

export const patchCreator = defineRoute({
  key: 'PATCH /creators/:id',
  body: patchCreatorSchema,
  isMutation: true,
  async handler(ctx, { params, body }) {
    const before = await findCreator(ctx, params.id as string, 'id');
    if (body.handle !== undefined) await assertHandleFree(ctx, body.handle ?? null, before.id);
    await assertMethod(ctx, body.default_method_id);
    const after: CreatorDoc = {
      ...before,
      ...(body.name !== undefined && { name: body.name, name_key: foldKey(body.name) }),
      ...(body.handle !== undefined && { handle: body.handle ?? null, handle_key: handleKey(body.handle ?? null) }),
      ...(body.email !== undefined && { email: body.email ?? null }),
      ...(body.default_method_id !== undefined && { default_method_id: body.default_method_id ?? null }),
      ...(body.payout_handle !== undefined && { payout_handle: body.payout_handle ?? null }),
      ...(body.metadata !== undefined && { metadata: body.metadata }),
      ...(body.readme !== undefined && { readme: body.readme }),
      updated_at: ctx.now,
    };
    await (await ctx.db.creators.findOne(before.id).exec())?.incrementalModify(() => after);
    ctx.record({ entity: 'creator', id: before.id, before: toCreator(before), after: toCreator(after) });
    return { data: toCreator(after) };
  },
});

async function findGoal(ctx: HandlerContext, goalId: string): Promise<{ creator: CreatorDoc; goal: CreatorGoal }> {
  const owner = await ctx.db.creators.findOne({ selector: { org_id: ctx.orgId, goals: { $elemMatch: { id: goalId } } } }).exec();
  const creator = owner?.toMutableJSON();
  const goal = creator && toGoals(creator).find((candidate) => candidate.id === goalId);
  if (!creator || !goal) throw new ApiError('not_found', `Creator goal ${goalId} not found`);
  return { creator, goal };
}

export const listGoals = defineRoute({
  key: 'GET /creator-goals',
  query: listGoalsQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    const selector: MangoQuerySelector<CreatorDoc> = { org_id: ctx.orgId };
    if (query.creator_id) selector.id = query.creator_id;
    if (query.project_id) selector.goals = { $elemMatch: { project_id: query.project_id } };
    const creators = await ctx.db.creators.find({ selector }).exec();
    let goals = creators.flatMap((doc) => toGoals(doc.toMutableJSON()));
    if (query.project_id) goals = goals.filter((goal) => goal.project_id === query.project_id);
    goals.sort((a, b) => (a.created_at === b.created_at ? (a.id < b.id ? -1 : 1) : a.created_at < b.created_at ? -1 : 1));
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, 2) as [string, string];
      goals = goals.filter((goal) => goal.created_at > createdAt || (goal.created_at === createdAt && goal.id > id));
    }
    const page = pageOf(goals.slice(0, query.limit + 1), query.limit, (goal) => [goal.created_at, goal.id]);
    return { data: page.rows, meta: page.meta };
  },
});

export const createGoal = defineRoute({
  key: 'POST /creator-goals',
  body: createGoalSchema,
  isMutation: true,
  createsEntity: 'creator_goal',
  async handler(ctx, { body }) {
    await findProject(ctx, body.project_id);
    const before = await findCreator(ctx, body.creator_id);
    assertMember(before, body.project_id);
    const goal = { id: body.id ?? ctx.newId(), project_id: body.project_id, metric: body.metric, target: body.target, period: body.period, created_at: ctx.now, updated_at: ctx.now };
    const after = { ...before, goals: [...before.goals, goal], updated_at: ctx.now };
    await (await ctx.db.creators.findOne(before.id).exec())?.incrementalModify(() => after);
    const row: CreatorGoal = { ...goal, org_id: ctx.orgId, creator_id: before.id };
    ctx.record({ entity: 'creator_goal', id: goal.id, before: null, after: row });
    return { status: 201, data: row };
  },
});

export const getGoal = defineRoute({
  key: 'GET /creator-goals/:id',
  isMutation: false,
  async handler(ctx, { params }) {
    return { data: (await findGoal(ctx, params.id as string)).goal };
  },
});

export const patchGoal = defineRoute({
  key: 'PATCH /creator-goals/:id',
  body: patchGoalSchema,
  isMutation: true,
  async handler(ctx, { params, body }) {
    const { creator, goal } = await findGoal(ctx, params.id as string);
    const updated: CreatorGoal = { ...goal, ...body, updated_at: ctx.now };
    const after = {
      ...creator,
      goals: creator.goals.map((existing) => (existing.id === goal.id ? { ...existing, ...body, updated_at: ctx.now } : existing)),
      updated_at: ctx.now,
    };
    await (await ctx.db.creators.findOne(creator.id).exec())?.incrementalModify(() => after);
    ctx.record({ entity: 'creator_goal', id: goal.id, before: goal, after: updated });
    return { data: updated };
  },
});

export const deleteGoal = defineRoute({
  key: 'DELETE /creator-goals/:id',
  isMutation: true,
  async handler(ctx, { params }) {
    const { creator, goal } = await findGoal(ctx, params.id as string);
    const after = { ...creator, goals: creator.goals.filter((existing) => existing.id !== goal.id), updated_at: ctx.now };
    await (await ctx.db.creators.findOne(creator.id).exec())?.incrementalModify(() => after);
    ctx.record({ entity: 'creator_goal', id: goal.id, before: goal, after: null });
    return { data: { id: goal.id, deleted: true as const } };
  },
});

export const creatorRoutes = [listCreators, createCreator, getCreator, patchCreator, listGoals, createGoal, getGoal, patchGoal, deleteGoal];
