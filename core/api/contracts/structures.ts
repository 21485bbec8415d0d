import { z } from 'zod';
import { cursorSchema, limitSchema, queryBooleanSchema, uuidSchema } from '../../domain/common.ts';
import type { AssignmentRow, AssignResult, UnassignResult } from '../../domain/assignment.ts';
import { refineRule, ruleShape, type CreateStructureInput, type PatchStructureInput, type StructureDetail, type StructureRow } from '../../domain/payout-structure.ts';
import type { StructurePreview } from '../../accrual/preview.ts';

export { createStructureSchema, patchStructureSchema, criteriaParamsSchemas, ruleSchema } from '../../domain/payout-structure.ts';
export { assignBodySchema, unassignBodySchema } from '../../domain/assignment.ts';
export type { AssignmentRow, StructureDetail, StructureRow };
export type { StructureVersion, CriteriaType, ProrationMode, CreateStructureInput, PatchStructureInput } from '../../domain/payout-structure.ts';

export const listStructuresQuerySchema = z.strictObject({
  project_id: uuidSchema.optional(),
  is_active: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export const deleteStructureQuerySchema = z.strictObject({ mode: z.enum(['archive', 'hard']).default('archive') });
export const listAssignmentsQuerySchema = z.strictObject({
  include_inactive: queryBooleanSchema.optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});

/** How many closed periods a what-if preview looks back over. */
export const PREVIEW_PERIODS_DEFAULT = 3;
export const PREVIEW_PERIODS_MAX = 12;

/** A rule edit's body (`kind: "rule"` and the whole rule), plus how many closed periods to look back over. */
export const previewStructureBodySchema = z
  .strictObject({
    kind: z.literal('rule'),
    ...ruleShape,
    periods: z
      .number()
      .int('periods must be a whole number')
      .min(1, 'periods must be at least 1')
      .max(PREVIEW_PERIODS_MAX, `periods must be at most ${PREVIEW_PERIODS_MAX}`)
      .default(PREVIEW_PERIODS_DEFAULT),
  })
  .superRefine(refineRule);
export type PreviewStructureInput = z.input<typeof previewStructureBodySchema>;
const cents = z.number().int();
const amountsShape = { current_cents: cents, new_cents: cents, difference_cents: cents };
/** What the preview answers (the screen checks it; the type is the engine's `StructurePreview`). */
export const structurePreviewSchema: z.ZodType<StructurePreview> = z.object({
  structure_id: uuidSchema,
  project_id: uuidSchema,
  criteria_type: z.enum(['recurring', 'goals', 'cpm', 'view_threshold']),
  time_zone: z.string(),
  period: z.enum(['daily', 'weekly', 'monthly']),
  current_version: z.object({ id: uuidSchema, version_number: z.number().int().min(1) }),
  new_version_number: z.number().int().min(2),
  as_of: z.string(),
  periods: z.array(z.object({ start: z.string(), end: z.string(), first_day: z.string(), last_day: z.string() })),
  creators: z.array(
    z.object({
      creator_id: uuidSchema,
      name: z.string(),
      handle: z.string(),
      ...amountsShape,
      periods: z.array(z.object({ period_start: z.string(), ...amountsShape, accrued_cents: cents.nullable() })),
    }),
  ),
  totals: z.object({ ...amountsShape, periods: z.array(z.object({ period_start: z.string(), ...amountsShape })) }),
});
export type { StructurePreview, PreviewCreator, PreviewCell, PreviewPeriod, PreviewAmounts } from '../../accrual/preview.ts';

export type AssignResponse = { assigned: number; already_assigned: number; not_in_project: number; results: AssignResult[] };
export type UnassignResponse = { unassigned: number; not_assigned: number; results: UnassignResult[] };

export type StructureRoutes = {
  'GET /payout-structures': { query: z.input<typeof listStructuresQuerySchema>; body: undefined; data: StructureRow[] };
  'POST /payout-structures': { query: undefined; body: CreateStructureInput; data: { structure_id: string; version_id: string } };
  'GET /payout-structures/:id': { query: undefined; body: undefined; data: StructureDetail };
  'PATCH /payout-structures/:id': {
    query: undefined;
    body: PatchStructureInput;
    data: StructureRow | { version_id: string; version_number: number };
  };
  'DELETE /payout-structures/:id': {
    query: z.input<typeof deleteStructureQuerySchema>;
    body: undefined;
    data: StructureRow | { id: string; deleted: true };
  };
  'POST /payout-structures/:id/preview': { query: undefined; body: PreviewStructureInput; data: StructurePreview };
  'GET /payout-structures/:id/assignments': { query: z.input<typeof listAssignmentsQuerySchema>; body: undefined; data: AssignmentRow[] };
  'POST /payout-structures/:id/assignments': { query: undefined; body: { creator_ids: string[]; assigned_at?: string }; data: AssignResponse };
  'DELETE /payout-structures/:id/assignments': { query: undefined; body: { creator_ids: string[]; unassigned_at?: string }; data: UnassignResponse };
};
