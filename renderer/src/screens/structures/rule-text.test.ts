import { describe, expect, it } from 'vitest';
import { formatRate, summarizeRule, tierRange, type RuleLike } from './rule-text.ts';

const base = { currency: 'USD', backfill_on_assignment: false } as const;

const recurring: RuleLike = { ...base, criteria_type: 'recurring', period: 'monthly', amount_cents: 5000, criteria_params: {}, proration_mode: 'skip' };
const goals: RuleLike = {
  ...base,
  criteria_type: 'goals',
  period: 'monthly',
  amount_cents: 50000,
  criteria_params: { mode: 'all', partial_allowed: true, partial_multiplier: 1, min_completion_pct: 50 },
  proration_mode: 'skip',
};
const cpm: RuleLike = {
  ...base,
  criteria_type: 'cpm',
  period: 'weekly',
  amount_cents: 0,
  criteria_params: {
    source: 'posts_in_period',
    min_impressions: 10000,
    max_payout_cents: 50000,
    tiers: [
      { up_to_impressions: 1000000, cents_per_thousand: 50 },
      { up_to_impressions: null, cents_per_thousand: 75 },
    ],
  },
  proration_mode: 'prorate',
};
const milestones: RuleLike = {
  ...base,
  criteria_type: 'view_threshold',
  period: null,
  amount_cents: null,
  criteria_params: {
    thresholds: [
      { view_count: 5000000, amount_cents: 10000, currency: 'USD' },
      { view_count: 1000000, amount_cents: 2000, currency: 'USD' },
    ],
  },
  proration_mode: 'skip',
};

describe('summarizeRule', () => {
  it('says what each of seed 000’s examples pays', () => {
    expect(summarizeRule(recurring)).toEqual({ headline: '$50.00 / month', detail: 'Partial periods skipped' });
    expect(summarizeRule(goals)).toEqual({ headline: 'Goals: all, partial ≥ 50%', detail: '$500.00 / month · partial periods skipped' });
    expect(summarizeRule(cpm)).toEqual({ headline: 'CPM 2 tiers, cap $500.00', detail: 'Weekly · prorated' });
    expect(summarizeRule(milestones)).toEqual({ headline: '2 milestones', detail: '$20.00 at 1M, $100.00 at 5M' });
  });

  it('names the rate of a one-tier CPM and an uncapped one', () => {
    const oneTier = { ...cpm, criteria_params: { source: 'posts_in_period', min_impressions: 0, max_payout_cents: null, tiers: [{ up_to_impressions: null, cents_per_thousand: 150 }] } };
    expect(summarizeRule(oneTier).headline).toBe('CPM $1.50/1k, no cap');
  });

  it('shows goals modes other than all', () => {
    expect(summarizeRule({ ...goals, criteria_params: { mode: 'n_of_m', n: 2 } }).headline).toBe('Goals: 2 of m');
    expect(summarizeRule({ ...goals, criteria_params: { mode: 'any' } }).headline).toBe('Goals: any');
  });

  it('does not guess at params it cannot read', () => {
    expect(summarizeRule({ ...cpm, criteria_params: { tiers: 'many' } })).toEqual({ headline: 'CPM', detail: 'Rule details unavailable' });
  });
});

describe('formatRate', () => {
  it.each([
    [75, '75¢/1k'],
    [0.5, '0.5¢/1k'],
    [100, '$1.00/1k'],
    [150, '$1.50/1k'],
    [100.5, '100.5¢/1k'],
  ])('%s → %s', (rate, text) => expect(formatRate(rate)).toBe(text));
});

describe('tierRange', () => {
  const tiers = [{ up_to_impressions: 1000 }, { up_to_impressions: 5000 }, { up_to_impressions: null }];
  it('spells each tier’s impressions', () => {
    expect(tiers.map((_tier, index) => tierRange(tiers, index))).toEqual(['Up to 1,000', '1,001 – 5,000', 'Above 5,000']);
    expect(tierRange([{ up_to_impressions: null }], 0)).toBe('All impressions');
  });
});
