/**
 * `npm run bench` (never part of `npm test`) runs four benches in sequence:
 *
 * 1. What durability costs. The same API commands (create a payout method, then list) run side
 *    by side on the app's store (the RxStorage on node:sqlite, WAL + synchronous=FULL), on the
 *    previous design (RxDB memory storage mirrored to SQLite, test/bench/legacy/) and on plain
 *    memory storage, in one run; the ratios are what matter, not the absolute times.
 * 2. The accrual engine's nightly run at the sizes against the same rules in SQL
 *    (test/bench/accruals.ts), in a child process (its peak RSS is its own) with a heap large
 *    enough for the previous design's in-memory store (BENCH_HEAP_MIB, default 20480).
 *    BENCH_STORAGE=memory-mirror runs it on the previous design; BENCH_SCALE=0.1 is a quick run
 *    (its figures are not the issue's).
 *
 * 3. A payout batch for 10,000 creators with 1M payable accruals, drafted and exported, next to a
 *    plain SQL sum of the same accruals (test/bench/batches.ts), in a child process.
 *
 * 4. Sync on loopback (test/bench/sync.ts): push of BENCH_SYNC_COMMANDS commands and a fresh
 *    desktop's first pull, next to the same number of plain API calls.
 *
 * BENCH_ONLY=durability|accruals|batches|sync runs one of them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { createApi } from '../../core/api/app.ts';
import { systemClock } from '../../core/domain/clock.ts';
import { openDatabase } from '../../core/store/database.ts';
import { createDurableStorage } from './legacy/memory-mirror-storage.ts';
import { nodeSqliteDriver } from '../../core/node/sqlite.ts';
import { createSqliteStorage } from '../../core/store/sqlite-storage.ts';

const WRITES = Number(process.env.BENCH_WRITES ?? 500);
const READS = Number(process.env.BENCH_READS ?? 2000);

async function measure(label: string, open: () => Promise<{ api: Awaited<ReturnType<typeof createApi>>; close(): Promise<void> }>) {
  const { api, close } = await open();
  const me = api.localPrincipal();
  const writeStart = performance.now();
  for (let i = 0; i < WRITES; i++) {
    const response = await api.handle({ method: 'POST', path: '/payout-methods', body: { name: `${label}-${i}` } }, me);
    if (response.status !== 201) throw new Error(`create failed: ${JSON.stringify(response.body)}`);
  }
  const writeMs = performance.now() - writeStart;
  const readStart = performance.now();
  for (let i = 0; i < READS; i++) await api.handle({ method: 'GET', path: '/payout-methods', query: { limit: '50' } }, me);
  const readMs = performance.now() - readStart;
  await close();
  return { writeMs, readMs };
}

/** What durability costs: the same API commands on the SQLite store, the previous design and plain memory storage. */
async function durabilityBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'payouts-bench-'));
  const limits = { planLimits: { customMethods: 1_000_000 } };
  try {
    const sqliteStore = await measure('sqlite', async () => {
      const sqlite = nodeSqliteDriver.open(join(dir, 'bench-sqlite.sqlite'));
      const store = createSqliteStorage(sqlite);
      const db = await openDatabase({ storage: store.storage, name: 'bench-sqlite' });
      store.finishOpen();
      const api = await createApi({ db, clock: systemClock, transaction: store.transaction, config: limits });
      return { api, close: async () => { await db.close(); sqlite.close(); } };
    });
    const mirror = await measure('mirror', async () => {
      const sqlite = nodeSqliteDriver.open(join(dir, 'bench-mirror.sqlite'));
      const storage = createDurableStorage(sqlite);
      const db = await openDatabase({ storage: storage.storage, name: 'bench-mirror' });
      const api = await createApi({ db, clock: systemClock, transaction: storage.transaction, config: limits });
      return { api, close: async () => { await db.close(); sqlite.close(); } };
    });
    const memory = await measure('memory', async () => {
      const db = await openDatabase({ storage: getRxStorageMemory(), name: 'bench-memory' });
      const api = await createApi({ db, clock: systemClock, config: limits });
      return { api, close: async () => { await db.close(); } };
    });
    const perOp = (ms: number, count: number) => `${((ms / count) * 1000).toFixed(0)} µs/op`;
    const row = (pick: (m: typeof memory) => number, count: number) =>
      `  sqlite: ${perOp(pick(sqliteStore), count)}   memory mirror: ${perOp(pick(mirror), count)}   memory: ${perOp(pick(memory), count)}   ` +
      `ratio sqlite/memory: ${(pick(sqliteStore) / pick(memory)).toFixed(2)}×, memory mirror/memory: ${(pick(mirror) / pick(memory)).toFixed(2)}×`;
    console.log(`API create (${WRITES} commands, each an fsync'd SQLite transaction on the two durable stores)`);
    console.log(row((m) => m.writeMs, WRITES));
    console.log(`API list (${READS} reads of 50 rows)`);
    console.log(row((m) => m.readMs, READS));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A bench in its own process: its memory (peak RSS) is its own, and it gets a big heap. */
async function childBench(file: string): Promise<void> {
  const heapMiB = Number(process.env.BENCH_HEAP_MIB ?? 20_480);
  const script = fileURLToPath(new URL(file, import.meta.url));
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', `--max-old-space-size=${heapMiB}`, '--expose-gc', '--import', 'tsx', script], { stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) {
    console.error(`${file} bench failed (exit ${code})`);
    process.exitCode = 1;
  }
}

const only = process.env.BENCH_ONLY;
if (!only || only === 'durability') await durabilityBench();
if (!only || only === 'accruals') {
  if (!only) console.log();
  await childBench('./accruals.ts');
}
if (!only || only === 'batches') {
  if (!only) console.log();
  await childBench('./batches.ts');
}
if (!only || only === 'sync') {
  if (!only) console.log();
  await childBench('./sync.ts');
}
