/**
 * The accrual bench's data set, generated deterministically (a seeded PRNG) so the RxDB store and
 * the SQL baseline are loaded with exactly the same rows. At scale 1.0 (the sizes):
 *
 * - 1 project (zone `BENCH_TZ`, default UTC); the nightly run is as of `2026-06-01 00:00` local,
 *   a Monday, so it evaluates the day that just ended *and* the week that just ended.
 * - 10,000 creators, members of the project, each with 2 weekly goals (videos posted, views).
 * - 4 structures, every creator assigned to all 4 since 100 days before the nightly, at 09:30
 *   local (so the very first day/week is a partial period):
 *   recurring daily ($10, skip) · cpm daily (2 graduated tiers, cap, prorate) ·
 *   goals weekly ("all", partial allowed, prorate) · view_threshold (3 milestones, no backfill).
 *   1 % of the creators left the recurring and cpm structures yesterday at 18:00 (a partial day:
 *   skipped by recurring, prorated by cpm).
 * - 1,000,000 videos (100 per creator, posted uniformly over the 100 days), 10 snapshots each with
 *   increasing views (log-normal final views, median 3,000). Snapshots are taken daily for the
 *   first 10 days of a video; videos younger than ~10 days have theirs spread between posting and
 *   midnight, so recent videos got one or more snapshots yesterday, after the previous run
 *   (their `updated_at` is the last snapshot's capture time, as the API would have set it).
 */
import { startOfLocalDate } from '../../core/domain/periods.ts';
import type { CpmParams, GoalsParams, ViewThresholdParams } from '../../core/domain/payout-structure.ts';

export const DAY_MS = 86_400_000;
export const DAYS = 100;
export const VIDEOS_PER_CREATOR = 100;
export const SNAPSHOTS_PER_VIDEO = 10;
/** The local date of the nightly run (a Monday: the week ends too). */
export const NIGHTLY_DATE = { year: 2026, month: 6, day: 1 };

export type Rng = () => number;

/** mulberry32: small, fast, deterministic. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (rng: Rng, digits: number) => {
  let out = '';
  while (out.length < digits) out += Math.floor(rng() * 0x10000).toString(16).padStart(4, '0');
  return out.slice(0, digits);
};

/** A lowercase v4-shaped UUID from the PRNG (valid for the API's uuid schema). */
export function uuidFrom(rng: Rng): string {
  const variant = '89ab'[Math.floor(rng() * 4)];
  return `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-${variant}${hex(rng, 3)}-${hex(rng, 12)}`;
}

export type StructureSpec = {
  id: string;
  versionId: string;
  name: string;
  criteria_type: 'recurring' | 'cpm' | 'goals' | 'view_threshold';
  period: 'daily' | 'weekly' | null;
  amount_cents: number | null;
  proration_mode: 'skip' | 'prorate' | 'full';
  backfill_on_assignment: boolean;
  criteria_params: Record<string, unknown>;
};

export type CreatorSpec = {
  id: string;
  index: number;
  goals: { id: string; metric: 'videos_posted' | 'views'; target: number }[];
};

export type AssignmentSpec = { id: string; structureId: string; creatorId: string; assignedAt: number; unassignedAt: number | null; updatedAt: number };

export type SnapshotSpec = { capturedAt: number; views: number };

export type VideoSpec = {
  id: string;
  creatorId: string;
  platform: 'tiktok' | 'instagram' | 'youtube' | 'other';
  url: string;
  postedAt: number;
  updatedAt: number;
  snapshots: SnapshotSpec[];
};

export type Fixture = {
  scale: number;
  timeZone: string;
  orgId: string;
  projectId: string;
  /** The nightly run's as_of (local midnight), the previous run's, and the first day. */
  nightlyAt: number;
  previousAt: number;
  startAt: number;
  assignedAt: number;
  structures: StructureSpec[];
  creators: CreatorSpec[];
  assignments: AssignmentSpec[];
  videoCount: number;
  /** Generates the videos in chunks (deterministic: the same sequence every call). */
  videos(chunkSize: number): Generator<VideoSpec[]>;
};

function localDateMinusDays(date: { year: number; month: number; day: number }, days: number) {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day - days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function createFixture(options: { scale: number; timeZone: string; orgId: string }): Fixture {
  const { scale, timeZone, orgId } = options;
  const creatorCount = Math.max(1, Math.round(10_000 * scale));
  const rng = createRng(20260601);
  const nightlyAt = startOfLocalDate(NIGHTLY_DATE, timeZone);
  const previousAt = startOfLocalDate(localDateMinusDays(NIGHTLY_DATE, 1), timeZone);
  const startAt = startOfLocalDate(localDateMinusDays(NIGHTLY_DATE, DAYS), timeZone);
  const assignedAt = startAt + 9.5 * 3_600_000;
  const leftAt = previousAt + 18 * 3_600_000;
  const projectId = uuidFrom(rng);

  const structure = (name: string, rest: Omit<StructureSpec, 'id' | 'versionId' | 'name'>): StructureSpec => ({ id: uuidFrom(rng), versionId: uuidFrom(rng), name, ...rest });
  const cpm: CpmParams = {
    source: 'posts_in_period',
    min_impressions: 1000,
    max_payout_cents: 5000,
    tiers: [
      { up_to_impressions: 20_000, cents_per_thousand: 150 },
      { up_to_impressions: null, cents_per_thousand: 75.5 },
    ],
  };
  const goals: GoalsParams = { mode: 'all', partial_allowed: true, partial_multiplier: 0.5, min_completion_pct: 50 };
  const thresholds: ViewThresholdParams = {
    thresholds: [
      { view_count: 1_000, amount_cents: 500, currency: 'USD' },
      { view_count: 10_000, amount_cents: 2_500, currency: 'USD' },
      { view_count: 100_000, amount_cents: 10_000, currency: 'USD' },
    ],
  };
  const structures: StructureSpec[] = [
    structure('Daily retainer', { criteria_type: 'recurring', period: 'daily', amount_cents: 1000, proration_mode: 'skip', backfill_on_assignment: false, criteria_params: {} }),
    structure('Daily CPM', { criteria_type: 'cpm', period: 'daily', amount_cents: 0, proration_mode: 'prorate', backfill_on_assignment: false, criteria_params: cpm }),
    structure('Weekly goals', { criteria_type: 'goals', period: 'weekly', amount_cents: 5000, proration_mode: 'prorate', backfill_on_assignment: false, criteria_params: goals }),
    structure('View milestones', { criteria_type: 'view_threshold', period: null, amount_cents: null, proration_mode: 'skip', backfill_on_assignment: false, criteria_params: thresholds }),
  ];

  const creators: CreatorSpec[] = [];
  for (let index = 0; index < creatorCount; index++) {
    creators.push({
      id: uuidFrom(rng),
      index,
      goals: [
        { id: uuidFrom(rng), metric: 'videos_posted', target: 5 + Math.floor(rng() * 4) },
        { id: uuidFrom(rng), metric: 'views', target: 10_000 * (2 + Math.floor(rng() * 7)) },
      ],
    });
  }

  const assignments: AssignmentSpec[] = [];
  for (const s of structures) {
    for (const creator of creators) {
      const leaves = creator.index % 100 === 99 && (s.criteria_type === 'recurring' || s.criteria_type === 'cpm');
      assignments.push({
        id: uuidFrom(rng),
        structureId: s.id,
        creatorId: creator.id,
        assignedAt,
        unassignedAt: leaves ? leftAt : null,
        updatedAt: leaves ? leftAt : assignedAt,
      });
    }
  }

  const videoCount = creatorCount * VIDEOS_PER_CREATOR;
  const platforms = ['tiktok', 'instagram', 'youtube', 'other'] as const;
  const span = nightlyAt - startAt;

  function* videos(chunkSize: number): Generator<VideoSpec[]> {
    const vrng = createRng(7_000_001);
    let chunk: VideoSpec[] = [];
    for (let i = 0; i < videoCount; i++) {
      const creator = creators[i % creatorCount] as CreatorSpec;
      const postedAt = startAt + Math.floor(vrng() * (span - 60_000)); // at least a minute before the nightly
      // Log-normal lifetime views, median 3,000 (about 77 % pass 1k, 20 % pass 10k, 1 % 100k).
      const normal = Math.sqrt(-2 * Math.log(1 - vrng())) * Math.cos(2 * Math.PI * vrng());
      const finalViews = Math.max(1, Math.round(3000 * Math.exp(1.5 * normal)));
      // Daily snapshots for the first 10 days; younger videos' 10 fit before the nightly.
      const step = Math.min(DAY_MS, Math.floor((nightlyAt - postedAt) / (SNAPSHOTS_PER_VIDEO + 0.5)));
      const snapshots: SnapshotSpec[] = [];
      for (let k = 1; k <= SNAPSHOTS_PER_VIDEO; k++) {
        const growth = (1 - 0.7 ** k) / (1 - 0.7 ** SNAPSHOTS_PER_VIDEO);
        snapshots.push({ capturedAt: postedAt + k * Math.max(1, step), views: Math.round(finalViews * growth) });
      }
      const platform = platforms[i % platforms.length] as VideoSpec['platform'];
      chunk.push({
        id: uuidFrom(vrng),
        creatorId: creator.id,
        platform,
        url: `https://www.${platform}.com/@creator${creator.index}/video/${i}`,
        postedAt,
        updatedAt: (snapshots[snapshots.length - 1] as SnapshotSpec).capturedAt,
        snapshots,
      });
      if (chunk.length === chunkSize) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length > 0) yield chunk;
  }

  return { scale, timeZone, orgId, projectId, nightlyAt, previousAt, startAt, assignedAt, structures, creators, assignments, videoCount, videos };
}
