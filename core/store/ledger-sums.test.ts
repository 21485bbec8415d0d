/**
 * The ledger sums (SQL over the side tables of accruals and payments) against the documents
 * themselves: random inserts, status changes, amount changes, removals and rolled-back
 * transactions, then random filters must count and total the same as the matching documents
 * (and a filter whose date bounds are not in the stored form is left to the documents); a
 * store file written without the side tables gets them rebuilt, to the same totals, on open.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeSqliteDriver } from '../node/sqlite.ts';
import { collectionSchemas } from './database.ts';
import { createLedgerSums, type LedgerSums, type SumFilter, type SummedCollection } from './ledger-sums.ts';
import { createSqliteStorage, type SqliteStore } from './sqlite-storage.ts';
import type { SqliteDatabase } from './sqlite-driver.ts';

const RUNS = Number(process.env.LEDGER_SUMS_RUNS ?? 25);
const uuids = (n: number) => Array.from({ length: n }, () => randomUUID());
const ORGS = uuids(2);
const PROJECTS = uuids(3);
const STRUCTURES = uuids(2);
const CREATORS = uuids(4);
const TIMES = ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-02T12:30:00.000Z', '2026-02-01T00:00:00.000Z', '2026-03-15T08:00:00.000Z'];
/**
 * Bounds a client may send that are not in the stored form: as strings they order differently
 * from their epoch ms ("2026-01-02" is before "2026-01-02T00:00:00.000Z"), so SQL must not answer.
 */
const INEXACT = ['2026-01-02', '2026-01-02T00:00:00Z', '2026-01-02T01:00:00.000+01:00', '2026', 'zzz', '2026-02-30T00:00:00.000Z'];
const CURRENCIES = ['USD', 'EUR'] as const;
const ACCRUAL_STATUSES = ['earned', 'paid', 'rejected', 'voided'] as const;
const PAYMENT_STATUSES = ['paid', 'voided'] as const;
const AMOUNT = { accruals: 'amount_cents', payments: 'total_amount_cents' } as const;
const DATE = { accruals: 'period_end_at', payments: 'paid_at' } as const;

type Doc = Record<string, unknown> & { id: string };
type Opened = { sqlite: SqliteDatabase; store: SqliteStore; db: RxDatabase; sums: LedgerSums; collections: Record<SummedCollection, RxCollection> };

const dirs: string[] = [];
const opened: Opened[] = [];
afterEach(async () => {
  for (const open of opened.splice(0)) await close(open);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function open(path: string, withSums: boolean): Promise<Opened> {
  const sqlite = nodeSqliteDriver.open(path);
  const ledger = createLedgerSums();
  const store = createSqliteStorage(sqlite, { scope: new AsyncLocalStorage<object>(), ...(withSums && { projections: ledger.projections }) });
  const db = await createRxDatabase({ name: 'payouts', storage: store.storage, multiInstance: false, allowSlowCount: true });
  const added = await db.addCollections({ accruals: { schema: collectionSchemas.accruals }, payments: { schema: collectionSchemas.payments } });
  store.finishOpen();
  const result = { sqlite, store, db, sums: ledger.sums, collections: { accruals: added.accruals as RxCollection, payments: added.payments as RxCollection } };
  opened.push(result);
  return result;
}

async function close(open: Opened): Promise<void> {
  const at = opened.indexOf(open);
  if (at >= 0) opened.splice(at, 1);
  await open.db.close();
  open.sqlite.close();
}

function newFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'payouts-sums-'));
  dirs.push(dir);
  return join(dir, 'payouts.sqlite');
}

const pick = <T,>(values: readonly T[]) => fc.constantFrom(...values);
const accrual = fc.record({
  org_id: pick(ORGS),
  project_id: pick(PROJECTS),
  structure_id: pick(STRUCTURES),
  creator_id: pick(CREATORS),
  period_end_at: pick(TIMES),
  amount_cents: fc.integer({ min: -50_000, max: 100_000 }),
  status: pick(ACCRUAL_STATUSES),
  currency: pick(CURRENCIES),
  payable_at: pick(TIMES),
});
const payment = fc.record({
  org_id: pick(ORGS),
  project_id: fc.option(pick(PROJECTS), { nil: null }),
  creator_id: fc.option(pick(CREATORS), { nil: null }),
  paid_at: pick(TIMES),
  total_amount_cents: fc.integer({ min: 1, max: 100_000 }),
  status: pick(PAYMENT_STATUSES),
});
const collection = pick(['accruals', 'payments'] as const);
const step = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('insert' as const), accruals: fc.array(accrual, { maxLength: 6 }), payments: fc.array(payment, { maxLength: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('patch' as const), collection, pick: fc.nat(), status: fc.nat(), amount: fc.integer({ min: 1, max: 9_999 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), collection, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rolled-back' as const), accruals: fc.array(accrual, { minLength: 1, maxLength: 4 }), pick: fc.nat() }) },
);
const filter = fc.record(
  {
    org_id: pick(ORGS),
    project_id: fc.option(pick([...PROJECTS, randomUUID()]), { nil: undefined }),
    creator_id: fc.option(pick([...CREATORS, randomUUID()]), { nil: undefined }),
    structure_id: fc.option(pick(STRUCTURES), { nil: undefined }),
    status: fc.option(pick([...ACCRUAL_STATUSES, ...PAYMENT_STATUSES]), { nil: undefined }),
    from: fc.option(pick([...TIMES, ...TIMES, ...INEXACT]), { nil: undefined }),
    to: fc.option(pick([...TIMES, ...TIMES, ...INEXACT]), { nil: undefined }),
  },
  { requiredKeys: ['org_id'] },
);

/** The count and sum the filter means, from the documents. */
async function expected(open: Opened, name: SummedCollection, f: SumFilter): Promise<{ count: number; sum: number }> {
  const docs = (await open.collections[name].find().exec()).map((doc) => doc.toJSON() as Doc);
  const matching = docs.filter(
      (doc) =>
        doc.org_id === f.org_id &&
        (f.project_id === undefined || doc.project_id === f.project_id) &&
        (f.creator_id === undefined || doc.creator_id === f.creator_id) &&
        (name === 'payments' || f.structure_id === undefined || doc.structure_id === f.structure_id) &&
        (f.status === undefined || doc.status === f.status) &&
        (f.from === undefined || String(doc[DATE[name]]) >= f.from) &&
        (f.to === undefined || String(doc[DATE[name]]) <= f.to),
    );
  return { count: matching.length, sum: matching.reduce((sum, doc) => sum + Number(doc[AMOUNT[name]]), 0) };
}

/** SQL's totals equal the documents' whenever it answers, and it answers every filter with bounds in the stored form. */
async function check(open: Opened, name: SummedCollection, f: SumFilter): Promise<void> {
  const exact = [f.from, f.to].every((bound) => bound === undefined || TIMES.includes(bound));
  const totals = open.sums.totals(name, f);
  if (exact) expect(totals, `${name} ${JSON.stringify(f)}`).toEqual(await expected(open, name, f));
  else expect(totals, `${name} ${JSON.stringify(f)}`).toBeNull();
}

const payableQuery = fc.record({
  org_id: pick(ORGS),
  project_id: pick([...PROJECTS, randomUUID()]),
  currency: pick([...CURRENCIES, 'GBP']),
  as_of: pick([...TIMES, ...INEXACT]),
  exclude: fc.array(fc.nat(), { maxLength: 6 }),
});

/**
 * The payable sets equal the documents' (earned, the currency, payable_at ≤ as_of as strings,
 * not excluded; oldest period first, then by id), for any as_of a client may send.
 */
async function checkPayable(open: Opened, q: typeof payableQuery extends fc.Arbitrary<infer Q> ? Q : never): Promise<void> {
  const docs = (await open.collections.accruals.find({ sort: [{ id: 'asc' }] }).exec()).map((doc) => doc.toJSON() as Doc);
  const exclude = new Set(q.exclude.map((n) => docs[n % Math.max(docs.length, 1)]?.id).filter((id): id is string => id !== undefined));
  const want = new Map<string, { accrual_ids: string[]; balance_cents: number; clawback_cents: number }>();
  const matching = docs
    .filter((doc) => doc.org_id === q.org_id && doc.project_id === q.project_id && doc.status === 'earned' && doc.currency === q.currency && String(doc.payable_at) <= q.as_of && !exclude.has(doc.id))
    .sort((a, b) => (a.period_end_at === b.period_end_at ? (a.id < b.id ? -1 : 1) : String(a.period_end_at) < String(b.period_end_at) ? -1 : 1));
  for (const doc of matching) {
    const creator = String(doc.creator_id);
    const set = want.get(creator) ?? { accrual_ids: [], balance_cents: 0, clawback_cents: 0 };
    set.accrual_ids.push(doc.id);
    set.balance_cents += Number(doc.amount_cents);
    set.clawback_cents += Math.min(0, Number(doc.amount_cents));
    want.set(creator, set);
  }
  const got = open.sums.payable(q, exclude);
  expect(new Map([...got].sort(([a], [b]) => (a < b ? -1 : 1))), JSON.stringify(q)).toEqual(new Map([...want].sort(([a], [b]) => (a < b ? -1 : 1))));
}

type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

async function apply(open: Opened, steps: Step[]): Promise<void> {
  for (const s of steps) {
    if (s.kind === 'insert') {
      if (s.accruals.length) await open.collections.accruals.bulkInsert(s.accruals.map((doc) => ({ id: randomUUID(), ...doc })));
      if (s.payments.length) await open.collections.payments.bulkInsert(s.payments.map((doc) => ({ id: randomUUID(), ...doc })));
    } else if (s.kind === 'patch' || s.kind === 'remove') {
      const docs = await open.collections[s.collection].find({ sort: [{ id: 'asc' }] }).exec();
      const doc = docs[s.pick % Math.max(docs.length, 1)];
      if (!doc) continue;
      if (s.kind === 'remove') await doc.remove();
      else {
        const statuses = s.collection === 'accruals' ? ACCRUAL_STATUSES : PAYMENT_STATUSES;
        await doc.incrementalPatch({ status: statuses[s.status % statuses.length], [AMOUNT[s.collection]]: s.amount });
      }
    } else {
      // A command that fails half way: its inserts and its patch never happened.
      const docs = await open.collections.accruals.find({ sort: [{ id: 'asc' }] }).exec();
      await expect(
        open.store.transaction(async () => {
          await open.collections.accruals.bulkInsert(s.accruals.map((doc) => ({ id: randomUUID(), ...doc })));
          const doc = docs[s.pick % Math.max(docs.length, 1)];
          if (doc) await doc.incrementalPatch({ amount_cents: 77_777 });
          throw new Error('command failed');
        }),
      ).rejects.toThrow('command failed');
    }
  }
}

describe('ledger sums', () => {
  it('total what the matching documents add up to, after writes, removals and rollbacks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), fc.array(fc.tuple(collection, filter), { minLength: 5, maxLength: 10 }), fc.array(payableQuery, { minLength: 3, maxLength: 6 }), async (steps, filters, payables) => {
        const store = await open(newFile(), true);
        await apply(store, steps);
        for (const [name, f] of filters) await check(store, name, f);
        for (const q of payables) await checkPayable(store, q);
        await close(store);
      }),
      { numRuns: RUNS },
    );
  });

  it('are rebuilt from the documents when a store file was written without them', async () => {
    const file = newFile();
    const before = await open(file, false);
    await apply(before, [
      { kind: 'insert', accruals: fc.sample(accrual, { numRuns: 40, seed: 7 }), payments: fc.sample(payment, { numRuns: 20, seed: 8 }) },
      { kind: 'patch', collection: 'accruals', pick: 3, status: 1, amount: 1234 },
      { kind: 'remove', collection: 'payments', pick: 2 },
    ]);
    await close(before);
    const after = await open(file, true);
    for (const [name, f] of fc.sample(fc.tuple(collection, filter), { numRuns: 30, seed: 9 })) await check(after, name, f);
    // A filter on an id the store never held matches nothing, and no filter beyond the org totals it all.
    expect(after.sums.totals('accruals', { org_id: ORGS[0] as string, creator_id: randomUUID() })).toEqual({ count: 0, sum: 0 });
    const all = await expected(after, 'accruals', { org_id: ORGS[0] as string });
    expect(all.count).toBeGreaterThan(0);
    expect(after.sums.totals('accruals', { org_id: ORGS[0] as string })).toEqual(all);
    for (const q of fc.sample(payableQuery, { numRuns: 20, seed: 10 })) await checkPayable(after, q);
  });

  it('are rebuilt when the accruals side table predates payable_at and currency', async () => {
    const file = newFile();
    const before = await open(file, true);
    await apply(before, [{ kind: 'insert', accruals: fc.sample(accrual, { numRuns: 60, seed: 11 }), payments: [] }]);
    const table = String(before.sqlite.prepare("SELECT table_name FROM rx_tables WHERE key LIKE '%/accruals/%'").get()?.table_name);
    // The layout of an older version: no currency, no payable column.
    before.sqlite.exec(`ALTER TABLE "${table}_sums" DROP COLUMN payable`);
    before.sqlite.exec(`ALTER TABLE "${table}_sums" DROP COLUMN currency`);
    await close(before);
    const after = await open(file, true);
    const columns = after.sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(`${table}_sums`).map((row) => String(row.name));
    expect(columns).toEqual(expect.arrayContaining(['currency', 'payable']));
    const payable = fc.sample(payableQuery, { numRuns: 30, seed: 12 });
    let found = 0;
    for (const q of payable) {
      await checkPayable(after, q);
      found += after.sums.payable(q, new Set()).size;
    }
    expect(found).toBeGreaterThan(0);
    for (const [name, f] of fc.sample(fc.tuple(collection, filter), { numRuns: 20, seed: 13 })) await check(after, name, f);
  });
});
