import { z } from 'zod';
import { clientIdField, isoTimestampSchema, metadataSchema, readmeSchema, uuidSchema } from './common.ts';
import { periodSchema } from './creator.ts';

export const CRITERIA_TYPES = ['recurring', 'goals', 'cpm', 'view_threshold', 'commission'] as const;
export const PRORATION_MODES = ['skip', 'prorate', 'full'] as const;
export type CriteriaType = (typeof CRITERIA_TYPES)[number];
export type ProrationMode = (typeof PRORATION_MODES)[number];

/**
 * A rate or percentage given as a JSON number with at most 4 decimal places. The engine turns it
 * into an exact fraction (value × 10⁴ / 10⁴), so no float ever reaches an amount.
 */
const decimal4 = (label: string) =>
  z
    .number()
    .refine((value) => Number.isFinite(value) && Math.abs(value * 1e4 - Math.round(value * 1e4)) < 1e-6, {
      message: `${label} may have at most 4 decimal places`,
    });

export const recurringParamsSchema = z.strictObject({});

export const goalsParamsSchema = z
  .strictObject({
    mode: z.enum(['all', 'any', 'n_of_m']),
    n: z.number().int('n must be a whole number').min(1, 'n must be at least 1').max(1000).optional(),
    partial_allowed: z.boolean().optional(),
    partial_multiplier: decimal4('partial_multiplier').pipe(z.number().gt(0, 'partial_multiplier must be greater than 0').max(100)).optional(),
    min_completion_pct: decimal4('min_completion_pct').pipe(z.number().min(0).max(100, 'min_completion_pct must be between 0 and 100')).optional(),
  })
  .superRefine((params, ctx) => {
    if (params.mode === 'n_of_m' && params.n === undefined) {
      ctx.addIssue({ code: 'custom', path: ['n'], message: 'n is required when mode is "n_of_m"' });
    }
    if (params.mode !== 'n_of_m' && params.n !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['n'], message: 'n is only valid when mode is "n_of_m"' });
    }
    if (params.mode !== 'all') {
      for (const field of ['partial_allowed', 'partial_multiplier', 'min_completion_pct'] as const) {
        if (params[field] !== undefined) {
          ctx.addIssue({ code: 'custom', path: [field], message: `${field} is only valid when mode is "all"` });
        }
      }
    }
  });
export type GoalsParams = z.infer<typeof goalsParamsSchema>;

export const cpmTierSchema = z.strictObject({
  up_to_impressions: z.number().int('up_to_impressions must be a whole number').min(1).max(1e15).nullable(),
  cents_per_thousand: decimal4('cents_per_thousand').pipe(z.number().min(0, 'cents_per_thousand must not be negative').max(1e9)),
});

export const cpmParamsSchema = z
  .strictObject({
    source: z.literal('posts_in_period'),
    min_impressions: z.number().int('min_impressions must be a whole number').min(0).max(1e15),
    max_payout_cents: z.number().int('max_payout_cents must be whole cents').min(1).max(1e13).nullable(),
    tiers: z.array(cpmTierSchema).min(1, 'at least one tier is required').max(20),
  })
  .superRefine((params, ctx) => {
    params.tiers.forEach((tier, index) => {
      const isLast = index === params.tiers.length - 1;
      if (isLast && tier.up_to_impressions !== null) {
        ctx.addIssue({ code: 'custom', path: ['tiers', index, 'up_to_impressions'], message: 'the last tier must have up_to_impressions: null' });
      }
      if (!isLast && tier.up_to_impressions === null) {
        ctx.addIssue({ code: 'custom', path: ['tiers', index, 'up_to_impressions'], message: 'only the last tier may have up_to_impressions: null' });
      }
      const previous = params.tiers[index - 1]?.up_to_impressions;
      if (index > 0 && tier.up_to_impressions !== null && previous != null && tier.up_to_impressions <= previous) {
        ctx.addIssue({ code: 'custom', path: ['tiers', index, 'up_to_impressions'], message: 'tiers must be sorted ascending by up_to_impressions' });
      }
    });
  });
export type CpmParams = z.infer<typeof cpmParamsSchema>;

export const thresholdSchema = z.strictObject({
  view_count: z.number().int('view_count must be a whole number').min(1).max(1e15),
  amount_cents: z.number().int('amount_cents must be whole cents').min(1).max(1e13),
  currency: z.literal('USD', { message: 'currency must be "USD"' }),
});

export const viewThresholdParamsSchema = z
  .strictObject({
    thresholds: z.array(thresholdSchema).min(1, 'at least one threshold is required').max(10, 'at most 10 thresholds'),
  })
  .superRefine((params, ctx) => {
    const seen = new Set<number>();
    params.thresholds.forEach((threshold, index) => {
      if (seen.has(threshold.view_count)) {
        ctx.addIssue({ code: 'custom', path: ['thresholds', index, 'view_count'], message: `view_count ${threshold.view_count} appears twice` });
      }
      seen.add(threshold.view_count);
    });
  });
export type ViewThresholdParams = z.infer<typeof viewThresholdParamsSchema>;

/** The referral event types a commission can pay on (a refund reverses one, never earns). */
export const COMMISSION_EVENT_TYPES = ['purchase', 'subscription', 'recurring'] as const;
export type CommissionEventType = (typeof COMMISSION_EVENT_TYPES)[number];

/**
 * commission (SPEC §7): rate_bps of each event's amount and/or flat_cents per event, on the
 * listed event types, payable hold_days after the event.
 */
export const commissionParamsSchema = z
  .strictObject({
    rate_bps: z.number().int('rate_bps must be a whole number of basis points').min(0, 'rate_bps must be between 0 and 10000').max(10_000, 'rate_bps must be between 0 and 10000').optional(),
    flat_cents: z.number().int('flat_cents must be whole cents').min(0, 'flat_cents must not be negative').max(1e13).optional(),
    event_types: z
      .array(z.enum(COMMISSION_EVENT_TYPES, { message: 'event_types may list purchase, subscription and recurring (a refund reverses a commission, never earns one)' }))
      .min(1, 'at least one event type is required')
      .max(COMMISSION_EVENT_TYPES.length)
      .default([...COMMISSION_EVENT_TYPES]),
    hold_days: z.number().int('hold_days must be a whole number of days').min(0, 'hold_days must be between 0 and 365').max(365, 'hold_days must be between 0 and 365').default(0),
  })
  .superRefine((params, ctx) => {
    if (params.rate_bps === undefined && params.flat_cents === undefined) {
      ctx.addIssue({ code: 'custom', path: ['rate_bps'], message: 'at least one of rate_bps and flat_cents is required' });
    }
    const seen = new Set<string>();
    params.event_types.forEach((type, index) => {
      if (seen.has(type)) ctx.addIssue({ code: 'custom', path: ['event_types', index], message: `${type} appears twice` });
      seen.add(type);
    });
  });
export type CommissionParams = z.infer<typeof commissionParamsSchema>;

/** A commission version's params with their defaults filled in (stored params are as sent). */
export function commissionParamsOf(version: Pick<StructureVersion, 'criteria_params'>): CommissionParams {
  return commissionParamsSchema.parse(version.criteria_params);
}

export const criteriaParamsSchemas = {
  recurring: recurringParamsSchema,
  goals: goalsParamsSchema,
  cpm: cpmParamsSchema,
  view_threshold: viewThresholdParamsSchema,
  commission: commissionParamsSchema,
} as const;

export type CriteriaParams = z.infer<typeof recurringParamsSchema> | GoalsParams | CpmParams | ViewThresholdParams | CommissionParams;

/** The rule part of a structure: what a version freezes. */
export const ruleShape = {
  period: periodSchema.nullable(),
  amount_cents: z.number().int('amount_cents must be whole cents').min(0).max(1e13).nullable(),
  currency: z.literal('USD', { message: 'currency must be "USD" (the only currency supported)' }),
  criteria_type: z.enum(CRITERIA_TYPES),
  criteria_params: z.record(z.string(), z.unknown()),
  proration_mode: z.enum(PRORATION_MODES),
  backfill_on_assignment: z.boolean().optional(),
};

/** Cross-field rules of seed 000, each reported at the offending path. */
type RuleFields = z.infer<z.ZodObject<typeof ruleShape>>;

export function refineRule(rule: RuleFields, ctx: z.RefinementCtx): void {
  // view_threshold and commission accrue per event (a milestone, a referral event), not per period.
  const isPerEvent = rule.criteria_type === 'view_threshold' || rule.criteria_type === 'commission';
  if (isPerEvent) {
    const what = rule.criteria_type === 'view_threshold' ? 'each threshold has its own amount' : 'the amount comes from rate_bps and flat_cents';
    if (rule.period !== null) ctx.addIssue({ code: 'custom', path: ['period'], message: `period must be null for ${rule.criteria_type} structures` });
    if (rule.amount_cents !== null) ctx.addIssue({ code: 'custom', path: ['amount_cents'], message: `amount_cents must be null for ${rule.criteria_type} structures (${what})` });
    if (rule.proration_mode !== 'skip') ctx.addIssue({ code: 'custom', path: ['proration_mode'], message: `proration_mode must be "skip" for ${rule.criteria_type} structures` });
    if (rule.criteria_type === 'commission' && rule.backfill_on_assignment !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['backfill_on_assignment'], message: 'backfill_on_assignment is only valid for view_threshold structures' });
    }
  } else {
    if (rule.period === null) ctx.addIssue({ code: 'custom', path: ['period'], message: `period is required for ${rule.criteria_type} structures` });
    if (rule.amount_cents === null) ctx.addIssue({ code: 'custom', path: ['amount_cents'], message: `amount_cents is required for ${rule.criteria_type} structures` });
    else if (rule.criteria_type !== 'cpm' && rule.amount_cents < 1) {
      ctx.addIssue({ code: 'custom', path: ['amount_cents'], message: 'amount_cents must be at least 1' });
    }
    if (rule.backfill_on_assignment !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['backfill_on_assignment'], message: 'backfill_on_assignment is only valid for view_threshold structures' });
    }
  }
  const params = criteriaParamsSchemas[rule.criteria_type].safeParse(rule.criteria_params);
  if (!params.success) {
    for (const issue of params.error.issues) {
      const path = ['criteria_params', ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))];
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) ctx.addIssue({ code: 'custom', path: [...path, key], message: `unknown field "${key}"` });
      } else ctx.addIssue({ code: 'custom', path, message: issue.message });
    }
  }
}

export const ruleSchema = z.strictObject(ruleShape).superRefine(refineRule);
export type Rule = z.infer<typeof ruleSchema>;

export const createStructureSchema = z
  .strictObject({
    ...clientIdField,
    project_id: uuidSchema,
    name: z.string().trim().min(1, 'name is required').max(200),
    ...ruleShape,
    metadata: metadataSchema.optional(),
    readme: readmeSchema.optional(),
  })
  .superRefine(refineRule);
export type CreateStructureInput = z.input<typeof createStructureSchema>;

export const patchStructureSchema = z.discriminatedUnion('kind', [
  z
    .strictObject({
      kind: z.literal('cosmetic'),
      name: z.string().trim().min(1).max(200).optional(),
      metadata: metadataSchema.optional(),
      readme: readmeSchema.optional(),
    })
    .refine((body) => Object.keys(body).length > 1, { message: 'at least one of name, metadata, readme is required' }),
  z.strictObject({ kind: z.literal('rule'), ...ruleShape }).superRefine(refineRule),
]);
export type PatchStructureInput = z.input<typeof patchStructureSchema>;

export const structureVersionSchema = z.object({
  id: uuidSchema,
  structure_id: uuidSchema,
  version_number: z.number().int().min(1),
  period: periodSchema.nullable(),
  amount_cents: z.number().int().nullable(),
  currency: z.literal('USD'),
  criteria_type: z.enum(CRITERIA_TYPES),
  criteria_params: z.record(z.string(), z.unknown()),
  proration_mode: z.enum(PRORATION_MODES),
  backfill_on_assignment: z.boolean(),
  /** Version 1 is in effect from the beginning; version n+1 from the rule edit that made it. */
  effective_from: isoTimestampSchema,
  created_at: isoTimestampSchema,
});
export type StructureVersion = z.infer<typeof structureVersionSchema>;

export const structureSchema = z.object({
  id: uuidSchema,
  org_id: uuidSchema,
  project_id: uuidSchema,
  name: z.string().min(1).max(200),
  currency: z.literal('USD'),
  criteria_type: z.enum(CRITERIA_TYPES),
  is_active: z.boolean(),
  archived_at: isoTimestampSchema.nullable(),
  metadata: metadataSchema,
  readme: readmeSchema,
  created_at: isoTimestampSchema,
  updated_at: isoTimestampSchema,
});
export type Structure = z.infer<typeof structureSchema>;

/** Stored structure: the aggregate embeds its immutable versions, oldest first. */
export const structureDocSchema = structureSchema.extend({ versions: z.array(structureVersionSchema).min(1) });
export type StructureDoc = z.infer<typeof structureDocSchema>;

export const structureRowSchema = structureSchema.extend({ current_version: structureVersionSchema });
export type StructureRow = Structure & { current_version: StructureVersion };
export type StructureDetail = StructureRow & { versions: StructureVersion[]; assignment_count: number };

export function currentVersion(doc: StructureDoc): StructureVersion {
  return doc.versions[doc.versions.length - 1] as StructureVersion;
}

/** The version in effect at `at`: the latest whose effective_from ≤ at; version 1 always applies before that. */
export function versionInEffect(doc: Pick<StructureDoc, 'versions'>, at: string): StructureVersion {
  let found = doc.versions[0] as StructureVersion;
  for (const version of doc.versions) if (version.effective_from <= at) found = version;
  return found;
}

export function toStructureRow(doc: StructureDoc): StructureRow {
  const { versions: _versions, ...rest } = doc;
  return { ...rest, current_version: currentVersion(doc) };
}
