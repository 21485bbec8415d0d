/**
 * Accrual engine bench (`npm run bench` runs it after the durability bench; alone:
 * `npx tsx test/bench/accruals.ts` with NODE_OPTIONS='--max-old-space-size=20480 --expose-gc').
 *
 * The nightly run of the issue: 10k creators × 4 structures, 1M videos × 10 snapshots
 * (test/bench/fixtures.ts), timed through the API (`POST /accrual-runs {as_of}`) on the store the
 * app runs on — the RxStorage on node:sqlite (core/store/sqlite-storage.ts), WAL +
 * synchronous=FULL; BENCH_STORAGE=memory-mirror runs it on the previous design instead (every
 * document in RxDB's memory storage, mirrored to SQLite: test/bench/legacy/) — side by side with the same rules as straightforward SQL over node:sqlite
 * (test/bench/accruals-sql.ts), loaded with the same data. Both must agree on the number of
 * accruals and the total amount, or the bench fails.
 *
 * Why the durable store and not plain memory storage: it is what the app runs on (startServices),
 * so the timed run includes what the product pays to persist the accruals (and not only RxDB's
 * in-memory work); and the SQL baseline commits durably too, so both sides pay for durability.
 *
 * Setup: the documents are bulk-inserted into the RxDB collections (the API or CSV import would
 * take far too long for 1M videos), then one run as of yesterday 00:00 catches up on the 100
 * days (timed: the catch-up figure). Then the engine state gets the inputs the API would have
 * marked as changed since (new videos and snapshots of yesterday). Each nightly starts from that
 * state: after a run, its accruals are purged from the store (see purgeSqlite) and the engine
 * state document is restored; the SQL baseline deletes its run's rows and restores its
 * watermarks. One untimed warm-up, then BENCH_REPS timed runs; engine and SQL runs alternate, in
 * one process. At scale 1 the whole bench takes about 18 minutes (load ~2 min, catch-up ~3 min
 * for the engine and ~1.5 min for SQL) and peaks at about 17 GiB RSS.
 *
 * Env: BENCH_SCALE (default 1 = the issue's sizes; e.g. 0.1 for a quick run; figures at other
 * scales are not the issue's), BENCH_TZ (default UTC; e.g. America/New_York), BENCH_REPS
 * (default 3), BENCH_CPU_PROFILE=<file.cpuprofile> (one extra, untimed engine nightly under the
 * inspector's CPU profiler; prints the top self-time functions), BENCH_REOPEN=1 (at the end, close
 * the store and time opening it again: the app-start load of every document; at scale 1 this needs
 * several more GiB), BENCH_SETUP_SQLITE_CACHE_MIB (default 4096, see below),
 * BENCH_EXPERIMENT_SQLITE_CACHE_MIB (off by default: 2 extra nightlies with that page cache).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { markInputsChanged, readEngineState, writeEngineState, type EngineState } from '../../core/accrual/engine-state.ts';
import { createApi, type Api } from '../../core/api/app.ts';
import type { AccrualRun } from '../../core/domain/accrual.ts';
import type { Assignment } from '../../core/domain/assignment.ts';
import { fixedClock } from '../../core/domain/clock.ts';
import { creatorDocSchema, type CreatorDoc } from '../../core/domain/creator.ts';
import { ruleSchema, structureDocSchema, type StructureDoc } from '../../core/domain/payout-structure.ts';
import { projectDocSchema, type ProjectDoc } from '../../core/domain/project.ts';
import { assignmentSchema } from '../../core/domain/assignment.ts';
import { urlKey, videoDocSchema, type VideoDoc } from '../../core/domain/video.ts';
import { nodeSqliteDriver } from '../../core/node/sqlite.ts';
import { openDatabase, type PayoutsDatabase } from '../../core/store/database.ts';
import { createDurableStorage } from './legacy/memory-mirror-storage.ts';
import { SqliteStorageInstance } from '../../core/store/sqlite-instance.ts';
import { createSqliteStorage, type SqliteStore } from '../../core/store/sqlite-storage.ts';
import { createSideTables } from '../../core/store/side-tables.ts';
import type { SqliteDatabase } from '../../core/store/sqlite-driver.ts';
import { openSqlBaseline, type SqlRunResult } from './accruals-sql.ts';
import { createFixture, SNAPSHOTS_PER_VIDEO, type Fixture, type VideoSpec } from './fixtures.ts';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const STORAGE = process.env.BENCH_STORAGE === 'memory-mirror' ? 'memory-mirror' : 'sqlite';
const TIME_ZONE = process.env.BENCH_TZ ?? 'UTC';
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 3));
const PROFILE_PATH = process.env.BENCH_CPU_PROFILE;
const REOPEN = process.env.BENCH_REOPEN === '1';
/**
 * SQLite page cache of the engine's store during the setup (load and catch-up) only; the timed
 * nightly runs use the app's setting (SQLite's default, 2 MB). The catch-up writes 2M accruals
 * (~3.5 GB of JSON rows) in one transaction, which spills a small cache to the WAL many times.
 */
const SETUP_CACHE_MIB = Number(process.env.BENCH_SETUP_SQLITE_CACHE_MIB ?? 4096);
/** Experiment (off by default): after the timed runs, 2 more engine nightlies with this SQLite cache (MiB) on the store. */
const EXPERIMENT_CACHE_MIB = Number(process.env.BENCH_EXPERIMENT_SQLITE_CACHE_MIB ?? 0);
const CHUNK = 20_000;
const DB_NAME = 'bench';
const BEGINNING = '1970-01-01T00:00:00.000Z';

const iso = (ms: number) => new Date(ms).toISOString();
const fmtInt = (n: number) => n.toLocaleString('en-US');
const fmtS = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 3 : 1)} s`;
const fmtUsd = (cents: number) => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const rssMiB = () => Math.round(process.memoryUsage().rss / 1048576);
/** Peak RSS: Linux's VmHWM (resettable, see resetPeakRss), else the process's maxRSS. */
const peakRssMiB = () => {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Math.round(Number(match[1]) / 1024);
  } catch {
    // not Linux
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
};
/** Starts a new peak-RSS measurement (Linux: writing 5 to clear_refs resets VmHWM). */
const resetPeakRss = () => {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
};
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const memory = () => {
  gc();
  return `RSS ${fmtInt(rssMiB())} MiB, heap ${fmtInt(Math.round(process.memoryUsage().heapUsed / 1048576))} MiB after GC, peak RSS so far ${fmtInt(peakRssMiB())} MiB`;
};
const log = (line = '') => console.log(line);
const list = (times: { ms: number; cpuMs: number }[]) => times.map((t) => `${fmtS(t.ms)} (CPU ${fmtS(t.cpuMs)})`).join(', ');

// ---------------------------------------------------------------------------------------------
// Documents for the RxDB collections (valid for the zod schemas in core/domain)

function projectDoc(f: Fixture): ProjectDoc {
  const at = iso(f.startAt - 86_400_000);
  return { id: f.projectId, org_id: f.orgId, name: 'Bench program', name_key: 'bench program', timezone: f.timeZone, min_payout_cents: 0, metadata: {}, readme: null, created_at: at, updated_at: at };
}

function structureDocs(f: Fixture): StructureDoc[] {
  const at = iso(f.startAt - 86_400_000);
  return f.structures.map((s) => ({
    id: s.id,
    org_id: f.orgId,
    project_id: f.projectId,
    name: s.name,
    currency: 'USD',
    criteria_type: s.criteria_type,
    is_active: true,
    archived_at: null,
    metadata: {},
    readme: null,
    created_at: at,
    updated_at: at,
    versions: [
      {
        id: s.versionId,
        structure_id: s.id,
        version_number: 1,
        period: s.period,
        amount_cents: s.amount_cents,
        currency: 'USD',
        criteria_type: s.criteria_type,
        criteria_params: s.criteria_params,
        proration_mode: s.proration_mode,
        backfill_on_assignment: s.backfill_on_assignment,
        effective_from: BEGINNING,
        created_at: at,
      },
    ],
  }));
}

function creatorDocs(f: Fixture): CreatorDoc[] {
  const at = iso(f.startAt - 86_400_000);
  return f.creators.map((c) => ({
    id: c.id,
    org_id: f.orgId,
    name: `Creator ${c.index}`,
    name_key: `creator ${c.index}`,
    handle: `@creator${c.index}`,
    handle_key: `creator${c.index}`,
    email: null,
    default_method_id: null,
    payout_handle: null,
    metadata: {},
    readme: null,
    memberships: [{ project_id: f.projectId, joined_at: iso(f.startAt) }],
    goals: c.goals.map((g) => ({ id: g.id, project_id: f.projectId, metric: g.metric, target: g.target, period: 'weekly' as const, created_at: at, updated_at: at })),
    created_at: at,
    updated_at: at,
  }));
}

function assignmentDocs(f: Fixture): Assignment[] {
  return f.assignments.map((a) => ({
    id: a.id,
    org_id: f.orgId,
    structure_id: a.structureId,
    creator_id: a.creatorId,
    project_id: f.projectId,
    assigned_at: iso(a.assignedAt),
    unassigned_at: a.unassignedAt === null ? null : iso(a.unassignedAt),
    created_at: iso(a.assignedAt),
    updated_at: iso(a.updatedAt),
  }));
}

function videoDoc(f: Fixture, v: VideoSpec): VideoDoc {
  return {
    id: v.id,
    org_id: f.orgId,
    creator_id: v.creatorId,
    project_id: f.projectId,
    platform: v.platform,
    url: v.url,
    url_key: urlKey(v.url),
    posted_at: iso(v.postedAt),
    snapshots: v.snapshots.map((s) => ({ captured_at: iso(s.capturedAt), views: s.views })),
    created_at: iso(v.postedAt),
    updated_at: iso(v.updatedAt),
  };
}

// ---------------------------------------------------------------------------------------------
// The engine's store: durable (memory + SQLite), reopened for every timed run

type Engine = {
  db: PayoutsDatabase;
  api: Api;
  clock: ReturnType<typeof fixedClock>;
  /** The store's last write position (every write gets the next one). */
  lastSeq(): number;
  /** Takes the accruals written after `seqBefore` out of the store (see purgeSqlite). */
  purge(ids: string[], seqBefore: number): void;
  close(): Promise<void>;
};

/**
 * The store the engine runs on: the app's (BENCH_STORAGE=sqlite, the default: documents in
 * SQLite, core/store/sqlite-storage.ts) or the previous design (BENCH_STORAGE=memory-mirror:
 * every document in RxDB's memory storage, mirrored to SQLite, test/bench/legacy/).
 */
async function openEngine(sqlite: SqliteDatabase, clockAt: number): Promise<Engine> {
  const clock = fixedClock(iso(clockAt));
  if (STORAGE === 'memory-mirror') {
    const durable = createDurableStorage(sqlite, new AsyncLocalStorage<object>());
    const db = await openDatabase({ storage: durable.storage, name: DB_NAME });
    const api = await createApi({ db, clock, transaction: durable.transaction, onInternalError: (error) => console.error('internal error:', error) });
    return {
      db,
      api,
      clock,
      lastSeq: () => Number((sqlite.prepare('SELECT coalesce(max(seq), 0) AS seq FROM rx_docs').get() as { seq: number }).seq),
      purge: (ids, seqBefore) => purgeMemoryMirror(db, sqlite, ids, seqBefore),
      close: () => db.close().then(() => undefined),
    };
  }
  // Opened as the app opens it (core/node/services.ts): with the journal index and ledger sums.
  const sides = createSideTables();
  const store = createSqliteStorage(sqlite, { scope: new AsyncLocalStorage<object>(), projections: sides.projections });
  const db = await openDatabase({ storage: store.storage, name: DB_NAME });
  store.finishOpen();
  const api = await createApi({
    db,
    clock,
    transaction: store.transaction,
    journalIndex: sides.journalIndex,
    ledgerSums: sides.ledgerSums,
    onInternalError: (error) => console.error('internal error:', error),
  });
  return { db, api, clock, lastSeq: () => store.lastChangeSeq(), purge: (ids, seqBefore) => purgeSqlite(db, store, ids, seqBefore), close: () => db.close().then(() => undefined) };
}

/** Builds the in-memory indexes now (memory storage writes them lazily, on the next read). */
async function warm(db: PayoutsDatabase): Promise<void> {
  for (const collection of Object.values(db.collections)) await collection.count().exec();
  await readEngineState(db);
}

/** Wall time and CPU time (this process, all threads: includes GC helper threads) of `fn`. */
async function timed<T>(fn: () => T | Promise<T>, collectFirst = true): Promise<{ ms: number; cpuMs: number; value: T }> {
  if (collectFirst) gc();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await fn();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, value };
}

async function runEngine(engine: Engine, asOf: number, collectFirst = true): Promise<{ ms: number; cpuMs: number; run: AccrualRun }> {
  engine.clock.set(iso(asOf));
  const request = { method: 'POST', path: '/accrual-runs', body: { as_of: iso(asOf) } } as const;
  const { ms, cpuMs, value: response } = await timed(() => engine.api.handle(request, engine.api.localPrincipal()), collectFirst);
  const body = response.body as { data: AccrualRun | null; error: unknown };
  if (response.status !== 201 || !body.data) throw new Error(`accrual run failed: ${response.status} ${JSON.stringify(body.error)}`);
  return { ms, cpuMs, run: body.data };
}

// ---------------------------------------------------------------------------------------------

type Totals = { created: number; amount: number; byType: Record<string, { created: number; amount: number }> };

function engineTotals(run: AccrualRun, amountsByType: Record<string, number>): Totals {
  const byType: Totals['byType'] = {};
  for (const [type, counts] of Object.entries(run.by_type)) if (counts.created > 0) byType[type] = { created: counts.created, amount: amountsByType[type] ?? 0 };
  return { created: run.created, amount: run.amount_cents_created, byType };
}

function sqlTotals(result: SqlRunResult): Totals {
  const byType: Totals['byType'] = {};
  for (const [type, counts] of Object.entries(result.byType)) if (counts.created > 0) byType[type] = counts;
  return { created: result.created, amount: result.amount, byType };
}

const describeTotals = (t: Totals) =>
  `${fmtInt(t.created)} accruals, ${fmtUsd(t.amount)} (${Object.entries(t.byType)
    .map(([type, c]) => `${type} ${fmtInt(c.created)}/${fmtUsd(c.amount)}`)
    .join(', ')})`;

const mismatches: string[] = [];
function compare(label: string, engine: Totals, sql: Totals): void {
  const same = engine.created === sql.created && engine.amount === sql.amount && JSON.stringify(Object.entries(engine.byType).sort()) === JSON.stringify(Object.entries(sql.byType).sort());
  if (!same) mismatches.push(`${label}: engine ${describeTotals(engine)} ≠ SQL ${describeTotals(sql)}`);
}

async function amountsOfRun(db: PayoutsDatabase, runId: string): Promise<{ ids: string[]; byType: Record<string, number> }> {
  const docs = await db.accruals.find({ selector: { run_id: runId } }).exec();
  const byType: Record<string, number> = {};
  for (const doc of docs) byType[doc.criteria_type] = (byType[doc.criteria_type] ?? 0) + doc.amount_cents;
  return { ids: docs.map((doc) => doc.id), byType };
}

/** What the reset reaches into: RxDB 17's memory storage under the durable wrapper, and the collection's caches. */
type MemoryIndex = { docsWithIndex: [string, unknown, string][] };
type AccrualsInternals = {
  storageInstance: { originalStorageInstance: { inner: { ensurePersistence(): void; internals: { documents: Map<string, unknown>; byIndexArray: MemoryIndex[] } } } };
  _queryCache: { _map: Map<string, unknown> };
  _docCache: { cacheItemByDocId: Map<string, unknown> };
};

/**
 * Takes the accruals a timed run created out of the store, as if they had never been written:
 * out of the memory storage (documents and every index, one filtering pass per index), out of
 * the SQLite file (the rows appended after `seqBefore`), and out of the collection's query and document caches (so no query answers
 * from a result computed before the purge). Removing them through RxDB instead leaves tombstones
 * (the next run's inserts would then take the update path) and costs O(removed × collection
 * size) in the memory storage's sorted-array indexes: minutes per repetition at scale 1.
 * The purge is checked: the store's accrual count must be back to its value before the run, and
 * every repetition must produce the same accruals as the first and as the SQL baseline.
 */
function purgeMemoryMirror(db: PayoutsDatabase, sqlite: SqliteDatabase, ids: string[], seqBefore: number): void {
  const collection = db.accruals as unknown as AccrualsInternals;
  const memory = collection.storageInstance.originalStorageInstance.inner;
  if (!(memory?.internals?.documents instanceof Map) || !Array.isArray(memory.internals.byIndexArray)) {
    throw new Error('reset: the RxDB memory storage internals changed; update purgeMemoryMirror()');
  }
  memory.ensurePersistence();
  const drop = new Set(ids);
  for (const id of ids) memory.internals.documents.delete(id);
  for (const index of memory.internals.byIndexArray) index.docsWithIndex = index.docsWithIndex.filter((row) => !drop.has(row[2]));
  collection._queryCache._map.clear();
  for (const id of ids) collection._docCache.cacheItemByDocId.delete(id);
  // The durable storage appends new documents (rx_docs is keyed by an increasing seq), so the
  // run's accruals are exactly the accrual rows written after the seq taken before the run.
  const removed = Number(sqlite.prepare('DELETE FROM rx_docs WHERE instance = ? AND seq > ?').run(`${DB_NAME}/accruals/0`, seqBefore).changes);
  if (removed !== ids.length) throw new Error(`reset: ${removed} accrual rows removed from SQLite, expected ${ids.length}`);
}

/**
 * The same purge on the SQLite storage: the run's accruals are exactly the rows of the accruals
 * table written after `seqBefore` (the engine only inserts); the storage's document cache and the
 * collection's caches forget them.
 */
function purgeSqlite(db: PayoutsDatabase, store: SqliteStore, ids: string[], seqBefore: number): void {
  const collection = db.accruals as unknown as { storageInstance: { originalStorageInstance?: unknown }; _queryCache: { _map: Map<string, unknown> }; _docCache: { cacheItemByDocId: Map<string, unknown> } };
  const instance = collection.storageInstance.originalStorageInstance;
  if (!(instance instanceof SqliteStorageInstance)) throw new Error('reset: the accruals collection is not on the SQLite storage; update purgeSqlite()');
  const table = store.tableOf('accruals');
  if (!table) throw new Error('reset: the accruals collection has no table');
  const removed = Number(store.sqlite.prepare(`DELETE FROM "${table}" WHERE seq > ?`).run(seqBefore).changes);
  if (removed !== ids.length) throw new Error(`reset: ${removed} accrual rows removed from SQLite, expected ${ids.length}`);
  instance['shared'].cache.clear();
  collection._queryCache._map.clear();
  for (const id of ids) collection._docCache.cacheItemByDocId.delete(id);
}

// ---------------------------------------------------------------------------------------------
// CPU profile summary: top self-time functions

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

function summarizeProfile(profile: Profile, top = 25): string[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((nodeId, index) => {
    const node = byNode.get(nodeId);
    const delta = profile.timeDeltas[index] ?? 0;
    // Samples taken while Profiler.stop builds the profile are the inspector's, not the run's.
    if (!node || node.callFrame.url === 'node:inspector') return;
    total += delta;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url ? relative(process.cwd(), url.replace(/^file:\/\//, '')) : '(native)';
    const key = `${functionName || '(anonymous)'}  ${file}${file.startsWith('node_modules/') ? `:${lineNumber + 1}` : ''}`;
    selfUs.set(key, (selfUs.get(key) ?? 0) + delta);
    const group = file.startsWith('node_modules/') ? file.split('/').slice(0, file.startsWith('node_modules/@') ? 3 : 2).join('/') : file;
    byFile.set(group, (byFile.get(group) ?? 0) + delta);
  });
  const lines = [`  total sampled ${fmtS(total / 1000)}; top self time:`];
  for (const [key, us] of [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`  ${(us / 1000).toFixed(1).padStart(8)} ms ${((us / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
  }
  lines.push('  self time by file / package:');
  for (const [file, us] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    lines.push(`  ${(us / 1000).toFixed(1).padStart(8)} ms ${((us / total) * 100).toFixed(1).padStart(5)} %  ${file}`);
  }
  return lines;
}

/**
 * Inclusive time (the functions and what they call) of the run's phases, matched by function
 * name and file: where a nightly's time goes between evaluating and persisting. Code after an
 * `await` is sampled under the async function it belongs to, not under its caller, so each phase
 * lists every function whose frames belong to it.
 */
const PHASES: [label: string, frames: [functionName: string, file: string][]][] = [
  ['evaluate periodic structures (recurring, goals, cpm)', [['evaluatePeriodicStructure', 'core/accrual/engine.ts'], ['evaluateWindow', 'core/accrual/engine.ts'], ['goalsOf', 'core/accrual/engine.ts']]],
  ['evaluate milestones (view_threshold)', [['evaluateThresholds', 'core/accrual/engine.ts']]],
  ['  within both: reading rows from the store', [['readRows', 'core/store/rows.ts'], ['readRowsById', 'core/store/rows.ts']]],
  ['insert the accruals in RxDB (collection, memory storage)', [['bulkInsert', 'rx-collection.js'], ['bulkWrite', 'storage-memory/rx-storage-instance-memory.js']]],
  ['write the SQLite rows (JSON text + INSERT)', [['write', 'core/store/document-table.ts']]],
];
const COMMIT_LABEL = 'commit (SQLite BEGIN/COMMIT of the command: WAL fsync, checkpoint)';

function summarizePhases(profile: Profile): string[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes as (ProfileNode & { children?: number[] })[]) for (const child of node.children ?? []) parent.set(child, node.id);
  const totals = PHASES.map(() => 0);
  let total = 0;
  let commit = 0;
  profile.samples.forEach((nodeId, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const leaf = byNode.get(nodeId);
    if (!leaf || leaf.callFrame.url === 'node:inspector') return;
    total += delta;
    // COMMIT: SQLite's exec called (through the driver) by the storage's transaction().
    const caller = byNode.get(parent.get(parent.get(nodeId) ?? -1) ?? -1);
    if (leaf.callFrame.functionName === 'exec' && caller?.callFrame.functionName === 'transaction' && (caller.callFrame.url.endsWith('core/store/sqlite-store-context.ts') || caller.callFrame.url.endsWith('test/bench/legacy/memory-mirror-storage.ts'))) commit += delta;
    const seen = new Set<number>();
    for (let id: number | undefined = nodeId; id !== undefined; id = parent.get(id)) {
      const { functionName, url } = (byNode.get(id) as ProfileNode).callFrame;
      PHASES.forEach(([, frames], phase) => {
        if (!seen.has(phase) && frames.some(([name, file]) => functionName === name && url.endsWith(file))) {
          seen.add(phase);
          totals[phase] = (totals[phase] as number) + delta;
        }
      });
    }
  });
  return [
    `  phases (inclusive, of ${fmtS(total / 1000)} sampled):`,
    ...[...PHASES.map(([label], phase): [string, number] => [label, totals[phase] as number]), [COMMIT_LABEL, commit] as [string, number]].map(
      ([label, us]) => `  ${(us / 1000).toFixed(1).padStart(8)} ms ${((us / total) * 100).toFixed(1).padStart(5)} %  ${label}`,
    ),
  ];
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'payouts-accrual-bench-'));
  const benchStarted = performance.now();
  try {
    log(`Accrual engine bench (store: ${STORAGE}) — scale ${SCALE}${SCALE === 1 ? ' (the issue\'s sizes)' : ' (NOT the issue\'s sizes: figures are not the reported ones)'}, zone ${TIME_ZONE}, ${REPS} timed runs each`);

    // --- stores
    const engineSqlite = nodeSqliteDriver.open(join(dir, 'engine.sqlite'));
    engineSqlite.exec('PRAGMA synchronous = OFF'); // bulk load only; FULL (the app's setting) before any run
    const appCacheSize = (engineSqlite.prepare('PRAGMA cache_size').get() as { cache_size: number }).cache_size;
    if (SETUP_CACHE_MIB > 0) engineSqlite.exec(`PRAGMA cache_size = ${-SETUP_CACHE_MIB * 1024}`);
    const engine = await openEngine(engineSqlite, Date.parse('2026-01-01T00:00:00.000Z'));
    const fixture = createFixture({ scale: SCALE, timeZone: TIME_ZONE, orgId: engine.api.orgId });
    const sql = openSqlBaseline(join(dir, 'baseline.sqlite'));

    // --- load
    const loadStarted = performance.now();
    const project = projectDoc(fixture);
    const structures = structureDocs(fixture);
    const creators = creatorDocs(fixture);
    const assignments = assignmentDocs(fixture);
    projectDocSchema.parse(project);
    for (const doc of structures) {
      structureDocSchema.parse(doc);
      const { period, amount_cents, currency, criteria_type, criteria_params, proration_mode } = doc.versions[0] as StructureDoc['versions'][number];
      ruleSchema.parse({ period, amount_cents, currency, criteria_type, criteria_params, proration_mode, ...(criteria_type === 'view_threshold' && { backfill_on_assignment: false }) });
    }
    for (const doc of creators) creatorDocSchema.parse(doc);
    for (const doc of assignments) assignmentSchema.parse(doc);
    const insert = async <T,>(name: string, docs: T[]) => {
      const collection = engine.db.collections[name as keyof PayoutsDatabase['collections']] as unknown as { bulkInsert(docs: T[]): Promise<{ error: unknown[] }> };
      const result = await collection.bulkInsert(docs);
      if (result.error.length > 0) throw new Error(`${name}: ${result.error.length} documents refused, e.g. ${JSON.stringify(result.error[0]).slice(0, 500)}`);
    };
    await insert('projects', [project]);
    await insert('payout_structures', structures);
    await insert('creators', creators);
    for (let i = 0; i < assignments.length; i += CHUNK) await insert('assignments', assignments.slice(i, i + CHUNK));
    sql.loadStatic(fixture);

    // Inputs that changed after the previous run, as the API would have recorded them.
    const changedSince = new Map<string, number>();
    let snapshotCount = 0;
    let videosUpdatedYesterday = 0;
    let videosPostedYesterday = 0;
    let engineLoadMs = 0;
    let sqlLoadMs = 0;
    let loaded = 0;
    for (const chunk of fixture.videos(CHUNK)) {
      const docs = chunk.map((video) => videoDoc(fixture, video));
      for (let i = 0; i < docs.length; i += 997) videoDocSchema.parse(docs[i]);
      let started = performance.now();
      await insert('videos', docs);
      engineLoadMs += performance.now() - started;
      started = performance.now();
      sql.loadVideos(chunk);
      sqlLoadMs += performance.now() - started;
      for (const video of chunk) {
        snapshotCount += video.snapshots.length;
        if (video.updatedAt > fixture.previousAt) videosUpdatedYesterday++;
        if (video.postedAt >= fixture.previousAt) videosPostedYesterday++;
        let from = video.postedAt >= fixture.previousAt ? video.postedAt : Number.POSITIVE_INFINITY;
        for (const snapshot of video.snapshots) if (snapshot.capturedAt > fixture.previousAt) from = Math.min(from, snapshot.capturedAt);
        if (from !== Number.POSITIVE_INFINITY) changedSince.set(video.creatorId, Math.min(changedSince.get(video.creatorId) ?? from, from));
      }
      loaded += chunk.length;
      if (loaded % 200_000 === 0) log(`  … ${fmtInt(loaded)} videos loaded (${fmtS(performance.now() - loadStarted)}, RSS ${fmtInt(rssMiB())} MiB)`);
    }
    await warm(engine.db);
    engineSqlite.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    engineSqlite.exec('PRAGMA synchronous = FULL');
    const indexing = await timed(() => sql.finishLoad());
    sqlLoadMs += indexing.ms;
    const loadMs = performance.now() - loadStarted;

    log(
      `data: 1 project (${TIME_ZONE}), ${fmtInt(fixture.creators.length)} creators (${fmtInt(fixture.creators.length * 2)} weekly goals), ${fixture.structures.length} structures ` +
        `(${fixture.structures.map((s) => `${s.criteria_type}${s.period ? ` ${s.period}` : ''}`).join(', ')}), ${fmtInt(fixture.assignments.length)} assignments since ${iso(fixture.assignedAt)}, ` +
        `${fmtInt(fixture.videoCount)} videos, ${fmtInt(snapshotCount)} snapshots (${SNAPSHOTS_PER_VIDEO} per video)`,
    );
    log(`nightly window: as_of ${iso(fixture.nightlyAt)} (a Monday: the day and the week that just ended), previous run ${iso(fixture.previousAt)}; ` +
      `${fmtInt(videosPostedYesterday)} videos posted and ${fmtInt(videosUpdatedYesterday)} videos with new snapshots since the previous run`);
    log(`setup: generated and loaded in ${fmtS(loadMs)} (RxDB bulkInsert of the videos ${fmtS(engineLoadMs)}, SQLite inserts + indexes ${fmtS(sqlLoadMs)}); ${memory()}`);

    // --- catch-up: one run as of yesterday 00:00 over the 100 days
    const catchUp = await runEngine(engine, fixture.previousAt);
    const catchUpEngine = await amountsOfRun(engine.db, catchUp.run.id);
    const catchUpSql = await timed(() => sql.run(fixture.previousAt, fixture.previousAt));
    log(
      `catch-up (as_of ${iso(fixture.previousAt)}: ${Math.round((fixture.previousAt - fixture.assignedAt) / 86_400_000)} days, every milestone of every video; ` +
        `engine store's SQLite cache ${SETUP_CACHE_MIB > 0 ? `${fmtInt(SETUP_CACHE_MIB)} MiB for the setup, not the app's ${appCacheSize < 0 ? `${-appCacheSize} KiB` : `${appCacheSize} pages`}` : `the app's ${appCacheSize < 0 ? `${-appCacheSize} KiB` : `${appCacheSize} pages`}`}):`,
    );
    log(`  engine ${fmtS(catchUp.ms)} (CPU ${fmtS(catchUp.cpuMs)}): ${describeTotals(engineTotals(catchUp.run, catchUpEngine.byType))}`);
    log(`  SQL    ${fmtS(catchUpSql.ms)} (CPU ${fmtS(catchUpSql.cpuMs)}): ${describeTotals(sqlTotals(catchUpSql.value))}`);
    compare('catch-up', engineTotals(catchUp.run, catchUpEngine.byType), sqlTotals(catchUpSql.value));
    log(`  ${memory()}`);

    // The engine state the nightly starts from: the catch-up's watermarks plus the inputs the
    // API marked as changed since (new videos, new snapshots), as the product records them.
    await markInputsChanged(engine.db, [...changedSince].map(([creatorId, from]) => ({ projectId: fixture.projectId, creatorId, from: iso(from) })));
    const stateBefore: EngineState = structuredClone(await readEngineState(engine.db));
    engineSqlite.exec(`PRAGMA cache_size = ${appCacheSize}`); // the app's setting from here on
    const setupPeakMiB = peakRssMiB();
    const peakReset = resetPeakRss();
    const sqlCheckpoint = sql.checkpoint();
    const engineAccruals = await engine.db.accruals.count().exec();
    log(`store after catch-up: ${fmtInt(engineAccruals)} accruals in RxDB, ${fmtInt(sql.counts().accruals)} in SQL; ${fmtInt(Object.keys(stateBefore.dirty).length)} creators marked changed since the previous run; ${memory()}`);

    // --- the nightly, REPS times each, side by side
    const engineTimes: { ms: number; cpuMs: number }[] = [];
    const sqlTimes: { ms: number; cpuMs: number }[] = [];
    const resetMs: number[] = [];
    const sqlTrace: string[] = [];
    let engineResult: Totals | null = null;
    let engineRun: AccrualRun | null = null;
    let sqlResult: Totals | null = null;
    const undoEngineRun = async (run: AccrualRun, seqBefore: number): Promise<Totals> => {
      const reset = await timed(async () => {
        const { ids, byType } = await amountsOfRun(engine.db, run.id);
        engine.purge(ids, seqBefore);
        await writeEngineState(engine.db, structuredClone(stateBefore));
        const count = await engine.db.accruals.count().exec();
        if (count !== engineAccruals) throw new Error(`reset: ${count} accruals in the store, expected ${engineAccruals}`);
        return engineTotals(run, byType);
      });
      resetMs.push(reset.ms);
      return reset.value;
    };
    // Repetition 0 is an untimed warm-up (printed, not in the medians): the first nightly after
    // the 2M-accrual catch-up also pays for that run's aftermath (collecting its garbage and
    // RxDocument caches, reading the store's pages back into the OS cache).
    const deferredMs: number[] = [];
    for (let rep = 0; rep <= REPS; rep++) {
      const seqBefore = engine.lastSeq();
      const nightly = await runEngine(engine, fixture.nightlyAt);
      // The memory storage applies a bulk insert to its indexes lazily, on the next read: work the
      // run leaves behind, measured here, reported next to the run's time.
      const deferred = await timed(() => engine.db.accruals.count().exec(), false);
      const totals = await undoEngineRun(nightly.run, seqBefore);
      if (engineResult && JSON.stringify(engineResult) !== JSON.stringify(totals)) mismatches.push(`engine rep ${rep} differs from rep 0: ${describeTotals(totals)}`);
      engineResult = totals;
      engineRun = nightly.run;

      sqlTrace.length = 0;
      const result = await timed(() => sql.run(fixture.nightlyAt, fixture.nightlyAt, sqlTrace));
      sql.restore(sqlCheckpoint);
      const sqlTotalsRep = sqlTotals(result.value);
      if (sqlResult && JSON.stringify(sqlResult) !== JSON.stringify(sqlTotalsRep)) mismatches.push(`SQL rep ${rep} differs from rep 0: ${describeTotals(sqlTotalsRep)}`);
      sqlResult = sqlTotalsRep;
      if (rep > 0) {
        engineTimes.push(nightly);
        deferredMs.push(deferred.ms);
        sqlTimes.push(result);
      }
      log(
        `  nightly ${rep === 0 ? 'warm-up (untimed)' : `rep ${rep}`}: engine ${fmtS(nightly.ms)} (CPU ${fmtS(nightly.cpuMs)}; then deferred index work ${fmtS(deferred.ms)}; reset ${fmtS(resetMs.at(-1) as number)}), ` +
          `SQL ${fmtS(result.ms)} (CPU ${fmtS(result.cpuMs)}); ${memory()}`,
      );
    }
    const run = engineRun as AccrualRun;
    compare('nightly', engineResult as Totals, sqlResult as Totals);

    // --- optional experiment: the same nightly with a bigger SQLite page cache on the engine's store
    const experimentLines: string[] = [];
    if (EXPERIMENT_CACHE_MIB > 0) {
      engineSqlite.exec(`PRAGMA cache_size = ${-EXPERIMENT_CACHE_MIB * 1024}`);
      const times: { ms: number; cpuMs: number }[] = [];
      for (let rep = 0; rep < 2; rep++) {
        const seqBefore = engine.lastSeq();
        const nightly = await runEngine(engine, fixture.nightlyAt);
        times.push(nightly);
        await undoEngineRun(nightly.run, seqBefore);
      }
      engineSqlite.exec(`PRAGMA cache_size = ${appCacheSize}`);
      experimentLines.push(`experiment — engine nightly with a ${fmtInt(EXPERIMENT_CACHE_MIB)} MiB SQLite page cache on the store (instead of the app's default): ${list(times)}`);
    }

    // --- optional: one more engine nightly under the CPU profiler (not part of the figures)
    let profileLines: string[] = [];
    if (PROFILE_PATH) {
      const session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
      gc();
      await session.post('Profiler.start');
      const seqBefore = engine.lastSeq();
      const profiled = await runEngine(engine, fixture.nightlyAt, false);
      const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
      session.disconnect();
      writeFileSync(PROFILE_PATH, JSON.stringify(profile));
      await undoEngineRun(profiled.run, seqBefore);
      profileLines = [`engine nightly under the CPU profiler (100 µs sampling): ${fmtS(profiled.ms)}, profile written to ${PROFILE_PATH}`, ...summarizeProfile(profile), ...summarizePhases(profile)];
    }

    // --- report
    const engineMedian = median(engineTimes.map((t) => t.ms));
    const sqlMedian = median(sqlTimes.map((t) => t.ms));
    const ratio = sqlMedian / engineMedian;
    const cpuRatio = median(sqlTimes.map((t) => t.cpuMs)) / median(engineTimes.map((t) => t.cpuMs));
    const byType = Object.entries(run.by_type)
      .map(([type, c]) => `${type} ${fmtInt(c.created)} created / ${fmtInt(c.already_present)} already present / ${fmtInt(c.skipped)} skipped`)
      .join('; ');
    log();
    log(`NIGHTLY (as_of ${iso(fixture.nightlyAt)}), wall time, median of ${REPS}:`);
    log(`  engine (POST /accrual-runs on the ${STORAGE === 'sqlite' ? 'SQLite' : 'memory-mirror'} RxDB store): ${fmtS(engineMedian)}   runs: ${list(engineTimes)}`);
    log(`    + work deferred to the next read (the memory storage builds its indexes lazily), median ${fmtS(median(deferredMs))} (not included above)`);
    log(`    ${describeTotals(engineResult as Totals)}`);
    log(`    ${byType}`);
    log(`  SQL (same rules, node:sqlite):                         ${fmtS(sqlMedian)}   runs: ${list(sqlTimes)}`);
    log(`    ${describeTotals(sqlResult as Totals)}`);
    log(`    last run by statement: ${sqlTrace.join('; ')}`);
    log(`  ratio SQL/engine: ${ratio.toFixed(2)}× wall (${cpuRatio.toFixed(2)}× CPU)`);
    log(`  targets: engine < 1 s → ${engineMedian < 1000 ? 'met' : 'MISSED'}; SQL/engine ≥ 2× → ${ratio >= 2 ? 'met' : 'MISSED'}${SCALE === 1 ? '' : ' (at this scale only; the targets are for scale 1)'}`);
    log(`catch-up (as_of ${iso(fixture.previousAt)}): engine ${fmtS(catchUp.ms)}, SQL ${fmtS(catchUpSql.ms)}, ratio SQL/engine ${(catchUpSql.ms / catchUp.ms).toFixed(2)}×`);
    log(
      `memory (RxDB store + SQL baseline in one process): peak RSS ${peakReset ? `during the nightly runs ${fmtInt(peakRssMiB())} MiB, during the setup and catch-up ${fmtInt(setupPeakMiB)} MiB` : `${fmtInt(peakRssMiB())} MiB`}` +
        `; total bench time ${fmtS(performance.now() - benchStarted)}`,
    );
    for (const line of [...experimentLines, ...profileLines]) log(line);
    if (REOPEN || STORAGE === 'sqlite') {
      await engine.close();
      const reopened = await timed(async () => {
        const opened = await openEngine(engineSqlite, fixture.nightlyAt);
        if (STORAGE === 'memory-mirror') await warm(opened.db);
        return opened;
      });
      log(`store reopen (as at app start${STORAGE === 'sqlite' ? ': open the tables' : ': every document loaded from SQLite into memory, indexes built'}): ${fmtS(reopened.ms)} (CPU ${fmtS(reopened.cpuMs)}); ${memory()}`);
      // The first screen: 50 earned accruals of the project, newest first, and the total of every match.
      const me = reopened.value.api.localPrincipal();
      const firstPage = await timed(() => reopened.value.api.handle({ method: 'GET', path: '/payout-accruals', query: { status: 'earned', project_id: fixture.projectId, limit: '50' } }, me));
      const matching = await reopened.value.db.accruals.count({ selector: { status: 'earned', project_id: fixture.projectId } }).exec();
      const total = await timed(
        () =>
          new Promise<number>((resolve, reject) => {
            let stop: (() => void) | null = null;
            stop = reopened.value.api.watch({ name: 'accruals', params: { status: 'earned', project_id: fixture.projectId, limit: 50 } }, me, (message) => {
              if (message.type === 'error') reject(new Error(message.error.message));
              else if (message.sum_amount_cents !== undefined) {
                stop?.();
                resolve(message.sum_amount_cents);
              }
            });
          }),
      );
      log(
        `first accruals screen after the reopen: page of 50 earned accruals (GET /payout-accruals) ${fmtS(firstPage.ms)}; ` +
          `its live total over ${fmtInt(matching)} matching accruals (${fmtUsd(total.value)}) ${fmtS(total.ms)}; cold start to the first page ${fmtS(reopened.ms + firstPage.ms)}; ${memory()}`,
      );
      log(`  targets: cold start < 2 s → ${reopened.ms + firstPage.ms < 2000 ? 'met' : 'MISSED'}; page < 50 ms → ${firstPage.ms < 50 ? 'met' : 'MISSED'}; total < 100 ms → ${total.ms < 100 ? 'met' : 'MISSED'}`);
      await reopened.value.close();
    } else {
      await engine.close();
    }
    sql.close();
    engineSqlite.close();
    if (mismatches.length > 0) {
      console.error('\nMISMATCH between the engine and the SQL baseline:');
      for (const line of mismatches) console.error(`  ${line}`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
