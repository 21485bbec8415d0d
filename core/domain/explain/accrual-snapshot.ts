import { z } from 'zod';
import type { Accrual } from '../accrual.ts';
import { periodSchema } from '../creator.ts';

/**
 * The shapes of `inputs_snapshot`, as the engine writes them (core/accrual/periodic.ts,
 * thresholds.ts and commissions.ts). The snapshot crosses the wire as an untyped record, so it is checked here
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

const eventSchema = z.object({
  id: z.string(),
  external_id: z.string(),
  type: z.enum(['purchase', 'subscription', 'recurring', 'refund']),
  amount_cents: z.number().int(),
  currency: z.string(),
  occurred_at: z.string(),
});
export type SnapshotEvent = z.infer<typeof eventSchema>;

const commissionBase = {
  version: versionSchema,
  criteria_type: z.literal('commission'),
  event: eventSchema,
  referral: z.object({ id: z.string(), external_id: z.string().nullable(), customer_label: z.string().nullable() }),
  amount_cents: z.number().int(),
};

/** A commission on one referral event: amount × rate_bps / 10000 + flat_cents. */
const commissionSnapshot = z.object({
  ...commissionBase,
  kind: z.literal('accrual'),
  rate_bps: z.number().int().nullable(),
  flat_cents: z.number().int().nullable(),
  hold_days: z.number().int(),
  payable_at: z.string(),
  unrounded_cents: fractionText,
});

/** A refund's take-back of a commission (`event` is the refunded event, `refund` the refund). */
const clawbackSnapshot = z.object({
  ...commissionBase,
  kind: z.literal('clawback'),
  refund: eventSchema,
  commission: z.object({ accrual_id: z.string(), amount_cents: z.number().int(), status: z.string() }),
  refunded_before_cents: z.number().int(),
  refunded_through_cents: z.number().int(),
});

const periodicOrMilestoneSchema = z.discriminatedUnion('criteria_type', [recurringSnapshot, goalsSnapshot, cpmSnapshot, thresholdSnapshot]);
const commissionSchema = z.discriminatedUnion('kind', [commissionSnapshot, clawbackSnapshot]);
export type AccrualSnapshot = z.infer<typeof periodicOrMilestoneSchema> | z.infer<typeof commissionSchema>;
export type CommissionSnapshot = z.infer<typeof commissionSnapshot>;
export type ClawbackSnapshot = z.infer<typeof clawbackSnapshot>;
export type RecurringSnapshot = z.infer<typeof recurringSnapshot>;
export type GoalsSnapshot = z.infer<typeof goalsSnapshot>;
export type CpmSnapshot = z.infer<typeof cpmSnapshot>;
export type ThresholdSnapshot = z.infer<typeof thresholdSnapshot>;
export type PeriodicSnapshot = RecurringSnapshot | GoalsSnapshot | CpmSnapshot;

/** The accrual's snapshot, checked; null when it is not in a shape this screen knows. */
export function readSnapshot(accrual: Pick<Accrual, 'criteria_type' | 'inputs_snapshot'>): AccrualSnapshot | null {
  const schema = accrual.criteria_type === 'commission' ? commissionSchema : periodicOrMilestoneSchema;
  const parsed = schema.safeParse({ criteria_type: accrual.criteria_type, ...accrual.inputs_snapshot });
  return parsed.success && parsed.data.criteria_type === accrual.criteria_type ? parsed.data : null;
}
