import type { MangoQuerySelector } from 'rxdb';
import {
  assignBodySchema,
  toAssignmentRow,
  unassignBodySchema,
  type Assignment,
  type AssignResult,
  type UnassignResult,
} from '../../domain/assignment.ts';
import {
  createStructureSchema,
  patchStructureSchema,
  toStructureRow,
  currentVersion,
  type StructureDoc,
  type StructureVersion,
  type Rule,
} from '../../domain/payout-structure.ts';
import {
  deleteStructureQuerySchema,
  previewStructureBodySchema,
  listAssignmentsQuerySchema,
  listStructuresQuerySchema,
  type AssignResponse,
  type UnassignResponse,
} from '../contracts/structures.ts';
import { ApiError } from '../errors.ts';
import { listPage } from '../list.ts';
import { defineRoute, type HandlerContext } from '../router.ts';
import { isMember } from './creators.ts';
import { findProject } from './projects.ts';
import { markInputsChanged } from '../../accrual/engine-state.ts';
import { previewRule } from '../../accrual/preview.ts';

/** Version 1 applies from the beginning of time, so backdated assignments accrue under it. */
const BEGINNING = '1970-01-01T00:00:00.000Z';

async function findStructure(ctx: HandlerContext, id: string): Promise<StructureDoc> {
  const doc = await ctx.db.payout_structures.findOne(id).exec();
  if (!doc || doc.org_id !== ctx.orgId) throw new ApiError('not_found', `Payout structure ${id} not found`);
  return doc.toMutableJSON();
}

function newVersion(ctx: HandlerContext, structureId: string, number: number, rule: Rule, effectiveFrom: string): StructureVersion {
  return {
    id: ctx.newId(),
    structure_id: structureId,
    version_number: number,
    period: rule.period,
    amount_cents: rule.amount_cents,
    currency: rule.currency,
    criteria_type: rule.criteria_type,
    criteria_params: rule.criteria_params,
    proration_mode: rule.proration_mode,
    backfill_on_assignment: rule.backfill_on_assignment ?? false,
    effective_from: effectiveFrom,
    created_at: ctx.now,
  };
}

async function activeAssignmentCount(ctx: HandlerContext, structureId: string): Promise<number> {
  return ctx.db.assignments.count({ selector: { structure_id: structureId, unassigned_at: null } }).exec();
}

export const listStructures = defineRoute({
  key: 'GET /payout-structures',
  query: listStructuresQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    const selector: MangoQuerySelector<StructureDoc> = { org_id: ctx.orgId };
    if (query.project_id) selector.project_id = query.project_id;
    if (query.is_active !== undefined) selector.is_active = query.is_active;
    return listPage(ctx.db.payout_structures, selector, query, { sortField: 'created_at', toRow: toStructureRow });
  },
});

export const createStructure = defineRoute({
  key: 'POST /payout-structures',
  body: createStructureSchema,
  isMutation: true,
  createsEntity: 'payout_structure',
  async handler(ctx, { body }) {
    await findProject(ctx, body.project_id);
    const active = await ctx.db.payout_structures.count({ selector: { org_id: ctx.orgId, is_active: true } }).exec();
    const limit = ctx.config.planLimits.activeStructures;
    if (active >= limit) {
      throw new ApiError('limit_reached', `Your plan allows ${limit} active payout structures; archive one or raise the limit`, {
        meta: { limit, current: active },
      });
    }
    const { id: clientId, project_id, name, metadata, readme, ...rule } = body;
    const id = clientId ?? ctx.newId();
    const version = newVersion(ctx, id, 1, rule, BEGINNING);
    const doc: StructureDoc = {
      id,
      org_id: ctx.orgId,
      project_id,
      name,
      currency: rule.currency,
      criteria_type: rule.criteria_type,
      is_active: true,
      archived_at: null,
      metadata: metadata ?? {},
      readme: readme ?? null,
      versions: [version],
      created_at: ctx.now,
      updated_at: ctx.now,
    };
    await ctx.db.payout_structures.insert(doc);
    ctx.record({ entity: 'payout_structure', id, before: null, after: doc });
    return { status: 201, data: { structure_id: id, version_id: version.id } };
  },
});

export const getStructure = defineRoute({
  key: 'GET /payout-structures/:id',
  isMutation: false,
  async handler(ctx, { params }) {
    const doc = await findStructure(ctx, params.id as string);
    return { data: { ...toStructureRow(doc), versions: doc.versions, assignment_count: await activeAssignmentCount(ctx, doc.id) } };
  },
});

/** What a rule edit may not do to a structure (shared by the edit and its preview). */
function assertRuleEdit(before: StructureDoc, rule: Rule): void {
  if (before.archived_at) throw new ApiError('structure_archived', 'An archived structure cannot get new rules');
  if (rule.criteria_type !== before.criteria_type) {
    throw new ApiError('invalid_body', `criteria_type cannot change (this structure is ${before.criteria_type}); create a new structure instead`, {
      meta: { errors: [{ path: 'criteria_type', message: `must stay ${before.criteria_type}` }] },
    });
  }
  if (rule.period !== currentVersion(before).period) {
    // Accrual ids are (structure, creator, period start): two period kinds could share a start.
    throw new ApiError('invalid_body', `period cannot change (this structure is ${currentVersion(before).period ?? 'per milestone'}); create a new structure instead`, {
      meta: { errors: [{ path: 'period', message: `must stay ${currentVersion(before).period}` }] },
    });
  }
}

export const patchStructure = defineRoute({
  key: 'PATCH /payout-structures/:id',
  body: patchStructureSchema,
  isMutation: true,
  async handler(ctx, { params, body }) {
    const before = await findStructure(ctx, params.id as string);
    const stored = await ctx.db.payout_structures.findOne(before.id).exec();
    if (body.kind === 'cosmetic') {
      const after: StructureDoc = {
        ...before,
        ...(body.name !== undefined && { name: body.name }),
        ...(body.metadata !== undefined && { metadata: body.metadata }),
        ...(body.readme !== undefined && { readme: body.readme }),
        updated_at: ctx.now,
      };
      await stored?.incrementalModify(() => after);
      ctx.record({ entity: 'payout_structure', id: before.id, before, after });
      return { data: toStructureRow(after) };
    }
    const { kind: _kind, ...rule } = body;
    assertRuleEdit(before, rule);
    const number = currentVersion(before).version_number + 1;
    const version = newVersion(ctx, before.id, number, rule, ctx.now);
    const after: StructureDoc = { ...before, versions: [...before.versions, version], updated_at: ctx.now };
    await stored?.incrementalModify(() => after);
    ctx.record({ entity: 'payout_structure', id: before.id, before, after });
    return { data: { version_id: version.id, version_number: number } };
  },
});

/**
 * What-if: the body of a rule edit, answered with what it would pay over the last closed periods
 * next to the current version. A read (POST only because the body is a whole rule): it takes no
 * Idempotency-Key, writes nothing and is not journaled.
 */
export const previewStructure = defineRoute({
  key: 'POST /payout-structures/:id/preview',
  body: previewStructureBodySchema,
  isMutation: false,
  async handler(ctx, { params, body }) {
    const structure = await findStructure(ctx, params.id as string);
    const { kind: _kind, periods, ...rule } = body;
    assertRuleEdit(structure, rule);
    const project = await findProject(ctx, structure.project_id);
    return { data: await previewRule({ db: ctx.db, structure, timeZone: project.timezone, rule, periods, now: ctx.now }) };
  },
});

export const deleteStructure = defineRoute({
  key: 'DELETE /payout-structures/:id',
  query: deleteStructureQuerySchema,
  isMutation: true,
  async handler(ctx, { params, query }) {
    const before = await findStructure(ctx, params.id as string);
    const stored = await ctx.db.payout_structures.findOne(before.id).exec();
    if (query.mode === 'hard') {
      const accrued = await ctx.db.accruals.count({ selector: { structure_id: before.id } }).exec();
      if (accrued > 0) {
        throw new ApiError('has_accruals', `${before.name} has ${accrued} accrual(s); archive it instead (DELETE without mode=hard)`, { meta: { accruals: accrued } });
      }
      const assignments = await ctx.db.assignments.find({ selector: { structure_id: before.id } }).exec();
      for (const assignment of assignments) {
        ctx.record({ entity: 'assignment', id: assignment.id, before: assignment.toMutableJSON(), after: null });
        await assignment.remove();
      }
      await stored?.remove();
      ctx.record({ entity: 'payout_structure', id: before.id, before, after: null });
      return { data: { id: before.id, deleted: true as const } };
    }
    if (before.archived_at) return { data: toStructureRow(before) };
    const after: StructureDoc = { ...before, is_active: false, archived_at: ctx.now, updated_at: ctx.now };
    await stored?.incrementalModify(() => after);
    ctx.record({ entity: 'payout_structure', id: before.id, before, after });
    return { data: toStructureRow(after) };
  },
});

export const listAssignments = defineRoute({
  key: 'GET /payout-structures/:id/assignments',
  query: listAssignmentsQuerySchema,
  isMutation: false,
  async handler(ctx, { params, query }) {
    const structure = await findStructure(ctx, params.id as string);
    const selector: MangoQuerySelector<Assignment> = { structure_id: structure.id };
    if (!query.include_inactive) selector.unassigned_at = null;
    return listPage(ctx.db.assignments, selector, query, { sortField: 'assigned_at', toRow: toAssignmentRow });
  },
});

function assertNotFuture(ctx: HandlerContext, at: string, path: string): void {
  if (at > ctx.now) throw new ApiError('invalid_body', `${path} is in the future`, { meta: { errors: [{ path, message: 'must not be in the future' }] } });
}

export const assignCreators = defineRoute({
  key: 'POST /payout-structures/:id/assignments',
  body: assignBodySchema,
  isMutation: true,
  async handler(ctx, { params, body }) {
    const structure = await findStructure(ctx, params.id as string);
    if (structure.archived_at) throw new ApiError('structure_archived', `${structure.name} is archived; creators cannot be assigned to it`);
    const assignedAt = body.assigned_at ?? ctx.now;
    assertNotFuture(ctx, assignedAt, 'assigned_at');
    const response: AssignResponse = { assigned: 0, already_assigned: 0, not_in_project: 0, results: [] };
    const planned: { creatorId: string; result: AssignResult }[] = [];
    for (const creatorId of new Set(body.creator_ids)) {
      const creator = await ctx.db.creators.findOne(creatorId).exec();
      if (!creator || creator.org_id !== ctx.orgId || !isMember(creator.toMutableJSON(), structure.project_id)) {
        planned.push({ creatorId, result: { creator_id: creatorId, status: 'not_in_project', assignment_id: null } });
        continue;
      }
      const history = await ctx.db.assignments.find({ selector: { structure_id: structure.id, creator_id: creatorId } }).exec();
      const open = history.find((interval) => interval.unassigned_at === null);
      if (open) {
        planned.push({ creatorId, result: { creator_id: creatorId, status: 'already_assigned', assignment_id: open.id } });
        continue;
      }
      const overlapping = history.find((interval) => (interval.unassigned_at as string) > assignedAt);
      if (overlapping) {
        throw new ApiError('invalid_body', `assigned_at ${assignedAt} falls inside an earlier assignment of creator ${creatorId} (until ${overlapping.unassigned_at})`, {
          meta: { errors: [{ path: 'assigned_at', message: `overlaps an earlier assignment of ${creatorId}` }] },
        });
      }
      planned.push({ creatorId, result: { creator_id: creatorId, status: 'assigned', assignment_id: ctx.newId() } });
    }
    for (const { creatorId, result } of planned) {
      response.results.push(result);
      response[result.status]++;
      if (result.status !== 'assigned') continue;
      const assignment: Assignment = {
        id: result.assignment_id as string,
        org_id: ctx.orgId,
        structure_id: structure.id,
        creator_id: creatorId,
        project_id: structure.project_id,
        assigned_at: assignedAt,
        unassigned_at: null,
        created_at: ctx.now,
        updated_at: ctx.now,
      };
      await ctx.db.assignments.insert(assignment);
      ctx.record({ entity: 'assignment', id: assignment.id, before: null, after: assignment });
    }
    // A backdated join reopens periods the engine already evaluated.
    const assigned = planned.filter((entry) => entry.result.status === 'assigned');
    await markInputsChanged(ctx.db, assigned.map((entry) => ({ projectId: structure.project_id, creatorId: entry.creatorId, from: assignedAt })));
    return { data: response };
  },
});

export const unassignCreators = defineRoute({
  key: 'DELETE /payout-structures/:id/assignments',
  body: unassignBodySchema,
  isMutation: true,
  async handler(ctx, { params, body }) {
    const structure = await findStructure(ctx, params.id as string);
    const unassignedAt = body.unassigned_at ?? ctx.now;
    assertNotFuture(ctx, unassignedAt, 'unassigned_at');
    const response: UnassignResponse = { unassigned: 0, not_assigned: 0, results: [] };
    const closing: Assignment[] = [];
    for (const creatorId of new Set(body.creator_ids)) {
      const open = await ctx.db.assignments.findOne({ selector: { structure_id: structure.id, creator_id: creatorId, unassigned_at: null } }).exec();
      if (!open) {
        const result: UnassignResult = { creator_id: creatorId, status: 'not_assigned', assignment_id: null };
        response.results.push(result);
        response.not_assigned++;
        continue;
      }
      if (unassignedAt < open.assigned_at) {
        throw new ApiError('invalid_body', `unassigned_at ${unassignedAt} is before creator ${creatorId} was assigned (${open.assigned_at})`, {
          meta: { errors: [{ path: 'unassigned_at', message: `before the assignment of ${creatorId} began` }] },
        });
      }
      closing.push(open.toMutableJSON());
      response.results.push({ creator_id: creatorId, status: 'unassigned', assignment_id: open.id });
      response.unassigned++;
    }
    for (const before of closing) {
      const after = { ...before, unassigned_at: unassignedAt, updated_at: ctx.now };
      await (await ctx.db.assignments.findOne(before.id).exec())?.incrementalModify(() => after);
      ctx.record({ entity: 'assignment', id: before.id, before, after });
    }
    return { data: response };
  },
});

export const structureRoutes = [listStructures, createStructure, getStructure, patchStructure, previewStructure, deleteStructure, listAssignments, assignCreators, unassignCreators];
