import type { Accrual, AccrualRun, RunCounts } from '../domain/accrual.ts';
import { milestoneAccrualId, periodAccrualId } from '../domain/accrual.ts';
import type { Assignment } from '../domain/assignment.ts';
import type { CreatorDoc } from '../domain/creator.ts';
import { CRITERIA_TYPES, type CriteriaType, type StructureDoc, type StructureVersion } from '../domain/payout-structure.ts';
import { periodsEndingIn, type PeriodRange } from '../domain/periods.ts';
import { viewsAt, type VideoDoc } from '../domain/video.ts';
import type { PayoutsDatabase } from '../store/database.ts';
import { dirtyKey, readEngineState, writeEngineState, type EngineState } from './engine-state.ts';
import { evaluatePeriodic, type CountedVideo } from './periodic.ts';
import { firedMilestones } from './thresholds.ts';

export type EngineContext = {
  db: PayoutsDatabase;
  orgId: string;
  /** The time of the run command. */
  now: string;
  newId: () => string;
  onProgress?: (done: number, total: number) => void;
};

type Interval = { start: number; end: number };
const ms = (iso: string) => Date.parse(iso);
const iso = (value: number) => new Date(value).toISOString();

function emptyCounts(): Record<CriteriaType, RunCounts> {
  return Object.fromEntries(CRITERIA_TYPES.map((type) => [type, { created: 0, already_present: 0, skipped: 0 }])) as Record<CriteriaType, RunCounts>;
}

/** Clips a creator's assignment intervals to a period. */
function assignedParts(intervals: Interval[], period: PeriodRange): Interval[] {
  const parts: Interval[] = [];
  for (const interval of intervals) {
    const start = Math.max(interval.start, period.start);
    const end = Math.min(interval.end, period.end);
    if (end > start) parts.push({ start, end });
  }
  return parts;
}

/** The periods of each version: those whose end falls while that version is the one in effect. */
function periodsToEvaluate(structure: StructureDoc, after: number, until: number, timeZone: string): { version: StructureVersion; period: PeriodRange }[] {
  const result: { version: StructureVersion; period: PeriodRange }[] = [];
  structure.versions.forEach((version, index) => {
    if (!version.period) return;
    const next = structure.versions[index + 1];
    const from = index === 0 ? after : Math.max(after, ms(version.effective_from) - 1);
    const to = next ? Math.min(until, ms(next.effective_from) - 1) : until;
    for (const period of periodsEndingIn(version.period, from, to, timeZone)) {
      if (index === 0 || period.end >= ms(version.effective_from)) result.push({ version, period });
    }
  });
  return result;
}

/**
 * One accrual run: every period that ended by `asOf` and every milestone crossed by then, for
 * every structure of the org. Deterministic ids make it idempotent; the engine state makes it
 * incremental (catch-up after days offline evaluates every missed period once).
 */
export async function runAccruals(ctx: EngineContext, asOf: string, trigger: AccrualRun['trigger']): Promise<AccrualRun> {
  const { db } = ctx;
  const state = await readEngineState(db);
  const counts = emptyCounts();
  let amountCreated = 0;
  const structures = (await db.payout_structures.find({ selector: { org_id: ctx.orgId } }).exec()).map((doc) => doc.toMutableJSON());
  const toInsert: Accrual[] = [];
  const dirtyHandled = new Set<string>();
  const dirtyKept = new Set<string>();
  let done = 0;
  ctx.onProgress?.(0, structures.length);

  for (const structure of structures) {
    const project = await db.projects.findOne(structure.project_id).exec();
    const assignments = (await db.assignments.find({ selector: { structure_id: structure.id } }).exec()).map((doc) => doc.toMutableJSON());
    const structureState = state.structures[structure.id] ?? { evaluated_through: null, videos_checked_through: null };
    const until = Math.min(ms(asOf), structure.archived_at ? ms(structure.archived_at) : Number.POSITIVE_INFINITY);
    if (!project || assignments.length === 0) {
      done++;
      ctx.onProgress?.(done, structures.length);
      continue;
    }
    const intervalsByCreator = new Map<string, Interval[]>();
    for (const assignment of assignments) {
      const list = intervalsByCreator.get(assignment.creator_id) ?? [];
      list.push({ start: ms(assignment.assigned_at), end: assignment.unassigned_at ? ms(assignment.unassigned_at) : Number.POSITIVE_INFINITY });
      intervalsByCreator.set(assignment.creator_id, list);
    }
    const record: Recorder = (accrual) => {
      toInsert.push({ ...accrual, org_id: ctx.orgId, project_id: structure.project_id, structure_id: structure.id, currency: 'USD', status: 'earned', run_id: '', payment_id: null, paid_at: null, created_at: ctx.now, updated_at: ctx.now });
      amountCreated += accrual.amount_cents;
    };

    if (structure.criteria_type === 'view_threshold') {
      await evaluateThresholds(ctx, structure, assignments, structureState, iso(until), asOf, counts, record);
    } else {
      const earliest = Math.min(...assignments.map((assignment) => ms(assignment.assigned_at)));
      const evaluatedThrough = structureState.evaluated_through ? ms(structureState.evaluated_through) : earliest;
      const windows: { after: number; until: number; creators: Set<string> | null }[] = [{ after: Math.max(evaluatedThrough, earliest - 1), until, creators: null }];
      // Creators whose past inputs changed: evaluate their already-evaluated periods again.
      for (const creatorId of intervalsByCreator.keys()) {
        const key = dirtyKey(structure.project_id, creatorId);
        const from = state.dirty[key];
        if (from === undefined) continue;
        // A run as of an earlier time cannot settle the mark: later periods still need it.
        if (until >= evaluatedThrough) dirtyHandled.add(key);
        else dirtyKept.add(key);
        const after = Math.max(ms(from) - 1, earliest - 1);
        const upTo = Math.min(evaluatedThrough, until);
        if (upTo > after) windows.push({ after, until: upTo, creators: new Set([creatorId]) });
      }
      const creators = new Map(
        (await db.creators.find({ selector: { org_id: ctx.orgId, memberships: { $elemMatch: { project_id: structure.project_id } } } }).exec()).map((doc) => [doc.id, doc.toMutableJSON()]),
      );
      for (const window of windows) {
        await evaluateWindow(ctx, structure, project.timezone, window, intervalsByCreator, creators, counts, record);
      }
      structureState.evaluated_through = iso(Math.max(evaluatedThrough, until));
    }
    state.structures[structure.id] = structureState;
    done++;
    ctx.onProgress?.(done, structures.length);
  }

  for (const key of dirtyHandled) if (!dirtyKept.has(key)) delete state.dirty[key];
  const run: AccrualRun = {
    id: ctx.newId(),
    as_of: asOf,
    started_at: ctx.now,
    finished_at: ctx.now,
    trigger,
    created: 0,
    already_present: 0,
    skipped: 0,
    by_type: counts,
    amount_cents_created: amountCreated,
  };
  for (const typeCounts of Object.values(counts)) {
    run.created += typeCounts.created;
    run.already_present += typeCounts.already_present;
    run.skipped += typeCounts.skipped;
  }
  if (toInsert.length > 0) await db.accruals.bulkInsert(toInsert.map((accrual) => ({ ...accrual, run_id: run.id })));
  state.last_run = run;
  await writeEngineState(db, state);
  return run;
}

/** The parts of an accrual an evaluator decides; the run fills in the rest. */
type NewAccrual = Omit<Accrual, 'org_id' | 'project_id' | 'structure_id' | 'currency' | 'status' | 'run_id' | 'payment_id' | 'paid_at' | 'created_at' | 'updated_at'>;
type Recorder = (accrual: NewAccrual) => void;

async function evaluateWindow(
  ctx: EngineContext,
  structure: StructureDoc,
  timeZone: string,
  window: { after: number; until: number; creators: Set<string> | null },
  intervalsByCreator: Map<string, Interval[]>,
  creators: Map<string, CreatorDoc>,
  counts: Record<CriteriaType, RunCounts>,
  record: Recorder,
): Promise<void> {
  const { db } = ctx;
  const periods = periodsToEvaluate(structure, window.after, window.until, timeZone);
  if (periods.length === 0) return;
  const existing = new Set(
    (
      await db.accruals
        .find({ selector: { structure_id: structure.id, period_end_at: { $gt: iso(periods[0]?.period.start ?? 0), $lte: iso(window.until) } } })
        .exec()
    ).map((doc) => doc.id),
  );
  const typeCounts = counts[structure.criteria_type];
  for (const { version, period } of periods) {
    const candidates: [string, Interval[]][] = [];
    for (const [creatorId, intervals] of intervalsByCreator) {
      if (window.creators && !window.creators.has(creatorId)) continue;
      const parts = assignedParts(intervals, period);
      if (parts.length > 0) candidates.push([creatorId, parts]);
    }
    if (candidates.length === 0) continue;
    const videoSelector = window.creators
      ? { creator_id: { $in: [...window.creators] }, project_id: structure.project_id, posted_at: { $gte: iso(period.start), $lt: iso(period.end) } }
      : { project_id: structure.project_id, posted_at: { $gte: iso(period.start), $lt: iso(period.end) } };
    const videosByCreator = new Map<string, VideoDoc[]>();
    for (const doc of await db.videos.find({ selector: videoSelector }).exec()) {
      const video = doc.toMutableJSON();
      const list = videosByCreator.get(video.creator_id) ?? [];
      list.push(video);
      videosByCreator.set(video.creator_id, list);
    }
    const periodStart = iso(period.start);
    const periodEnd = iso(period.end);
    for (const [creatorId, parts] of candidates) {
      const id = periodAccrualId(structure.id, creatorId, periodStart);
      if (existing.has(id)) {
        typeCounts.already_present++;
        continue;
      }
      const videos: CountedVideo[] = (videosByCreator.get(creatorId) ?? [])
        .filter((video) => parts.some((part) => ms(video.posted_at) >= part.start && ms(video.posted_at) < part.end))
        .sort((a, b) => (a.posted_at < b.posted_at ? -1 : a.posted_at > b.posted_at ? 1 : 0))
        .map((video) => ({ id: video.id, url: video.url, posted_at: video.posted_at, views: viewsAt(video.snapshots, periodEnd) ?? 0 }));
      const goals = (creators.get(creatorId)?.goals ?? []).filter((goal) => goal.project_id === structure.project_id && goal.period === version.period);
      const outcome = evaluatePeriodic({ version, period, assigned: parts, videos, goals });
      if (outcome.kind === 'skip') {
        typeCounts.skipped++;
        continue;
      }
      existing.add(id);
      typeCounts.created++;
      record({
        id,
        version_id: version.id,
        version_number: version.version_number,
        creator_id: creatorId,
        criteria_type: structure.criteria_type,
        period_start_at: periodStart,
        period_end_at: periodEnd,
        video_id: null,
        view_count: null,
        amount_cents: outcome.amount_cents,
        inputs_snapshot: { ...outcome.explanation, time_zone: timeZone },
      });
    }
  }
}

async function evaluateThresholds(
  ctx: EngineContext,
  structure: StructureDoc,
  assignments: Assignment[],
  structureState: EngineState['structures'][string],
  until: string,
  asOf: string,
  counts: Record<CriteriaType, RunCounts>,
  record: Recorder,
): Promise<void> {
  const { db } = ctx;
  const checkedThrough = structureState.videos_checked_through;
  const intervalsByCreator = new Map<string, { from: string; to: string | null }[]>();
  for (const assignment of [...assignments].sort((a, b) => (a.assigned_at < b.assigned_at ? -1 : 1))) {
    const list = intervalsByCreator.get(assignment.creator_id) ?? [];
    list.push({ from: assignment.assigned_at, to: assignment.unassigned_at });
    intervalsByCreator.set(assignment.creator_id, list);
  }
  // Videos to look at: every one the first time; afterwards those updated since the last check,
  // plus all videos of creators whose assignments changed since then.
  const changedCreators = checkedThrough ? new Set(assignments.filter((assignment) => assignment.updated_at > checkedThrough).map((a) => a.creator_id)) : null;
  const selector = checkedThrough ? { project_id: structure.project_id, updated_at: { $gt: checkedThrough } } : { project_id: structure.project_id };
  const videos = new Map((await db.videos.find({ selector }).exec()).map((doc) => [doc.id, doc.toMutableJSON()]));
  if (changedCreators && changedCreators.size > 0) {
    for (const doc of await db.videos.find({ selector: { project_id: structure.project_id, creator_id: { $in: [...changedCreators] } } }).exec()) videos.set(doc.id, doc.toMutableJSON());
  }
  const typeCounts = counts.view_threshold;
  const fired = [];
  for (const video of videos.values()) {
    const intervals = intervalsByCreator.get(video.creator_id);
    if (!intervals) continue;
    for (const milestone of firedMilestones({ versions: structure.versions, video, intervals, until })) {
      fired.push({ milestone, creatorId: video.creator_id, id: milestoneAccrualId(structure.id, video.creator_id, video.id, milestone.view_count) });
    }
  }
  const existing = new Set((await db.accruals.findByIds(fired.map((entry) => entry.id)).exec()).keys());
  for (const { milestone, creatorId, id } of fired) {
    if (existing.has(id)) {
      typeCounts.already_present++;
      continue;
    }
    existing.add(id);
    typeCounts.created++;
    const version = milestone.explanation.version as { id: string; number: number };
    record({
      id,
      version_id: version.id,
      version_number: version.number,
      creator_id: creatorId,
      criteria_type: 'view_threshold',
      period_start_at: milestone.fired_at,
      period_end_at: milestone.fired_at,
      video_id: milestone.video_id,
      view_count: milestone.view_count,
      amount_cents: milestone.amount_cents,
      inputs_snapshot: milestone.explanation,
    });
  }
  // A run as of the past must not skip snapshots it could not yet see.
  if (asOf >= ctx.now) structureState.videos_checked_through = ctx.now;
}
