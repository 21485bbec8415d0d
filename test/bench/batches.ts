/**
 * Payout batch bench (issue: draft a batch for 10,000 creators with 1M payable accruals and export
 * it). One project, BENCH_SCALE × 10,000 members with PayPal emails, 100 payable earned accruals
 * each, on the app's SQLite store opened as the app opens it (side tables included). Timed, in
 * one run, side by side: the draft (`POST /payout-batches`) plus the export (`POST …/export`),
 * and a plain SQL query that only sums the same accruals over the stored documents. Each is run
 * BENCH_REPS times (default 3; a draft is deleted before the next one); medians are printed with
 * their ratio. Figures at other scales are not the issue's.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApi } from '../../core/api/app.ts';
import type { Accrual } from '../../core/domain/accrual.ts';
import type { CreatorDoc } from '../../core/domain/creator.ts';
import { fixedClock } from '../../core/domain/clock.ts';
import { nodeSqliteDriver } from '../../core/node/sqlite.ts';
import { collectionSchemas, openDatabase } from '../../core/store/database.ts';
import { createSideTables } from '../../core/store/side-tables.ts';
import { createSqliteStorage } from '../../core/store/sqlite-storage.ts';
import { createRng, uuidFrom } from './fixtures.ts';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const CREATORS = Math.round(10_000 * SCALE);
const PER_CREATOR = 100;
const NOW = '2026-06-01T00:00:00.000Z';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

// BENCH_BATCH_STORE=<dir> keeps the store there and reuses it on the next run (no setup).
const kept = process.env.BENCH_BATCH_STORE;
if (kept) mkdirSync(kept, { recursive: true });
const dir = kept ?? mkdtempSync(join(tmpdir(), 'payouts-bench-batches-'));
try {
  const sqlite = nodeSqliteDriver.open(join(dir, 'bench.sqlite'));
  const sides = createSideTables();
  const store = createSqliteStorage(sqlite, { scope: new AsyncLocalStorage<object>(), projections: sides.projections });
  const db = await openDatabase({ storage: store.storage, name: 'payouts' });
  store.finishOpen();
  const clock = fixedClock(NOW);
  const api = await createApi({ db, clock, transaction: store.transaction, journalIndex: sides.journalIndex, ledgerSums: sides.ledgerSums, onInternalError: (error) => console.error('internal error:', error) });
  const me = api.localPrincipal();
  const must = async (method: 'POST' | 'GET' | 'DELETE', path: string, body?: unknown) => {
    const response = await api.handle({ method, path, body }, me);
    if (response.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(response.body)}`);
    return (response.body as { data: any }).data;
  };

  const setUp = async (): Promise<{ project: string; paypal: string; creatorCount: number }> => {
    const setupStart = performance.now();
    const project = (await must('POST', '/projects', { name: 'Bench', timezone: 'UTC' })).id as string;
    const structure = (await must('POST', '/payout-structures', { project_id: project, name: 'Weekly', currency: 'USD', period: 'weekly', amount_cents: 100, criteria_type: 'recurring', criteria_params: {}, proration_mode: 'skip' })).structure_id as string;
    const paypal = ((await must('GET', '/payout-methods')) as { id: string; name: string }[]).find((method) => method.name === 'PayPal')?.id as string;
    const rng = createRng(7);
    const creators: string[] = [];
    for (let start = 0; start < CREATORS; start += 1000) {
      const docs: CreatorDoc[] = [];
      for (let i = start; i < Math.min(CREATORS, start + 1000); i++) {
        const id = uuidFrom(rng);
        creators.push(id);
        docs.push({ id, org_id: api.orgId, name: `Creator ${i}`, handle: `@c${i}`, email: `c${i}@example.com`, default_method_id: null, payout_handle: null, metadata: {}, readme: null, handle_key: `@c${i}`, name_key: `creator ${i}`, memberships: [{ project_id: project, joined_at: NOW }], goals: [], created_at: NOW, updated_at: NOW });
      }
      await store.transaction(async () => {
        const result = await db.creators.bulkInsert(docs);
        if (result.error.length > 0) throw new Error(JSON.stringify(result.error[0]));
      });
    }
    const version = (await must('GET', `/payout-structures/${structure}`)).current_version?.id ?? uuidFrom(rng);
    // Accruals go in 5,000 at a time (50 creators per transaction): the setup is not what is timed.
    let pending: Accrual[] = [];
    const flush = async () => {
      const chunk = pending;
      pending = [];
      await store.transaction(async () => {
        const result = await db.accruals.bulkInsert(chunk);
        if (result.error.length > 0) throw new Error(JSON.stringify(result.error[0]));
      });
    };
    for (const [index, creatorId] of creators.entries()) {
      for (let week = 0; week < PER_CREATOR; week++) {
        const startAt = new Date(Date.parse(NOW) - (PER_CREATOR - week + 1) * 7 * 86_400_000).toISOString();
        const endAt = new Date(Date.parse(startAt) + 7 * 86_400_000).toISOString();
        pending.push({
          id: uuidFrom(rng), org_id: api.orgId, project_id: project, structure_id: structure, version_id: version, version_number: 1, creator_id: creatorId, criteria_type: 'recurring',
          period_start_at: startAt, period_end_at: endAt, video_id: null, view_count: null, referral_id: null, referral_event_id: null, kind: 'accrual', payable_at: endAt,
          amount_cents: 100 + ((index + week) % 900), currency: 'USD', status: 'earned', inputs_snapshot: { version_number: 1, amount_cents: 100 }, run_id: uuidFrom(rng), payment_id: null, paid_at: null, created_at: NOW, updated_at: NOW,
        });
      }
      if (index % 50 === 49) {
        await flush();
        process.stdout.write(`\rsetup: ${index + 1}/${creators.length} creators' accruals`);
      }
    }
    if (pending.length > 0) await flush();
    console.log(`\rsetup: ${creators.length} creators, ${creators.length * PER_CREATOR} payable accruals in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`);
    return { project, paypal, creatorCount: creators.length };
  };
  const existing = ((await must('GET', '/projects')) as { id: string; name: string }[]).find((candidate) => candidate.name === 'Bench');
  const { project, paypal, creatorCount } = existing
    ? {
        project: existing.id,
        paypal: ((await must('GET', '/payout-methods')) as { id: string; name: string }[]).find((method) => method.name === 'PayPal')?.id as string,
        creatorCount: await db.creators.count().exec(),
      }
    : await setUp();
  if (existing) console.log(`reusing the store in ${dir}: ${creatorCount} creators`);

  const table = (sqlite.prepare('SELECT table_name FROM rx_tables WHERE key = ?').get(`payouts/accruals/${collectionSchemas.accruals.version}`) as { table_name: string }).table_name;
  const plainSum = sqlite.prepare(
    `SELECT count(*) AS n, sum(json_extract(data, '$.amount_cents')) AS total FROM "${table}" WHERE deleted = 0 AND json_extract(data, '$.project_id') = ? AND json_extract(data, '$.status') = 'earned' AND json_extract(data, '$.payable_at') <= ?`,
  );
  // The same sum over the ledger's side table (what the plan itself scans): the floor of any plan.
  const sideSum = sqlite.prepare(`SELECT count(*) AS n, sum(amount) AS total FROM "${table}_sums" WHERE status = 'earned' AND currency = 'USD' AND payable <= ?`);
  const draftMs: number[] = [];
  const exportMs: number[] = [];
  const sumMs: number[] = [];
  const sideMs: number[] = [];
  let check = '';
  for (let rep = 0; rep < REPS; rep++) {
    const sumStart = performance.now();
    const sum = plainSum.get(project, NOW) as { n: number; total: number };
    sumMs.push(performance.now() - sumStart);
    const sideStart = performance.now();
    const side = sideSum.get(NOW) as { n: number; total: number };
    sideMs.push(performance.now() - sideStart);
    if (side.total !== sum.total || side.n !== sum.n) throw new Error('the side table and the documents differ');
    const draftStart = performance.now();
    const batch = await must('POST', '/payout-batches', { project_id: project, method_id: paypal });
    const exportStart = performance.now();
    const exported = await must('POST', `/payout-batches/${batch.id}/export`);
    exportMs.push(performance.now() - exportStart);
    draftMs.push(performance.now() - draftStart);
    check = `batch ${batch.line_count} lines, ${batch.accrual_count} accruals, ${batch.total_amount_cents} cents, file ${exported.file.file_name} (${exported.file.size_bytes} bytes); plain sum ${sum.n} accruals, ${sum.total} cents`;
    if (batch.total_amount_cents !== sum.total || batch.accrual_count !== sum.n) throw new Error(`the batch and the plain sum differ: ${check}`);
    // Free the accruals for the next rep: an exported batch's lines are marked failed (payable again).
    await api.handle({ method: 'POST', path: `/payout-batches/${batch.id}/settle`, body: { lines: batch.lines.map((line: { id: string }) => ({ line_id: line.id, status: 'failed', failure_reason: 'bench' })) }, idempotencyKey: crypto.randomUUID() }, me);
  }
  console.log(check);
  const draft = median(draftMs);
  const sum = median(sumMs);
  const sideFloor = median(sideMs);
  console.log(
    `payout batch for ${creatorCount} creators / ${creatorCount * PER_CREATOR} accruals (median of ${REPS}): draft + export ${draft.toFixed(0)} ms (export ${median(exportMs).toFixed(0)} ms)   plain SQL sum over the documents ${sum.toFixed(0)} ms   ratio ${(draft / sum).toFixed(2)}×   (target: under 1,000 ms and within 3×)`,
  );
  console.log(`  the same sum over the ledger's side table ${sideFloor.toFixed(0)} ms   ratio ${(draft / sideFloor).toFixed(2)}×`);
  await db.close();
  sqlite.close();
} finally {
  if (!kept) rmSync(dir, { recursive: true, force: true });
}
