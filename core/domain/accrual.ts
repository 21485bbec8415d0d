import { z } from 'zod';
import { cursorSchema, isoTimestampSchema, limitSchema, uuidSchema } from './common.ts';
import { CRITERIA_TYPES } from './payout-structure.ts';
import { deterministicId } from './ids.ts';

export const ACCRUAL_STATUSES = ['earned', 'paid', 'rejected', 'voided'] as const;
export type AccrualStatus = (typeof ACCRUAL_STATUSES)[number];
/** A clawback reverses (part of) a commission whose event was refunded: a negative amount. */
export const ACCRUAL_KINDS = ['accrual', 'clawback'] as const;
export type AccrualKind = (typeof ACCRUAL_KINDS)[number];

/**
 * What a creator earned under one structure for one period (or one video milestone). Created
 * only by the engine; its id is derived from what it is for, so re-running never duplicates.
 */
export const accrualSchema = z.object({
  id: uuidSchema,
  org_id: uuidSchema,
  project_id: uuidSchema,
  structure_id: uuidSchema,
  version_id: uuidSchema,
  version_number: z.number().int().min(1),
  creator_id: uuidSchema,
  criteria_type: z.enum(CRITERIA_TYPES),
  period_start_at: isoTimestampSchema,
  period_end_at: isoTimestampSchema,
  /** view_threshold only: the video and the milestone. */
  video_id: uuidSchema.nullable(),
  view_count: z.number().int().nullable(),
  /** commission only: the referral and the event paid on (a clawback: the refund event). */
  referral_id: uuidSchema.nullable(),
  referral_event_id: uuidSchema.nullable(),
  kind: z.enum(ACCRUAL_KINDS),
  /** Never 0; negative only for a clawback. */
  amount_cents: z.number().int().min(-1e13).max(1e13),
  /** From when it may be paid: the period's end, or a commission's event time + hold_days. */
  payable_at: isoTimestampSchema,
  currency: z.literal('USD'),
  status: z.enum(ACCRUAL_STATUSES),
  /** Everything needed to recompute the amount by hand. */
  inputs_snapshot: z.record(z.string(), z.unknown()),
  run_id: uuidSchema,
  /** The non-voided payment that settled it (status paid), else null. */
  payment_id: uuidSchema.nullable(),
  paid_at: isoTimestampSchema.nullable(),
  created_at: isoTimestampSchema,
  updated_at: isoTimestampSchema,
});
export type Accrual = z.infer<typeof accrualSchema>;

export function periodAccrualId(structureId: string, creatorId: string, periodStartAt: string): string {
  return deterministicId('accrual', structureId, creatorId, periodStartAt);
}

export function milestoneAccrualId(structureId: string, creatorId: string, videoId: string, viewCount: number): string {
  return deterministicId('accrual', structureId, creatorId, videoId, String(viewCount));
}

/** One commission per (structure, referral event); a clawback per (structure, refund event). */
export function commissionAccrualId(structureId: string, eventId: string): string {
  return deterministicId('accrual', structureId, eventId);
}

/** Whether an earned accrual may be paid at `at` (its hold is over: payable_at ≤ at). */
export function isPayable(accrual: Pick<Accrual, 'status' | 'payable_at'>, at: string): boolean {
  return accrual.status === 'earned' && accrual.payable_at <= at;
}

const dateOrTimestamp = z.union([z.iso.date(), isoTimestampSchema]);

export const listAccrualsQuerySchema = z.strictObject({
  project_id: uuidSchema.optional(),
  creator_id: uuidSchema.optional(),
  structure_id: uuidSchema.optional(),
  status: z.enum(ACCRUAL_STATUSES).optional(),
  /** Period start on or after (YYYY-MM-DD = that day 00:00 UTC). */
  from: dateOrTimestamp.optional(),
  /** Period end on or before (YYYY-MM-DD = the end of that day, UTC). */
  to: dateOrTimestamp.optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});

export const patchAccrualSchema = z.strictObject({ status: z.enum(ACCRUAL_STATUSES) });

export const accrualRunBodySchema = z
  .strictObject({ as_of: isoTimestampSchema.optional() })
  .optional()
  .transform((body) => body ?? {});

const runCountsSchema = z.object({ created: z.number().int(), already_present: z.number().int(), skipped: z.number().int() });
export type RunCounts = z.infer<typeof runCountsSchema>;

/** What one run did: counts overall and per criteria type. */
export const accrualRunSchema = z.object({
  id: uuidSchema,
  as_of: isoTimestampSchema,
  started_at: isoTimestampSchema,
  finished_at: isoTimestampSchema,
  trigger: z.enum(['api', 'timer']),
  created: z.number().int(),
  already_present: z.number().int(),
  skipped: z.number().int(),
  by_type: z.object({ recurring: runCountsSchema, goals: runCountsSchema, cpm: runCountsSchema, view_threshold: runCountsSchema, commission: runCountsSchema }),
  amount_cents_created: z.number().int(),
});
export type AccrualRun = z.infer<typeof accrualRunSchema>;

export const engineProgressSchema = z.object({ running: z.boolean(), done: z.number(), total: z.number(), started_at: isoTimestampSchema.nullable() });
/** The one row of the `accrual-engine` live query: the run under way (if any) and the last one. */
export const engineStatusSchema = z.object({ progress: engineProgressSchema, last_run: accrualRunSchema.nullable() });
