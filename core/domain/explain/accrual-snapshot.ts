import { z } from 'zod';
import type { Accrual } from '../accrual.ts';
import { periodSchema } from '../creator.ts';

/**
 * The shapes of `inputs_snapshot`, as the engine writes them (core/accrual/periodic.ts and
 * thresholds.ts). The snapshot crosses the wire as an untyped record, so it is checked here
 * before anything is explained from it; a snapshot this screen cannot read is said to be so,
 * never guessed at.
 */

/** Exact numbers are recorded as fraction strings: "95535/2", "1". */
const fractionText = z.string().regex(/^-?\d+(\/\d+)?$/);

const versionSchema = z.object({ id: z.string(), number: z.number().int(), effective_from: z.string() });

const videoSchema = z.object({ id: z.string(), url: z.string(), posted_at: z.string(), views: z.number() });
export type SnapshotVideo = z.infer<typeof videoSchema>;

const periodicBase = {
  version: versionSchema,
  period: z.object({ kind: periodSchema, start: z.string(), end: z.string() }),
  assignment: z.object({
    intervals: z.array(z.object({ from: z.string(), to: z.string() })),
    assigned_seconds: z.number(),
    period_seconds: z.number(),
    fraction: fractionText,
  }),
  proration_mode: z.enum(['skip', 'prorate', 'full']),
  applied_fraction: fractionText,
  unrounded_cents: fractionText,
  amount_cents: z.number().int(),
  time_zone: z.string().optional(),
};

const recurringSnapshot = z.object({ ...periodicBase, criteria_type: z.literal('recurring'), base_amount_cents: z.number().int() });

const goalSchema = z.object({
  metric: z.enum(['videos_posted', 'views']),
  target: z.number(),
  actual: z.number(),
  completion: fractionText,
  isMet: z.boolean(),
});
export type SnapshotGoal = z.infer<typeof goalSchema>;

const goalsSnapshot = z.object({
  ...periodicBase,
  criteria_type: z.literal('goals'),
  base_amount_cents: z.number().int(),
  mode: z.enum(['all', 'any', 'n_of_m']),
  n: z.number().int().optional(),
  videos: z.array(videoSchema),
  goals: z.array(goalSchema),
  goals_met: z.number().int(),
  outcome: z.enum(['goals_met', 'partial']),
  partial: z.object({ completion_pct: fractionText, min_completion: fractionText, partial_multiplier: fractionText }).optional(),
});

const tierSchema = z.object({
  from: z.number(),
  to: z.number().nullable(),
  impressions: z.number(),
  cents_per_thousand: z.number(),
  amount_cents: fractionText,
});
export type SnapshotTier = z.infer<typeof tierSchema>;

const cpmSnapshot = z.object({
  ...periodicBase,
  criteria_type: z.literal('cpm'),
  videos: z.array(videoSchema),
  impressions: z.number(),
  min_impressions: z.number(),
  min_impressions_applied: fractionText,
  tiers: z.array(tierSchema),
  tiered_cents: fractionText,
  max_payout_cents: z.number().int().nullable(),
  cap_cents: fractionText.optional(),
  cap_applied: z.boolean(),
  uncapped_cents: fractionText,
});

const thresholdSnapshot = z.object({
  version: versionSchema,
  criteria_type: z.literal('view_threshold'),
  video: z.object({ id: z.string(), url: z.string(), posted_at: z.string() }),
  view_count: z.number(),
  crossing: z.object({ captured_at: z.string(), views: z.number() }),
  backfill: z.boolean(),
  assignment: z.object({ intervals: z.array(z.object({ from: z.string(), to: z.string().nullable() })) }),
  amount_cents: z.number().int(),
  time_zone: z.string().optional(),
});

const snapshotSchema = z.discriminatedUnion('criteria_type', [recurringSnapshot, goalsSnapshot, cpmSnapshot, thresholdSnapshot]);

export type AccrualSnapshot = z.infer<typeof snapshotSchema>;
export type RecurringSnapshot = z.infer<typeof recurringSnapshot>;
export type GoalsSnapshot = z.infer<typeof goalsSnapshot>;
export type CpmSnapshot = z.infer<typeof cpmSnapshot>;
export type ThresholdSnapshot = z.infer<typeof thresholdSnapshot>;
export type PeriodicSnapshot = RecurringSnapshot | GoalsSnapshot | CpmSnapshot;

/** The accrual's snapshot, checked; null when it is not in a shape this screen knows. */
export function readSnapshot(accrual: Pick<Accrual, 'criteria_type' | 'inputs_snapshot'>): AccrualSnapshot | null {
  const parsed = snapshotSchema.safeParse({ criteria_type: accrual.criteria_type, ...accrual.inputs_snapshot });
  return parsed.success && parsed.data.criteria_type === accrual.criteria_type ? parsed.data : null;
}
