/**
 * The SQLite storage on a temp file per test (DESIGN.md "Storage"): what resolves is on disk and
 * survives reopen; a failed transaction leaves disk and RxDB's view of it as before; other flows'
 * writes neither join nor are lost with an open transaction; stale writes are conflicts; the
 * change feed lists every committed write in order; removal drops the table; a store in the
 * previous layout is converted on open. Crashes: test/integration/durability.test.ts. Query
 * results against RxDB's memory storage: sqlite-conformance.test.ts.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandEntry } from '../domain/command-journal.ts';
import type { PayoutMethodDoc } from '../domain/payout-method.ts';
import { nodeSqliteDriver } from '../node/sqlite.ts';
import { storedRows } from '../../test/support/store-file.ts';
import { openDatabase, type PayoutsDatabase } from './database.ts';
import { createSqliteStorage, type SqliteStore } from './sqlite-storage.ts';
import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.ts';

const ORG = '7d0f1c52-3f7e-4c55-9b7a-2f9a8d1e6c01';
const AT = '2026-05-01T00:00:00.000Z';
const METHODS = 'payouts/payout_methods/0';
const COMMANDS = 'payouts/commands/1';

function method(name: string, overrides: Partial<PayoutMethodDoc> = {}): PayoutMethodDoc {
  return { id: randomUUID(), org_id: ORG, name, name_key: name.toLowerCase(), icon_url: null, is_default: false, is_active: true, metadata: {}, readme: null, created_at: AT, updated_at: AT, ...overrides };
}

function journalEntry(seq: number, changed: PayoutMethodDoc): CommandEntry {
  return {
    id: randomUUID(),
    org_id: ORG,
    seq,
    at: AT,
    actor: 'local_user',
    method: 'POST',
    route: 'POST /payout-methods',
    path: '/payout-methods',
    request_body: { name: changed.name },
    status: 201,
    changes: [{ entity: 'payout_method', id: changed.id, before: null, after: changed }],
    idempotency_key: '',
    request_hash: null,
    response_body: null,
    sync_state: 'pending',
  };
}

/** A driver whose inserts and updates can be made to fail, as a full disk or an I/O error would. */
function failingDriver(sqlite: SqliteDatabase): SqliteDatabase & { failWrites: boolean; failAfterWrites: number | undefined } {
  const wrapped = {
    failWrites: false,
    /** Lets this many more write statements run, then fails them (as failWrites does). */
    failAfterWrites: undefined as number | undefined,
    get path() {
      return sqlite.path;
    },
    get isInTransaction() {
      return sqlite.isInTransaction;
    },
    exec: (sql: string) => sqlite.exec(sql),
    transaction: <T>(fn: () => T) => sqlite.transaction(fn),
    close: () => sqlite.close(),
    prepare(sql: string): SqliteStatement {
      const statement = sqlite.prepare(sql);
      if (!/^(INSERT|UPDATE)\b/.test(sql)) return statement;
      const refuse = () => {
        if (wrapped.failAfterWrites !== undefined && wrapped.failAfterWrites-- <= 0) throw new Error('disk I/O error');
        if (wrapped.failWrites) throw new Error('disk I/O error');
      };
      return {
        run: (...params) => (refuse(), statement.run(...params)),
        get: (...params) => (refuse(), statement.get(...params)),
        all: (...params) => (refuse(), statement.all(...params)),
        iterate: (...params) => (refuse(), statement.iterate(...params)),
      };
    },
  };
  return wrapped;
}

type Store = { db: PayoutsDatabase; sqlite: SqliteDatabase; store: SqliteStore; close(): Promise<void> };

let dir: string;
let path: string;
const opened: Store[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'payouts-sqlite-storage-'));
  path = join(dir, 'store.sqlite');
});

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function openStore(wrap: (sqlite: SqliteDatabase) => SqliteDatabase = (sqlite) => sqlite, onProgress?: (done: number, total: number) => void): Promise<Store> {
  const sqlite = wrap(nodeSqliteDriver.open(path));
  let db: PayoutsDatabase;
  let store: SqliteStore | undefined;
  try {
    // As core/node opens it: the scope tells a transaction's writes from other async flows'.
    store = createSqliteStorage(sqlite, { scope: new AsyncLocalStorage<object>(), onConversionProgress: onProgress, documentCacheSize: 50 });
    db = await openDatabase({ storage: store.storage, devMode: true });
    store.finishOpen();
  } catch (error) {
    store?.abortOpen();
    sqlite.close();
    throw error;
  }
  let closed = false;
  const result: Store = {
    db,
    sqlite,
    store: store as SqliteStore,
    async close() {
      if (closed) return;
      closed = true;
      await db.close();
      sqlite.close();
    },
  };
  opened.push(result);
  return result;
}

async function reopen(store: Store): Promise<Store> {
  await store.close();
  return openStore();
}

/** What another connection to the file sees: only what is committed. */
function committedRows(instance: string): { id: string; deleted: number; data: string }[] {
  const other = new DatabaseSync(path, { readOnly: true });
  try {
    return storedRows(other, [instance]).sort((a, b) => (a.id < b.id ? -1 : 1));
  } finally {
    other.close();
  }
}
const live = (instance: string) => committedRows(instance).filter((row) => row.deleted === 0).map((row) => row.id);
const rowCount = (instance: string, id: string) => committedRows(instance).filter((row) => row.id === id).length;

async function methodNames(db: PayoutsDatabase): Promise<string[]> {
  return (await db.payout_methods.find({ sort: [{ name_key: 'asc' }] }).exec()).map((doc) => doc.name);
}

describe('sqlite storage: what was written survives close and reopen', () => {
  it('keeps inserts, updates and deletes, across several generations of the file', async () => {
    let store = await openStore();
    const [a, b, c] = [method('Alpha'), method('Beta'), method('Gamma')];
    await store.db.payout_methods.insert(a);
    await store.db.payout_methods.bulkInsert([b, c]);
    await (await store.db.payout_methods.findOne(a.id).exec())?.incrementalPatch({ name: 'Alpha 2', is_active: false });
    await (await store.db.payout_methods.findOne(b.id).exec())?.remove();
    await store.db.commands.insert(journalEntry(1, a));

    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['Alpha 2', 'Gamma']);
    expect((await store.db.payout_methods.findOne(a.id).exec())?.is_active).toBe(false);
    expect(await store.db.payout_methods.findOne(b.id).exec()).toBeNull();
    expect((await store.db.commands.find().exec()).map((entry) => entry.seq)).toEqual([1]);

    await (await store.db.payout_methods.findOne(c.id).exec())?.incrementalPatch({ name: 'Gamma 2' });
    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['Alpha 2', 'Gamma 2']);
    expect(rowCount(METHODS, a.id)).toBe(1);
  });

  it('keeps local documents (db.upsertLocal)', async () => {
    let store = await openStore();
    await store.db.upsertLocal('settings', { theme: 'dark', currency: 'USD' });
    await store.db.upsertLocal('settings', { theme: 'light', currency: 'USD' });
    await store.db.insertLocal('org', { id: ORG });
    store = await reopen(store);
    expect((await store.db.getLocal('settings'))?.toJSON().data).toEqual({ theme: 'light', currency: 'USD' });
    expect((await store.db.getLocal('org'))?.toJSON().data).toEqual({ id: ORG });
  });

  it('commits a write before it resolves (another connection sees it at once)', async () => {
    const store = await openStore();
    const a = method('Alpha');
    await store.db.payout_methods.insert(a);
    expect(live(METHODS)).toEqual([a.id]);
    await (await store.db.payout_methods.findOne(a.id).exec())?.remove();
    expect(live(METHODS)).toEqual([]);
    expect(rowCount(METHODS, a.id)).toBe(1); // the tombstone
  });

  it('reads more documents than its cache holds, and the same after reopen', async () => {
    let store = await openStore();
    const docs = Array.from({ length: 260 }, (_, i) => method(`M${String(i).padStart(3, '0')}`));
    await store.db.payout_methods.bulkInsert(docs);
    for (const doc of docs.slice(0, 120)) await (await store.db.payout_methods.findOne(doc.id).exec())?.incrementalPatch({ is_active: false });
    const read = async (db: PayoutsDatabase) => ({
      names: await methodNames(db),
      inactive: await db.payout_methods.count({ selector: { is_active: false } }).exec(),
      byId: (await db.payout_methods.findByIds(docs.map((doc) => doc.id)).exec()).size,
    });
    const before = await read(store.db);
    expect(before).toEqual({ names: docs.map((doc) => doc.name), inactive: 120, byId: 260 });
    store = await reopen(store);
    expect(await read(store.db)).toEqual(before);
  });
});

describe('sqlite storage: conflicts', () => {
  it('refuses a write based on a stale revision with 409 and the stored document; inserting an existing id is a conflict too', async () => {
    const store = await openStore();
    const a = method('Alpha');
    const [stored] = await store.db.payout_methods.storageInstance.findDocumentsById([a.id], true);
    expect(stored).toBeUndefined();
    await store.db.payout_methods.insert(a);
    const [v1] = await store.db.payout_methods.storageInstance.findDocumentsById([a.id], false);
    await (await store.db.payout_methods.findOne(a.id).exec())?.incrementalPatch({ name: 'Alpha 2' });
    const [v2] = await store.db.payout_methods.storageInstance.findDocumentsById([a.id], false);

    const stale = await store.db.payout_methods.storageInstance.bulkWrite([{ previous: v1!, document: { ...v1!, name: 'Stale', _rev: '9-stale', _meta: { lwt: Date.now() } } }], 'test');
    expect(stale.error).toHaveLength(1);
    expect(stale.error[0]).toMatchObject({ status: 409, documentId: a.id, documentInDb: { name: 'Alpha 2', _rev: v2!._rev } });
    const duplicate = await store.db.payout_methods.storageInstance.bulkWrite([{ document: { ...v1!, _rev: '1-dup' } }], 'test');
    expect(duplicate.error[0]).toMatchObject({ status: 409, documentInDb: { name: 'Alpha 2' } });
    expect((await store.db.payout_methods.findOne(a.id).exec())?.name).toBe('Alpha 2');
  });

  it('writes the same id twice in one bulk in order, the later one against the earlier', async () => {
    const store = await openStore();
    const a = method('Alpha');
    const base = { ...a, _deleted: false, _attachments: {}, _meta: { lwt: Date.now() } };
    const first = { ...base, _rev: '1-a' };
    // The collection's own storage instance (below RxDB's wrapper, which stamps every write with a new revision).
    const result = await store.db.payout_methods.internalStorageInstance.bulkWrite([{ document: first }, { previous: first, document: { ...base, name: 'Alpha 2', _rev: '2-a' } }], 'test');
    expect(result.error).toEqual([]);
    expect(committedRows(METHODS).map((row) => JSON.parse(row.data).name)).toEqual(['Alpha 2']);
  });
});

describe('sqlite storage: transaction', () => {
  it('commits every write of a multi-collection transaction together, at the end', async () => {
    let store = await openStore();
    const a = method('Alpha');
    const b = method('Beta');
    let seenInside: string[] = [];
    await store.store.transaction(async () => {
      await store.db.payout_methods.insert(a);
      await store.db.payout_methods.insert(b);
      await store.db.commands.insert(journalEntry(1, a));
      await store.db.upsertLocal('settings', { theme: 'dark' });
      seenInside = live(METHODS);
    });
    expect(seenInside).toEqual([]);
    expect(live(METHODS).sort()).toEqual([a.id, b.id].sort());
    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['Alpha', 'Beta']);
    expect(await store.db.commands.count().exec()).toBe(1);
    expect((await store.db.getLocal('settings'))?.toJSON().data).toEqual({ theme: 'dark' });
  });

  it('rolls back when it throws: the entity and its journal entry are both absent, on disk and in every read', async () => {
    let store = await openStore();
    const kept = method('Kept');
    await store.db.payout_methods.insert(kept);
    const lost = method('Lost');
    // Read first, so RxDB has these queries cached when the rollback happens.
    expect(await methodNames(store.db)).toEqual(['Kept']);
    expect(await store.db.payout_methods.findOne(lost.id).exec()).toBeNull();
    await expect(
      store.store.transaction(async () => {
        await store.db.payout_methods.insert(lost);
        await store.db.commands.insert(journalEntry(1, lost));
        await store.db.upsertLocal('settings', { theme: 'dark' });
        expect(await methodNames(store.db)).toEqual(['Kept', 'Lost']); // inside, the command sees its own writes
        throw new Error('handler failed after writing');
      }),
    ).rejects.toThrow('handler failed after writing');

    expect(await store.db.payout_methods.findOne(lost.id).exec()).toBeNull();
    expect(await store.db.payout_methods.findByIds([lost.id, kept.id]).exec()).toHaveProperty('size', 1);
    expect(await methodNames(store.db)).toEqual(['Kept']);
    expect(await store.db.commands.count().exec()).toBe(0);
    expect(await store.db.getLocal('settings')).toBeNull();
    expect(live(METHODS)).toEqual([kept.id]);
    expect(live(COMMANDS)).toEqual([]);

    // The same writes succeed afterwards (nothing half-written blocks them).
    await store.store.transaction(async () => {
      await store.db.payout_methods.insert(lost);
      await store.db.commands.insert(journalEntry(1, lost));
    });
    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['Kept', 'Lost']);
    expect(await store.db.commands.count().exec()).toBe(1);
  });

  it('keeps the previous version of a document updated or deleted in a failed transaction, and it stays writable', async () => {
    let store = await openStore();
    const a = method('Alpha');
    const b = method('Beta');
    await store.db.payout_methods.bulkInsert([a, b]);
    await (await store.db.payout_methods.findOne(a.id).exec())?.incrementalPatch({ name: 'Alpha v2' });
    await expect(
      store.store.transaction(async () => {
        await (await store.db.payout_methods.findOne(a.id).exec())?.incrementalPatch({ name: 'Alpha v3', is_active: false });
        await (await store.db.payout_methods.findOne(a.id).exec())?.incrementalPatch({ name: 'Alpha v4' });
        await (await store.db.payout_methods.findOne(b.id).exec())?.remove();
        await store.db.commands.insert(journalEntry(1, a));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');

    const check = async (db: PayoutsDatabase) => {
      const alpha = await db.payout_methods.findOne(a.id).exec();
      expect(alpha?.name).toBe('Alpha v2');
      expect(alpha?.is_active).toBe(true);
      expect(await methodNames(db)).toEqual(['Alpha v2', 'Beta']);
      expect(await db.payout_methods.count({ selector: { is_active: true } }).exec()).toBe(2);
      expect(await db.commands.count().exec()).toBe(0);
    };
    await check(store.db);
    expect(JSON.parse(committedRows(METHODS).find((row) => row.id === a.id)!.data).name).toBe('Alpha v2');
    await (await store.db.payout_methods.findOne(a.id).exec())?.incrementalPatch({ name: 'Alpha v5' });
    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['Alpha v5', 'Beta']);
    await (await store.db.payout_methods.findOne(a.id).exec())?.incrementalPatch({ name: 'Alpha v2' });
    store = await reopen(store);
    await check(store.db);
  });

  it('does not keep a write SQLite refused, in or out of a transaction; a refused write inside a transaction is undone alone', async () => {
    let driver: ReturnType<typeof failingDriver> | undefined;
    let store = await openStore((sqlite) => (driver = failingDriver(sqlite)));
    const a = method('Alpha');
    await store.db.payout_methods.insert(a);
    if (!driver) throw new Error('driver not wrapped');

    driver.failWrites = true;
    await expect(store.db.payout_methods.insert(method('Refused'))).rejects.toThrow();
    await expect((await store.db.payout_methods.findOne(a.id).exec())?.incrementalPatch({ name: 'Refused' })).rejects.toThrow();
    driver.failWrites = false;
    const b = method('Beta');
    await expect(
      store.store.transaction(async () => {
        await store.db.payout_methods.insert(b);
        driver!.failWrites = true;
        await store.db.commands.insert(journalEntry(1, b));
      }),
    ).rejects.toThrow();
    driver.failWrites = false;
    expect(await methodNames(store.db)).toEqual(['Alpha']);
    expect(await store.db.commands.count().exec()).toBe(0);

    // 130 documents: a multi-row statement of 100, then one of 30 that fails; a retry inserts them all.
    const docs = Array.from({ length: 130 }, (_, i) => method(`M${String(i).padStart(3, '0')}`));
    const before = method('Before');
    await store.store.transaction(async () => {
      await store.db.payout_methods.insert(before);
      driver!.failAfterWrites = 1;
      await expect(store.db.payout_methods.bulkInsert(docs)).rejects.toThrow('disk I/O error');
      driver!.failAfterWrites = undefined;
      await store.db.payout_methods.bulkUpsert(docs);
    });
    store = await reopen(store);
    expect(await store.db.payout_methods.count().exec()).toBe(132);
    expect(new Set(committedRows(METHODS).map((row) => row.id)).size).toBe(132);
  });

  it('joins a transaction called inside a transaction to it', async () => {
    let store = await openStore();
    const [a, b, c, d] = [method('A'), method('B'), method('C'), method('D')];
    await expect(
      store.store.transaction(async () => {
        await store.db.payout_methods.insert(a);
        await store.store.transaction(() => store.db.payout_methods.insert(b));
        throw new Error('outer failed after the inner one finished');
      }),
    ).rejects.toThrow('outer failed');
    expect(await methodNames(store.db)).toEqual([]);
    await store.store.transaction(async () => {
      await store.db.payout_methods.insert(c);
      await store.store.transaction(async () => {
        await store.db.payout_methods.insert(d);
        expect(live(METHODS)).toEqual([]);
      });
    });
    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['C', 'D']);
  });

  it('undoes only an inner transaction that fails (a savepoint): the outer one goes on and commits the rest, on disk and in every read', async () => {
    let store = await openStore();
    const [a, b, c] = [method('A'), method('B'), method('C')];
    await store.db.payout_methods.insert(a);
    expect(await methodNames(store.db)).toEqual(['A']);
    await store.store.transaction(async () => {
      await store.db.payout_methods.insert(b);
      await expect(
        store.store.transaction(async () => {
          await store.db.payout_methods.insert(c);
          await (await store.db.payout_methods.findOne(a.id).exec())!.incrementalPatch({ name: 'A renamed' });
          await (await store.db.payout_methods.findOne(b.id).exec())!.remove();
          await store.db.commands.insert(journalEntry(1, c));
          expect(await methodNames(store.db)).toEqual(['A renamed', 'C']);
          throw new Error('inner command refused');
        }),
      ).rejects.toThrow('inner command refused');
      // Inside the outer transaction, the inner one's writes are gone and the outer's stay.
      expect(await methodNames(store.db)).toEqual(['A', 'B']);
      expect(await store.db.commands.count().exec()).toBe(0);
      await store.db.commands.insert(journalEntry(1, b));
    });
    expect(await methodNames(store.db)).toEqual(['A', 'B']);
    expect(live(METHODS).sort()).toEqual([a.id, b.id].sort());
    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['A', 'B']);
    expect(await store.db.commands.count().exec()).toBe(1);
    expect((await store.db.payout_methods.findOne(c.id).exec())).toBeNull();
  });

  it('keeps a write made outside a transaction that fails while it is open', async () => {
    let store = await openStore();
    const inside = method('Inside');
    const outside = method('Outside');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const failing = store.store.transaction(async () => {
      await store.db.payout_methods.insert(inside);
      await gate;
      throw new Error('boom');
    });
    const unrelated = store.db.payout_methods.insert(outside);
    release();
    await expect(failing).rejects.toThrow('boom');
    await unrelated;
    expect(await methodNames(store.db)).toEqual(['Outside']);
    expect(live(METHODS)).toEqual([outside.id]);
    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['Outside']);
  });

  it('keeps a transaction that ran while another one was open and then failed', async () => {
    let store = await openStore();
    const first = method('First');
    const second = method('Second');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const failing = store.store.transaction(async () => {
      await store.db.payout_methods.insert(first);
      await gate;
      throw new Error('boom');
    });
    const succeeding = store.store.transaction(async () => {
      await store.db.payout_methods.insert(second);
      await store.db.commands.insert(journalEntry(1, second));
    });
    release();
    await expect(failing).rejects.toThrow('boom');
    await succeeding;
    expect(await methodNames(store.db)).toEqual(['Second']);
    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['Second']);
    expect(await store.db.commands.count().exec()).toBe(1);
  });

  it('re-inserts a document after its tombstone was purged by cleanup, and a rolled-back purge keeps the tombstone', async () => {
    let store = await openStore();
    const a = method('Alpha');
    const b = method('Beta');
    await store.db.payout_methods.bulkInsert([a, b]);
    await (await store.db.payout_methods.findOne(a.id).exec())?.remove();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(
      store.store.transaction(async () => {
        await store.db.payout_methods.storageInstance.cleanup(0);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(rowCount(METHODS, a.id)).toBe(1);
    await store.db.payout_methods.storageInstance.cleanup(0);
    expect(rowCount(METHODS, a.id)).toBe(0);
    await store.db.payout_methods.insert({ ...a, name: 'Alpha again', name_key: 'alpha again' });
    await (await store.db.payout_methods.findOne(a.id).exec())?.incrementalPatch({ name: 'Alpha again 2' });
    expect(rowCount(METHODS, a.id)).toBe(1);
    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['Alpha again 2', 'Beta']);
  });
});

describe('sqlite storage: the change feed', () => {
  const methodFeed = (store: Store, after = 0) => store.store.changesSince(after, 1000).filter((change) => change.collection === 'payout_methods');

  it('lists the last write of every document in commit order, deletions as tombstones, and survives reopen', async () => {
    let store = await openStore();
    const [a, b, c] = [method('A'), method('B'), method('C')];
    await store.db.payout_methods.bulkInsert([a, b]);
    const afterInsert = store.store.lastChangeSeq();
    await store.db.payout_methods.insert(c);
    await (await store.db.payout_methods.findOne(a.id).exec())?.incrementalPatch({ name: 'A2' });
    await (await store.db.payout_methods.findOne(b.id).exec())?.remove();

    const feed = methodFeed(store);
    expect(feed.map((change) => [change.id, change.deleted])).toEqual([[c.id, false], [a.id, false], [b.id, true]]);
    expect(feed[1]?.document.name).toBe('A2');
    expect(methodFeed(store, afterInsert).map((change) => change.id)).toEqual([c.id, a.id, b.id]);
    const positions = store.store.changesSince(0, 1000).map((change) => change.seq);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    expect(new Set(positions).size).toBe(positions.length);
    expect(store.store.changesSince(feed[0]!.seq, 1).map((change) => change.id)).toEqual([a.id]);

    const last = store.store.lastChangeSeq();
    store = await reopen(store);
    expect(store.store.lastChangeSeq()).toBe(last);
    await store.db.payout_methods.insert(method('D'));
    expect(methodFeed(store, last).map((change) => change.document.name)).toEqual(['D']);
  });

  it('pages through writes interleaved across collections at any limit, each write once, in order', async () => {
    const store = await openStore();
    // Methods and journal entries written in turns (and two methods rewritten): what the feed must
    // give is each document's last write, ordered by it.
    const written: string[] = [];
    const methods: PayoutMethodDoc[] = [];
    for (let i = 0; i < 12; i++) {
      const m = method(`M${i}`);
      methods.push(m);
      await store.db.payout_methods.insert(m);
      written.push(`payout_methods:${m.id}`);
      if (i % 3 === 0) {
        const entry = journalEntry(i + 1, m);
        await store.db.commands.insert(entry);
        written.push(`commands:${entry.id}`);
      }
    }
    for (const m of [methods[2]!, methods[7]!]) {
      await (await store.db.payout_methods.findOne(m.id).exec())?.incrementalPatch({ name: `${m.name} again` });
      written.splice(written.indexOf(`payout_methods:${m.id}`), 1);
      written.push(`payout_methods:${m.id}`);
    }
    const collections = ['payout_methods', 'commands'];
    for (const limit of [1, 2, 3, 5, 7, 100]) {
      const seen: string[] = [];
      let after = 0;
      for (let page = 0; page < 50; page++) {
        const rows = store.store.changesSince(after, limit, collections);
        expect(rows.length).toBeLessThanOrEqual(limit);
        if (rows.length === 0) break;
        seen.push(...rows.map((row) => `${row.collection}:${row.id}`));
        after = rows[rows.length - 1]!.seq;
      }
      expect(seen, `limit ${limit}`).toEqual(written);
    }
  });

  it('shows nothing of a rolled-back transaction but the restored states', async () => {
    const store = await openStore();
    await store.db.payout_methods.insert(method('Kept'));
    const before = store.store.lastChangeSeq();
    await expect(
      store.store.transaction(async () => {
        await store.db.payout_methods.insert(method('Gone'));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(methodFeed(store, before)).toEqual([]);
    expect(methodFeed(store).map((change) => change.document.name)).toEqual(['Kept']);
  });

  it('pages through documents written in the same millisecond by write position (getChangedDocumentsSince)', async () => {
    const store = await openStore();
    const docs = Array.from({ length: 25 }, (_, i) => method(`S${i}`));
    await store.db.payout_methods.bulkInsert(docs); // one bulk: every document has nearly the same lwt
    const instance = store.db.payout_methods.storageInstance;
    const seen: string[] = [];
    let checkpoint: unknown;
    for (let page = 0; page < 10; page++) {
      const result = await instance.getChangedDocumentsSince!(4, checkpoint as never);
      if (result.documents.length === 0) break;
      seen.push(...result.documents.map((doc) => doc.id));
      checkpoint = result.checkpoint;
    }
    const defaults = seen.filter((id) => !docs.some((doc) => doc.id === id));
    expect(defaults).toEqual([]);
    expect(seen).toEqual(docs.map((doc) => doc.id));
  });
});

describe('sqlite storage: removal and settings', () => {
  it('drops a removed collection\'s table; the collection can be used again after reopen', async () => {
    let store = await openStore();
    const a = method('Alpha');
    await store.db.payout_methods.insert(a);
    await store.db.commands.insert(journalEntry(1, a));
    await store.db.payout_methods.remove();
    expect(committedRows(METHODS)).toEqual([]);
    expect(live(COMMANDS)).toHaveLength(1);
    store = await reopen(store);
    expect(await store.db.payout_methods.find().exec()).toEqual([]);
    await store.db.payout_methods.insert(a);
    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['Alpha']);
    expect(await store.db.commands.count().exec()).toBe(1);
  });

  it('runs the connection in WAL mode with synchronous=FULL', async () => {
    const store = await openStore();
    expect(store.sqlite.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(store.sqlite.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 2 });
  });
});

describe('sqlite storage: a store written in the previous layout (one rx_docs table)', () => {
  const layouts = {
    'keyed by (instance, id)': 'CREATE TABLE rx_docs (instance TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, deleted INTEGER NOT NULL, lwt REAL NOT NULL, PRIMARY KEY (instance, id)) WITHOUT ROWID',
    'append-ordered with a change position': 'CREATE TABLE rx_docs (seq INTEGER PRIMARY KEY, instance TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, deleted INTEGER NOT NULL, lwt REAL NOT NULL, change_seq INTEGER NOT NULL DEFAULT 0)',
  };

  for (const [name, ddl] of Object.entries(layouts)) {
    it(`converts a file ${name} on open, in one transaction, reporting progress`, async () => {
      // Real documents written through the store, then copied into a file of the old layout.
      let store = await openStore();
      const methods = Array.from({ length: 30 }, (_, i) => method(`M${String(i).padStart(2, '0')}`));
      await store.db.payout_methods.bulkInsert(methods);
      await (await store.db.payout_methods.findOne(methods[3]!.id).exec())?.incrementalPatch({ name: 'Patched' });
      await (await store.db.payout_methods.findOne(methods[4]!.id).exec())?.remove();
      await store.db.commands.insert(journalEntry(1, methods[0]!));
      await store.db.upsertLocal('settings', { theme: 'dark' });
      const tables = store.sqlite.prepare('SELECT key, table_name FROM rx_tables').all() as { key: string; table_name: string }[];
      const rows = tables.flatMap(({ key, table_name }) =>
        (store.sqlite.prepare(`SELECT id, data, deleted, lwt, seq FROM "${table_name}" ORDER BY seq`).all() as { id: string; data: string; deleted: number; lwt: number; seq: number }[]).map((row) => ({ instance: key, ...row })),
      );
      await store.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
      const old = new DatabaseSync(path);
      old.exec('PRAGMA journal_mode = WAL');
      old.exec(ddl);
      const hasSeq = ddl.includes('change_seq');
      const insert = old.prepare(hasSeq ? 'INSERT INTO rx_docs (instance, id, data, deleted, lwt, change_seq) VALUES (?, ?, ?, ?, ?, ?)' : 'INSERT INTO rx_docs (instance, id, data, deleted, lwt) VALUES (?, ?, ?, ?, ?)');
      for (const row of rows.sort((x, y) => x.seq - y.seq)) {
        if (hasSeq) insert.run(row.instance, row.id, row.data, row.deleted, row.lwt, row.seq);
        else insert.run(row.instance, row.id, row.data, row.deleted, row.lwt);
      }
      old.exec("CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, content_type TEXT NOT NULL, data BLOB NOT NULL) WITHOUT ROWID; INSERT INTO blobs VALUES ('x', 'text/plain', x'00')");
      old.close();

      const progress: [number, number][] = [];
      store = await openStore(undefined, (done, total) => progress.push([done, total]));
      expect(progress.at(-1)).toEqual([rows.length, rows.length]);
      expect(store.sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'rx_docs'").all()).toEqual([]);
      expect(store.sqlite.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 1 });
      const expected = methods.map((m, i) => (i === 3 ? 'Patched' : m.name)).filter((_, i) => i !== 4);
      expect(await methodNames(store.db)).toEqual(expected);
      expect(await store.db.payout_methods.count({ selector: { name_key: { $gte: 'm10' } } }).exec()).toBe(20);
      expect((await store.db.commands.find().exec()).map((entry) => entry.seq)).toEqual([1]);
      expect((await store.db.getLocal('settings'))?.toJSON().data).toEqual({ theme: 'dark' });
      if (hasSeq) expect(store.store.changesSince(0, 1000).map((change) => change.seq)).toEqual(rows.map((row) => row.seq).sort((x, y) => x - y));

      await (await store.db.payout_methods.findOne(methods[0]!.id).exec())?.incrementalPatch({ name: 'M00 after' });
      store = await reopen(store);
      expect(rowCount(METHODS, methods[0]!.id)).toBe(1);
      expect((await store.db.payout_methods.findOne(methods[0]!.id).exec())?.name).toBe('M00 after');
    });
  }

  it('leaves a file it cannot convert exactly as it was', async () => {
    const old = new DatabaseSync(path);
    old.exec(layouts['keyed by (instance, id)']);
    old.prepare('INSERT INTO rx_docs VALUES (?, ?, ?, 0, 1)').run(METHODS, 'x', '{"not": "a document"}');
    old.close();
    await expect(openStore()).rejects.toThrow();
    const after = new DatabaseSync(path, { readOnly: true });
    expect(after.prepare('SELECT instance, id FROM rx_docs').all()).toEqual([{ instance: METHODS, id: 'x' }]);
    expect(after.prepare("SELECT name FROM sqlite_master WHERE name = 'rx_tables'").all()).toEqual([]);
    after.close();
  });

  it('refuses a table it does not know instead of guessing', async () => {
    const old = new DatabaseSync(path);
    old.exec('CREATE TABLE rx_docs (instance TEXT, id TEXT, body TEXT)');
    old.close();
    await expect(openStore()).rejects.toThrow('unknown layout');
  });
});
