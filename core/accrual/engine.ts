import type { Accrual, AccrualRun, RunCounts } from '../domain/accrual.ts';
import { milestoneAccrualId, periodAccrualId } from '../domain/accrual.ts';
import type { Assignment } from '../domain/assignment.ts';
import type { CreatorDoc } from '../domain/creator.ts';
import { CRITERIA_TYPES, type CriteriaType, type StructureDoc, type StructureVersion } from '../domain/payout-structure.ts';
import { periodsEndingIn, type PeriodRange } from '../domain/periods.ts';
import { viewsAt, type VideoDoc } from '../domain/video.ts';
import type { PayoutsDatabase } from '../store/database.ts';
import { readRows, readRowsById } from '../store/rows.ts';
import { dirtyKey, projectOfDirtyKey, readEngineState, writeEngineState, type EngineState } from './engine-state.ts';
import { evaluatePeriodic, type CountedVideo } from './periodic.ts';
import { firedMilestones, milestoneViewCounts } from './thresholds.ts';
import { evaluateCommissions } from './commissions.ts';

export type EngineContext = {
  db: PayoutsDatabase;
  orgId: string;
  /** The time of the run command. */
  now: string;
  newId: () => string;
  onProgress?: (done: number, total: number) => void;
};

export type Interval = { start: number; end: number };
const ms = (iso: string) => Date.parse(iso);
const iso = (value: number) => new Date(value).toISOString();

function emptyCounts(): Record<CriteriaType, RunCounts> {
  return Object.fromEntries(CRITERIA_TYPES.map((type) => [type, { created: 0, already_present: 0, skipped: 0 }])) as Record<CriteriaType, RunCounts>;
}

/** Clips a creator's assignment intervals to a period. */
export function assignedParts(intervals: Interval[], period: PeriodRange): Interval[] {
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

/** The parts of an accrual an evaluator decides; the run fills in the rest. */
type NewAccrual = Omit<Accrual, 'org_id' | 'project_id' | 'structure_id' | 'currency' | 'status' | 'run_id' | 'payment_id' | 'paid_at' | 'created_at' | 'updated_at' | 'kind' | 'payable_at' | 'referral_id' | 'referral_event_id'> &
  Partial<Pick<Accrual, 'kind' | 'payable_at' | 'referral_id' | 'referral_event_id'>>;
type Recorder = (accrual: NewAccrual) => void;

/** What one structure's evaluation reads and reports to. */
type StructureRun = {
  ctx: EngineContext;
  structure: StructureDoc;
  assignments: readonly Assignment[];
  state: EngineState;
  counts: RunCounts;
  record: Recorder;
  /** Stored accruals the run changes (a commission voided by a full refund). */
  update: (accrual: Accrual) => void;
};

/**
 * One accrual run: every period that ended by `asOf` and every milestone crossed by then, for
 * every structure of the org. Deterministic ids make it idempotent; the engine state makes it
 * incremental (catch-up after days offline evaluates every missed period once).
 *
 * The engine reads the stored rows directly (readRows: no document objects, no copies) and
 * writes every new accrual in one bulk insert: a nightly run of a large program touches
 * hundreds of thousands of videos.
 */
export async function runAccruals(ctx: EngineContext, asOf: string, trigger: AccrualRun['trigger']): Promise<AccrualRun> {
  const { db } = ctx;
  const state = await readEngineState(db);
  const runId = ctx.newId();
  const counts = emptyCounts();
  let amountCreated = 0;
  const structures = await readRows(db.payout_structures, { selector: { org_id: ctx.orgId } });
  const toInsert: Accrual[] = [];
  const toUpdate: Accrual[] = [];
  /** "Inputs changed" marks that a structure could not settle in this run (see settleMarks). */
  const keptProjects = new Set<string>();
  let done = 0;
  ctx.onProgress?.(0, structures.length);

  for (const structure of structures) {
    const [project] = await readRowsById(db.projects, [structure.project_id]);
    const assignments = await readRows(db.assignments, { selector: { structure_id: structure.id } });
    if (project && assignments.length > 0) {
      const record: Recorder = (accrual) => {
        toInsert.push({
          kind: 'accrual',
          payable_at: accrual.period_end_at,
          referral_id: null,
          referral_event_id: null,
          ...accrual,
          org_id: ctx.orgId,
          project_id: structure.project_id,
          structure_id: structure.id,
          currency: 'USD',
          status: 'earned',
          run_id: runId,
          payment_id: null,
          paid_at: null,
          created_at: ctx.now,
          updated_at: ctx.now,
        });
        amountCreated += accrual.amount_cents;
      };
      const run: StructureRun = { ctx, structure, assignments, state, counts: counts[structure.criteria_type], record, update: (accrual) => toUpdate.push(accrual) };
      const settled =
        structure.criteria_type === 'view_threshold'
          ? await evaluateThresholds(run, asOf)
          : structure.criteria_type === 'commission'
            ? await evaluateCommissionStructure(run, asOf)
            : await evaluatePeriodicStructure(run, project.timezone, asOf);
      if (!settled) keptProjects.add(structure.project_id);
    }
    done++;
    ctx.onProgress?.(done, structures.length);
  }

  // A mark is settled once every structure of its project has evaluated what it asked for.
  for (const key of Object.keys(state.dirty)) {
    if (!keptProjects.has(projectOfDirtyKey(key))) delete state.dirty[key];
  }
  const run: AccrualRun = {
    id: runId,
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
  if (toInsert.length > 0) {
    const result = await db.accruals.bulkInsert(toInsert);
    // Ids are checked before inserting and the writer is single, so a refusal is a defect.
    if (result.error.length > 0) throw new Error(`accrual run: ${result.error.length} accruals refused by the store (first: ${result.error[0]?.documentId}, status ${result.error[0]?.status})`);
  }
  if (toUpdate.length > 0) {
    const result = await db.accruals.bulkUpsert(toUpdate);
    if (result.error.length > 0) throw new Error(`accrual run: ${result.error.length} accrual changes refused by the store (first: ${result.error[0]?.documentId})`);
  }
  for (const typeCounts of Object.values(counts)) {
    run.created += typeCounts.created;
    run.already_present += typeCounts.already_present;
    run.skipped += typeCounts.skipped;
  }
  state.last_run = run;
  await writeEngineState(db, state);
  return run;
}

/**
 * commission: every referral event of the project (and every refund) by `asOf`; see
 * evaluateCommissions. Events carry no watermark: each run reads the project's events and the
 * structure's accruals, and deterministic ids leave what exists alone.
 */
async function evaluateCommissionStructure(run: StructureRun, asOf: string): Promise<boolean> {
  const { ctx, structure, assignments, counts } = run;
  const { db } = ctx;
  const events = await readRows(db.referral_events, { selector: { project_id: structure.project_id, occurred_at: { $lte: asOf } } });
  if (events.length === 0) return true;
  const stored = await readRows(db.accruals, { selector: { structure_id: structure.id } });
  const existing = new Map(stored.map((row) => [row.id, row]));
  const referralIds = [...new Set(events.map((event) => event.referral_id))];
  const referrals = new Map((await readRowsById(db.referrals, referralIds)).map((row) => [row.id, row]));
  const outcome = evaluateCommissions({ structure, assignments, events, referrals, existing, asOf });
  for (const accrual of outcome.created) run.record(accrual);
  for (const { id, refund } of outcome.voided) {
    const accrual = existing.get(id);
    if (accrual) {
      const { _meta: _m, _rev: _r, _attachments: _a, _deleted: _d, ...doc } = accrual as Accrual & { _meta?: unknown; _rev?: unknown; _attachments?: unknown; _deleted?: unknown };
      run.update({
        ...doc,
        status: 'voided',
        inputs_snapshot: { ...doc.inputs_snapshot, voided_by_refund: { id: refund.id, external_id: refund.external_id, amount_cents: refund.amount_cents, occurred_at: refund.occurred_at } },
        updated_at: ctx.now,
      });
    }
  }
  counts.created += outcome.created.length;
  counts.already_present += outcome.already_present;
  counts.skipped += outcome.skipped;
  return true;
}

/** Assignment intervals (ms) by creator; an open assignment runs on (to +∞). */
export function intervalsOf(assignments: readonly Assignment[]): Map<string, Interval[]> {
  const byCreator = new Map<string, Interval[]>();
  for (const assignment of assignments) {
    const list = byCreator.get(assignment.creator_id) ?? [];
    list.push({ start: ms(assignment.assigned_at), end: assignment.unassigned_at ? ms(assignment.unassigned_at) : Number.POSITIVE_INFINITY });
    byCreator.set(assignment.creator_id, list);
  }
  return byCreator;
}

/**
 * Recurring, goals and cpm: every period that ended since the structure's watermark, plus, for
 * creators whose past inputs changed, their periods since the change. Answers whether the run
 * settled those "inputs changed" marks (a run as of the past cannot: later periods need them).
 */
async function evaluatePeriodicStructure(run: StructureRun, timeZone: string, asOf: string): Promise<boolean> {
  const { structure, assignments, state } = run;
  const structureState = state.structures[structure.id] ?? { evaluated_through: null, videos_checked_through: null };
  const until = Math.min(ms(asOf), structure.archived_at ? ms(structure.archived_at) : Number.POSITIVE_INFINITY);
  const intervalsByCreator = intervalsOf(assignments);
  let earliest = Number.POSITIVE_INFINITY;
  for (const assignment of assignments) earliest = Math.min(earliest, ms(assignment.assigned_at));
  const evaluatedThrough = structureState.evaluated_through ? ms(structureState.evaluated_through) : earliest;
  const windows: Window[] = [{ after: Math.max(evaluatedThrough, earliest - 1), until, creators: null }];
  for (const creatorId of intervalsByCreator.keys()) {
    const from = state.dirty[dirtyKey(structure.project_id, creatorId)];
    if (from === undefined) continue;
    const after = Math.max(ms(from) - 1, earliest - 1);
    const upTo = Math.min(evaluatedThrough, until);
    if (upTo > after) windows.push({ after, until: upTo, creators: new Set([creatorId]) });
  }
  for (const window of windows) await evaluateWindow(run, timeZone, window, intervalsByCreator);
  structureState.evaluated_through = iso(Math.max(evaluatedThrough, until));
  state.structures[structure.id] = structureState;
  return until >= evaluatedThrough;
}

type Window = { after: number; until: number; creators: Set<string> | null };

async function evaluateWindow(run: StructureRun, timeZone: string, window: Window, intervalsByCreator: Map<string, Interval[]>): Promise<void> {
  const { ctx, structure, counts } = run;
  const { db } = ctx;
  const periods = periodsToEvaluate(structure, window.after, window.until, timeZone);
  if (periods.length === 0) return;
  const existing = new Set<string>();
  const existingRows = await readRows(db.accruals, {
    selector: { structure_id: structure.id, period_end_at: { $gt: iso(periods[0]?.period.start ?? 0), $lte: iso(window.until) } },
  });
  for (const row of existingRows) existing.add(row.id);
  const goalsByCreator = structure.criteria_type === 'goals' ? await goalsOf(run, window.creators ? [...window.creators] : [...intervalsByCreator.keys()]) : null;
  for (const { version, period } of periods) {
    const candidates: [string, Interval[]][] = [];
    for (const [creatorId, intervals] of intervalsByCreator) {
      if (window.creators && !window.creators.has(creatorId)) continue;
      const parts = assignedParts(intervals, period);
      if (parts.length > 0) candidates.push([creatorId, parts]);
    }
    if (candidates.length === 0) continue;
    // A recurring amount does not depend on videos: their period's videos are not read.
    const videosByCreator = version.criteria_type === 'recurring' ? new Map<string, Readonly<VideoDoc>[]>() : await videosPostedIn(db, structure.project_id, period, window.creators);
    const periodStart = iso(period.start);
    const periodEnd = iso(period.end);
    const goalPeriod = version.period;
    for (const [creatorId, parts] of candidates) {
      const id = periodAccrualId(structure.id, creatorId, periodStart);
      if (existing.has(id)) {
        counts.already_present++;
        continue;
      }
      const videos = countedVideos(videosByCreator.get(creatorId) ?? [], parts, periodEnd);
      const goals = (goalsByCreator?.get(creatorId) ?? []).filter((goal) => goal.period === goalPeriod);
      const outcome = evaluatePeriodic({ version, period, assigned: parts, videos, goals });
      if (outcome.kind === 'skip') {
        counts.skipped++;
        continue;
      }
      existing.add(id);
      counts.created++;
      run.record({
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

/** The project's videos posted in the period (of these creators, if given), by creator. */
async function videosPostedIn(db: PayoutsDatabase, projectId: string, period: PeriodRange, creators: Set<string> | null): Promise<Map<string, Readonly<VideoDoc>[]>> {
  const postedIn = { $gte: iso(period.start), $lt: iso(period.end) };
  const selector = creators ? { creator_id: { $in: [...creators] }, project_id: projectId, posted_at: postedIn } : { project_id: projectId, posted_at: postedIn };
  const byCreator = new Map<string, Readonly<VideoDoc>[]>();
  for (const video of await readRows(db.videos, { selector })) {
    const list = byCreator.get(video.creator_id);
    if (list) list.push(video);
    else byCreator.set(video.creator_id, [video]);
  }
  return byCreator;
}

/**
 * The videos of one creator that count for a period: posted while assigned (`parts`, clipped to
 * the period), with their views at the period's end, oldest first.
 */
export function countedVideos(videos: readonly Readonly<VideoDoc>[], parts: readonly Interval[], periodEnd: string): CountedVideo[] {
  const counted: CountedVideo[] = [];
  for (const video of videos) {
    const postedAt = ms(video.posted_at);
    if (parts.some((part) => postedAt >= part.start && postedAt < part.end)) {
      counted.push({ id: video.id, url: video.url, posted_at: video.posted_at, views: viewsAt(video.snapshots, periodEnd) ?? 0 });
    }
  }
  return counted.sort((a, b) => (a.posted_at < b.posted_at ? -1 : a.posted_at > b.posted_at ? 1 : 0));
}

/** The goals of these creators in the structure's project. */
async function goalsOf(run: StructureRun, creatorIds: string[]) {
  const byCreator = new Map<string, CreatorDoc['goals']>();
  for (const creator of await readRowsById(run.ctx.db.creators, creatorIds)) {
    byCreator.set(creator.id, creator.goals.filter((goal) => goal.project_id === run.structure.project_id));
  }
  return byCreator;
}

/**
 * view_threshold: the milestones of every video whose inputs changed since the last check.
 *
 * The first check looks at every video of the project. Later checks look at the videos updated
 * since (new snapshots), and only at the milestones such a video crossed with a snapshot captured
 * after the last check: an earlier crossing was seen — with the same snapshots, assignments and
 * rules — by an earlier check, which fired it or rightly did not. The exceptions are checked in
 * full: creators whose assignments changed since, creators with an "inputs changed" mark from
 * before the last check (a video or snapshot imported with a past date), and every video once
 * the structure itself changed. Answers whether the run settled the marks (a run as of the past
 * does not advance the check).
 */
async function evaluateThresholds(run: StructureRun, asOf: string): Promise<boolean> {
  const { ctx, structure, assignments, state, counts } = run;
  const { db } = ctx;
  const structureState = state.structures[structure.id] ?? { evaluated_through: null, videos_checked_through: null };
  const until = structure.archived_at && structure.archived_at < asOf ? structure.archived_at : asOf;
  const checkedThrough = structureState.videos_checked_through;
  const isFull = checkedThrough === null || structure.updated_at >= checkedThrough;
  const intervalsByCreator = new Map<string, { from: string; to: string | null }[]>();
  for (const assignment of [...assignments].sort((a, b) => (a.assigned_at < b.assigned_at ? -1 : 1))) {
    const list = intervalsByCreator.get(assignment.creator_id) ?? [];
    list.push({ from: assignment.assigned_at, to: assignment.unassigned_at });
    intervalsByCreator.set(assignment.creator_id, list);
  }
  const changedCreators = new Set<string>();
  if (checkedThrough !== null) for (const assignment of assignments) if (assignment.updated_at >= checkedThrough) changedCreators.add(assignment.creator_id);

  const videos = isFull
    ? await readRows(db.videos, { selector: { project_id: structure.project_id } })
    : await readRows(db.videos, { selector: { project_id: structure.project_id, updated_at: { $gte: checkedThrough } } });
  const checked = new Set<string>();
  const fired: { milestone: ReturnType<typeof firedMilestones>[number]; creatorId: string; id: string }[] = [];
  const viewCounts = milestoneViewCounts(structure.versions);
  const check = (video: Readonly<VideoDoc>, isWhole: boolean) => {
    const intervals = intervalsByCreator.get(video.creator_id);
    if (!intervals) return;
    let since: string | null = null;
    if (!isWhole && checkedThrough !== null) {
      const mark = state.dirty[dirtyKey(structure.project_id, video.creator_id)];
      since = mark !== undefined && mark < checkedThrough ? mark : checkedThrough;
      if (!reachesMilestoneSince(video, since, viewCounts)) return;
    }
    for (const milestone of firedMilestones({ versions: structure.versions, video, intervals, until, since, viewCounts })) {
      fired.push({ milestone, creatorId: video.creator_id, id: milestoneAccrualId(structure.id, video.creator_id, video.id, milestone.view_count) });
    }
  };
  for (const video of videos) {
    checked.add(video.id);
    check(video, isFull || changedCreators.has(video.creator_id));
  }
  if (!isFull && changedCreators.size > 0) {
    for (const video of await readRows(db.videos, { selector: { project_id: structure.project_id, creator_id: { $in: [...changedCreators] } } })) {
      if (!checked.has(video.id)) check(video, true);
    }
  }
  const existing = new Set((await readRowsById(db.accruals, fired.map((entry) => entry.id), true)).map((row) => row.id));
  for (const { milestone, creatorId, id } of fired) {
    if (existing.has(id)) {
      counts.already_present++;
      continue;
    }
    existing.add(id);
    counts.created++;
    const version = milestone.explanation.version as { id: string; number: number };
    run.record({
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
  // A run as of the past must not skip snapshots it could not yet see. Comparisons with the
  // watermark are inclusive: a write in the same millisecond as this run, after it, is seen next time.
  const isAdvanced = asOf >= ctx.now;
  if (isAdvanced) structureState.videos_checked_through = ctx.now;
  state.structures[structure.id] = structureState;
  // Marks matter to a later check only once there is a watermark (before that, checks are full).
  return isAdvanced || checkedThrough === null;
}

/**
 * Whether a milestone is first reached by a snapshot captured at or after `since`: the most views
 * before `since` are below it and the most views since reach it. Most videos with new snapshots
 * cross nothing new, and this one pass over their snapshots says so.
 */
function reachesMilestoneSince(video: Readonly<VideoDoc>, since: string, viewCounts: readonly number[]): boolean {
  let before = -1;
  let after = -1;
  for (const snapshot of video.snapshots) {
    if (snapshot.captured_at < since) {
      if (snapshot.views > before) before = snapshot.views;
    } else if (snapshot.views > after) after = snapshot.views;
  }
  if (after <= before) return false;
  for (const viewCount of viewCounts) if (viewCount > before && viewCount <= after) return true;
  return false;
}
