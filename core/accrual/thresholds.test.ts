import { describe, expect, it } from 'vitest';
import type { StructureVersion } from '../domain/payout-structure.ts';
import type { Snapshot } from '../domain/video.ts';
import { firedMilestones, type ThresholdInput } from './thresholds.ts';

/**
 * firedMilestones (SPEC §5 view_threshold): a milestone fires once, at the captured_at of the
 * first snapshot at or above its view_count, while the creator is assigned; a milestone reached
 * before an assignment fires at the assignment only with backfill_on_assignment, else never.
 */

const VIDEO_ID = '00000000-0000-4000-8000-0000000000a1';

type Threshold = { view_count: number; amount_cents: number };

function version(number: number, thresholds: Threshold[], overrides: Partial<StructureVersion> = {}): StructureVersion {
  return {
    id: `00000000-0000-4000-8000-00000000010${number}`,
    structure_id: '00000000-0000-4000-8000-000000000002',
    version_number: number,
    period: null,
    amount_cents: null,
    currency: 'USD',
    criteria_type: 'view_threshold',
    criteria_params: { thresholds: thresholds.map((threshold) => ({ ...threshold, currency: 'USD' })) },
    proration_mode: 'skip',
    backfill_on_assignment: false,
    effective_from: number === 1 ? '1970-01-01T00:00:00.000Z' : '2026-05-10T00:00:00.000Z',
    created_at: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const at = (day: number, hour = 0) => `2026-05-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

function snapshots(...points: [string, number][]): Snapshot[] {
  return points.map(([captured_at, views]) => ({ captured_at, views }));
}

const ONE_K = { view_count: 1000, amount_cents: 2000 };
const FIVE_K = { view_count: 5000, amount_cents: 10000 };

function fire(input: Partial<ThresholdInput> & { snapshots: Snapshot[] }) {
  const { snapshots: snaps, ...rest } = input;
  return firedMilestones({
    versions: [version(1, [ONE_K, FIVE_K])],
    video: { id: VIDEO_ID, url: 'https://t/v', posted_at: at(1), snapshots: snaps },
    intervals: [{ from: at(1), to: null }],
    until: at(31),
    ...rest,
  });
}

/** The essentials of each fired milestone, in view_count order. */
const fired = (input: Parameters<typeof fire>[0]) => fire(input).map((milestone) => [milestone.view_count, milestone.fired_at, milestone.amount_cents]);

describe('firedMilestones: crossing while assigned', () => {
  it('a crossing between two snapshots fires at the first snapshot at or above the milestone', () => {
    expect(fired({ snapshots: snapshots([at(2), 400], [at(3), 900], [at(4), 1200], [at(5), 1500]) })).toEqual([[1000, at(4), 2000]]);
  });

  it('views exactly equal to view_count fire', () => {
    expect(fired({ snapshots: snapshots([at(2), 999], [at(3), 1000]) })).toEqual([[1000, at(3), 2000]]);
    expect(fired({ snapshots: snapshots([at(2), 5000]) })).toEqual([
      [1000, at(2), 2000],
      [5000, at(2), 10000],
    ]);
  });

  it('a milestone never reached fires nothing; one below stays alone', () => {
    expect(fired({ snapshots: snapshots([at(2), 10], [at(3), 999]) })).toEqual([]);
    expect(fired({ snapshots: snapshots([at(2), 4999]) })).toEqual([[1000, at(2), 2000]]);
    expect(fired({ snapshots: [] })).toEqual([]);
  });

  it('several milestones crossed by one snapshot each fire, at that snapshot', () => {
    const milestones = fire({
      versions: [version(1, [FIVE_K, ONE_K, { view_count: 20_000, amount_cents: 1 }, { view_count: 100_000, amount_cents: 7 }])],
      snapshots: snapshots([at(2), 300], [at(6), 25_000]),
    });
    expect(milestones.map((milestone) => [milestone.view_count, milestone.fired_at, milestone.amount_cents])).toEqual([
      [1000, at(6), 2000],
      [5000, at(6), 10000],
      [20_000, at(6), 1],
    ]);
    for (const milestone of milestones) {
      expect(milestone.video_id).toBe(VIDEO_ID);
      expect(milestone.explanation).toMatchObject({ backfill: false, crossing: { captured_at: at(6), views: 25_000 }, view_count: milestone.view_count });
    }
  });

  it('a milestone crossed exactly at the assignment start fires (the interval includes its start)', () => {
    expect(fired({ intervals: [{ from: at(3), to: null }], snapshots: snapshots([at(2), 10], [at(3), 1000]) })).toEqual([[1000, at(3), 2000]]);
  });

  it('explains the version, the crossing snapshot and the assignment intervals', () => {
    const [milestone] = fire({ snapshots: snapshots([at(2), 100], [at(4), 1500]) });
    expect(milestone?.explanation).toMatchObject({
      version: { id: version(1, []).id, number: 1 },
      criteria_type: 'view_threshold',
      video: { id: VIDEO_ID, url: 'https://t/v', posted_at: at(1) },
      view_count: 1000,
      crossing: { captured_at: at(4), views: 1500 },
      backfill: false,
      assignment: { intervals: [{ from: at(1), to: null }] },
      amount_cents: 2000,
    });
  });
});

describe('firedMilestones: until (the run as_of or the archive time)', () => {
  it('a crossing after until fires nothing yet; at until it fires', () => {
    const snaps = snapshots([at(2), 100], [at(10), 1500]);
    expect(fired({ snapshots: snaps, until: at(9, 23) })).toEqual([]);
    expect(fired({ snapshots: snaps, until: at(10) })).toEqual([[1000, at(10), 2000]]);
  });

  it('a milestone crossed by an earlier snapshot fires even if a later one (after until) crosses the next', () => {
    expect(fired({ snapshots: snapshots([at(2), 1500], [at(12), 6000]), until: at(11) })).toEqual([[1000, at(2), 2000]]);
  });

  it('a backfill whose assignment begins after until fires nothing yet', () => {
    const versions = [version(1, [ONE_K], { backfill_on_assignment: true })];
    const input = { versions, intervals: [{ from: at(5), to: null }], snapshots: snapshots([at(2), 1500]) };
    expect(fired({ ...input, until: at(4) })).toEqual([]);
    expect(fired({ ...input, until: at(5) })).toEqual([[1000, at(5), 2000]]);
  });
});

describe('firedMilestones: crossings outside an assignment', () => {
  const before = snapshots([at(2), 1500], [at(8), 1800]);

  it('crossed before the creator was assigned: never fires without backfill', () => {
    expect(fired({ intervals: [{ from: at(5), to: null }], snapshots: before })).toEqual([]);
  });

  it('crossed before the creator was assigned: with backfill it fires at the assignment', () => {
    const milestones = fire({ versions: [version(1, [ONE_K, FIVE_K], { backfill_on_assignment: true })], intervals: [{ from: at(5), to: null }], snapshots: before });
    expect(milestones.map((milestone) => [milestone.view_count, milestone.fired_at, milestone.amount_cents])).toEqual([[1000, at(5), 2000]]);
    expect(milestones[0]?.explanation).toMatchObject({ backfill: true, crossing: { captured_at: at(2), views: 1500 } });
  });

  it('with backfill, a milestone crossed after the assignment still fires at its crossing, not at the assignment', () => {
    const versions = [version(1, [ONE_K, FIVE_K], { backfill_on_assignment: true })];
    expect(fired({ versions, intervals: [{ from: at(5), to: null }], snapshots: snapshots([at(2), 1500], [at(9), 5000]) })).toEqual([
      [1000, at(5), 2000],
      [5000, at(9), 10000],
    ]);
  });

  it('crossed after the creator was unassigned (no later interval): never fires, backfill or not', () => {
    for (const backfill of [false, true]) {
      const versions = [version(1, [ONE_K], { backfill_on_assignment: backfill })];
      expect(fired({ versions, intervals: [{ from: at(1), to: at(5) }], snapshots: snapshots([at(2), 10], [at(6), 1500]) })).toEqual([]);
    }
  });

  it('a crossing exactly at unassigned_at is outside the interval', () => {
    expect(fired({ intervals: [{ from: at(1), to: at(5) }], snapshots: snapshots([at(2), 10], [at(5), 1500]) })).toEqual([]);
  });

  it('crossed during a gap between two intervals: fires at the re-assignment only with backfill', () => {
    const intervals = [
      { from: at(1), to: at(5) },
      { from: at(10), to: null },
    ];
    const snaps = snapshots([at(2), 10], [at(7), 1500]);
    expect(fired({ intervals, snapshots: snaps })).toEqual([]);
    const versions = [version(1, [ONE_K], { backfill_on_assignment: true })];
    expect(fired({ versions, intervals, snapshots: snaps })).toEqual([[1000, at(10), 2000]]);
  });

  it('crossed inside the second of two intervals fires at the crossing', () => {
    const intervals = [
      { from: at(1), to: at(5) },
      { from: at(10), to: null },
    ];
    expect(fired({ intervals, snapshots: snapshots([at(2), 10], [at(7), 500], [at(12), 1500]) })).toEqual([[1000, at(12), 2000]]);
  });

  it('a creator never assigned by until fires nothing', () => {
    const versions = [version(1, [ONE_K], { backfill_on_assignment: true })];
    expect(fired({ versions, intervals: [], snapshots: snapshots([at(2), 1500]) })).toEqual([]);
  });
});

describe('firedMilestones: versions', () => {
  // Version 2 (in effect from 2026-05-10) adds a 5,000 milestone and raises the 1,000 one.
  const versions = [version(1, [ONE_K]), version(2, [{ view_count: 1000, amount_cents: 3000 }, FIVE_K])];

  it('a milestone only in version 2 fires only when version 2 is in effect at the firing time', () => {
    expect(fired({ versions, snapshots: snapshots([at(2), 6000]) })).toEqual([[1000, at(2), 2000]]);
    expect(fired({ versions, snapshots: snapshots([at(2), 10], [at(11), 6000]) })).toEqual([
      [1000, at(11), 3000],
      [5000, at(11), 10000],
    ]);
    expect(fired({ versions, snapshots: snapshots([at(2), 1200], [at(11), 6000]) })).toEqual([
      [1000, at(2), 2000],
      [5000, at(11), 10000],
    ]);
  });

  it('exactly at effective_from the new version is in effect', () => {
    const [milestone, second] = fire({ versions, snapshots: snapshots([at(2), 10], [at(10), 6000]) });
    expect([milestone?.view_count, milestone?.amount_cents, second?.view_count]).toEqual([1000, 3000, 5000]);
    expect(milestone?.explanation).toMatchObject({ version: { number: 2 } });
  });

  it('a milestone dropped by version 2 no longer fires after it takes effect', () => {
    const dropped = [version(1, [ONE_K, FIVE_K]), version(2, [ONE_K])];
    expect(fired({ versions: dropped, snapshots: snapshots([at(2), 1200], [at(12), 6000]) })).toEqual([[1000, at(2), 2000]]);
  });

  it('backfill follows the version in effect at the assignment', () => {
    const snaps = snapshots([at(2), 1500]);
    const laterBackfill = [version(1, [ONE_K]), version(2, [ONE_K], { backfill_on_assignment: true })];
    expect(fired({ versions: laterBackfill, intervals: [{ from: at(5), to: null }], snapshots: snaps })).toEqual([]);
    expect(fired({ versions: laterBackfill, intervals: [{ from: at(12), to: null }], snapshots: snaps })).toEqual([[1000, at(12), 2000]]);
  });
});
