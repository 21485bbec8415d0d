/**
 * The audit log's entity filter two ways: through the journal index (the store's side table, as
 * the app runs) and by scanning the journal (stores in memory). Both must answer the same pages
 * for the same commands; an index missing from a store file is rebuilt when it opens.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../domain/clock.ts';
import { nodeSqliteDriver } from '../node/sqlite.ts';
import { openDatabase, type PayoutsDatabase } from '../store/database.ts';
import { createJournalIndex, entityHistorySql, type JournalIndex } from '../store/journal-index.ts';
import { createSqliteStorage } from '../store/sqlite-storage.ts';
import { createApi, type Api } from './app.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Ids from a counter, so two stores given the same commands hold the same ids. */
function counterIds(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`;
}

async function memoryApi(): Promise<{ api: Api; close(): Promise<void> }> {
  const db = await openDatabase({ storage: getRxStorageMemory(), name: `activity-${crypto.randomUUID()}`, devMode: true });
  const api = await createApi({ db, clock: fixedClock('2026-05-01T12:00:00.000Z'), newId: counterIds(), onInternalError: (error) => { throw error; } });
  return { api, close: () => db.close().then(() => undefined) };
}

async function sqliteApi(path: string, options: { indexed: boolean }): Promise<{ api: Api; index: JournalIndex | undefined; close(): Promise<void> }> {
  const sqlite = nodeSqliteDriver.open(path);
  const journal = createJournalIndex();
  const store = createSqliteStorage(sqlite, { scope: new AsyncLocalStorage<object>(), ...(options.indexed && { projections: { commands: journal.projection } }) });
  const db: PayoutsDatabase = await openDatabase({ storage: store.storage, devMode: true });
  store.finishOpen();
  const api = await createApi({
    db,
    clock: fixedClock('2026-05-01T12:00:00.000Z'),
    newId: counterIds(),
    transaction: store.transaction,
    ...(options.indexed && { journalIndex: journal.index }),
    onInternalError: (error) => { throw error; },
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await db.close();
    sqlite.close();
  };
  cleanups.push(close);
  return { api, index: options.indexed ? journal.index : undefined, close };
}

/** The same commands on any store: creators, a project, payments, a void, a rename. */
async function seed(api: Api): Promise<{ project: string; creators: string[]; payments: string[] }> {
  const me = api.localPrincipal();
  const data = async (method: 'POST' | 'PATCH', path: string, body: unknown, idempotencyKey?: string) => {
    const response = await api.handle({ method, path, body, ...(idempotencyKey && { idempotencyKey }) }, me);
    expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
    return (response.body as { data: { id: string } }).data;
  };
  const project = (await data('POST', '/projects', { name: 'Launch' })).id;
  const creators: string[] = [];
  for (const name of ['Ana', 'Bo', 'Cy']) creators.push((await data('POST', '/creators', { name })).id);
  await data('POST', `/projects/${project}/creators`, { creator_ids: creators });
  const payments: string[] = [];
  for (let i = 0; i < 12; i++) {
    payments.push((await data('POST', '/payout-payments', { project_id: project, creator_id: creators[i % 3], total_amount_cents: 100 * (i + 1) }, `key-${i}`)).id);
  }
  await data('PATCH', `/payout-payments/${payments[4]}`, { status: 'voided' });
  await data('PATCH', `/creators/${creators[1]}`, { name: 'Bo Smith' });
  return { project, creators, payments };
}

async function pages(api: Api, query: Record<string, string>, limit: number): Promise<unknown[]> {
  const items: unknown[] = [];
  let cursor: string | null = null;
  do {
    const response = await api.handle({ method: 'GET', path: '/activity', query: { ...query, limit: String(limit), ...(cursor && { cursor }) } }, api.localPrincipal());
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const body = response.body as { data: unknown[]; meta: { next_cursor: string | null } };
    items.push(...body.data);
    cursor = body.meta.next_cursor;
  } while (cursor);
  return items;
}

describe('activity entity filter', () => {
  it('answers the same pages through the journal index as by scanning the journal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'payouts-activity-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    // One store open at a time (RxDB's collection limit): the scan's answers first, then the index's.
    const scanned = await memoryApi();
    const ids = await seed(scanned.api);
    const queries: Record<string, string>[] = [
      { entity: 'payment' },
      { entity: 'creator' },
      { entity: 'payment', entity_id: ids.payments[4] as string },
      { entity: 'creator', entity_id: ids.creators[1] as string },
      { entity_id: ids.creators[0] as string },
      { entity: 'payment', actor: 'owner' },
      { entity: 'payment', to: '2026-04-30' },
      { entity: 'payout_method' },
    ];
    const limits = [1, 2, 5, 50];
    const expected: unknown[][] = [];
    for (const query of queries) for (const limit of limits) expected.push(await pages(scanned.api, query, limit));
    await scanned.close();

    const indexed = await sqliteApi(join(dir, 'store.sqlite'), { indexed: true });
    expect(await seed(indexed.api)).toEqual(ids);
    let n = 0;
    for (const query of queries) {
      for (const limit of limits) expect(await pages(indexed.api, query, limit), `${JSON.stringify(query)} limit ${limit}`).toEqual(expected[n++]);
    }
    expect(await pages(indexed.api, { entity: 'payment' }, 50)).toHaveLength(13);
    expect(await pages(indexed.api, { entity: 'payment', to: '2026-04-30' }, 50)).toEqual([]);
  });

  it('builds the index of a store that was written without it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'payouts-activity-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'store.sqlite');
    const before = await sqliteApi(path, { indexed: false });
    const ids = await seed(before.api);
    const expected = await pages(before.api, { entity: 'payment', entity_id: ids.payments[4] as string }, 50);
    await before.close();

    const after = await sqliteApi(path, { indexed: true });
    expect(after.index?.touching([{ entity: 'payment', id: ids.payments[4] as string }], Number.POSITIVE_INFINITY, 10)).toHaveLength(2);
    expect(await pages(after.api, { entity: 'payment', entity_id: ids.payments[4] as string }, 50)).toEqual(expected);
  });

  it('reads one entity\'s history through the primary key, not by scanning every entry of its type', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'payouts-activity-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'store.sqlite');
    const store = await sqliteApi(path, { indexed: true });
    await seed(store.api);
    await store.close();
    const file = new DatabaseSync(path);
    const table = String(file.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%commands%_touches'").get()?.name);
    const plan = file.prepare(`EXPLAIN QUERY PLAN ${entityHistorySql(`"${table}"`)}`).all('some-id', 'creator', 100, 10).map((row) => String(row.detail));
    file.close();
    expect(plan).toEqual([expect.stringMatching(/USING PRIMARY KEY \(entity_id=\? AND seq<\?\)/)]);
  });
});
