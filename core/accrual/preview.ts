import type { Assignment } from '../domain/assignment.ts';
import type { Period } from '../domain/creator.ts';
import type { Rule, StructureDoc, StructureVersion } from '../domain/payout-structure.ts';
import { currentVersion } from '../domain/payout-structure.ts';
import { periodContaining, type PeriodRange } from '../domain/periods.ts';
import type { VideoDoc } from '../domain/video.ts';
import type { PayoutsDatabase } from '../store/database.ts';
import { readRows, readRowsById } from '../store/rows.ts';
import { assignedParts, countedVideos, intervalsOf } from './engine.ts';
import { evaluatePeriodic } from './periodic.ts';
import { firedMilestones, milestoneViewCounts } from './thresholds.ts';

/** Milestones have no period of their own: their preview is cut in calendar months. */
const THRESHOLD_PREVIEW_PERIOD: Period = 'monthly';

export type PreviewPeriod = {
  start: string;
  end: string;
  /** The period's first and last calendar day in the project's time zone (YYYY-MM-DD). */
  first_day: string;
  last_day: string;
};

export type PreviewAmounts = { current_cents: number; new_cents: number; difference_cents: number };

/** One creator in one period: the two versions' amounts and what is stored for that period. */
export type PreviewCell = PreviewAmounts & {
  period_start: string;
  /** Earned or paid accruals stored for this creator and period (rejected and voided count nothing); null when none. */
  accrued_cents: number | null;
};

export type PreviewCreator = PreviewAmounts & { creator_id: string; name: string; handle: string; periods: PreviewCell[] };

export type StructurePreview = {
  structure_id: string;
  project_id: string;
  criteria_type: StructureDoc['criteria_type'];
  time_zone: string;
  /** The kind of the periods below: the structure's, or monthly for view_threshold. */
  period: Period;
  current_version: { id: string; version_number: number };
  new_version_number: number;
  as_of: string;
  periods: PreviewPeriod[];
  creators: PreviewCreator[];
  totals: PreviewAmounts & { periods: (PreviewAmounts & { period_start: string })[] };
};

export type PreviewInput = {
  db: PayoutsDatabase;
  structure: StructureDoc;
  timeZone: string;
  rule: Rule;
  periods: number;
  /** The time of the request: periods that ended by then are closed. */
  now: string;
};

const ms = (iso: string) => Date.parse(iso);
const iso = (value: number) => new Date(value).toISOString();

const dayFormatters = new Map<string, Intl.DateTimeFormat>();
function localDay(instant: number, timeZone: string): string {
  let format = dayFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, format);
  }
  return format.format(instant);
}

/** The last `count` periods of `kind` that ended by `now`, oldest first. */
export function lastClosedPeriods(kind: Period, now: number, count: number, timeZone: string): PeriodRange[] {
  const periods: PeriodRange[] = [];
  let period = periodContaining(kind, now, timeZone);
  if (period.end > now) period = periodContaining(kind, period.start - 1, timeZone);
  while (periods.length < count) {
    periods.unshift(period);
    period = periodContaining(kind, period.start - 1, timeZone);
  }
  return periods;
}

/**
 * A version as if it had been in effect the whole time: the preview asks what each rule would
 * have paid over the same periods, not which version the engine used then.
 */
function alwaysInEffect(version: Omit<StructureVersion, 'effective_from'>): StructureVersion {
  return { ...version, effective_from: '1970-01-01T00:00:00.000Z' };
}

function proposedVersion(structure: StructureDoc, rule: Rule, now: string): StructureVersion {
  const current = currentVersion(structure);
  return alwaysInEffect({
    id: `${structure.id}:preview`,
    structure_id: structure.id,
    version_number: current.version_number + 1,
    period: rule.period,
    amount_cents: rule.amount_cents,
    currency: rule.currency,
    criteria_type: rule.criteria_type,
    criteria_params: rule.criteria_params,
    proration_mode: rule.proration_mode,
    backfill_on_assignment: rule.backfill_on_assignment ?? false,
    created_at: now,
  });
}

type Grid = Map<string, Map<number, { current: number; next: number; accrued: number | null }>>;

function cell(grid: Grid, creatorId: string, periodIndex: number) {
  let row = grid.get(creatorId);
  if (!row) {
    row = new Map();
    grid.set(creatorId, row);
  }
  let found = row.get(periodIndex);
  if (!found) {
    found = { current: 0, next: 0, accrued: null };
    row.set(periodIndex, found);
  }
  return found;
}

function periodIndexOf(periods: PeriodRange[], instant: number): number {
  return periods.findIndex((period) => instant >= period.start && instant < period.end);
}

/**
 * What-if (SPEC §10): the accruals a rule edit would produce over the last closed periods, next
 * to what the current version produces over the same periods and inputs. Both sides are computed
 * by the engine's own evaluators from the stored inputs as they are now; nothing is written.
 */
export async function previewRule(input: PreviewInput): Promise<StructurePreview> {
  const { db, structure, timeZone, rule, now } = input;
  const current = currentVersion(structure);
  const kind = current.period ?? THRESHOLD_PREVIEW_PERIOD;
  const periods = lastClosedPeriods(kind, ms(now), input.periods, timeZone);
  const assignments = await readRows(db.assignments, { selector: { structure_id: structure.id } });
  const versions = { current: alwaysInEffect(current), next: proposedVersion(structure, rule, now) };
  const grid: Grid = new Map();
  if (structure.criteria_type === 'view_threshold') await previewThresholds(input, assignments, periods, versions, grid);
  else await previewPeriodic(input, assignments, periods, versions, grid);

  const windowStart = periods[0]?.start ?? 0;
  const windowEnd = periods[periods.length - 1]?.end ?? 0;
  const stored = await readRows(db.accruals, { selector: { structure_id: structure.id, period_end_at: { $gte: iso(windowStart), $lte: iso(windowEnd) } } });
  for (const accrual of stored) {
    if (accrual.status === 'rejected' || accrual.status === 'voided') continue;
    // A periodic accrual belongs to the period it starts; a milestone to the instant it fired.
    const index = periodIndexOf(periods, ms(accrual.period_start_at));
    if (index < 0 || (accrual.video_id === null && ms(accrual.period_end_at) !== periods[index]?.end)) continue;
    const target = cell(grid, accrual.creator_id, index);
    target.accrued = (target.accrued ?? 0) + accrual.amount_cents;
  }

  const creators = await readRowsById(db.creators, [...grid.keys()]);
  const byId = new Map(creators.map((creator) => [creator.id, creator]));
  const rows: PreviewCreator[] = [...grid.entries()].map(([creatorId, row]) => {
    const cells: PreviewCell[] = periods.map((period, index) => {
      const found = row.get(index);
      const currentCents = found?.current ?? 0;
      const newCents = found?.next ?? 0;
      return { period_start: iso(period.start), current_cents: currentCents, new_cents: newCents, difference_cents: newCents - currentCents, accrued_cents: found?.accrued ?? null };
    });
    const creator = byId.get(creatorId);
    return { creator_id: creatorId, name: creator?.name ?? creatorId, handle: creator?.handle ?? '', ...sum(cells), periods: cells };
  });
  rows.sort((a, b) => a.name.localeCompare(b.name, 'en') || (a.creator_id < b.creator_id ? -1 : 1));
  const byPeriod = periods.map((period, index) => ({ period_start: iso(period.start), ...sum(rows.map((row) => row.periods[index] as PreviewCell)) }));

  return {
    structure_id: structure.id,
    project_id: structure.project_id,
    criteria_type: structure.criteria_type,
    time_zone: timeZone,
    period: kind,
    current_version: { id: current.id, version_number: current.version_number },
    new_version_number: current.version_number + 1,
    as_of: now,
    periods: periods.map((period) => ({ start: iso(period.start), end: iso(period.end), first_day: localDay(period.start, timeZone), last_day: localDay(period.end - 1, timeZone) })),
    creators: rows,
    totals: { ...sum(byPeriod), periods: byPeriod },
  };
}

function sum(amounts: readonly PreviewAmounts[]): PreviewAmounts {
  let currentCents = 0;
  let newCents = 0;
  for (const amount of amounts) {
    currentCents += amount.current_cents;
    newCents += amount.new_cents;
  }
  return { current_cents: currentCents, new_cents: newCents, difference_cents: newCents - currentCents };
}

type Versions = { current: StructureVersion; next: StructureVersion };

/** Recurring, goals and cpm: every assigned creator in every period, as the engine evaluates one. */
async function previewPeriodic(input: PreviewInput, assignments: readonly Assignment[], periods: PeriodRange[], versions: Versions, grid: Grid): Promise<void> {
  const { db, structure } = input;
  const intervalsByCreator = intervalsOf(assignments);
  const windowStart = periods[0]?.start ?? 0;
  const windowEnd = periods[periods.length - 1]?.end ?? 0;
  const videosByCreator = new Map<string, Readonly<VideoDoc>[]>();
  const videos = await readRows(db.videos, { selector: { project_id: structure.project_id, posted_at: { $gte: iso(windowStart), $lt: iso(windowEnd) } } });
  for (const video of videos) {
    const list = videosByCreator.get(video.creator_id);
    if (list) list.push(video);
    else videosByCreator.set(video.creator_id, [video]);
  }
  const goalsByCreator = new Map<string, { id: string; metric: 'videos_posted' | 'views'; target: number; period: Period }[]>();
  if (structure.criteria_type === 'goals') {
    for (const creator of await readRowsById(db.creators, [...intervalsByCreator.keys()])) {
      goalsByCreator.set(creator.id, creator.goals.filter((goal) => goal.project_id === structure.project_id));
    }
  }
  periods.forEach((period, index) => {
    const periodEnd = iso(period.end);
    const inPeriod = { start: period.start, end: period.end };
    for (const [creatorId, intervals] of intervalsByCreator) {
      const parts = assignedParts(intervals, inPeriod);
      if (parts.length === 0) continue;
      const counted = countedVideos((videosByCreator.get(creatorId) ?? []).filter((video) => ms(video.posted_at) >= period.start && ms(video.posted_at) < period.end), parts, periodEnd);
      const amount = (version: StructureVersion) => {
        const goals = (goalsByCreator.get(creatorId) ?? []).filter((goal) => goal.period === version.period);
        const outcome = evaluatePeriodic({ version, period: inPeriod, assigned: parts, videos: counted, goals });
        return outcome.kind === 'accrue' ? outcome.amount_cents : 0;
      };
      const target = cell(grid, creatorId, index);
      target.current = amount(versions.current);
      target.next = amount(versions.next);
    }
  });
}

/**
 * view_threshold: the milestones each version would fire inside the window, by calendar month of
 * the firing. A milestone crossed inside the window was captured inside it, so its video was
 * written since the window began; a backfill fires at an assignment inside the window, so the
 * videos of creators assigned since then are read whole.
 */
async function previewThresholds(input: PreviewInput, assignments: readonly Assignment[], periods: PeriodRange[], versions: Versions, grid: Grid): Promise<void> {
  const { db, structure, now } = input;
  const windowStart = periods[0]?.start ?? 0;
  const windowEnd = periods[periods.length - 1]?.end ?? 0;
  const intervalsByCreator = new Map<string, { from: string; to: string | null }[]>();
  for (const assignment of [...assignments].sort((a, b) => (a.assigned_at < b.assigned_at ? -1 : 1))) {
    const list = intervalsByCreator.get(assignment.creator_id) ?? [];
    list.push({ from: assignment.assigned_at, to: assignment.unassigned_at });
    intervalsByCreator.set(assignment.creator_id, list);
  }
  const videos = new Map<string, Readonly<VideoDoc>>();
  for (const video of await readRows(db.videos, { selector: { project_id: structure.project_id, updated_at: { $gte: iso(windowStart) } } })) videos.set(video.id, video);
  const joinedInWindow = [...new Set(assignments.filter((assignment) => ms(assignment.assigned_at) >= windowStart).map((assignment) => assignment.creator_id))];
  if (joinedInWindow.length > 0) {
    for (const video of await readRows(db.videos, { selector: { project_id: structure.project_id, creator_id: { $in: joinedInWindow } } })) videos.set(video.id, video);
  }
  const until = iso(Math.min(windowEnd, ms(now)));
  for (const video of videos.values()) {
    const intervals = intervalsByCreator.get(video.creator_id);
    if (!intervals) continue;
    for (const [side, version] of [['current', versions.current], ['next', versions.next]] as const) {
      for (const milestone of firedMilestones({ versions: [version], video, intervals, until, viewCounts: milestoneViewCounts([version]) })) {
        const index = periodIndexOf(periods, ms(milestone.fired_at));
        if (index < 0) continue;
        cell(grid, video.creator_id, index)[side] += milestone.amount_cents;
      }
    }
  }
}
