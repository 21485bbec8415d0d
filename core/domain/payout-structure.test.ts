import { describe, expect, it } from 'vitest';
import { createStructureSchema, patchStructureSchema, versionInEffect, type StructureVersion } from './payout-structure.ts';

const project_id = '0b7c7d0e-6a53-4d0e-9d6e-5f1f3a0c2b71';

/** Seed 000's four examples, verbatim. */
const seed = {
  recurring: { project_id, name: 'Monthly base', period: 'monthly', amount_cents: 5000, currency: 'USD', criteria_type: 'recurring', criteria_params: {}, proration_mode: 'skip' },
  goals: {
    project_id,
    name: 'Monthly goals bonus',
    period: 'monthly',
    amount_cents: 50000,
    currency: 'USD',
    criteria_type: 'goals',
    criteria_params: { mode: 'all', partial_allowed: true, partial_multiplier: 1.0, min_completion_pct: 50 },
    proration_mode: 'skip',
  },
  cpm: {
    project_id,
    name: 'Weekly CPM',
    period: 'weekly',
    amount_cents: 0,
    currency: 'USD',
    criteria_type: 'cpm',
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
  },
  view_threshold: {
    project_id,
    name: 'Viral video milestones',
    period: null,
    amount_cents: null,
    currency: 'USD',
    criteria_type: 'view_threshold',
    criteria_params: {
      thresholds: [
        { view_count: 1000000, amount_cents: 2000, currency: 'USD' },
        { view_count: 5000000, amount_cents: 10000, currency: 'USD' },
      ],
    },
    proration_mode: 'skip',
    backfill_on_assignment: false,
  },
};

function paths(body: unknown): string[] {
  const result = createStructureSchema.safeParse(body);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

const withParams = (base: keyof typeof seed, criteria_params: unknown, extra: Record<string, unknown> = {}) => ({ ...seed[base], criteria_params, ...extra });

describe('payout structure validation', () => {
  it.each(Object.entries(seed))('accepts seed 000 example: %s', (_type, body) => {
    expect(paths(body)).toEqual([]);
  });

  it.each([
    // recurring
    ['recurring with params', withParams('recurring', { mode: 'all' }), 'criteria_params.mode'],
    ['recurring without period', { ...seed.recurring, period: null }, 'period'],
    ['recurring without amount', { ...seed.recurring, amount_cents: null }, 'amount_cents'],
    ['recurring with 0 cents', { ...seed.recurring, amount_cents: 0 }, 'amount_cents'],
    ['fractional cents', { ...seed.recurring, amount_cents: 10.5 }, 'amount_cents'],
    ['currency other than USD', { ...seed.recurring, currency: 'EUR' }, 'currency'],
    ['unknown criteria type', { ...seed.recurring, criteria_type: 'referral' }, 'criteria_type'],
    ['backfill on a recurring structure', { ...seed.recurring, backfill_on_assignment: true }, 'backfill_on_assignment'],
    // goals
    ['goals without mode', withParams('goals', {}), 'criteria_params.mode'],
    ['n_of_m without n', withParams('goals', { mode: 'n_of_m' }), 'criteria_params.n'],
    ['n with mode all', withParams('goals', { mode: 'all', n: 2 }), 'criteria_params.n'],
    ['partial with mode any', withParams('goals', { mode: 'any', partial_allowed: true }), 'criteria_params.partial_allowed'],
    ['min_completion_pct with n_of_m', withParams('goals', { mode: 'n_of_m', n: 2, min_completion_pct: 50 }), 'criteria_params.min_completion_pct'],
    ['min_completion_pct over 100', withParams('goals', { mode: 'all', min_completion_pct: 101 }), 'criteria_params.min_completion_pct'],
    ['negative multiplier', withParams('goals', { mode: 'all', partial_multiplier: -1 }), 'criteria_params.partial_multiplier'],
    ['multiplier with 5 decimals', withParams('goals', { mode: 'all', partial_multiplier: 1.00001 }), 'criteria_params.partial_multiplier'],
    // cpm
    ['cpm without tiers', withParams('cpm', { source: 'posts_in_period', min_impressions: 0, max_payout_cents: null, tiers: [] }), 'criteria_params.tiers'],
    [
      'cpm last tier bounded',
      withParams('cpm', { source: 'posts_in_period', min_impressions: 0, max_payout_cents: null, tiers: [{ up_to_impressions: 10, cents_per_thousand: 5 }] }),
      'criteria_params.tiers.0.up_to_impressions',
    ],
    [
      'cpm tiers descending',
      withParams('cpm', {
        source: 'posts_in_period',
        min_impressions: 0,
        max_payout_cents: null,
        tiers: [
          { up_to_impressions: 500, cents_per_thousand: 5 },
          { up_to_impressions: 100, cents_per_thousand: 6 },
          { up_to_impressions: null, cents_per_thousand: 7 },
        ],
      }),
      'criteria_params.tiers.1.up_to_impressions',
    ],
    [
      'cpm open tier in the middle',
      withParams('cpm', {
        source: 'posts_in_period',
        min_impressions: 0,
        max_payout_cents: null,
        tiers: [
          { up_to_impressions: null, cents_per_thousand: 5 },
          { up_to_impressions: null, cents_per_thousand: 6 },
        ],
      }),
      'criteria_params.tiers.0.up_to_impressions',
    ],
    ['cpm unknown source', withParams('cpm', { ...seed.cpm.criteria_params, source: 'lifetime' }), 'criteria_params.source'],
    ['cpm negative rate', withParams('cpm', { ...seed.cpm.criteria_params, tiers: [{ up_to_impressions: null, cents_per_thousand: -1 }] }), 'criteria_params.tiers.0.cents_per_thousand'],
    ['cpm without period', { ...seed.cpm, period: null }, 'period'],
    // view_threshold
    ['threshold with a period', { ...seed.view_threshold, period: 'weekly' }, 'period'],
    ['threshold with an amount', { ...seed.view_threshold, amount_cents: 100 }, 'amount_cents'],
    ['threshold with proration', { ...seed.view_threshold, proration_mode: 'prorate' }, 'proration_mode'],
    ['no thresholds', withParams('view_threshold', { thresholds: [] }), 'criteria_params.thresholds'],
    [
      'eleven thresholds',
      withParams('view_threshold', { thresholds: Array.from({ length: 11 }, (_, i) => ({ view_count: (i + 1) * 1000, amount_cents: 100, currency: 'USD' })) }),
      'criteria_params.thresholds',
    ],
    [
      'duplicate view_count',
      withParams('view_threshold', {
        thresholds: [
          { view_count: 1000, amount_cents: 100, currency: 'USD' },
          { view_count: 1000, amount_cents: 200, currency: 'USD' },
        ],
      }),
      'criteria_params.thresholds.1.view_count',
    ],
    ['threshold in EUR', withParams('view_threshold', { thresholds: [{ view_count: 1000, amount_cents: 100, currency: 'EUR' }] }), 'criteria_params.thresholds.0.currency'],
    // common
    ['missing name', { ...seed.recurring, name: '' }, 'name'],
    ['missing period key', (({ period: _period, ...rest }) => rest)(seed.recurring), 'period'],
    ['unknown field', { ...seed.recurring, colour: 'red' }, ''],
  ])('rejects %s at %s', (_label, body, path) => {
    expect(paths(body)).toContain(path);
  });

  it('rule PATCH needs the full rule; cosmetic PATCH needs a field', () => {
    expect(patchStructureSchema.safeParse({ kind: 'rule', ...seed.recurring, project_id: undefined, name: undefined }).success).toBe(false);
    const { project_id: _p, name: _n, ...rule } = seed.recurring;
    expect(patchStructureSchema.safeParse({ kind: 'rule', ...rule }).success).toBe(true);
    expect(patchStructureSchema.safeParse({ kind: 'cosmetic' }).success).toBe(false);
    expect(patchStructureSchema.safeParse({ kind: 'cosmetic', name: 'x' }).success).toBe(true);
    expect(patchStructureSchema.safeParse({ kind: 'other', name: 'x' }).success).toBe(false);
  });
});

describe('versionInEffect', () => {
  const version = (number: number, from: string) => ({ version_number: number, effective_from: from }) as StructureVersion;
  const versions = [version(1, '1970-01-01T00:00:00.000Z'), version(2, '2026-05-10T12:00:00.000Z'), version(3, '2026-06-01T00:00:00.000Z')];

  it.each([
    ['2026-05-01T00:00:00.000Z', 1],
    ['2026-05-10T12:00:00.000Z', 2],
    ['2026-05-31T23:59:59.999Z', 2],
    ['2026-06-01T00:00:00.000Z', 3],
  ])('at %s uses version %i', (at, expected) => {
    expect(versionInEffect({ versions }, at).version_number).toBe(expected);
  });
});
