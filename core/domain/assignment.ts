import { z } from 'zod';
import { isoTimestampSchema, uuidSchema } from './common.ts';

/**
 * One interval during which a creator is assigned to a structure. Re-assigning opens a new
 * interval; history is never rewritten.
 */
export const assignmentSchema = z.object({
  id: uuidSchema,
  org_id: uuidSchema,
  structure_id: uuidSchema,
  creator_id: uuidSchema,
  project_id: uuidSchema,
  assigned_at: isoTimestampSchema,
  unassigned_at: isoTimestampSchema.nullable(),
  created_at: isoTimestampSchema,
  updated_at: isoTimestampSchema,
});
export type Assignment = z.infer<typeof assignmentSchema>;

/** API row: the interval plus whether it is open. */
export const assignmentRowSchema = assignmentSchema.extend({ is_active: z.boolean() });
export type AssignmentRow = z.infer<typeof assignmentRowSchema>;

export function toAssignmentRow(doc: Assignment): AssignmentRow {
  return { ...doc, is_active: doc.unassigned_at === null };
}

export const assignBodySchema = z.strictObject({
  creator_ids: z.array(uuidSchema).min(1, 'creator_ids must list at least one creator').max(1000),
  /** When the creator actually joined; not in the future. Defaults to now. */
  assigned_at: isoTimestampSchema.optional(),
});

export const unassignBodySchema = z.strictObject({
  creator_ids: z.array(uuidSchema).min(1, 'creator_ids must list at least one creator').max(1000),
  unassigned_at: isoTimestampSchema.optional(),
});

export type AssignResult = {
  creator_id: string;
  status: 'assigned' | 'already_assigned' | 'not_in_project';
  assignment_id: string | null;
};
export type UnassignResult = { creator_id: string; status: 'unassigned' | 'not_assigned'; assignment_id: string | null };
