/**
 * The SQL baseline of the accrual bench: the rules of SPEC §5 written as straightforward SQL over
 * node:sqlite, loaded with the same data as the engine's store. It is an independent
 * implementation (it shares no rule code with core/accrual), so agreeing on the number of
 * accruals and the total amount is also a cross-check of the engine.
 *
 * Design, as someone building the product on SQL would do it:
 * - normalised tables with integer surrogate keys (the UUIDs kept as UNIQUE text columns),
 *   timestamps as integer ms, snapshots in their own table keyed (video, captured_at);
 * - indexes for the access paths the rules need (videos by project+posted_at and
 *   project+updated_at, assignments by structure+creator, goals by creator) and, on accruals, the
 *   UNIQUE identity that makes runs idempotent plus the listing indexes the RxDB accruals
 *   collection has (period_end_at; structure, creator, status × period_end_at);
 * - one INSERT … SELECT … ON CONFLICT DO NOTHING per (structure, period) that computes every
 *   creator's amount at once, and one for the milestones of the videos updated since the last
 *   run; all of a run in one transaction, on a WAL file with synchronous=FULL like the app's store;
 * - exact money: integer arithmetic in SQL, with two tiny deterministic helpers registered on the
 *   connection where 64-bit integers do not suffice (x·y/z rounded half up with a 128-bit
 *   intermediate; the partial-goals average, a sum of fractions);
 * - an inputs_snapshot JSON per accrual (period, assignment parts, counted videos with views,
 *   goals, tiers input), built by SQLite's JSON functions.
 *
 * Not covered (not exercised by the bench data): re-evaluation of past periods after backdated
 * changes, structures with several versions, archived structures' cut-off beyond `until`, and
 * the engine's UUID v5 accrual ids (the UNIQUE key is the identity here).
 */
import { DatabaseSync, type SQLInputValue, type SQLOutputValue, type StatementSync } from 'node:sqlite';
import { periodsEndingIn } from '../../core/domain/periods.ts';
import type { CpmParams, GoalsParams, ViewThresholdParams } from '../../core/domain/payout-structure.ts';
import type { Fixture, VideoSpec } from './fixtures.ts';

const FAR_FUTURE = 8_640_000_000_000_000; // ms; the largest valid Date, fits SQLite's int64
const RATE_SCALE = 10_000; // rates and percentages have at most 4 decimals

export type SqlRunResult = {
  created: number;
  amount: number;
  byType: Record<string, { created: number; amount: number }>;
};

type StructureRow = {
  sid: number;
  uuid: string;
  project_id: number;
  criteria_type: 'recurring' | 'cpm' | 'goals' | 'view_threshold';
  period: 'daily' | 'weekly' | 'monthly' | null;
  amount_cents: number | null;
  proration_mode: 'skip' | 'prorate' | 'full';
  backfill: number;
  params: string;
  archived_at: number | null;
  timezone: string;
};

const SCHEMA = `
CREATE TABLE projects (pid INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, timezone TEXT NOT NULL);
CREATE TABLE creators (cid INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, name TEXT NOT NULL);
CREATE TABLE memberships (project_id INTEGER NOT NULL, creator_id INTEGER NOT NULL, joined_at INTEGER NOT NULL, PRIMARY KEY (project_id, creator_id)) WITHOUT ROWID;
CREATE TABLE goals (gid INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, creator_id INTEGER NOT NULL, project_id INTEGER NOT NULL,
  metric TEXT NOT NULL, target INTEGER NOT NULL, period TEXT NOT NULL);
CREATE TABLE structures (sid INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, project_id INTEGER NOT NULL, criteria_type TEXT NOT NULL,
  period TEXT, amount_cents INTEGER, proration_mode TEXT NOT NULL, backfill INTEGER NOT NULL, params TEXT NOT NULL, archived_at INTEGER);
CREATE TABLE thresholds (structure_id INTEGER NOT NULL, view_count INTEGER NOT NULL, amount_cents INTEGER NOT NULL, PRIMARY KEY (structure_id, view_count)) WITHOUT ROWID;
CREATE TABLE assignments (aid INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, structure_id INTEGER NOT NULL, creator_id INTEGER NOT NULL,
  assigned_at INTEGER NOT NULL, unassigned_at INTEGER, updated_at INTEGER NOT NULL);
CREATE TABLE videos (vid INTEGER PRIMARY KEY, uuid TEXT NOT NULL, creator_id INTEGER NOT NULL, project_id INTEGER NOT NULL, platform TEXT NOT NULL,
  url TEXT NOT NULL, posted_at INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE snapshots (video_id INTEGER NOT NULL, captured_at INTEGER NOT NULL, views INTEGER NOT NULL, PRIMARY KEY (video_id, captured_at)) WITHOUT ROWID;
CREATE TABLE accruals (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL,
  project_id INTEGER NOT NULL,
  structure_id INTEGER NOT NULL,
  creator_id INTEGER NOT NULL,
  criteria_type TEXT NOT NULL,
  version_number INTEGER NOT NULL,
  period_start_at INTEGER NOT NULL,
  period_end_at INTEGER NOT NULL,
  video_id INTEGER NOT NULL DEFAULT 0,
  view_count INTEGER NOT NULL DEFAULT 0,
  amount_cents INTEGER NOT NULL CHECK (typeof(amount_cents) = 'integer' AND amount_cents > 0),
  status TEXT NOT NULL DEFAULT 'earned',
  inputs_snapshot TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (structure_id, creator_id, period_start_at, video_id, view_count)
);
CREATE INDEX accruals_period_end ON accruals (period_end_at);
CREATE INDEX accruals_structure ON accruals (structure_id, period_end_at);
CREATE INDEX accruals_creator ON accruals (creator_id, period_end_at);
CREATE INDEX accruals_status ON accruals (status, period_end_at);
CREATE TABLE runs (run_id INTEGER PRIMARY KEY, as_of INTEGER NOT NULL, created INTEGER NOT NULL, amount INTEGER NOT NULL);
CREATE TABLE engine_state (structure_id INTEGER PRIMARY KEY, evaluated_through INTEGER, videos_checked_through INTEGER);
`;

/** Indexes built after the bulk load (cheaper than maintaining them row by row). */
const LOAD_INDEXES = `
CREATE UNIQUE INDEX videos_uuid ON videos (uuid);
CREATE INDEX videos_project_posted ON videos (project_id, posted_at);
CREATE INDEX videos_project_updated ON videos (project_id, updated_at);
CREATE INDEX videos_creator ON videos (creator_id, posted_at);
CREATE INDEX assignments_structure ON assignments (structure_id, creator_id, assigned_at);
CREATE INDEX goals_creator ON goals (creator_id, project_id, period);
ANALYZE;
`;

/** x·y/z rounded half up, exact (a 128-bit intermediate); x, y ≥ 0, z > 0. */
function mulDivHalfUp(x: number | bigint, y: number | bigint, z: number | bigint): number {
  const num = BigInt(x) * BigInt(y);
  const den = BigInt(z);
  return Number((2n * num + den) / (2n * den));
}

/**
 * Seed 000's partial goals amount: base × average completion × multiplier × f, or null when the
 * average is below min_completion_pct. `completions` is a JSON array of [min(actual, target), target].
 */
function partialGoalsCents(completions: string, base: number, multiplier4: number, minPct4: number, fNum: number, fDen: number): number | null {
  const pairs = JSON.parse(completions) as [number, number][];
  let n = 0n;
  let d = 1n;
  for (const [actual, target] of pairs) {
    n = n * BigInt(target) + BigInt(actual) * d;
    d *= BigInt(target);
  }
  const avgD = d * BigInt(pairs.length);
  if (n * 100n * BigInt(RATE_SCALE) < BigInt(minPct4) * avgD) return null;
  const num = BigInt(base) * n * BigInt(multiplier4) * BigInt(fNum);
  const den = avgD * BigInt(RATE_SCALE) * BigInt(fDen);
  return Number((2n * num + den) / (2n * den));
}

const toRate4 = (value: number) => Math.round(value * RATE_SCALE);

/** Shared parts of the periodic statements: the assignment parts and the counted videos per creator. */
const PERIODIC_INPUTS = `
WITH asg AS MATERIALIZED (
  SELECT a.creator_id,
         SUM(MIN(COALESCE(a.unassigned_at, ${FAR_FUTURE}), :pe) - MAX(a.assigned_at, :ps)) AS assigned_ms,
         json_group_array(json_object('from', MAX(a.assigned_at, :ps), 'to', MIN(COALESCE(a.unassigned_at, ${FAR_FUTURE}), :pe))) AS parts
  FROM assignments a
  WHERE a.structure_id = :sid AND a.assigned_at < :pe AND COALESCE(a.unassigned_at, ${FAR_FUTURE}) > :ps
  GROUP BY a.creator_id
),
counted AS MATERIALIZED (
  SELECT v.creator_id, v.uuid, v.url, v.posted_at,
         COALESCE((SELECT s.views FROM snapshots s WHERE s.video_id = v.vid AND s.captured_at <= :pe ORDER BY s.captured_at DESC LIMIT 1), 0) AS views
  FROM videos v
  WHERE v.project_id = :pid AND v.posted_at >= :ps AND v.posted_at < :pe
    AND EXISTS (SELECT 1 FROM assignments a WHERE a.structure_id = :sid AND a.creator_id = v.creator_id
                AND a.assigned_at <= v.posted_at AND (a.unassigned_at IS NULL OR v.posted_at < a.unassigned_at))
),
per_video_creator AS MATERIALIZED (
  SELECT creator_id, COUNT(*) AS video_count, SUM(views) AS views,
         json_group_array(json_object('id', uuid, 'url', url, 'posted_at', posted_at, 'views', views) ORDER BY posted_at) AS videos
  FROM counted GROUP BY creator_id
),
inputs AS (
  SELECT asg.creator_id, asg.assigned_ms, asg.parts,
         COALESCE(pv.video_count, 0) AS video_count, COALESCE(pv.views, 0) AS views, COALESCE(pv.videos, '[]') AS videos,
         CASE :mode WHEN 'prorate' THEN asg.assigned_ms ELSE :period_ms END AS f_num
  FROM asg LEFT JOIN per_video_creator pv ON pv.creator_id = asg.creator_id
  WHERE :mode <> 'skip' OR asg.assigned_ms = :period_ms
)`;

const INSERT_COLUMNS = `INSERT INTO accruals (run_id, project_id, structure_id, creator_id, criteria_type, version_number, period_start_at, period_end_at, video_id, view_count, amount_cents, inputs_snapshot, created_at)`;

const snapshotCommon = `'version', 1, 'period', json_object('start', :ps, 'end', :pe), 'assignment', json_object('intervals', json(parts), 'assigned_ms', assigned_ms, 'period_ms', :period_ms), 'f', f_num || '/' || :period_ms, 'proration_mode', :mode`;

/** f·x rounded half up; whole periods (the common case) stay in plain SQL integer arithmetic. */
const timesF = (x: string) => `CASE WHEN f_num = :period_ms THEN ${x} ELSE mul_div_half_up(${x}, f_num, :period_ms) END`;

function recurringSql(): string {
  return `${PERIODIC_INPUTS}
${INSERT_COLUMNS}
SELECT :run, :pid, :sid, creator_id, 'recurring', 1, :ps, :pe, 0, 0, amount, json_object(${snapshotCommon}, 'base_amount_cents', :base, 'amount_cents', amount), :now
FROM (SELECT *, ${timesF(':base')} AS amount FROM inputs)
WHERE amount > 0
ON CONFLICT DO NOTHING
RETURNING amount_cents`;
}

function cpmSql(params: CpmParams): string {
  // Graduated tiers: Σ impressions inside each tier × its rate (cents per 1,000, 4 decimals).
  let lower = 0;
  const terms: string[] = [];
  for (const tier of params.tiers) {
    const inTier = tier.up_to_impressions === null ? `MAX(0, views - ${lower})` : `MAX(0, MIN(views, ${tier.up_to_impressions}) - ${lower})`;
    terms.push(`${inTier} * ${toRate4(tier.cents_per_thousand)}`);
    if (tier.up_to_impressions === null) break;
    lower = tier.up_to_impressions;
  }
  const scale = 1000 * RATE_SCALE; // tiered_num is in 1/10,000,000 of a cent
  const capped = params.max_payout_cents === null ? 'tiered_num' : `MIN(tiered_num, ${params.max_payout_cents * scale})`;
  return `${PERIODIC_INPUTS}
${INSERT_COLUMNS}
SELECT :run, :pid, :sid, creator_id, 'cpm', 1, :ps, :pe, 0, 0, amount,
       json_object(${snapshotCommon}, 'videos', json(videos), 'impressions', views, 'min_impressions', ${params.min_impressions},
                   'tiered', tiered_num || '/' || ${scale}, 'cap_applied', tiered_num > capped, 'amount_cents', amount), :now
FROM (
  SELECT *, CASE WHEN f_num = :period_ms THEN (2 * capped + ${scale}) / ${2 * scale} ELSE mul_div_half_up(capped, f_num, ${scale} * :period_ms) END AS amount
  FROM (SELECT *, ${capped} AS capped FROM (SELECT *, ${terms.join(' + ')} AS tiered_num FROM inputs))
  WHERE views * :period_ms >= ${params.min_impressions} * f_num
)
WHERE amount > 0
ON CONFLICT DO NOTHING
RETURNING amount_cents`;
}

function goalsSql(params: GoalsParams): string {
  const isPaid = params.mode === 'all' ? 'met = m' : params.mode === 'any' ? 'met >= 1' : `met >= ${params.n ?? 1}`;
  const partial =
    params.mode === 'all' && params.partial_allowed
      ? `partial_goals_cents(completions, :base, ${toRate4(params.partial_multiplier ?? 1)}, ${toRate4(params.min_completion_pct ?? 0)}, f_num, :period_ms)`
      : 'NULL';
  return `${PERIODIC_INPUTS},
goal_rows AS (
  SELECT i.creator_id, g.uuid, g.metric, g.target, CASE g.metric WHEN 'videos_posted' THEN i.video_count ELSE i.views END AS actual
  FROM inputs i JOIN goals g ON g.creator_id = i.creator_id AND g.project_id = :pid AND g.period = :period
),
goal_totals AS MATERIALIZED (
  SELECT creator_id, COUNT(*) AS m, SUM(actual >= target) AS met,
         json_group_array(json_array(MIN(actual, target), target)) AS completions,
         json_group_array(json_object('id', uuid, 'metric', metric, 'target', target, 'actual', actual)) AS goals_json
  FROM goal_rows GROUP BY creator_id
)
${INSERT_COLUMNS}
SELECT :run, :pid, :sid, creator_id, 'goals', 1, :ps, :pe, 0, 0, amount,
       json_object(${snapshotCommon}, 'videos', json(videos), 'goals', json(goals_json), 'goals_met', met, 'outcome', CASE WHEN ${isPaid} THEN 'goals_met' ELSE 'partial' END, 'amount_cents', amount), :now
FROM (
  SELECT *, CASE WHEN ${isPaid} THEN ${timesF(':base')} ELSE ${partial} END AS amount
  FROM (SELECT i.*, t.m, t.met, t.completions, t.goals_json FROM inputs i JOIN goal_totals t ON t.creator_id = i.creator_id)
)
WHERE amount > 0
ON CONFLICT DO NOTHING
RETURNING amount_cents`;
}

function thresholdSql(isFirstRun: boolean): string {
  const toCheck = isFirstRun
    ? `SELECT vid FROM videos WHERE project_id = :pid`
    : `SELECT vid FROM videos WHERE project_id = :pid AND updated_at > :checked
       UNION
       SELECT vid FROM videos WHERE project_id = :pid AND creator_id IN (SELECT creator_id FROM assignments WHERE structure_id = :sid AND updated_at > :checked)`;
  return `
WITH to_check AS MATERIALIZED (${toCheck}),
crossings AS MATERIALIZED (
  SELECT v.vid, v.uuid, v.url, v.posted_at, v.creator_id, t.view_count, t.amount_cents,
         (SELECT s.captured_at FROM snapshots s WHERE s.video_id = v.vid AND s.views >= t.view_count ORDER BY s.captured_at LIMIT 1) AS crossed_at
  FROM to_check c JOIN videos v ON v.vid = c.vid JOIN thresholds t ON t.structure_id = :sid
),
fired AS MATERIALIZED (
  SELECT x.*,
         CASE WHEN EXISTS (SELECT 1 FROM assignments a WHERE a.structure_id = :sid AND a.creator_id = x.creator_id
                           AND a.assigned_at <= x.crossed_at AND (a.unassigned_at IS NULL OR x.crossed_at < a.unassigned_at))
              THEN x.crossed_at
              WHEN :backfill THEN (SELECT MIN(a.assigned_at) FROM assignments a WHERE a.structure_id = :sid AND a.creator_id = x.creator_id
                                   AND a.assigned_at > x.crossed_at AND a.assigned_at <= :until)
         END AS fired_at
  FROM crossings x
  WHERE x.crossed_at IS NOT NULL AND x.crossed_at <= :until
)
${INSERT_COLUMNS}
SELECT :run, :pid, :sid, creator_id, 'view_threshold', 1, fired_at, fired_at, vid, view_count, amount_cents,
       json_object('version', 1, 'video', json_object('id', uuid, 'url', url, 'posted_at', posted_at), 'view_count', view_count,
                   'crossing', json_object('captured_at', crossed_at, 'views', (SELECT s.views FROM snapshots s WHERE s.video_id = vid AND s.captured_at = crossed_at)),
                   'backfill', fired_at <> crossed_at, 'amount_cents', amount_cents), :now
FROM fired
WHERE fired_at IS NOT NULL
ON CONFLICT DO NOTHING
RETURNING amount_cents`;
}

export type SqlBaseline = ReturnType<typeof openSqlBaseline>;

/** Opens (and creates, unless `existing`) the baseline's database file. */
export function openSqlBaseline(path: string, existing = false) {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  // OFF while loading; FULL (the app's setting) from finishLoad() on.
  db.exec(`PRAGMA synchronous = ${existing ? 'FULL' : 'OFF'}`);
  db.exec('PRAGMA cache_size = -262144'); // 256 MiB page cache
  db.exec('PRAGMA temp_store = MEMORY');
  if (!existing) db.exec(SCHEMA);
  type SqlFunction = (...args: SQLOutputValue[]) => SQLInputValue;
  db.function('mul_div_half_up', { deterministic: true }, mulDivHalfUp as SqlFunction);
  db.function('partial_goals_cents', { deterministic: true }, partialGoalsCents as SqlFunction);

  const ids = { creators: new Map<string, number>(), structures: new Map<string, number>(), project: 0 };
  const insertVideo = db.prepare('INSERT INTO videos (vid, uuid, creator_id, project_id, platform, url, posted_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const snapshotStatements = new Map<number, StatementSync>();
  const insertSnapshots = (count: number) => {
    let statement = snapshotStatements.get(count);
    if (!statement) {
      statement = db.prepare(`INSERT INTO snapshots (video_id, captured_at, views) VALUES ${Array.from({ length: count }, () => '(?, ?, ?)').join(', ')}`);
      snapshotStatements.set(count, statement);
    }
    return statement;
  };
  let nextVid = 1;

  function inTransaction<T>(fn: () => T): T {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }

  const statementCache = new Map<string, StatementSync>();
  const prepared = (sql: string) => {
    let statement = statementCache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statement.setAllowUnknownNamedParameters(true);
      statementCache.set(sql, statement);
    }
    return statement;
  };

  return {
    db,

    loadStatic(fixture: Fixture): void {
      inTransaction(() => {
        db.prepare('INSERT INTO projects (pid, uuid, timezone) VALUES (1, ?, ?)').run(fixture.projectId, fixture.timeZone);
        ids.project = 1;
        const structure = db.prepare('INSERT INTO structures (uuid, project_id, criteria_type, period, amount_cents, proration_mode, backfill, params, archived_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, NULL)');
        const threshold = db.prepare('INSERT INTO thresholds (structure_id, view_count, amount_cents) VALUES (?, ?, ?)');
        for (const s of fixture.structures) {
          const sid = Number(structure.run(s.id, s.criteria_type, s.period, s.amount_cents, s.proration_mode, s.backfill_on_assignment ? 1 : 0, JSON.stringify(s.criteria_params)).lastInsertRowid);
          ids.structures.set(s.id, sid);
          if (s.criteria_type === 'view_threshold') {
            for (const t of (s.criteria_params as ViewThresholdParams).thresholds) threshold.run(sid, t.view_count, t.amount_cents);
          }
        }
        const creator = db.prepare('INSERT INTO creators (uuid, name) VALUES (?, ?)');
        const member = db.prepare('INSERT INTO memberships (project_id, creator_id, joined_at) VALUES (1, ?, ?)');
        const goal = db.prepare('INSERT INTO goals (uuid, creator_id, project_id, metric, target, period) VALUES (?, ?, 1, ?, ?, ?)');
        for (const c of fixture.creators) {
          const cid = Number(creator.run(c.id, `Creator ${c.index}`).lastInsertRowid);
          ids.creators.set(c.id, cid);
          member.run(cid, fixture.startAt);
          for (const g of c.goals) goal.run(g.id, cid, g.metric, g.target, 'weekly');
        }
        const assignment = db.prepare('INSERT INTO assignments (uuid, structure_id, creator_id, assigned_at, unassigned_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
        for (const a of fixture.assignments) {
          assignment.run(a.id, ids.structures.get(a.structureId) as number, ids.creators.get(a.creatorId) as number, a.assignedAt, a.unassignedAt, a.updatedAt);
        }
      });
    },

    loadVideos(videos: VideoSpec[]): void {
      inTransaction(() => {
        for (const video of videos) {
          const vid = nextVid++;
          insertVideo.run(vid, video.id, ids.creators.get(video.creatorId) as number, ids.project, video.platform, video.url, video.postedAt, video.postedAt, video.updatedAt);
          const values: number[] = [];
          for (const snapshot of video.snapshots) values.push(vid, snapshot.capturedAt, snapshot.views);
          insertSnapshots(video.snapshots.length).run(...values);
        }
      });
    },

    finishLoad(): void {
      db.exec(LOAD_INDEXES);
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      db.exec('PRAGMA synchronous = FULL');
    },

    /** One accrual run as of `asOf`, at time `now`, in one transaction; `trace` collects per-statement times. */
    run(asOf: number, now: number, trace?: string[]): SqlRunResult {
      let traceStarted = performance.now();
      const result = inTransaction(() => {
        const runId = Number(db.prepare('INSERT INTO runs (as_of, created, amount) VALUES (?, 0, 0)').run(asOf).lastInsertRowid);
        const result: SqlRunResult = { created: 0, amount: 0, byType: {} };
        const structures = db.prepare('SELECT s.*, p.timezone FROM structures s JOIN projects p ON p.pid = s.project_id ORDER BY s.sid').all() as StructureRow[];
        const getState = db.prepare('SELECT evaluated_through, videos_checked_through FROM engine_state WHERE structure_id = ?');
        const setState = db.prepare(
          'INSERT INTO engine_state (structure_id, evaluated_through, videos_checked_through) VALUES (?, ?, ?) ' +
            'ON CONFLICT (structure_id) DO UPDATE SET evaluated_through = excluded.evaluated_through, videos_checked_through = excluded.videos_checked_through',
        );
        for (const s of structures) {
          traceStarted = performance.now();
          const state = (getState.get(s.sid) as { evaluated_through: number | null; videos_checked_through: number | null } | undefined) ?? { evaluated_through: null, videos_checked_through: null };
          const until = Math.min(asOf, s.archived_at ?? Number.POSITIVE_INFINITY);
          const typeResult = (result.byType[s.criteria_type] ??= { created: 0, amount: 0 });
          const collect = (rows: Record<string, unknown>[], label: string) => {
            if (trace) {
              trace.push(`${s.criteria_type} ${label}: ${(performance.now() - traceStarted).toFixed(1)} ms, ${rows.length} rows`);
              traceStarted = performance.now();
            }
            for (const row of rows) {
              typeResult.created++;
              typeResult.amount += row.amount_cents as number;
            }
          };
          const earliestRow = db.prepare('SELECT MIN(assigned_at) AS earliest FROM assignments WHERE structure_id = ?').get(s.sid) as { earliest: number | null };
          if (earliestRow.earliest === null) continue;
          if (s.criteria_type === 'view_threshold') {
            const checked = state.videos_checked_through;
            collect(prepared(thresholdSql(checked === null)).all({ run: runId, pid: s.project_id, sid: s.sid, checked: checked ?? -1, until, backfill: s.backfill, now }), 'videos to check');
            if (asOf >= now) state.videos_checked_through = now;
          } else {
            const earliest = earliestRow.earliest;
            const evaluatedThrough = state.evaluated_through ?? earliest;
            const after = Math.max(evaluatedThrough, earliest - 1);
            const params = JSON.parse(s.params) as Record<string, unknown>;
            const sql = s.criteria_type === 'recurring' ? recurringSql() : s.criteria_type === 'cpm' ? cpmSql(params as CpmParams) : goalsSql(params as GoalsParams);
            const statement = prepared(sql);
            for (const period of periodsEndingIn(s.period as 'daily', after, until, s.timezone)) {
              const bound: Record<string, string | number> = {
                run: runId, pid: s.project_id, sid: s.sid, ps: period.start, pe: period.end, period_ms: period.end - period.start,
                mode: s.proration_mode, base: s.amount_cents ?? 0, now,
              };
              if (s.criteria_type === 'goals') bound.period = s.period as string;
              collect(statement.all(bound), new Date(period.start).toISOString());
            }
            state.evaluated_through = Math.max(evaluatedThrough, until);
          }
          setState.run(s.sid, state.evaluated_through, state.videos_checked_through);
        }
        for (const typeResult of Object.values(result.byType)) {
          result.created += typeResult.created;
          result.amount += typeResult.amount;
        }
        db.prepare('UPDATE runs SET created = ?, amount = ? WHERE run_id = ?').run(result.created, result.amount, runId);
        traceStarted = performance.now();
        return result;
      });
      trace?.push(`commit: ${(performance.now() - traceStarted).toFixed(1)} ms`);
      return result;
    },

    /** The state to go back to before a timed repetition: the last accrual id and the watermarks. */
    checkpoint(): { lastAccrualId: number; lastRunId: number; state: Record<string, unknown>[] } {
      const last = db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM accruals').get() as { id: number };
      const lastRun = db.prepare('SELECT COALESCE(MAX(run_id), 0) AS id FROM runs').get() as { id: number };
      return { lastAccrualId: last.id, lastRunId: lastRun.id, state: db.prepare('SELECT * FROM engine_state').all() };
    },

    restore(checkpoint: { lastAccrualId: number; lastRunId: number; state: Record<string, unknown>[] }): void {
      inTransaction(() => {
        db.prepare('DELETE FROM accruals WHERE id > ?').run(checkpoint.lastAccrualId);
        db.prepare('DELETE FROM runs WHERE run_id > ?').run(checkpoint.lastRunId);
        db.exec('DELETE FROM engine_state');
        const insert = db.prepare('INSERT INTO engine_state (structure_id, evaluated_through, videos_checked_through) VALUES (?, ?, ?)');
        for (const row of checkpoint.state) insert.run(row.structure_id as number, row.evaluated_through as number | null, row.videos_checked_through as number | null);
      });
    },

    counts(): { accruals: number; amount: number } {
      return db.prepare('SELECT COUNT(*) AS accruals, COALESCE(SUM(amount_cents), 0) AS amount FROM accruals').get() as { accruals: number; amount: number };
    },

    /** EXPLAIN QUERY PLAN of every statement the runs prepared (for checking index use). */
    queryPlans(): string[] {
      return [...statementCache.keys()].map((sql) => {
        const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[];
        return rows.map((row) => row.detail).join('\n');
      });
    },

    close(): void {
      db.close();
    },
  };
}
