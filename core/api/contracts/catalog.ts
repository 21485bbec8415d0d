import { z } from 'zod';
import { cursorSchema, isoTimestampSchema, limitSchema, uuidSchema } from '../../domain/common.ts';
import { PLATFORMS, type AppendMetricInput, type CreateVideoInput, type Video } from '../../domain/video.ts';
import type { CreateProjectInput, PatchProjectInput, Project } from '../../domain/project.ts';
import type { CreateCreatorInput, CreateGoalInput, Creator, CreatorGoal, PatchCreatorInput, PatchGoalInput } from '../../domain/creator.ts';

export { createProjectSchema, patchProjectSchema } from '../../domain/project.ts';
export { createCreatorSchema, patchCreatorSchema, createGoalSchema, patchGoalSchema, membershipBodySchema } from '../../domain/creator.ts';
export { createVideoSchema, appendMetricSchema } from '../../domain/video.ts';
export type { Project, Creator, CreatorGoal, Video };
export type { CreateProjectInput, PatchProjectInput } from '../../domain/project.ts';
export type { CreateCreatorInput, PatchCreatorInput, CreateGoalInput, PatchGoalInput } from '../../domain/creator.ts';
export type { CreateVideoInput, AppendMetricInput } from '../../domain/video.ts';

const search = z.string().trim().max(200).optional();

export const listProjectsQuerySchema = z.strictObject({ q: search, limit: limitSchema, cursor: cursorSchema.optional() });
export const listCreatorsQuerySchema = z.strictObject({
  project_id: uuidSchema.optional(),
  q: search,
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export const listVideosQuerySchema = z.strictObject({
  project_id: uuidSchema.optional(),
  creator_id: uuidSchema.optional(),
  platform: z.enum(PLATFORMS).optional(),
  posted_from: isoTimestampSchema.optional(),
  posted_to: isoTimestampSchema.optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export const listGoalsQuerySchema = z.strictObject({
  project_id: uuidSchema.optional(),
  creator_id: uuidSchema.optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});

export type MembershipChange = {
  added: number;
  already_member: number;
  not_found: number;
  results: { creator_id: string; status: 'added' | 'already_member' | 'not_found' }[];
};
export type MembershipRemoval = {
  removed: number;
  not_member: number;
  /** Open assignments in the project's structures that were closed because the creator left. */
  assignments_closed: number;
  results: { creator_id: string; status: 'removed' | 'not_member' }[];
};

type Q<T extends z.ZodType> = z.input<T>;

/** A creator's membership of a project, with their minimum payout (the override, or the project's). */
export type ProjectMembership = { project_id: string; creator_id: string; joined_at: string; min_payout_cents: number | null; effective_min_payout_cents: number };

export type CatalogRoutes = {
  'PATCH /projects/:id/creators/:creator_id': { query: undefined; body: { min_payout_cents: number | null }; data: ProjectMembership };
  'GET /projects': { query: Q<typeof listProjectsQuerySchema>; body: undefined; data: Project[] };
  'POST /projects': { query: undefined; body: CreateProjectInput; data: Project };
  'GET /projects/:id': { query: undefined; body: undefined; data: Project };
  'PATCH /projects/:id': { query: undefined; body: PatchProjectInput; data: Project };
  'POST /projects/:id/creators': { query: undefined; body: { creator_ids: string[] }; data: MembershipChange };
  'DELETE /projects/:id/creators': { query: undefined; body: { creator_ids: string[] }; data: MembershipRemoval };
  'GET /creators': { query: Q<typeof listCreatorsQuerySchema>; body: undefined; data: Creator[] };
  'POST /creators': { query: undefined; body: CreateCreatorInput; data: Creator };
  'GET /creators/:id': { query: undefined; body: undefined; data: Creator & { goals: CreatorGoal[] } };
  'PATCH /creators/:id': { query: undefined; body: PatchCreatorInput; data: Creator };
  'GET /videos': { query: Q<typeof listVideosQuerySchema>; body: undefined; data: Video[] };
  'POST /videos': { query: undefined; body: CreateVideoInput; data: Video };
  'GET /videos/:id': { query: undefined; body: undefined; data: Video };
  'POST /videos/:id/metrics': { query: undefined; body: AppendMetricInput; data: Video };
  'GET /creator-goals': { query: Q<typeof listGoalsQuerySchema>; body: undefined; data: CreatorGoal[] };
  'POST /creator-goals': { query: undefined; body: CreateGoalInput; data: CreatorGoal };
  'GET /creator-goals/:id': { query: undefined; body: undefined; data: CreatorGoal };
  'PATCH /creator-goals/:id': { query: undefined; body: PatchGoalInput; data: CreatorGoal };
  'DELETE /creator-goals/:id': { query: undefined; body: undefined; data: { id: string; deleted: true } };
};
