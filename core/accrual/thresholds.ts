import type { StructureVersion, ViewThresholdParams } from '../domain/payout-structure.ts';
import type { Snapshot } from '../domain/video.ts';
import { versionInEffect } from '../domain/payout-structure.ts';

/** A milestone that fires: one accrual per (video, view_count), ever. */
export type Milestone = {
  video_id: string;
  view_count: number;
  amount_cents: number;
  /** When it fires: the first snapshot at or above view_count, or the assignment for a backfill. */
  fired_at: string;
  explanation: Record<string, unknown>;
};

export type ThresholdInput = {
  versions: StructureVersion[];
  video: { id: string; url: string; posted_at: string; snapshots: Snapshot[] };
  /** The creator's assignment intervals to this structure (to = null while open), oldest first. */
  intervals: { from: string; to: string | null }[];
  /** Milestones fire only up to here: the run's as_of, or the archive time if earlier. */
  until: string;
  /**
   * Milestones whose crossing snapshot was captured before this are left out: an earlier check
   * decided them with the same snapshots, assignments and rules (see the engine).
   */
  since?: string | null;
  /** milestoneViewCounts(versions), when the caller checks many videos against one structure. */
  viewCounts?: readonly number[];
};

/** Every milestone any version of the structure has, ascending. */
export function milestoneViewCounts(versions: readonly StructureVersion[]): number[] {
  const viewCounts = new Set<number>();
  for (const version of versions) {
    for (const threshold of (version.criteria_params as ViewThresholdParams).thresholds ?? []) viewCounts.add(threshold.view_count);
  }
  return [...viewCounts].sort((a, b) => a - b);
}

function isInside(at: string, interval: { from: string; to: string | null }): boolean {
  return interval.from <= at && (interval.to === null || at < interval.to);
}

/**
 * The milestones of one video that have fired by `until`. A milestone fires the first time the
 * video's views reach its view_count while the creator is assigned; a milestone reached before an
 * assignment fires at the assignment only when that version backfills, and never otherwise.
 */
export function firedMilestones(input: ThresholdInput): Milestone[] {
  const fired: Milestone[] = [];
  for (const viewCount of input.viewCounts ?? milestoneViewCounts(input.versions)) {
    const crossing = input.video.snapshots.find((snapshot) => snapshot.views >= viewCount);
    if (!crossing || crossing.captured_at > input.until) continue;
    if (input.since && crossing.captured_at < input.since) continue;
    let firedAt: string | null = null;
    let isBackfill = false;
    const during = input.intervals.find((interval) => isInside(crossing.captured_at, interval));
    if (during) firedAt = crossing.captured_at;
    else {
      const later = input.intervals.find((interval) => interval.from > crossing.captured_at && interval.from <= input.until);
      if (later && versionInEffect({ versions: input.versions }, later.from).backfill_on_assignment) {
        firedAt = later.from;
        isBackfill = true;
      }
    }
    if (firedAt === null) continue;
    const version = versionInEffect({ versions: input.versions }, firedAt);
    const threshold = (version.criteria_params as ViewThresholdParams).thresholds.find((candidate) => candidate.view_count === viewCount);
    if (!threshold) continue; // this milestone is not part of the version in effect when it would fire
    fired.push({
      video_id: input.video.id,
      view_count: viewCount,
      amount_cents: threshold.amount_cents,
      fired_at: firedAt,
      explanation: {
        version: { id: version.id, number: version.version_number, effective_from: version.effective_from },
        criteria_type: 'view_threshold',
        video: { id: input.video.id, url: input.video.url, posted_at: input.video.posted_at },
        view_count: viewCount,
        crossing: { captured_at: crossing.captured_at, views: crossing.views },
        backfill: isBackfill,
        assignment: { intervals: input.intervals },
        amount_cents: threshold.amount_cents,
      },
    });
  }
  return fired;
}
