import type { MangoQuerySelector } from 'rxdb';
import { escapeRegex, foldKey as nameKey } from '../../domain/text.ts';
import { createProjectSchema, patchProjectSchema, toProject, type ProjectDoc } from '../../domain/project.ts';
import { membershipBodySchema } from '../../domain/creator.ts';
import { z } from 'zod';
import { minPayoutSchema } from '../../domain/project.ts';
import { listProjectsQuerySchema, type MembershipChange, type MembershipRemoval } from '../contracts/catalog.ts';
import { ApiError } from '../errors.ts';
import { listPage } from '../list.ts';
import { defineRoute, type HandlerContext } from '../router.ts';
import { toCreator } from '../../domain/creator.ts';

export async function findProject(ctx: HandlerContext, id: string, path = 'project_id'): Promise<ProjectDoc> {
  const doc = await ctx.db.projects.findOne(id).exec();
  if (!doc || doc.org_id !== ctx.orgId) {
    throw new ApiError('not_found', `Project ${id} not found`, { meta: { errors: [{ path, message: 'no such project' }] } });
  }
  return doc.toMutableJSON();
}

export const listProjects = defineRoute({
  key: 'GET /projects',
  query: listProjectsQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    const selector: MangoQuerySelector<ProjectDoc> = { org_id: ctx.orgId };
    if (query.q) selector.name_key = { $regex: escapeRegex(nameKey(query.q)) };
    return listPage(ctx.db.projects, selector, query, { sortField: 'created_at', toRow: toProject });
  },
});

export const createProject = defineRoute({
  key: 'POST /projects',
  body: createProjectSchema,
  isMutation: true,
  createsEntity: 'project',
  async handler(ctx, { body }) {
    const doc: ProjectDoc = {
      id: body.id ?? ctx.newId(),
      org_id: ctx.orgId,
      name: body.name,
      name_key: nameKey(body.name),
      timezone: body.timezone,
      min_payout_cents: body.min_payout_cents,
      metadata: body.metadata ?? {},
      readme: body.readme ?? null,
      created_at: ctx.now,
      updated_at: ctx.now,
    };
    await ctx.db.projects.insert(doc);
    ctx.record({ entity: 'project', id: doc.id, before: null, after: toProject(doc) });
    return { status: 201, data: toProject(doc) };
  },
});

export const getProject = defineRoute({
  key: 'GET /projects/:id',
  isMutation: false,
  async handler(ctx, { params }) {
    return { data: toProject(await findProject(ctx, params.id as string, 'id')) };
  },
});

export const patchProject = defineRoute({
  key: 'PATCH /projects/:id',
  body: patchProjectSchema,
  isMutation: true,
  async handler(ctx, { params, body }) {
    const before = await findProject(ctx, params.id as string, 'id');
    if (body.timezone !== undefined && body.timezone !== before.timezone) {
      const structures = await ctx.db.payout_structures.count({ selector: { project_id: before.id } }).exec();
      if (structures > 0) {
        // Periods already cut in the old zone would shift under accruals that exist.
        throw new ApiError('invalid_transition', 'The time zone cannot change once the project has payout structures', {
          meta: { errors: [{ path: 'timezone', message: 'locked: the project has payout structures' }] },
        });
      }
    }
    const after: ProjectDoc = {
      ...before,
      ...(body.name !== undefined && { name: body.name, name_key: nameKey(body.name) }),
      ...(body.timezone !== undefined && { timezone: body.timezone }),
      ...(body.min_payout_cents !== undefined && { min_payout_cents: body.min_payout_cents }),
      ...(body.metadata !== undefined && { metadata: body.metadata }),
      ...(body.readme !== undefined && { readme: body.readme }),
      updated_at: ctx.now,
    };
    await (await ctx.db.projects.findOne(before.id).exec())?.incrementalModify(() => after);
    ctx.record({ entity: 'project', id: before.id, before: toProject(before), after: toProject(after) });
    return { data: toProject(after) };
  },
});

export const addProjectCreators = defineRoute({
  key: 'POST /projects/:id/creators',
  body: membershipBodySchema,
  isMutation: true,
  async handler(ctx, { params, body }) {
    const project = await findProject(ctx, params.id as string, 'id');
    const result: MembershipChange = { added: 0, already_member: 0, not_found: 0, results: [] };
    for (const creatorId of new Set(body.creator_ids)) {
      const stored = await ctx.db.creators.findOne(creatorId).exec();
      if (!stored || stored.org_id !== ctx.orgId) {
        result.not_found++;
        result.results.push({ creator_id: creatorId, status: 'not_found' });
        continue;
      }
      const before = stored.toMutableJSON();
      if (before.memberships.some((membership) => membership.project_id === project.id)) {
        result.already_member++;
        result.results.push({ creator_id: creatorId, status: 'already_member' });
        continue;
      }
      const after = { ...before, memberships: [...before.memberships, { project_id: project.id, joined_at: ctx.now }], updated_at: ctx.now };
      await stored.incrementalModify(() => after);
      ctx.record({ entity: 'creator', id: creatorId, before: toCreator(before), after: toCreator(after) });
      result.added++;
      result.results.push({ creator_id: creatorId, status: 'added' });
    }
    return { data: result };
  },
});

export const removeProjectCreators = defineRoute({
  key: 'DELETE /projects/:id/creators',
  body: membershipBodySchema,
  isMutation: true,
  async handler(ctx, { params, body }) {
    const project = await findProject(ctx, params.id as string, 'id');
    const result: MembershipRemoval = { removed: 0, not_member: 0, assignments_closed: 0, results: [] };
    for (const creatorId of new Set(body.creator_ids)) {
      const stored = await ctx.db.creators.findOne(creatorId).exec();
      const before = stored && stored.org_id === ctx.orgId ? stored.toMutableJSON() : null;
      if (!stored || !before || !before.memberships.some((membership) => membership.project_id === project.id)) {
        result.not_member++;
        result.results.push({ creator_id: creatorId, status: 'not_member' });
        continue;
      }
      const after = { ...before, memberships: before.memberships.filter((m) => m.project_id !== project.id), updated_at: ctx.now };
      await stored.incrementalModify(() => after);
      ctx.record({ entity: 'creator', id: creatorId, before: toCreator(before), after: toCreator(after) });
      // Leaving a project ends every open assignment to its structures; earned accruals stay.
      const open = await ctx.db.assignments.find({ selector: { creator_id: creatorId, project_id: project.id, unassigned_at: null } }).exec();
      for (const assignment of open) {
        const closed = { ...assignment.toMutableJSON(), unassigned_at: ctx.now, updated_at: ctx.now };
        ctx.record({ entity: 'assignment', id: assignment.id, before: assignment.toMutableJSON(), after: closed });
        await assignment.incrementalModify(() => closed);
        result.assignments_closed++;
      }
      result.removed++;
      result.results.push({ creator_id: creatorId, status: 'removed' });
    }
    return { data: result };
  },
});

const patchMembershipSchema = z.strictObject({ min_payout_cents: minPayoutSchema.nullable() });

/** Sets (or with null, clears) a member's own minimum payout, which overrides the project's (SPEC §7). */
export const patchProjectMembership = defineRoute({
  key: 'PATCH /projects/:id/creators/:creator_id',
  body: patchMembershipSchema,
  isMutation: true,
  async handler(ctx, { params, body }) {
    const project = await findProject(ctx, params.id as string, 'id');
    const stored = await ctx.db.creators.findOne(params.creator_id as string).exec();
    if (!stored || stored.org_id !== ctx.orgId) throw new ApiError('not_found', `Creator ${params.creator_id} not found`);
    const before = stored.toMutableJSON();
    const membership = before.memberships.find((candidate) => candidate.project_id === project.id);
    if (!membership) throw new ApiError('not_in_project', `${before.name} is not a member of ${project.name}`);
    const after = {
      ...before,
      memberships: before.memberships.map((candidate) => (candidate.project_id === project.id ? { ...candidate, min_payout_cents: body.min_payout_cents } : candidate)),
      updated_at: ctx.now,
    };
    await stored.incrementalModify(() => after);
    ctx.record({ entity: 'membership', id: `${project.id}:${before.id}`, before: { min_payout_cents: membership.min_payout_cents ?? null }, after: { min_payout_cents: body.min_payout_cents } });
    return {
      data: {
        project_id: project.id,
        creator_id: before.id,
        joined_at: membership.joined_at,
        min_payout_cents: body.min_payout_cents,
        effective_min_payout_cents: body.min_payout_cents ?? project.min_payout_cents,
      },
    };
  },
});

export const projectRoutes = [listProjects, createProject, getProject, patchProject, addProjectCreators, removeProjectCreators, patchProjectMembership];
