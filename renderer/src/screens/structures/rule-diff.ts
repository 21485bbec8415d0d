import { formatCents } from '../../../../core/domain/money.ts';
import type { CpmParams, GoalsParams, ViewThresholdParams } from '../../../../core/domain/payout-structure.ts';
import { formatCount } from './number-input.ts';
import { CRITERIA_LABELS, formatRate, goalsModeText, typedRule, type RuleLike } from './rule-text.ts';

/**
 * One difference between two versions of a rule. `before` null: something was added; `after`
 * null: something was removed.
 */
export type RuleChange = { label: string; before: string | null; after: string | null };

/** "Rate of tier 2: 75¢/1k → 80¢/1k", "Tier 3 added: …", "Milestone at 5,000,000 views removed: $100.00". */
export function formatRuleChange(change: RuleChange): string {
  if (change.before === null) return `${change.label} added: ${change.after ?? ''}`;
  if (change.after === null) return `${change.label} removed: ${change.before}`;
  return `${change.label}: ${change.before} → ${change.after}`;
}

const PRORATION_WORDS = { skip: 'skip partial periods', prorate: 'prorate', full: 'pay in full' } as const;
const onOff = (value: boolean) => (value ? 'on' : 'off');
const limitText = (upTo: number | null) => (upTo === null ? 'and above' : `${formatCount(upTo)} views`);

function compare(changes: RuleChange[], label: string, before: string, after: string): void {
  if (before !== after) changes.push({ label, before, after });
}

function goalsChanges(changes: RuleChange[], before: GoalsParams, after: GoalsParams): void {
  compare(changes, 'Goals to meet', goalsModeText(before), goalsModeText(after));
  const wasPartial = before.mode === 'all' && before.partial_allowed === true;
  const isPartial = after.mode === 'all' && after.partial_allowed === true;
  compare(changes, 'Partial payouts', onOff(wasPartial), onOff(isPartial));
  if (wasPartial && isPartial) {
    compare(changes, 'Minimum completion', `${before.min_completion_pct ?? 0}%`, `${after.min_completion_pct ?? 0}%`);
    compare(changes, 'Partial multiplier', `×${before.partial_multiplier ?? 1}`, `×${after.partial_multiplier ?? 1}`);
  }
}

function cpmChanges(changes: RuleChange[], before: CpmParams, after: CpmParams): void {
  compare(changes, 'Minimum impressions', formatCount(before.min_impressions), formatCount(after.min_impressions));
  const cap = (value: number | null) => (value === null ? 'none' : formatCents(value));
  compare(changes, 'Cap', cap(before.max_payout_cents), cap(after.max_payout_cents));
  const count = Math.max(before.tiers.length, after.tiers.length);
  for (let index = 0; index < count; index++) {
    const old = before.tiers[index];
    const next = after.tiers[index];
    const number = index + 1;
    if (old !== undefined && next !== undefined) {
      compare(changes, `Limit of tier ${number}`, limitText(old.up_to_impressions), limitText(next.up_to_impressions));
      compare(changes, `Rate of tier ${number}`, formatRate(old.cents_per_thousand), formatRate(next.cents_per_thousand));
    } else if (next !== undefined) {
      changes.push({ label: `Tier ${number}`, before: null, after: `${limitText(next.up_to_impressions)} at ${formatRate(next.cents_per_thousand)}` });
    } else if (old !== undefined) {
      changes.push({ label: `Tier ${number}`, before: `${limitText(old.up_to_impressions)} at ${formatRate(old.cents_per_thousand)}`, after: null });
    }
  }
}

function thresholdChanges(changes: RuleChange[], before: ViewThresholdParams, after: ViewThresholdParams): void {
  const oldByViews = new Map(before.thresholds.map((threshold) => [threshold.view_count, threshold.amount_cents]));
  const newByViews = new Map(after.thresholds.map((threshold) => [threshold.view_count, threshold.amount_cents]));
  const views = [...new Set([...oldByViews.keys(), ...newByViews.keys()])].sort((a, b) => a - b);
  for (const count of views) {
    const old = oldByViews.get(count);
    const next = newByViews.get(count);
    const label = `Milestone at ${formatCount(count)} views`;
    if (old !== undefined && next !== undefined) compare(changes, `Bonus at ${formatCount(count)} views`, formatCents(old), formatCents(next));
    else if (next !== undefined) changes.push({ label, before: null, after: formatCents(next) });
    else if (old !== undefined) changes.push({ label, before: formatCents(old), after: null });
  }
}

/**
 * What a manager changed between two versions, in their words: period, amount, proration, then
 * what the type's params say (goals, tiers, cap, milestones). Empty when the rules are the same.
 */
export function describeRuleChanges(beforeRule: RuleLike, afterRule: RuleLike): RuleChange[] {
  const changes: RuleChange[] = [];
  const before = typedRule(beforeRule);
  const after = typedRule(afterRule);
  if (beforeRule.criteria_type !== afterRule.criteria_type) {
    changes.push({ label: 'Type', before: CRITERIA_LABELS[beforeRule.criteria_type], after: CRITERIA_LABELS[afterRule.criteria_type] });
    return changes;
  }
  if (before.type !== 'view_threshold' && before.type !== 'unreadable' && after.type !== 'view_threshold' && after.type !== 'unreadable') {
    compare(changes, 'Period', beforeRule.period ?? 'none', afterRule.period ?? 'none');
    if (before.type !== 'cpm') {
      const amount = (value: number | null) => (value === null ? 'none' : formatCents(value));
      compare(changes, 'Amount', amount(beforeRule.amount_cents), amount(afterRule.amount_cents));
    }
    compare(changes, 'Proration', PRORATION_WORDS[beforeRule.proration_mode], PRORATION_WORDS[afterRule.proration_mode]);
  }
  if (before.type === 'goals' && after.type === 'goals') goalsChanges(changes, before.params, after.params);
  if (before.type === 'cpm' && after.type === 'cpm') cpmChanges(changes, before.params, after.params);
  if (before.type === 'view_threshold' && after.type === 'view_threshold') {
    thresholdChanges(changes, before.params, after.params);
    compare(changes, 'Backfill on assignment', onOff(before.isBackfilled), onOff(after.isBackfilled));
  }
  return changes;
}
