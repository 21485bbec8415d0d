import type { CriteriaType, ProrationMode, StructureVersion } from '../../../../core/api/contracts/index.ts';
import type { Period } from '../../../../core/domain/creator.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import {
  cpmParamsSchema,
  goalsParamsSchema,
  viewThresholdParamsSchema,
  type CpmParams,
  type GoalsParams,
  type ViewThresholdParams,
} from '../../../../core/domain/payout-structure.ts';
import { formatCount } from './number-input.ts';

/** The rule part of a version (or of a draft): what the readable texts are made from. */
export type RuleLike = Pick<StructureVersion, 'period' | 'amount_cents' | 'criteria_type' | 'criteria_params' | 'proration_mode' | 'backfill_on_assignment'>;

/** A rule with its params checked against their type's schema, so the texts can rely on them. */
export type TypedRule =
  | { type: 'recurring'; period: Period | null; amountCents: number | null; proration: ProrationMode }
  | { type: 'goals'; period: Period | null; amountCents: number | null; proration: ProrationMode; params: GoalsParams }
  | { type: 'cpm'; period: Period | null; proration: ProrationMode; params: CpmParams }
  | { type: 'view_threshold'; params: ViewThresholdParams; isBackfilled: boolean }
  /** Params the screen cannot read (a newer server?): shown as such, never guessed. */
  | { type: 'unreadable'; criteriaType: CriteriaType };

export const CRITERIA_LABELS: Record<CriteriaType, string> = {
  recurring: 'Recurring',
  goals: 'Goals',
  cpm: 'CPM',
  view_threshold: 'View milestones',
  commission: 'Commission',
};

export const CRITERIA_DESCRIPTIONS: Record<CriteriaType, string> = {
  recurring: 'A fixed amount every period.',
  goals: 'An amount when creators meet their goals.',
  cpm: 'A rate per 1,000 views on videos posted in the period.',
  view_threshold: 'A one-time bonus when a video crosses a view count.',
  commission: 'A share of each referred purchase or subscription, and/or a flat amount per event.',
};

export const PERIOD_LABELS: Record<Period, string> = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' };
const PERIOD_UNITS: Record<Period, string> = { daily: 'day', weekly: 'week', monthly: 'month' };

export const PRORATION_LABELS: Record<ProrationMode, string> = { skip: 'Skip partial periods', prorate: 'Prorate', full: 'Pay in full' };
export const PRORATION_DESCRIPTIONS: Record<ProrationMode, string> = {
  skip: 'Creators assigned for only part of a period earn nothing for it.',
  prorate: 'Creators assigned for part of a period earn that share of it.',
  full: 'Creators assigned for any part of a period earn as if assigned for all of it.',
};

export function typedRule(rule: RuleLike): TypedRule {
  switch (rule.criteria_type) {
    case 'recurring':
      return { type: 'recurring', period: rule.period, amountCents: rule.amount_cents, proration: rule.proration_mode };
    case 'goals': {
      const params = goalsParamsSchema.safeParse(rule.criteria_params);
      return params.success
        ? { type: 'goals', period: rule.period, amountCents: rule.amount_cents, proration: rule.proration_mode, params: params.data }
        : { type: 'unreadable', criteriaType: 'goals' };
    }
    case 'cpm': {
      const params = cpmParamsSchema.safeParse(rule.criteria_params);
      return params.success ? { type: 'cpm', period: rule.period, proration: rule.proration_mode, params: params.data } : { type: 'unreadable', criteriaType: 'cpm' };
    }
    case 'view_threshold': {
      const params = viewThresholdParamsSchema.safeParse(rule.criteria_params);
      return params.success
        ? { type: 'view_threshold', params: params.data, isBackfilled: rule.backfill_on_assignment }
        : { type: 'unreadable', criteriaType: 'view_threshold' };
    }
    case 'commission':
      // Commission rules are made through the API; this form does not edit them yet.
      return { type: 'unreadable', criteriaType: 'commission' };
  }
}

/** 75 → "75¢/1k", 150 → "$1.50/1k", 0.5 → "0.5¢/1k": a CPM rate, in cents per 1,000 views. */
export function formatRate(centsPerThousand: number): string {
  if (Number.isInteger(centsPerThousand) && centsPerThousand >= 100) return `${formatCents(centsPerThousand)}/1k`;
  return `${centsPerThousand}¢/1k`;
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });

/** 1000000 → "1M", 1500000 → "1.5M", 25000 → "25K": view counts in one-line summaries. */
export function formatViewsShort(views: number): string {
  return compact.format(views);
}

export function perPeriod(amountCents: number | null, period: Period | null): string {
  const amount = amountCents === null ? '—' : formatCents(amountCents);
  return period === null ? amount : `${amount} / ${PERIOD_UNITS[period]}`;
}

/** "all goals", "any goal", "at least 2 goals". */
export function goalsModeText(params: GoalsParams): string {
  if (params.mode === 'all') return 'all goals';
  if (params.mode === 'any') return 'any goal';
  return `at least ${params.n ?? '?'} ${params.n === 1 ? 'goal' : 'goals'}`;
}

/** The impressions a tier covers: "Up to 1,000,000", "1,000,001 – 2,000,000", "Above 2,000,000". */
export function tierRange(tiers: readonly { up_to_impressions: number | null }[], index: number): string {
  const tier = tiers[index];
  const previous = index > 0 ? tiers[index - 1]?.up_to_impressions : null;
  if (tier === undefined) return '';
  if (tier.up_to_impressions === null) return previous == null ? 'All impressions' : `Above ${formatCount(previous)}`;
  if (previous == null) return `Up to ${formatCount(tier.up_to_impressions)}`;
  return `${formatCount(previous + 1)} – ${formatCount(tier.up_to_impressions)}`;
}

export type RuleSummary = {
  /** What the rule pays, in a few words: "$50.00 / month", "CPM 2 tiers, cap $500.00". */
  headline: string;
  /** The rest, quieter: period, proration, milestones. */
  detail: string;
};

const PRORATION_SHORT: Record<ProrationMode, string> = { skip: 'partial periods skipped', prorate: 'prorated', full: 'partial periods paid in full' };

function goalsHeadline(params: GoalsParams): string {
  const mode = params.mode === 'n_of_m' ? `${params.n ?? '?'} of m` : params.mode;
  if (params.mode !== 'all' || params.partial_allowed !== true) return `Goals: ${mode}`;
  const multiplier = params.partial_multiplier ?? 1;
  return `Goals: all, partial ≥ ${params.min_completion_pct ?? 0}%${multiplier === 1 ? '' : ` ×${multiplier}`}`;
}

/** One line for tables and headers, one quieter line under it. */
export function summarizeRule(rule: RuleLike): RuleSummary {
  const typed = typedRule(rule);
  switch (typed.type) {
    case 'recurring':
      return { headline: perPeriod(typed.amountCents, typed.period), detail: capitalize(PRORATION_SHORT[typed.proration]) };
    case 'goals':
      return { headline: goalsHeadline(typed.params), detail: `${perPeriod(typed.amountCents, typed.period)} · ${PRORATION_SHORT[typed.proration]}` };
    case 'cpm': {
      const { tiers, max_payout_cents: cap } = typed.params;
      const rates = tiers.length === 1 && tiers[0] !== undefined ? formatRate(tiers[0].cents_per_thousand) : `${tiers.length} tiers`;
      const period = typed.period === null ? '' : `${PERIOD_LABELS[typed.period]} · `;
      return { headline: `CPM ${rates}, ${cap === null ? 'no cap' : `cap ${formatCents(cap)}`}`, detail: `${period}${PRORATION_SHORT[typed.proration]}` };
    }
    case 'view_threshold': {
      const { thresholds } = typed.params;
      const sorted = [...thresholds].sort((a, b) => a.view_count - b.view_count);
      const shown = sorted.slice(0, 3).map((threshold) => `${formatCents(threshold.amount_cents)} at ${formatViewsShort(threshold.view_count)}`);
      return {
        headline: `${thresholds.length} ${thresholds.length === 1 ? 'milestone' : 'milestones'}`,
        detail: `${shown.join(', ')}${sorted.length > 3 ? ', …' : ''}`,
      };
    }
    case 'unreadable':
      return { headline: CRITERIA_LABELS[typed.criteriaType], detail: 'Rule details unavailable' };
  }
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
