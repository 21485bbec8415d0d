/**
 * `npm run bench` (never part of `npm test`) runs two benches in sequence:
 *
 * 1. What durability costs. The same API commands (create a payout method, then list) run side
 *    by side on the durable store (memory + node:sqlite, synchronous=FULL) and on plain memory
 *    storage, in one run; the ratio is what matters, not the absolute times.
 * 2. The accrual engine's nightly run at the sizes against the same rules in SQL
 *    (test/bench/accruals.ts), in a child process with a heap large enough for 1M videos and the
 *    accrual history (BENCH_HEAP_MIB, default 20480). At scale 1 it takes about 18 minutes and
 *    about 17 GiB RSS; BENCH_SCALE=0.1 is a quick run (its figures are not the issue's).
 *
 * BENCH_ONLY=durability|accruals runs one of them.
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

/** What durability costs: the same API commands on the durable store and on plain memory storage. */
async function durabilityBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'payouts-bench-'));
  const limits = { planLimits: { customMethods: 1_000_000 } };
  try {
    const durable = await measure('durable', async () => {
      const sqlite = nodeSqliteDriver.open(join(dir, 'bench.sqlite'));
      const storage = createDurableStorage(sqlite);
      const db = await openDatabase({ storage: storage.storage, name: 'bench-durable' });
      const api = await createApi({ db, clock: systemClock, transaction: storage.transaction, config: limits });
      return { api, close: async () => { await db.close(); sqlite.close(); } };
    });
    const memory = await measure('memory', async () => {
      const db = await openDatabase({ storage: getRxStorageMemory(), name: 'bench-memory' });
      const api = await createApi({ db, clock: systemClock, config: limits });
      return { api, close: async () => { await db.close(); } };
    });
    const perOp = (ms: number, count: number) => `${((ms / count) * 1000).toFixed(0)} µs/op`;
    console.log(`API create (${WRITES} commands, each an fsync'd SQLite transaction in the durable store)`);
    console.log(`  durable: ${perOp(durable.writeMs, WRITES)}   memory: ${perOp(memory.writeMs, WRITES)}   ratio durable/memory: ${(durable.writeMs / memory.writeMs).toFixed(2)}×`);
    console.log(`API list (${READS} reads of 50 rows; reads never touch SQLite)`);
    console.log(`  durable: ${perOp(durable.readMs, READS)}   memory: ${perOp(memory.readMs, READS)}   ratio durable/memory: ${(durable.readMs / memory.readMs).toFixed(2)}×`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The accrual bench in its own process: its memory (peak RSS) is its own, and it gets a big heap. */
async function accrualBench(): Promise<void> {
  const heapMiB = Number(process.env.BENCH_HEAP_MIB ?? 20_480);
  const script = fileURLToPath(new URL('./accruals.ts', import.meta.url));
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', `--max-old-space-size=${heapMiB}`, '--expose-gc', '--import', 'tsx', script], { stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) {
    console.error(`accrual bench failed (exit ${code})`);
    process.exitCode = 1;
  }
}

const only = process.env.BENCH_ONLY;
if (!only || only === 'durability') await durabilityBench();
if (!only || only === 'accruals') {
  if (!only) console.log();
  await accrualBench();
}
