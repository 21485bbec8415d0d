import { z } from 'zod';
import { foldKey } from './text.ts';
import { clientIdField, isoTimestampSchema, metadataSchema, readmeSchema, uuidSchema } from './common.ts';

export const GOAL_METRICS = ['videos_posted', 'views'] as const;
export const PERIODS = ['daily', 'weekly', 'monthly'] as const;
export const periodSchema = z.enum(PERIODS);
export type Period = z.infer<typeof periodSchema>;

/** A creator's goal in one project, e.g. "post 4 videos a week". */
export const creatorGoalSchema = z.object({
  id: uuidSchema,
  org_id: uuidSchema,
  creator_id: uuidSchema,
  project_id: uuidSchema,
  metric: z.enum(GOAL_METRICS),
  target: z.number().int().min(1),
  period: periodSchema,
  created_at: isoTimestampSchema,
  updated_at: isoTimestampSchema,
});
export type CreatorGoal = z.infer<typeof creatorGoalSchema>;

export const membershipSchema = z.object({
  project_id: uuidSchema,
  joined_at: isoTimestampSchema,
  /** Overrides the project's min_payout_cents for this creator; absent or null = the project's. */
  min_payout_cents: z.number().int().min(0).max(1e13).nullable().optional(),
});
export type Membership = z.infer<typeof membershipSchema>;

export const creatorSchema = z.object({
  id: uuidSchema,
  org_id: uuidSchema,
  name: z.string().min(1).max(200),
  handle: z.string().max(100).nullable(),
  email: z.string().max(320).nullable(),
  default_method_id: uuidSchema.nullable(),
  payout_handle: z.string().max(200).nullable(),
  metadata: metadataSchema,
  readme: readmeSchema,
  project_ids: z.array(uuidSchema),
  created_at: isoTimestampSchema,
  updated_at: isoTimestampSchema,
});
export type Creator = z.infer<typeof creatorSchema>;

/** Stored creator: the aggregate embeds its project memberships and goals. */
export const creatorDocSchema = creatorSchema.omit({ project_ids: true }).extend({
  /** Case-folded handle, '' when none; unique per org when set. */
  handle_key: z.string().max(400),
  name_key: z.string().max(800),
  memberships: z.array(membershipSchema),
  goals: z.array(creatorGoalSchema.omit({ org_id: true, creator_id: true })),
});
export type CreatorDoc = z.infer<typeof creatorDocSchema>;

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional().transform((value) => (value === '' ? null : value));

const creatorFields = {
  name: z.string().trim().min(1, 'name is required').max(200),
  handle: optionalText(100),
  email: z.union([z.email('must be an email address').max(320), z.literal(''), z.null()]).optional().transform((value) => (value ? value : null)),
  default_method_id: uuidSchema.nullable().optional(),
  payout_handle: optionalText(200),
  metadata: metadataSchema.optional(),
  readme: readmeSchema.optional(),
};
export const createCreatorSchema = z.strictObject({ ...clientIdField, ...creatorFields });
export type CreateCreatorInput = z.input<typeof createCreatorSchema>;

export const patchCreatorSchema = z
  .strictObject(creatorFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'at least one field is required' });
export type PatchCreatorInput = z.input<typeof patchCreatorSchema>;

export const membershipBodySchema = z.strictObject({
  creator_ids: z.array(uuidSchema).min(1, 'creator_ids must list at least one creator').max(1000),
});

export const createGoalSchema = z.strictObject({
  ...clientIdField,
  project_id: uuidSchema,
  creator_id: uuidSchema,
  metric: z.enum(GOAL_METRICS),
  target: z.number().int('target must be a whole number').min(1, 'target must be greater than 0').max(1e12),
  period: periodSchema,
});
export type CreateGoalInput = z.input<typeof createGoalSchema>;

export const patchGoalSchema = z
  .strictObject({
    metric: z.enum(GOAL_METRICS).optional(),
    target: z.number().int('target must be a whole number').min(1, 'target must be greater than 0').max(1e12).optional(),
    period: periodSchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'at least one of metric, target, period is required' });
export type PatchGoalInput = z.input<typeof patchGoalSchema>;

export function handleKey(handle: string | null): string {
  return handle ? foldKey(handle.trim().replace(/^@/, '')) : '';
}

export function toCreator(doc: CreatorDoc): Creator {
  const { handle_key: _h, name_key: _n, memberships, goals: _goals, ...rest } = doc;
  return { ...rest, project_ids: memberships.map((membership) => membership.project_id) };
}

export function toGoals(doc: CreatorDoc): CreatorGoal[] {
  return doc.goals.map((goal) => ({ ...goal, org_id: doc.org_id, creator_id: doc.id }));
}
