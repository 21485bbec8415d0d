import { describe, expect, it } from 'vitest';
import { explainAccrual, formatRate } from './explain-accrual.ts';

/**
 * Snapshots written the way the engine writes them (core/accrual/periodic.ts, thresholds.ts),
 * for a project in New York: the week of Mon Nov 9, 2026 runs from 05:00Z to the next Monday.
 */
const ZONE = 'America/New_York';
const WEEK = { kind: 'weekly', start: '2026-11-09T05:00:00.000Z', end: '2026-11-16T05:00:00.000Z' };
const WEEK_SECONDS = 7 * 86_400;
const V1 = { id: 'v1', number: 1, effective_from: '1970-01-01T00:00:00.000Z' };

type Snapshot = Record<string, unknown>;

function assigned(seconds: number, fraction: string, from = WEEK.start) {
  const to = new Date(Date.parse(from) + seconds * 1000).toISOString();
  return { intervals: [{ from, to }], assigned_seconds: seconds, period_seconds: WEEK_SECONDS, fraction, fraction_decimal: '' };
}

function periodic(criteria_type: string, fields: Snapshot): Snapshot {
  return {
    version: V1,
    criteria_type,
    period: WEEK,
    assignment: assigned(WEEK_SECONDS, '1'),
    proration_mode: 'skip',
    applied_fraction: '1',
    time_zone: ZONE,
    ...fields,
  };
}

function accrual(criteria_type: 'recurring' | 'goals' | 'cpm' | 'view_threshold', inputs_snapshot: Snapshot, amount_cents: number, period_start_at = WEEK.start) {
  return { criteria_type, inputs_snapshot, amount_cents, version_number: 1, period_start_at };
}

const video = (index: number, views: number) => ({ id: `video-${index}`, url: `https://www.tiktok.com/@maya/video/${index}`, posted_at: '2026-11-10T17:00:00.000Z', views });

describe('recurring', () => {
  it('whole period: the fixed amount, with period, version and no rounding', () => {
    const explained = explainAccrual(accrual('recurring', periodic('recurring', { base_amount_cents: 7500, unrounded_cents: '7500', amount_cents: 7500 }), 7500));
    expect(explained.headline).toBe('Assigned for the whole week: $75.00.');
    expect(explained.lines).toEqual([
      'Fixed amount: $75.00 per week.',
      'Assigned for the whole week.',
      'Period: Nov 9 – 15, 2026 (weekly, America/New_York time).',
      'Rule v1, effective from the start.',
      'Exactly $75.00; no rounding needed.',
    ]);
    expect(explained.videos).toEqual([]);
  });

  it('prorate, half the week: "assigned 3 days 12 hours of 7 days (50%): $50.00 × 50% = $25.00"', () => {
    const snapshot = periodic('recurring', {
      proration_mode: 'prorate',
      assignment: assigned(3.5 * 86_400, '1/2', '2026-11-12T17:00:00.000Z'),
      applied_fraction: '1/2',
      base_amount_cents: 5000,
      unrounded_cents: '2500',
      amount_cents: 2500,
    });
    const explained = explainAccrual(accrual('recurring', snapshot, 2500));
    expect(explained.headline).toBe('Assigned 3 days 12 hours of 7 days (50%): $50.00 × 50% = $25.00.');
    expect(explained.lines).toContain('Assigned 3 days 12 hours of 7 days (50%): Nov 12, 2026, 12:00 PM to Nov 16, 2026, 12:00 AM.');
    expect(explained.lines).toContain('Prorated: $50.00 × 50% = $25.00.');
  });

  it('prorate, one day of seven: the exact amount and its rounding half up', () => {
    const snapshot = periodic('recurring', {
      proration_mode: 'prorate',
      assignment: assigned(86_400, '1/7'),
      applied_fraction: '1/7',
      base_amount_cents: 7500,
      unrounded_cents: '7500/7',
      amount_cents: 1071,
    });
    const explained = explainAccrual(accrual('recurring', snapshot, 1071));
    expect(explained.headline).toBe('Assigned 1 day of 7 days (14.28…%): $75.00 × 14.28…% = $10.714285…, rounded to $10.71.');
    // A sentence ending on an inexact number takes no full stop after its ellipsis.
    expect(explained.lines).toContain('Prorated: $75.00 × 14.28…% = $10.714285…');
    expect(explained.lines).toContain('Unrounded $10.714285…, rounded half up to $10.71.');
  });

  it('full, two days of seven: paid as if assigned all week', () => {
    const snapshot = periodic('recurring', {
      proration_mode: 'full',
      assignment: assigned(2 * 86_400, '2/7'),
      base_amount_cents: 7500,
      unrounded_cents: '7500',
      amount_cents: 7500,
    });
    const explained = explainAccrual(accrual('recurring', snapshot, 7500));
    expect(explained.headline).toBe('Assigned 2 days of 7 days (28.57…%), paid in full: $75.00.');
    expect(explained.lines).toContain('Partial weeks are paid in full: $75.00.');
  });

  it('names the version in effect and the month in the project zone, across a DST change', () => {
    const snapshot = periodic('recurring', {
      version: { id: 'v2', number: 2, effective_from: '2026-05-03T14:31:00.000Z' },
      period: { kind: 'monthly', start: '2026-11-01T04:00:00.000Z', end: '2026-12-01T05:00:00.000Z' },
      assignment: { intervals: [], assigned_seconds: 2_595_600, period_seconds: 2_595_600, fraction: '1' },
      base_amount_cents: 20000,
      unrounded_cents: '20000',
      amount_cents: 20000,
    });
    const explained = explainAccrual(accrual('recurring', snapshot, 20000));
    expect(explained.headline).toBe('Assigned for the whole month: $200.00.');
    expect(explained.lines).toContain('Period: November 2026 (monthly, America/New_York time).');
    expect(explained.lines).toContain('Rule v2, effective from May 3, 2026.');
  });
});

describe('cpm', () => {
  const tiers = [
    { from: 0, to: 1_000_000, impressions: 1_000_000, cents_per_thousand: 50, amount_cents: '50000' },
    { from: 1_000_000, to: null, impressions: 840_000, cents_per_thousand: 75, amount_cents: '63000' },
  ];
  const twelveVideos = Array.from({ length: 12 }, (_, index) => video(index, index < 11 ? 150_000 : 190_000));

  it('two tiers and a cap, as the brief writes it', () => {
    const snapshot = periodic('cpm', {
      videos: twelveVideos,
      impressions: 1_840_000,
      min_impressions: 10_000,
      min_impressions_applied: '10000',
      tiers,
      tiered_cents: '113000',
      max_payout_cents: 50000,
      cap_cents: '50000',
      cap_applied: true,
      uncapped_cents: '113000',
      unrounded_cents: '50000',
      amount_cents: 50000,
    });
    const explained = explainAccrual(accrual('cpm', snapshot, 50000));
    expect(explained.headline).toBe(
      '12 videos posted while assigned, 1,840,000 views: first 1,000,000 at 50¢/k = $500.00, next 840,000 at 75¢/k = $630.00, capped at $500.00.',
    );
    expect(explained.lines).toEqual([
      '12 videos posted while assigned; their views at the end of the period add up to 1,840,000.',
      'Minimum 10,000 views: reached.',
      'Up to 1,000,000 views: 1,000,000 × 50¢/k = $500.00.',
      'Above 1,000,000 views: 840,000 × 75¢/k = $630.00.',
      'Tiers together: $1,130.00.',
      'Capped at $500.00.',
      'Period: Nov 9 – 15, 2026 (weekly, America/New_York time).',
      'Rule v1, effective from the start.',
      'Exactly $500.00; no rounding needed.',
    ]);
    expect(explained.videos).toHaveLength(12);
    expect(explained.videos[0]).toEqual({ id: 'video-0', url: 'https://www.tiktok.com/@maya/video/0', postedOn: 'Nov 10, 2026', views: 150_000 });
  });

  it('prorate: the tiers, the minimum and the cap all scale with the assigned share', () => {
    const snapshot = periodic('cpm', {
      proration_mode: 'prorate',
      assignment: assigned(3.5 * 86_400, '1/2', '2026-11-12T17:00:00.000Z'),
      applied_fraction: '1/2',
      videos: twelveVideos,
      impressions: 1_840_000,
      min_impressions: 10_000,
      min_impressions_applied: '5000',
      tiers,
      tiered_cents: '113000',
      max_payout_cents: 50000,
      cap_cents: '25000',
      cap_applied: true,
      uncapped_cents: '56500',
      unrounded_cents: '25000',
      amount_cents: 25000,
    });
    const explained = explainAccrual(accrual('cpm', snapshot, 25000));
    expect(explained.headline).toBe(
      '12 videos posted while assigned, 1,840,000 views: first 1,000,000 at 50¢/k = $500.00, next 840,000 at 75¢/k = $630.00, $1,130.00 in all, × 50% assigned = $565.00, capped at $250.00.',
    );
    expect(explained.lines).toContain('Minimum 10,000 views, prorated to 5,000 (× 50%): reached.');
    expect(explained.lines).toContain('Prorated: $1,130.00 × 50% = $565.00.');
    expect(explained.lines).toContain('Capped at $250.00 (the $500.00 cap × 50%).');
  });

  it('one tier, under the cap, with fractions of a cent rounded once', () => {
    const snapshot = periodic('cpm', {
      videos: [video(1, 1_234)],
      impressions: 1_234,
      min_impressions: 0,
      min_impressions_applied: '0',
      tiers: [{ from: 0, to: null, impressions: 1_234, cents_per_thousand: 50, amount_cents: '617/10' }],
      tiered_cents: '617/10',
      max_payout_cents: 50000,
      cap_cents: '50000',
      cap_applied: false,
      uncapped_cents: '617/10',
      unrounded_cents: '617/10',
      amount_cents: 62,
    });
    const explained = explainAccrual(accrual('cpm', snapshot, 62));
    expect(explained.headline).toBe('1 video posted while assigned, 1,234 views: 1,234 at 50¢/k = $0.617, rounded to $0.62.');
    expect(explained.lines[0]).toBe('1 video posted while assigned, with 1,234 views at the end of the period.');
    expect(explained.lines).toContain('All views: 1,234 × 50¢/k = $0.617.');
    expect(explained.lines).toContain('Under the $500.00 cap.');
    expect(explained.lines).toContain('Unrounded $0.617, rounded half up to $0.62.');
    expect(explained.lines).not.toContain('Minimum 0 views: reached.');
  });
});

describe('goals', () => {
  const goalsSnapshot = (fields: Snapshot) =>
    periodic('goals', {
      period: { kind: 'monthly', start: '2026-10-01T04:00:00.000Z', end: '2026-11-01T04:00:00.000Z' },
      assignment: { intervals: [], assigned_seconds: 2_678_400, period_seconds: 2_678_400, fraction: '1' },
      base_amount_cents: 50000,
      videos: [video(1, 400_000), video(2, 200_000)],
      ...fields,
    });

  it('all goals met: the full amount', () => {
    const snapshot = goalsSnapshot({
      mode: 'all',
      goals: [
        { id: 'g1', metric: 'videos_posted', target: 2, actual: 2, completion: '1', isMet: true },
        { id: 'g2', metric: 'views', target: 500_000, actual: 600_000, completion: '1', isMet: true },
      ],
      goals_met: 2,
      outcome: 'goals_met',
      unrounded_cents: '50000',
      amount_cents: 50000,
    });
    const explained = explainAccrual(accrual('goals', snapshot, 50000));
    expect(explained.headline).toBe('All 2 goals met: $500.00.');
    expect(explained.lines.slice(0, 4)).toEqual([
      'Pays $500.00 per month when all goals are met.',
      'Videos posted: 2 of 2 (100%), met.',
      'Views: 600,000 of 500,000 (100%), met.',
      '2 videos posted while assigned, 600,000 views at the end of the period.',
    ]);
    expect(explained.lines).toContain('Period: October 2026 (monthly, America/New_York time).');
    expect(explained.videos.map((counted) => counted.views)).toEqual([400_000, 200_000]);
  });

  it('partial completion: "average completion 75% ≥ 50% minimum: $500.00 × 75% × 1.5 = $562.50"', () => {
    const snapshot = goalsSnapshot({
      mode: 'all',
      goals: [
        { id: 'g1', metric: 'videos_posted', target: 4, actual: 2, completion: '1/2', isMet: false },
        { id: 'g2', metric: 'views', target: 500_000, actual: 600_000, completion: '1', isMet: true },
      ],
      goals_met: 1,
      outcome: 'partial',
      partial: { completion_pct: '3/4', min_completion: '1/2', partial_multiplier: '3/2' },
      unrounded_cents: '56250',
      amount_cents: 56250,
    });
    const explained = explainAccrual(accrual('goals', snapshot, 56250));
    expect(explained.headline).toBe('Average completion 75% ≥ 50% minimum: $500.00 × 75% × 1.5 = $562.50.');
    expect(explained.lines).toContain('Videos posted: 2 of 4 (50%), not met.');
    expect(explained.lines).toContain(
      'Not every goal was met, so partial completion pays the average completion (75%) × the 1.5 multiplier, from 50% average completion: $500.00 × 75% × 1.5 = $562.50.',
    );
  });

  it('partial and prorated, with half a cent rounded up', () => {
    const snapshot = goalsSnapshot({
      mode: 'all',
      proration_mode: 'prorate',
      assignment: { intervals: [{ from: '2026-10-16T16:00:00.000Z', to: '2026-11-01T04:00:00.000Z' }], assigned_seconds: 1_339_200, period_seconds: 2_678_400, fraction: '1/2' },
      applied_fraction: '1/2',
      goals: [
        { id: 'g1', metric: 'videos_posted', target: 4, actual: 3, completion: '3/4', isMet: false },
        { id: 'g2', metric: 'views', target: 500_000, actual: 261_900, completion: '2619/5000', isMet: false },
      ],
      goals_met: 0,
      outcome: 'partial',
      partial: { completion_pct: '6369/10000', min_completion: '1/2', partial_multiplier: '3/2' },
      unrounded_cents: '95535/4',
      amount_cents: 23884,
    });
    const explained = explainAccrual(accrual('goals', snapshot, 23884));
    expect(explained.headline).toBe(
      'Average completion 63.69% ≥ 50% minimum: $500.00 × 63.69% × 1.5 = $477.675 × 50% assigned = $238.8375, rounded to $238.84.',
    );
    expect(explained.lines).toContain('Views: 261,900 of 500,000 (52.38%), not met.');
    expect(explained.lines).toContain('Assigned 15 days 12 hours of 31 days (50%): Oct 16, 2026, 12:00 PM to Nov 1, 2026, 12:00 AM.');
    expect(explained.lines).toContain('Prorated: $477.675 × 50% = $238.8375.');
    expect(explained.lines).toContain('Unrounded $238.8375, rounded half up to $238.84.');
  });

  it('any: one goal is enough', () => {
    const snapshot = goalsSnapshot({
      mode: 'any',
      goals: [
        { id: 'g1', metric: 'videos_posted', target: 4, actual: 2, completion: '1/2', isMet: false },
        { id: 'g2', metric: 'views', target: 500_000, actual: 600_000, completion: '1', isMet: true },
      ],
      goals_met: 1,
      outcome: 'goals_met',
      unrounded_cents: '50000',
      amount_cents: 50000,
    });
    const explained = explainAccrual(accrual('goals', snapshot, 50000));
    expect(explained.headline).toBe('1 of 2 goals met (any one pays): $500.00.');
    expect(explained.lines[0]).toBe('Pays $500.00 per month when any one goal is met.');
  });

  it('n of m: says how many goals were needed', () => {
    const snapshot = goalsSnapshot({
      mode: 'n_of_m',
      n: 2,
      goals: [
        { id: 'g1', metric: 'videos_posted', target: 2, actual: 2, completion: '1', isMet: true },
        { id: 'g2', metric: 'views', target: 500_000, actual: 600_000, completion: '1', isMet: true },
        { id: 'g3', metric: 'views', target: 900_000, actual: 600_000, completion: '2/3', isMet: false },
      ],
      goals_met: 2,
      outcome: 'goals_met',
      unrounded_cents: '50000',
      amount_cents: 50000,
    });
    const explained = explainAccrual(accrual('goals', snapshot, 50000));
    expect(explained.headline).toBe('2 of 3 goals met (2 needed): $500.00.');
    expect(explained.lines[0]).toBe('Pays $500.00 per month when at least 2 goals of 3 are met.');
    expect(explained.lines).toContain('Views: 600,000 of 900,000 (66.66…%), not met.');
  });
});

describe('view milestones', () => {
  const threshold = (fields: Snapshot) => ({
    version: V1,
    criteria_type: 'view_threshold',
    video: { id: 'video-9', url: 'https://www.youtube.com/watch?v=abc', posted_at: '2026-11-02T15:00:00.000Z' },
    view_count: 1_000_000,
    crossing: { captured_at: '2026-11-18T20:30:00.000Z', views: 1_203_400 },
    backfill: false,
    assignment: { intervals: [{ from: '2026-11-01T15:00:00.000Z', to: null }] },
    amount_cents: 25000,
    ...fields,
  });

  it('names the video, the milestone, the day it was reached (project zone) and the snapshot that showed it', () => {
    const explained = explainAccrual(accrual('view_threshold', threshold({}), 25000, '2026-11-18T20:30:00.000Z'), { timeZone: ZONE });
    expect(explained.headline).toBe('Video https://www.youtube.com/watch?v=abc reached 1,000,000 views on Nov 18, 2026 (snapshot: 1,203,400 views): $250.00 bonus.');
    expect(explained.lines).toEqual([
      'Milestone: 1,000,000 views pays $250.00, once per video.',
      'Video posted Nov 2, 2026.',
      'First snapshot at or above 1,000,000 views: 1,203,400 views, captured Nov 18, 2026, 3:30 PM (America/New_York time).',
      'Rule v1, effective from the start.',
      'A fixed bonus of $250.00; no rounding needed.',
    ]);
    expect(explained.videos).toEqual([{ id: 'video-9', url: 'https://www.youtube.com/watch?v=abc', postedOn: 'Nov 2, 2026', views: 1_203_400 }]);
  });

  it('backfill: the milestone passed before the assignment fires at the assignment', () => {
    const snapshot = threshold({ backfill: true, crossing: { captured_at: '2026-11-05T12:00:00.000Z', views: 1_050_000 }, assignment: { intervals: [{ from: '2026-11-10T14:00:00.000Z', to: null }] } });
    const explained = explainAccrual(accrual('view_threshold', snapshot, 25000, '2026-11-10T14:00:00.000Z'), { timeZone: ZONE });
    expect(explained.headline).toBe(
      'Video https://www.youtube.com/watch?v=abc had already reached 1,000,000 views on Nov 5, 2026 (snapshot: 1,050,000 views) when the creator was assigned on Nov 10, 2026: $250.00 bonus, paid at assignment.',
    );
    expect(explained.lines).toContain(
      'Backfill: the video passed the milestone before the creator was assigned (Nov 10, 2026, 9:00 AM); this rule pays such milestones at assignment.',
    );
  });

  it('falls back to UTC when neither the snapshot nor the caller knows the zone', () => {
    const explained = explainAccrual(accrual('view_threshold', threshold({ crossing: { captured_at: '2026-11-19T02:00:00.000Z', views: 1_000_000 } }), 25000));
    expect(explained.headline).toContain('on Nov 19, 2026 (snapshot: 1,000,000 views)');
  });
});

describe('unreadable snapshots', () => {
  it('says so instead of guessing', () => {
    const explained = explainAccrual(accrual('cpm', { version: V1, criteria_type: 'cpm', tiers: 'many' }, 1234));
    expect(explained.headline).toBe('$12.34 under rule v1.');
    expect(explained.lines[0]).toContain('cannot read');
    expect(explained.videos).toEqual([]);
  });

  it('refuses a snapshot of another criteria type than the accrual', () => {
    const snapshot = periodic('recurring', { base_amount_cents: 7500, unrounded_cents: '7500', amount_cents: 7500 });
    expect(explainAccrual(accrual('goals', snapshot, 7500)).headline).toBe('$75.00 under rule v1.');
  });
});

describe('formatRate', () => {
  it.each([
    [50, '50¢/k'],
    [12.5, '12.5¢/k'],
    [0.25, '0.25¢/k'],
    [150, '$1.50/k'],
  ])('%s cents per thousand → %s', (rate, expected) => {
    expect(formatRate(rate)).toBe(expected);
  });
});

/**
 * Commission snapshots as core/accrual/commissions.ts writes them (SPEC §7), for the same New
 * York project: a $123.45 purchase at 10:00 AM on Jun 1, 2026 (14:00Z) by customer cus_1.
 */
const PURCHASE = { id: 'event-1', external_id: 'order_1', type: 'purchase', amount_cents: 12345, currency: 'USD', occurred_at: '2026-06-01T14:00:00.000Z' };
const REFERRAL: { id: string; external_id: string | null; customer_label: string | null } = { id: 'referral-1', external_id: 'cus_1', customer_label: 'Jane Doe' };

function commission(fields: { rate_bps?: number | null; flat_cents?: number | null; hold_days?: number; payable_at?: string; unrounded_cents: string; amount_cents: number }, event: Snapshot = PURCHASE) {
  const inputs_snapshot = {
    version: V1,
    kind: 'accrual',
    event,
    referral: REFERRAL,
    rate_bps: null,
    flat_cents: null,
    hold_days: 0,
    payable_at: event.occurred_at,
    ...fields,
  };
  return { criteria_type: 'commission' as const, inputs_snapshot, amount_cents: fields.amount_cents, version_number: 1, period_start_at: event.occurred_at as string };
}

function clawback(fields: { refund: Snapshot; commission_cents: number; status?: string; before: number; through: number; amount_cents: number }) {
  const inputs_snapshot = {
    version: V1,
    kind: 'clawback',
    refund: { ...PURCHASE, type: 'refund', ...fields.refund },
    event: PURCHASE,
    referral: REFERRAL,
    commission: { accrual_id: 'commission-1', amount_cents: fields.commission_cents, status: fields.status ?? 'paid' },
    refunded_before_cents: fields.before,
    refunded_through_cents: fields.through,
    amount_cents: fields.amount_cents,
  };
  return { criteria_type: 'commission' as const, inputs_snapshot, amount_cents: fields.amount_cents, version_number: 1, period_start_at: fields.refund.occurred_at as string };
}

describe('commission', () => {
  it('10% of $123.45 = $12.345, rounded half up to $12.35, payable after a 3-day hold', () => {
    const explained = explainAccrual(commission({ rate_bps: 1000, hold_days: 3, payable_at: '2026-06-04T14:00:00.000Z', unrounded_cents: '2469/2', amount_cents: 1235 }), { timeZone: ZONE });
    expect(explained.headline).toBe('10% of $123.45 purchase order_1 = $12.35 (rounded from $12.345), payable from Jun 4, 2026.');
    expect(explained.lines).toEqual([
      'Purchase order_1 of $123.45 on Jun 1, 2026, 10:00 AM (America/New_York time), by customer Jane Doe (cus_1).',
      "Rule: 10% of each event's amount.",
      '10% of $123.45 = $12.345.',
      'Unrounded $12.345, rounded half up to $12.35.',
      'Held 3 days (of 24 hours) after the purchase: payable from Jun 4, 2026, 10:00 AM (America/New_York time).',
      'Rule v1, effective from the start.',
    ]);
    expect(explained.videos).toEqual([]);
  });

  it('below half a cent rounds down: 10% of $123.44 = $12.344 → $12.34; exactly half goes up: 2.5% of $0.20 = $0.005 → $0.01', () => {
    const down = explainAccrual(commission({ rate_bps: 1000, unrounded_cents: '6172/5', amount_cents: 1234 }, { ...PURCHASE, amount_cents: 12344 }), { timeZone: ZONE });
    expect(down.headline).toBe('10% of $123.44 purchase order_1 = $12.34 (rounded from $12.344), payable at once.');
    const half = explainAccrual(commission({ rate_bps: 250, unrounded_cents: '1/2', amount_cents: 1 }, { ...PURCHASE, amount_cents: 20 }), { timeZone: ZONE });
    expect(half.headline).toBe('2.5% of $0.20 purchase order_1 = $0.01 (rounded from $0.005), payable at once.');
    expect(half.lines).toContain('Unrounded $0.005, rounded half up to $0.01.');
  });

  it('flat + rate, rounded once over the sum: 10% of $123.45 + $1.00 flat = $13.345 → $13.35', () => {
    const explained = explainAccrual(commission({ rate_bps: 1000, flat_cents: 100, unrounded_cents: '2669/2', amount_cents: 1335 }), { timeZone: ZONE });
    expect(explained.headline).toBe('10% of $123.45 purchase order_1 + $1.00 flat = $13.35 (rounded from $13.345), payable at once.');
    expect(explained.lines).toContain("Rule: 10% of each event's amount + $1.00 flat per event.");
    expect(explained.lines).toContain('10% of $123.45 = $12.345; plus $1.00 flat = $13.345.');
    expect(explained.lines).toContain('No hold: payable from the purchase itself.');
  });

  it('flat only, a rate in tenths of a percent, and other event types', () => {
    const flat = explainAccrual(commission({ flat_cents: 250, unrounded_cents: '250', amount_cents: 250 }, { ...PURCHASE, type: 'subscription', external_id: 'sub_9' }), { timeZone: ZONE });
    expect(flat.headline).toBe('$2.50 flat for subscription sub_9 = $2.50, payable at once.');
    expect(flat.lines).toContain("Rule: $2.50 flat per event.");
    expect(flat.lines).toContain('Exactly $2.50; no rounding needed.');
    const tenths = explainAccrual(commission({ rate_bps: 1250, unrounded_cents: '250', amount_cents: 250 }, { ...PURCHASE, type: 'recurring', external_id: 'inv_2', amount_cents: 2000 }), { timeZone: ZONE });
    expect(tenths.headline).toBe('12.5% of $20.00 recurring payment inv_2 = $2.50, payable at once.');
  });

  it('the hold ends to the second, and its day is the one in the project’s zone (10 PM on May 31 in New York + 3 days = Jun 3)', () => {
    const event = { ...PURCHASE, occurred_at: '2026-06-01T02:00:00.000Z' };
    const accrual = commission({ rate_bps: 1000, hold_days: 3, payable_at: '2026-06-04T02:00:00.000Z', unrounded_cents: '2469/2', amount_cents: 1235 }, event);
    const explained = explainAccrual(accrual, { timeZone: ZONE });
    expect(explained.headline).toBe('10% of $123.45 purchase order_1 = $12.35 (rounded from $12.345), payable from Jun 3, 2026.');
    expect(explained.lines[0]).toBe('Purchase order_1 of $123.45 on May 31, 2026, 10:00 PM (America/New_York time), by customer Jane Doe (cus_1).');
    expect(explained.lines).toContain('Held 3 days (of 24 hours) after the purchase: payable from Jun 3, 2026, 10:00 PM (America/New_York time).');
    // The same accrual seen from UTC: Jun 4.
    expect(explainAccrual(accrual, { timeZone: 'UTC' }).headline).toContain('payable from Jun 4, 2026.');
  });

  it('names the customer by external id when the referral has no label', () => {
    const accrual = commission({ rate_bps: 1000, unrounded_cents: '2469/2', amount_cents: 1235 });
    accrual.inputs_snapshot.referral = { ...REFERRAL, customer_label: null };
    expect(explainAccrual(accrual, { timeZone: ZONE }).lines[0]).toBe('Purchase order_1 of $123.45 on Jun 1, 2026, 10:00 AM (America/New_York time), by customer cus_1.');
  });
});

describe('clawback', () => {
  const REFUND = { id: 'event-2', external_id: 'order_1_r', amount_cents: 5000, occurred_at: '2026-06-10T14:00:00.000Z' };

  it('a partial refund of a paid commission: 50/123.45 of $12.35 = $5.002025…, rounded to $5.00, so -$5.00', () => {
    const explained = explainAccrual(clawback({ refund: REFUND, commission_cents: 1235, before: 0, through: 5000, amount_cents: -500 }), { timeZone: ZONE });
    expect(explained.headline).toBe('Refund order_1_r of $50.00 (of the $123.45 purchase order_1) takes back 50/123.45 of the $12.35 commission = -$5.00.');
    expect(explained.lines).toEqual([
      'Refund order_1_r of $50.00 on Jun 10, 2026, 10:00 AM (America/New_York time), by customer Jane Doe (cus_1), of the $123.45 purchase order_1 on Jun 1, 2026.',
      'The commission on that purchase: $12.35, already paid when the refund came.',
      '50/123.45 of $12.35 = $5.002025…, rounded half up to $5.00, so this clawback is -$5.00.',
      "A clawback is payable at once (from Jun 10, 2026, 10:00 AM): it lowers the creator's next payment and is never paid alone.",
      'Rule v1, effective from the start.',
    ]);
  });

  it('a second partial refund takes back the share of all refunds so far less what the first took back', () => {
    const second = { id: 'event-3', external_id: 'order_1_r2', amount_cents: 3000, occurred_at: '2026-06-12T14:00:00.000Z' };
    // round(1235 × 8000 / 12345) = round(800.32…) = 800; round(1235 × 5000 / 12345) = 500; 800 − 500 = 300.
    const explained = explainAccrual(clawback({ refund: second, commission_cents: 1235, status: 'earned', before: 5000, through: 8000, amount_cents: -300 }), { timeZone: ZONE });
    expect(explained.headline).toBe(
      'Refund order_1_r2 of $30.00 (of the $123.45 purchase order_1, $50.00 refunded before) takes back 80/123.45 of the $12.35 commission = $8.00, less $5.00 taken back before = -$3.00.',
    );
    expect(explained.lines).toContain('The commission on that purchase: $12.35, not paid yet when the refund came.');
    expect(explained.lines).toContain('Refunded before: $50.00, whose share is 50/123.45 of $12.35 = $5.002025…, rounded half up to $5.00.');
    expect(explained.lines).toContain('Refunded so far, with this refund: $80.00, whose share is 80/123.45 of $12.35 = $8.003240…, rounded half up to $8.00.');
    expect(explained.lines).toContain(
      'This refund takes back the difference: $8.00 − $5.00, so this clawback is -$3.00. Refunds that add up to the whole purchase take back exactly the whole commission.',
    );
  });

  it('an exact share needs no rounding: a $25.00 refund of a $100.00 subscription takes back a quarter of $10.00', () => {
    const subscription = { ...PURCHASE, type: 'subscription', external_id: 'sub_1', amount_cents: 10000 };
    const accrual = clawback({ refund: { ...REFUND, external_id: 're_2', amount_cents: 2500 }, commission_cents: 1000, before: 0, through: 2500, amount_cents: -250 });
    accrual.inputs_snapshot.event = subscription;
    const explained = explainAccrual(accrual, { timeZone: ZONE });
    expect(explained.headline).toBe('Refund re_2 of $25.00 (of the $100.00 subscription sub_1) takes back 25/100 of the $10.00 commission = -$2.50.');
    expect(explained.lines).toContain('25/100 of $10.00 = $2.50, so this clawback is -$2.50.');
  });

  it('a commission snapshot in another shape is said to be unreadable, not guessed at', () => {
    const accrual = commission({ rate_bps: 1000, unrounded_cents: '2469/2', amount_cents: 1235 });
    const broken = { ...accrual, inputs_snapshot: { ...accrual.inputs_snapshot, event: { id: 'event-1' } } };
    expect(explainAccrual(broken).headline).toBe('$12.35 under rule v1.');
  });
});
