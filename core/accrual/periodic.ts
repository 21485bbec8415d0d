import type { CpmParams, GoalsParams, StructureVersion } from '../domain/payout-structure.ts';
import type { CreatorGoal } from '../domain/creator.ts';
import { add, compare, div, fromDecimal, min, mul, ONE, ratio, toCents, toDecimalString, toFractionString, ZERO, type Rational } from './rational.ts';

/** One video that counts for a period: posted while assigned, with its views at the period's end. */
export type CountedVideo = { id: string; url: string; posted_at: string; views: number };

/** Everything a periodic rule (recurring, goals, cpm) needs for one creator and one period. */
export type PeriodicInput = {
  version: StructureVersion;
  period: { start: number; end: number };
  /** Parts of the period during which the creator was assigned, clipped to the period. */
  assigned: { start: number; end: number }[];
  videos: CountedVideo[];
  /** The creator's goals in the project whose period matches the structure's. */
  goals: Pick<CreatorGoal, 'id' | 'metric' | 'target'>[];
};

/** The outcome: cents to accrue (> 0), or why nothing accrues; and the record that explains it. */
export type PeriodicOutcome =
  | { kind: 'accrue'; amount_cents: number; explanation: Record<string, unknown> }
  | { kind: 'skip'; reason: string; explanation: Record<string, unknown> };

/**
 * ISO text of an instant. Runs format the same few period boundaries for thousands of creators,
 * so the strings are kept (a bounded cache, emptied when full).
 */
const isoCache = new Map<number, string>();
function iso(ms: number): string {
  let text = isoCache.get(ms);
  if (text === undefined) {
    if (isoCache.size >= 4096) isoCache.clear();
    text = new Date(ms).toISOString();
    isoCache.set(ms, text);
  }
  return text;
}

export function evaluatePeriodic(input: PeriodicInput): PeriodicOutcome {
  const { version, period } = input;
  const periodMs = period.end - period.start;
  const assignedMs = input.assigned.reduce((sum, part) => sum + (part.end - part.start), 0);
  const fraction = ratio(assignedMs, periodMs);
  const isWhole = assignedMs === periodMs;
  const common: Record<string, unknown> = {
    version: { id: version.id, number: version.version_number, effective_from: version.effective_from },
    criteria_type: version.criteria_type,
    period: { kind: version.period, start: iso(period.start), end: iso(period.end) },
    assignment: {
      intervals: input.assigned.map((part) => ({ from: iso(part.start), to: iso(part.end) })),
      assigned_seconds: assignedMs / 1000,
      period_seconds: periodMs / 1000,
      fraction: toFractionString(fraction),
      fraction_decimal: toDecimalString(fraction, 6),
    },
    proration_mode: version.proration_mode,
  };
  if (assignedMs === 0) return { kind: 'skip', reason: 'not_assigned', explanation: common };
  if (version.proration_mode === 'skip' && !isWhole) {
    return { kind: 'skip', reason: 'partial_period_skipped', explanation: common };
  }
  // full: as if assigned the whole period; prorate: scale by the assigned fraction.
  const f = version.proration_mode === 'prorate' ? fraction : ONE;
  const computed = computeAmount(input, f);
  const explanation = { ...common, applied_fraction: toFractionString(f), ...computed.details };
  if (computed.amount === null) return { kind: 'skip', reason: computed.reason, explanation };
  const amountCents = toCents(computed.amount);
  const withAmount = {
    ...explanation,
    unrounded_cents: toFractionString(computed.amount),
    unrounded_cents_decimal: toDecimalString(computed.amount, 6),
    amount_cents: amountCents,
  };
  if (amountCents <= 0) return { kind: 'skip', reason: 'zero_amount', explanation: withAmount };
  return { kind: 'accrue', amount_cents: amountCents, explanation: withAmount };
}

type Computed = { amount: Rational | null; reason: string; details: Record<string, unknown> };

function computeAmount(input: PeriodicInput, f: Rational): Computed {
  const { version } = input;
  const base = ratio(version.amount_cents ?? 0);
  switch (version.criteria_type) {
    case 'recurring':
      return { amount: mul(base, f), reason: '', details: { base_amount_cents: version.amount_cents } };
    case 'goals':
      return computeGoals(input, base, f, version.criteria_params as GoalsParams);
    case 'cpm':
      return computeCpm(input, f, version.criteria_params as CpmParams);
    case 'view_threshold':
    case 'commission':
      throw new Error(`${version.criteria_type} is not a periodic rule`);
  }
}

function computeGoals(input: PeriodicInput, base: Rational, f: Rational, params: GoalsParams): Computed {
  const postedCount = input.videos.length;
  const totalViews = input.videos.reduce((sum, video) => sum + video.views, 0);
  const goals = input.goals.map((goal) => {
    const actual = goal.metric === 'videos_posted' ? postedCount : totalViews;
    const completion = min(ratio(actual, goal.target), ONE);
    return { id: goal.id, metric: goal.metric, target: goal.target, actual, completion, isMet: actual >= goal.target };
  });
  const details: Record<string, unknown> = {
    base_amount_cents: input.version.amount_cents,
    mode: params.mode,
    ...(params.mode === 'n_of_m' && { n: params.n }),
    videos: input.videos,
    goals: goals.map((goal) => ({ ...goal, completion: toFractionString(goal.completion), completion_decimal: toDecimalString(goal.completion, 4) })),
  };
  if (goals.length === 0) return { amount: null, reason: 'no_goals', details };
  const met = goals.filter((goal) => goal.isMet).length;
  details.goals_met = met;
  const isPaid = params.mode === 'all' ? met === goals.length : params.mode === 'any' ? met >= 1 : met >= (params.n ?? goals.length);
  if (isPaid) return { amount: mul(base, f), reason: '', details: { ...details, outcome: 'goals_met' } };
  if (params.mode !== 'all' || !params.partial_allowed) return { amount: null, reason: 'goals_not_met', details };
  // Seed 000's partial formula: average completion, floor at min_completion_pct, times the multiplier.
  const average = div(goals.reduce((sum, goal) => add(sum, goal.completion), ZERO), ratio(goals.length));
  const minimum = div(fromDecimal(params.min_completion_pct ?? 0), ratio(100));
  const multiplier = fromDecimal(params.partial_multiplier ?? 1);
  const partial = {
    completion_pct: toFractionString(average),
    completion_pct_decimal: toDecimalString(average, 4),
    min_completion: toFractionString(minimum),
    partial_multiplier: toFractionString(multiplier),
  };
  if (compare(average, minimum) < 0) return { amount: null, reason: 'below_min_completion', details: { ...details, partial } };
  return { amount: mul(mul(mul(base, average), multiplier), f), reason: '', details: { ...details, outcome: 'partial', partial } };
}

function computeCpm(input: PeriodicInput, f: Rational, params: CpmParams): Computed {
  const impressions = input.videos.reduce((sum, video) => sum + video.views, 0);
  const minimum = mul(ratio(params.min_impressions), f);
  const details: Record<string, unknown> = {
    videos: input.videos,
    impressions,
    min_impressions: params.min_impressions,
    min_impressions_applied: toFractionString(minimum),
  };
  if (compare(ratio(impressions), minimum) < 0) return { amount: null, reason: 'below_min_impressions', details };
  // Graduated: each tier's rate applies to the impressions inside that tier.
  const tiers: Record<string, unknown>[] = [];
  let tiered = ZERO;
  let lower = 0;
  for (const tier of params.tiers) {
    const upper = tier.up_to_impressions ?? Number.POSITIVE_INFINITY;
    const inTier = Math.max(0, Math.min(impressions, upper) - lower);
    const rate = fromDecimal(tier.cents_per_thousand);
    const amount = div(mul(ratio(inTier), rate), ratio(1000));
    if (inTier > 0) tiered = add(tiered, amount);
    tiers.push({ from: lower, to: tier.up_to_impressions, impressions: inTier, cents_per_thousand: tier.cents_per_thousand, amount_cents: toFractionString(amount) });
    lower = upper;
    if (impressions <= upper) break;
  }
  let amount = mul(tiered, f);
  let isCapped = false;
  if (params.max_payout_cents !== null) {
    const cap = mul(ratio(params.max_payout_cents), f);
    if (compare(amount, cap) > 0) {
      amount = cap;
      isCapped = true;
    }
    details.cap_cents = toFractionString(cap);
  }
  return {
    amount,
    reason: '',
    details: { ...details, tiers, tiered_cents: toFractionString(tiered), cap_applied: isCapped, max_payout_cents: params.max_payout_cents, uncapped_cents: toFractionString(mul(tiered, f)) },
  };
}
