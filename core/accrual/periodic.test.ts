import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { StructureVersion } from '../domain/payout-structure.ts';
import { evaluatePeriodic, type CountedVideo, type PeriodicInput } from './periodic.ts';

const DAY = 86_400_000;
const WEEK = { start: Date.parse('2026-05-04T00:00:00.000Z'), end: Date.parse('2026-05-11T00:00:00.000Z') };

function version(overrides: Partial<StructureVersion>): StructureVersion {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    structure_id: '00000000-0000-4000-8000-000000000002',
    version_number: 1,
    period: 'weekly',
    amount_cents: 5000,
    currency: 'USD',
    criteria_type: 'recurring',
    criteria_params: {},
    proration_mode: 'skip',
    backfill_on_assignment: false,
    effective_from: '1970-01-01T00:00:00.000Z',
    created_at: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

function videos(...views: number[]): CountedVideo[] {
  return views.map((count, index) => ({ id: `v${index}`, url: `https://x/${index}`, posted_at: '2026-05-05T00:00:00.000Z', views: count }));
}

function run(input: Partial<PeriodicInput> & { version: StructureVersion }) {
  return evaluatePeriodic({ period: WEEK, assigned: [WEEK], videos: [], goals: [], ...input });
}

const amount = (input: Parameters<typeof run>[0]) => {
  const outcome = run(input);
  return outcome.kind === 'accrue' ? outcome.amount_cents : outcome.reason;
};

const halfWeek = [{ start: WEEK.start, end: WEEK.start + 3.5 * DAY }];
const oneDay = [{ start: WEEK.start, end: WEEK.start + DAY }];

describe('recurring', () => {
  it.each([
    ['whole period, skip', 'skip', [WEEK], 5000],
    ['half period, skip', 'skip', halfWeek, 'partial_period_skipped'],
    ['half period, full', 'full', halfWeek, 5000],
    ['half period, prorate', 'prorate', halfWeek, 2500],
    ['one day of seven, prorate: 5000/7 = 714.2857 → 714', 'prorate', oneDay, 714],
    ['not assigned', 'prorate', [], 'not_assigned'],
  ] as const)('%s', (_label, proration_mode, assigned, expected) => {
    expect(amount({ version: version({ proration_mode }), assigned: [...assigned] })).toBe(expected);
  });

  it('rounds half up once: 1 cent × 1/2 → 1', () => {
    expect(amount({ version: version({ amount_cents: 1, proration_mode: 'prorate' }), assigned: halfWeek })).toBe(1);
  });
});

const goal = (metric: 'videos_posted' | 'views', target: number, id = `${metric}-${target}`) => ({ id, metric, target });

describe('goals', () => {
  const goalsVersion = (criteria_params: Record<string, unknown>) => version({ criteria_type: 'goals', amount_cents: 50000, criteria_params });

  it.each([
    ['all met', { mode: 'all' }, [goal('videos_posted', 2), goal('views', 1000)], videos(600, 600), 50000],
    ['all, one missed', { mode: 'all' }, [goal('videos_posted', 3), goal('views', 1000)], videos(600, 600), 'goals_not_met'],
    ['any, one met', { mode: 'any' }, [goal('videos_posted', 3), goal('views', 1000)], videos(600, 600), 50000],
    ['any, none met', { mode: 'any' }, [goal('videos_posted', 3), goal('views', 5000)], videos(600, 600), 'goals_not_met'],
    ['n_of_m, exactly n met', { mode: 'n_of_m', n: 2 }, [goal('videos_posted', 2), goal('views', 1000), goal('views', 5000)], videos(600, 600), 50000],
    ['n_of_m, n-1 met', { mode: 'n_of_m', n: 2 }, [goal('videos_posted', 3), goal('views', 1000), goal('views', 5000)], videos(600, 600), 'goals_not_met'],
    ['n_of_m, n larger than the goals', { mode: 'n_of_m', n: 4 }, [goal('videos_posted', 1), goal('views', 1)], videos(600, 600), 'goals_not_met'],
    ['no goals', { mode: 'all' }, [], videos(600), 'no_goals'],
    // Partial completion: (2/4 + 1) / 2 = 0.75 ≥ 0.5 → 50000 × 0.75 × 1 = 37500.
    ['partial above min', { mode: 'all', partial_allowed: true, min_completion_pct: 50 }, [goal('videos_posted', 4), goal('views', 1000)], videos(600, 600), 37500],
    // (1/4 + 0.3) / 2 = 0.275 < 0.5 → nothing.
    ['partial below min', { mode: 'all', partial_allowed: true, min_completion_pct: 50 }, [goal('videos_posted', 4), goal('views', 4000)], videos(1200), 'below_min_completion'],
    // Multiplier > 1: 0.75 × 1.5 = 1.125 → 56250, above the full amount.
    ['partial with multiplier 1.5', { mode: 'all', partial_allowed: true, partial_multiplier: 1.5, min_completion_pct: 50 }, [goal('videos_posted', 4), goal('views', 1000)], videos(600, 600), 56250],
    // All met pays the full amount whatever the multiplier.
    ['all met ignores multiplier', { mode: 'all', partial_allowed: true, partial_multiplier: 1.5 }, [goal('videos_posted', 2)], videos(1, 1), 50000],
    ['partial not allowed', { mode: 'all', min_completion_pct: 0 }, [goal('videos_posted', 4)], videos(1), 'goals_not_met'],
    // Thirds: (1/3 + 1/3)/2 = 1/3 → 50000/3 = 16666.67 → 16667.
    ['partial thirds rounds half up at the end', { mode: 'all', partial_allowed: true }, [goal('videos_posted', 3), goal('views', 3)], videos(1), 16667],
  ])('%s', (_label, params, goals, counted, expected) => {
    expect(amount({ version: goalsVersion(params), goals, videos: counted })).toBe(expected);
  });

  it('prorates goals after the partial formula', () => {
    const v = version({ criteria_type: 'goals', amount_cents: 50000, proration_mode: 'prorate', criteria_params: { mode: 'all', partial_allowed: true } });
    // 0.75 completion × 0.5 assigned → 18750.
    expect(amount({ version: v, goals: [goal('videos_posted', 4), goal('views', 1000)], videos: videos(600, 600), assigned: halfWeek })).toBe(18750);
  });
});

describe('cpm', () => {
  const cpm = (params: Partial<Record<string, unknown>> = {}, proration_mode: StructureVersion['proration_mode'] = 'skip') =>
    version({
      criteria_type: 'cpm',
      amount_cents: 0,
      proration_mode,
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
    });

  it.each([
    ['below min_impressions', cpm(), videos(9999), 'below_min_impressions'],
    ['exactly min_impressions', cpm(), videos(10000), 500],
    ['exactly at the tier boundary', cpm({ max_payout_cents: null }), videos(1000000), 50000],
    ['one view into tier 2: 50000 + 0.075', cpm({ max_payout_cents: null }), videos(1000001), 50000],
    ['1,840,000 views: $500 + $630, capped at $500', cpm(), videos(1000000, 840000), 50000],
    ['1,840,000 views uncapped: $1,130', cpm({ max_payout_cents: null }), videos(1840000), 113000],
    ['fractional rate 0.5¢/k on 3,001 views: 1.5005 → 2', cpm({ min_impressions: 0, tiers: [{ up_to_impressions: null, cents_per_thousand: 0.5 }] }), videos(3001), 2],
    ['no videos', cpm({ min_impressions: 0 }), [], 'zero_amount'],
  ])('%s', (_label, v, counted, expected) => {
    expect(amount({ version: v, videos: counted })).toBe(expected);
  });

  it('prorate scales the minimum, the amount and the cap', () => {
    // Half the week: min 5,000 applies; 6,000 views → 300¢ × 0.5 = 150.
    expect(amount({ version: cpm({}, 'prorate'), videos: videos(6000), assigned: halfWeek })).toBe(150);
    // 4,999 views < 5,000 → nothing.
    expect(amount({ version: cpm({}, 'prorate'), videos: videos(4999), assigned: halfWeek })).toBe('below_min_impressions');
    // Cap 50000 × 0.5 = 25000.
    expect(amount({ version: cpm({}, 'prorate'), videos: videos(3000000), assigned: halfWeek })).toBe(25000);
  });

  it('explains the amount: tiers, cap and the unrounded value', () => {
    const outcome = run({ version: cpm(), videos: videos(1000000, 840000) });
    expect(outcome.kind).toBe('accrue');
    expect(outcome.explanation).toMatchObject({
      impressions: 1840000,
      tiers: [
        { from: 0, to: 1000000, impressions: 1000000, cents_per_thousand: 50, amount_cents: '50000' },
        { from: 1000000, to: null, impressions: 840000, cents_per_thousand: 75, amount_cents: '63000' },
      ],
      tiered_cents: '113000',
      cap_applied: true,
      amount_cents: 50000,
      version: { number: 1 },
    });
  });

  const arbitraryCpm = fc.record({
    min: fc.integer({ min: 0, max: 100000 }),
    cap: fc.option(fc.integer({ min: 1, max: 10_000_000 }), { nil: null }),
    bounds: fc.uniqueArray(fc.integer({ min: 1, max: 10_000_000 }), { maxLength: 3 }).map((values) => values.sort((a, b) => a - b)),
    rates: fc.array(fc.integer({ min: 0, max: 100_000 }).map((value) => value / 100), { minLength: 4, maxLength: 4 }),
  });

  it('never decreases as views grow, never exceeds the cap, never goes negative', () => {
    fc.assert(
      fc.property(arbitraryCpm, fc.integer({ min: 0, max: 50_000_000 }), fc.integer({ min: 0, max: 5_000_000 }), (params, views, more) => {
        const tiers = [...params.bounds.map((bound, index) => ({ up_to_impressions: bound, cents_per_thousand: params.rates[index] as number })), { up_to_impressions: null, cents_per_thousand: params.rates[3] as number }];
        const v = cpm({ min_impressions: params.min, max_payout_cents: params.cap, tiers });
        const cents = (count: number) => {
          const outcome = run({ version: v, videos: videos(count) });
          return outcome.kind === 'accrue' ? outcome.amount_cents : 0;
        };
        const low = cents(views);
        const high = cents(views + more);
        expect(low).toBeGreaterThanOrEqual(0);
        expect(high).toBeGreaterThanOrEqual(low);
        if (params.cap !== null) expect(high).toBeLessThanOrEqual(params.cap);
      }),
      { numRuns: 300 },
    );
  });
});
