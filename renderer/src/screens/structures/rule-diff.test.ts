import { describe, expect, it } from 'vitest';
import { describeRuleChanges, formatRuleChange } from './rule-diff.ts';
import type { RuleLike } from './rule-text.ts';

const cpm = (params: Record<string, unknown>, extra: Partial<RuleLike> = {}): RuleLike => ({
  criteria_type: 'cpm',
  period: 'weekly',
  amount_cents: 0,
  proration_mode: 'prorate',
  backfill_on_assignment: false,
  criteria_params: {
    source: 'posts_in_period',
    min_impressions: 10000,
    max_payout_cents: 50000,
    tiers: [
      { up_to_impressions: 1000000, cents_per_thousand: 50 },
      { up_to_impressions: null, cents_per_thousand: 75 },
    ],
    ...params,
  },
  ...extra,
});

const texts = (before: RuleLike, after: RuleLike) => describeRuleChanges(before, after).map(formatRuleChange);

describe('describeRuleChanges', () => {
  it('finds nothing between equal rules', () => {
    expect(texts(cpm({}), cpm({}))).toEqual([]);
  });

  it('names a tier’s new rate, the cap and the period the way a manager says them', () => {
    const after = cpm(
      {
        max_payout_cents: null,
        tiers: [
          { up_to_impressions: 1000000, cents_per_thousand: 50 },
          { up_to_impressions: null, cents_per_thousand: 80 },
        ],
      },
      { period: 'monthly' },
    );
    expect(texts(cpm({}), after)).toEqual(['Period: weekly → monthly', 'Cap: $500.00 → none', 'Rate of tier 2: 75¢/1k → 80¢/1k']);
  });

  it('reports added and removed tiers', () => {
    const three = cpm({
      tiers: [
        { up_to_impressions: 1000000, cents_per_thousand: 50 },
        { up_to_impressions: 2000000, cents_per_thousand: 75 },
        { up_to_impressions: null, cents_per_thousand: 90 },
      ],
    });
    expect(texts(cpm({}), three)).toEqual(['Limit of tier 2: and above → 2,000,000 views', 'Tier 3 added: and above at 90¢/1k']);
    expect(texts(three, cpm({}))).toEqual(['Limit of tier 2: 2,000,000 views → and above', 'Tier 3 removed: and above at 90¢/1k']);
  });

  it('compares amounts, proration and goals', () => {
    const goals = (params: Record<string, unknown>, amount = 5000): RuleLike => ({
      criteria_type: 'goals',
      period: 'monthly',
      amount_cents: amount,
      proration_mode: 'skip',
      backfill_on_assignment: false,
      criteria_params: params,
    });
    expect(texts(goals({ mode: 'all' }), { ...goals({ mode: 'n_of_m', n: 2 }, 7500), proration_mode: 'full' })).toEqual([
      'Amount: $50.00 → $75.00',
      'Proration: skip partial periods → pay in full',
      'Goals to meet: all goals → at least 2 goals',
    ]);
    expect(
      texts(goals({ mode: 'all', partial_allowed: true, min_completion_pct: 50 }), goals({ mode: 'all', partial_allowed: true, min_completion_pct: 60, partial_multiplier: 1.5 })),
    ).toEqual(['Minimum completion: 50% → 60%', 'Partial multiplier: ×1 → ×1.5']);
    expect(texts(goals({ mode: 'all', partial_allowed: true }), goals({ mode: 'all' }))).toEqual(['Partial payouts: on → off']);
  });

  it('matches milestones by their view count', () => {
    const milestones = (thresholds: [number, number][], backfill = false): RuleLike => ({
      criteria_type: 'view_threshold',
      period: null,
      amount_cents: null,
      proration_mode: 'skip',
      backfill_on_assignment: backfill,
      criteria_params: { thresholds: thresholds.map(([view_count, amount_cents]) => ({ view_count, amount_cents, currency: 'USD' })) },
    });
    expect(
      texts(
        milestones([
          [1000000, 2000],
          [5000000, 10000],
        ]),
        milestones(
          [
            [10000000, 50000],
            [1000000, 2500],
          ],
          true,
        ),
      ),
    ).toEqual([
      'Bonus at 1,000,000 views: $20.00 → $25.00',
      'Milestone at 5,000,000 views removed: $100.00',
      'Milestone at 10,000,000 views added: $500.00',
      'Backfill on assignment: off → on',
    ]);
  });
});
