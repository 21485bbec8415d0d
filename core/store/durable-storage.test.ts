/**
 * The durable storage on a temp SQLite file per test (DESIGN.md "Storage"): what resolves is on
 * disk and survives reopen; a failed transaction leaves neither memory nor disk changed; other
 * flows' writes neither join nor are lost with an open transaction; removal drops the rows; the
 * driver runs WAL with synchronous=FULL. Crashes are covered by test/integration/durability.test.ts.
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
import { openDatabase, type PayoutsDatabase } from './database.ts';
import { DocumentTable } from './document-table.ts';
import { createDurableStorage, type DurableStorage } from './durable-storage.ts';
import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.ts';

const ORG = '7d0f1c52-3f7e-4c55-9b7a-2f9a8d1e6c01';
const AT = '2026-05-01T00:00:00.000Z';

function method(name: string, overrides: Partial<PayoutMethodDoc> = {}): PayoutMethodDoc {
  return {
    id: randomUUID(),
    org_id: ORG,
    name,
    name_key: name.toLowerCase(),
    icon_url: null,
    is_default: false,
    is_active: true,
    metadata: {},
    readme: null,
    created_at: AT,
    updated_at: AT,
    ...overrides,
  };
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

type Store = { db: PayoutsDatabase; sqlite: SqliteDatabase; durable: DurableStorage; close(): Promise<void> };

let dir: string;
let path: string;
const opened: Store[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'payouts-durable-storage-'));
  path = join(dir, 'store.sqlite');
});

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function openStore(wrap: (sqlite: SqliteDatabase) => SqliteDatabase = (sqlite) => sqlite): Promise<Store> {
  const sqlite = wrap(nodeSqliteDriver.open(path));
  let db: PayoutsDatabase;
  let durable: DurableStorage;
  try {
    // As core/node opens it: the scope tells a transaction's writes from other async flows'.
    durable = createDurableStorage(sqlite, new AsyncLocalStorage<object>());
    db = await openDatabase({ storage: durable.storage, devMode: true });
  } catch (error) {
    sqlite.close();
    throw error;
  }
  let closed = false;
  const store: Store = {
    db,
    sqlite,
    durable,
    async close() {
      if (closed) return;
      closed = true;
      await db.close();
      sqlite.close();
    },
  };
  opened.push(store);
  return store;
}

async function reopen(store: Store): Promise<Store> {
  await store.close();
  return openStore();
}

/** What another connection to the file sees: only what is committed. */
function committedRows(instance: string): { id: string; deleted: number }[] {
  const other = new DatabaseSync(path, { readOnly: true });
  try {
    return other.prepare('SELECT id, deleted FROM rx_docs WHERE instance = ? ORDER BY id').all(instance) as { id: string; deleted: number }[];
  } finally {
    other.close();
  }
}
/** Rows in the file for one document (the layout keeps exactly one per document). */
function rowCount(instance: string, id: string): number {
  const other = new DatabaseSync(path, { readOnly: true });
  try {
    return Number(other.prepare('SELECT count(*) AS n FROM rx_docs WHERE instance = ? AND id = ?').get(instance, id)?.n);
  } finally {
    other.close();
  }
}
function seqOf(instance: string, id: string): number[] {
  const other = new DatabaseSync(path, { readOnly: true });
  try {
    return other.prepare('SELECT seq FROM rx_docs WHERE instance = ? AND id = ?').all(instance, id).map((row) => Number(row.seq));
  } finally {
    other.close();
  }
}
const live = (instance: string) => committedRows(instance).filter((row) => row.deleted === 0).map((row) => row.id);
const METHODS = 'payouts/payout_methods/0';
const COMMANDS = 'payouts/commands/0';

async function methodNames(db: PayoutsDatabase): Promise<string[]> {
  return (await db.payout_methods.find({ sort: [{ name_key: 'asc' }] }).exec()).map((doc) => doc.name);
}

describe('durable storage: what was written survives close and reopen', () => {
  it('keeps inserts, updates and deletes', async () => {
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

    // And it keeps working across several generations of the file.
    await (await store.db.payout_methods.findOne(c.id).exec())?.incrementalPatch({ name: 'Gamma 2' });
    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['Alpha 2', 'Gamma 2']);
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
  });
});

describe('durable storage: transaction', () => {
  it('commits every write of a multi-collection transaction together, at the end', async () => {
    let store = await openStore();
    const a = method('Alpha');
    const b = method('Beta');
    let seenInside: string[] = [];
    await store.durable.transaction(async () => {
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

  it('rolls back memory and disk when it throws: the entity and its journal entry are both absent', async () => {
    let store = await openStore();
    const kept = method('Kept');
    await store.db.payout_methods.insert(kept);
    const lost = method('Lost');
    await expect(
      store.durable.transaction(async () => {
        await store.db.payout_methods.insert(lost);
        await store.db.commands.insert(journalEntry(1, lost));
        await store.db.upsertLocal('settings', { theme: 'dark' });
        throw new Error('handler failed after writing');
      }),
    ).rejects.toThrow('handler failed after writing');

    expect(await store.db.payout_methods.findOne(lost.id).exec()).toBeNull();
    expect(await methodNames(store.db)).toEqual(['Kept']);
    expect(await store.db.commands.count().exec()).toBe(0);
    expect(await store.db.getLocal('settings')).toBeNull();
    expect(live(METHODS)).toEqual([kept.id]);
    expect(live(COMMANDS)).toEqual([]);

    // The same writes succeed afterwards (nothing half-written blocks them).
    await store.durable.transaction(async () => {
      await store.db.payout_methods.insert(lost);
      await store.db.commands.insert(journalEntry(1, lost));
    });
    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['Kept', 'Lost']);
    expect(await store.db.commands.count().exec()).toBe(1);
  });

  it('leaves memory and disk as before a failed transaction after reopen', async () => {
    let store = await openStore();
    const lost = method('Lost');
    await expect(
      store.durable.transaction(async () => {
        await store.db.payout_methods.insert(lost);
        await store.db.commands.insert(journalEntry(1, lost));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    store = await reopen(store);
    expect(await store.db.payout_methods.find().exec()).toEqual([]);
    expect(await store.db.commands.find().exec()).toEqual([]);
  });

  it('keeps the previous version of a document updated or deleted in a failed transaction', async () => {
    let store = await openStore();
    const a = method('Alpha');
    const b = method('Beta');
    await store.db.payout_methods.bulkInsert([a, b]);
    await (await store.db.payout_methods.findOne(a.id).exec())?.incrementalPatch({ name: 'Alpha v2' });

    await expect(
      store.durable.transaction(async () => {
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
      expect(await db.commands.count().exec()).toBe(0);
    };
    await check(store.db);
    // Memory is usable after the rollback: the restored version can be updated again.
    await (await store.db.payout_methods.findOne(a.id).exec())?.incrementalPatch({ name: 'Alpha v5' });
    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['Alpha v5', 'Beta']);
    await (await store.db.payout_methods.findOne(a.id).exec())?.incrementalPatch({ name: 'Alpha v2' });
    store = await reopen(store);
    await check(store.db);
  });

  it('does not keep in memory a write SQLite refused, in or out of a transaction', async () => {
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
    const refusedInTransaction = store.durable.transaction(async () => {
      await store.db.payout_methods.insert(b);
      driver!.failWrites = true;
      await store.db.commands.insert(journalEntry(1, b));
    });
    await expect(refusedInTransaction).rejects.toThrow();
    driver.failWrites = false;

    expect(await methodNames(store.db)).toEqual(['Alpha']);
    expect(await store.db.commands.count().exec()).toBe(0);
    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['Alpha']);
    expect(await store.db.commands.count().exec()).toBe(0);
  });

  it('joins a transaction called inside a transaction to it', async () => {
    let store = await openStore();
    const [a, b, c, d] = [method('A'), method('B'), method('C'), method('D')];
    await expect(
      store.durable.transaction(async () => {
        await store.db.payout_methods.insert(a);
        await store.durable.transaction(() => store.db.payout_methods.insert(b));
        throw new Error('outer failed after the inner one finished');
      }),
    ).rejects.toThrow('outer failed');
    expect(await methodNames(store.db)).toEqual([]);

    await store.durable.transaction(async () => {
      await store.db.payout_methods.insert(c);
      await store.durable.transaction(async () => {
        await store.db.payout_methods.insert(d);
        expect(live(METHODS)).toEqual([]);
      });
    });
    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['C', 'D']);
  });

  it('keeps a write made outside a transaction that fails while it is open', async () => {
    let store = await openStore();
    const inside = method('Inside');
    const outside = method('Outside');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const failing = store.durable.transaction(async () => {
      await store.db.payout_methods.insert(inside);
      await gate;
      throw new Error('boom');
    });
    // An unrelated writer (a key being created, a timer) writes while the command is open.
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
    const failing = store.durable.transaction(async () => {
      await store.db.payout_methods.insert(first);
      await gate;
      throw new Error('boom');
    });
    const succeeding = store.durable.transaction(async () => {
      await store.db.payout_methods.insert(second);
      await store.db.commands.insert(journalEntry(1, second));
    });
    release();
    await expect(failing).rejects.toThrow('boom');
    await succeeding;

    expect(await methodNames(store.db)).toEqual(['Second']);
    expect(await store.db.commands.count().exec()).toBe(1);
    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['Second']);
    expect(await store.db.commands.count().exec()).toBe(1);
  });
});

describe('durable storage: removal', () => {
  it('removes the rows of a removed collection from SQLite', async () => {
    let store = await openStore();
    const a = method('Alpha');
    await store.db.payout_methods.insert(a);
    await store.db.commands.insert(journalEntry(1, a));
    await store.db.payout_methods.remove();
    expect(committedRows(METHODS)).toEqual([]);
    expect(live(COMMANDS)).toHaveLength(1);

    store = await reopen(store);
    expect(await store.db.payout_methods.find().exec()).toEqual([]);
    expect(await store.db.commands.count().exec()).toBe(1);
  });

  it('removes every row of a removed database from SQLite', async () => {
    let store = await openStore();
    const a = method('Alpha');
    await store.db.payout_methods.insert(a);
    await store.db.commands.insert(journalEntry(1, a));
    await store.db.upsertLocal('settings', { theme: 'dark' });
    await store.db.remove();
    expect(committedRows(METHODS)).toEqual([]);
    expect(committedRows(COMMANDS)).toEqual([]);
    const other = new DatabaseSync(path, { readOnly: true });
    const leftover = other.prepare("SELECT instance, id FROM rx_docs WHERE instance LIKE 'payouts/%'").all();
    other.close();
    expect(leftover).toEqual([]);

    store = await reopen(store);
    expect(await store.db.payout_methods.find().exec()).toEqual([]);
    expect(await store.db.commands.find().exec()).toEqual([]);
    expect(await store.db.getLocal('settings')).toBeNull();
  });
});

describe('durable storage: SQLite settings', () => {
  it('runs the driver connection in WAL mode with synchronous=FULL', async () => {
    const store = await openStore();
    expect(store.sqlite.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(store.sqlite.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 2 });
  });
});

describe('durable storage: one row per document, appended', () => {
  it('updates a document in its own row, also after reopen (the row count stays 1)', async () => {
    let store = await openStore();
    const a = method('Alpha');
    const b = method('Beta');
    await store.db.payout_methods.bulkInsert([a, b]);
    const [seqA] = seqOf(METHODS, a.id);
    await (await store.db.payout_methods.findOne(a.id).exec())?.incrementalPatch({ name: 'Alpha 2' });

    store = await reopen(store);
    await (await store.db.payout_methods.findOne(a.id).exec())?.incrementalPatch({ name: 'Alpha 3' });
    await store.durable.transaction(async () => {
      await (await store.db.payout_methods.findOne(a.id).exec())?.incrementalPatch({ name: 'Alpha 4' });
      await (await store.db.payout_methods.findOne(a.id).exec())?.incrementalPatch({ name: 'Alpha 5' });
    });
    await (await store.db.payout_methods.findOne(b.id).exec())?.remove();

    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['Alpha 5']);
    expect(seqOf(METHODS, a.id)).toEqual([seqA]);
    expect(rowCount(METHODS, b.id)).toBe(1);
    expect(committedRows(METHODS)).toHaveLength(2);
  });

  it('appends new documents: seq grows in the order they were inserted', async () => {
    const store = await openStore();
    const docs = Array.from({ length: 120 }, (_, i) => method(`M${String(i).padStart(3, '0')}`));
    await store.db.payout_methods.bulkInsert(docs.slice(0, 7));
    await store.db.payout_methods.bulkInsert(docs.slice(7)); // 113: one multi-row insert of 100, then single rows
    const seqs = docs.map((doc) => seqOf(METHODS, doc.id));
    expect(seqs.every((seq) => seq.length === 1)).toBe(true);
    const flat = seqs.map(([seq]) => seq!);
    expect(flat.slice(0, 7)).toEqual([...flat.slice(0, 7)].sort((x, y) => x - y));
    expect(Math.min(...flat.slice(7))).toBeGreaterThan(Math.max(...flat.slice(0, 7)));
    expect(new Set(flat).size).toBe(docs.length);
  });

  it('re-inserts a document after its tombstone was purged by cleanup', async () => {
    let store = await openStore();
    const a = method('Alpha');
    const b = method('Beta');
    await store.db.payout_methods.bulkInsert([a, b]);
    await (await store.db.payout_methods.findOne(a.id).exec())?.remove();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.db.payout_methods.storageInstance.cleanup(0);
    expect(rowCount(METHODS, a.id)).toBe(0);
    expect(live(METHODS)).toEqual([b.id]);

    await store.db.payout_methods.insert({ ...a, name: 'Alpha again', name_key: 'alpha again' });
    await (await store.db.payout_methods.findOne(a.id).exec())?.incrementalPatch({ name: 'Alpha again 2' });
    expect(rowCount(METHODS, a.id)).toBe(1);
    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['Alpha again 2', 'Beta']);
    await (await store.db.payout_methods.findOne(a.id).exec())?.incrementalPatch({ name: 'Alpha again 3' });
    expect(rowCount(METHODS, a.id)).toBe(1);
  });

  it('re-inserts documents into a collection that was removed', async () => {
    let store = await openStore();
    const a = method('Alpha');
    await store.db.payout_methods.insert(a);
    await store.db.commands.insert(journalEntry(1, a));
    await store.db.payout_methods.remove();

    store = await reopen(store);
    await store.db.payout_methods.insert(a);
    await (await store.db.payout_methods.findOne(a.id).exec())?.incrementalPatch({ name: 'Alpha 2' });
    expect(rowCount(METHODS, a.id)).toBe(1);
    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['Alpha 2']);
    expect(await store.db.commands.count().exec()).toBe(1);
  });

  it('forgets the inserts of a rolled-back transaction and keeps the rows of its updates', async () => {
    let store = await openStore();
    const kept = method('Kept');
    await store.db.payout_methods.insert(kept);
    const [keptSeq] = seqOf(METHODS, kept.id);
    const lost = method('Lost');
    await expect(
      store.durable.transaction(async () => {
        await store.db.payout_methods.insert(lost);
        await (await store.db.payout_methods.findOne(kept.id).exec())?.incrementalPatch({ name: 'Kept 2' });
        await (await store.db.payout_methods.findOne(lost.id).exec())?.incrementalPatch({ name: 'Lost 2' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(rowCount(METHODS, lost.id)).toBe(0);

    // Retried, the insert is an insert again (not an update of a row that was rolled back) …
    await store.durable.transaction(async () => {
      await store.db.payout_methods.insert(lost);
      await (await store.db.payout_methods.findOne(kept.id).exec())?.incrementalPatch({ name: 'Kept 3' });
    });
    // … and every later write of either document goes to its one row.
    await (await store.db.payout_methods.findOne(lost.id).exec())?.incrementalPatch({ name: 'Lost 3' });
    expect(rowCount(METHODS, lost.id)).toBe(1);
    expect(seqOf(METHODS, kept.id)).toEqual([keptSeq]);

    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['Kept 3', 'Lost 3']);
    expect(committedRows(METHODS)).toHaveLength(2);
  });

  it('remembers the rows a rolled-back transaction purged: writing the document again updates its row', async () => {
    let store = await openStore();
    const a = method('Alpha');
    await store.db.payout_methods.insert(a);
    await (await store.db.payout_methods.findOne(a.id).exec())?.remove();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(
      store.durable.transaction(async () => {
        await store.db.payout_methods.storageInstance.cleanup(0);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(rowCount(METHODS, a.id)).toBe(1); // the tombstone is back on disk

    await store.db.payout_methods.insert({ ...a, name: 'Alpha again', name_key: 'alpha again' });
    expect(rowCount(METHODS, a.id)).toBe(1);
    store = await reopen(store);
    expect(await methodNames(store.db)).toEqual(['Alpha again']);
  });

  it('forgets the rows of a write SQLite refused midway, so a retry inserts them, in or out of a transaction', async () => {
    let driver: ReturnType<typeof failingDriver> | undefined;
    let store = await openStore((sqlite) => (driver = failingDriver(sqlite)));
    if (!driver) throw new Error('driver not wrapped');
    // 130 new documents: one multi-row statement (100 rows) and single-row ones; the third of those fails.
    const docs = Array.from({ length: 130 }, (_, i) => method(`M${String(i).padStart(3, '0')}`));
    driver.failAfterWrites = 3;
    await expect(store.db.payout_methods.bulkInsert(docs)).rejects.toThrow('disk I/O error');
    driver.failAfterWrites = undefined;
    expect(committedRows(METHODS)).toEqual([]);
    await store.db.payout_methods.bulkUpsert(docs);
    await (await store.db.payout_methods.findOne(docs[0]!.id).exec())?.incrementalPatch({ name: 'First' });
    expect(committedRows(METHODS)).toHaveLength(130);

    // Inside a transaction the refused write is undone alone; what the transaction wrote before stays.
    const more = Array.from({ length: 130 }, (_, i) => method(`N${String(i).padStart(3, '0')}`));
    const before = method('Before');
    await store.durable.transaction(async () => {
      await store.db.payout_methods.insert(before);
      driver!.failAfterWrites = 3;
      await expect(store.db.payout_methods.bulkInsert(more)).rejects.toThrow('disk I/O error');
      driver!.failAfterWrites = undefined;
      await store.db.payout_methods.bulkUpsert(more);
    });
    expect(committedRows(METHODS)).toHaveLength(261);

    store = await reopen(store);
    expect(await store.db.payout_methods.count().exec()).toBe(261);
    expect((await store.db.payout_methods.findOne(docs[0]!.id).exec())?.name).toBe('First');
    expect(new Set(committedRows(METHODS).map((row) => row.id)).size).toBe(261);
  });
});

describe('durable storage: the document table', () => {
  const doc = (id: string, value: string, deleted = false) => ({ id, data: { id, value, _deleted: deleted, _meta: { lwt: 1 } } });
  const rows = (sqlite: DatabaseSync) => sqlite.prepare('SELECT seq, instance, id, data FROM rx_docs ORDER BY seq').all() as { seq: number; instance: string; id: string; data: string }[];

  it('stores the last version of a document written twice in one write, in one row', () => {
    const sqlite = nodeSqliteDriver.open(path);
    try {
      const table = new DocumentTable(sqlite);
      table.load('t', (d: { id: string }) => d.id);
      table.write('t', [doc('a', '1'), doc('b', '1'), doc('a', '2')]);
      table.write('t', [doc('b', '2'), doc('b', '3')]);
      const batch = Array.from({ length: 120 }, (_, i) => doc(`n${i}`, '1')); // a multi-row insert and single rows
      table.write('t', [...batch, doc('n5', '2'), ...batch.slice(0, 3).map((d) => doc(d.id, '3'))]);
      const docs = new DocumentTable(sqlite).load('t', (d: { id: string; value: string }) => d.id) as { id: string; value: string }[];
      const byId = new Map(docs.map((d) => [d.id, d.value]));
      expect(docs).toHaveLength(122);
      expect([byId.get('a'), byId.get('b'), byId.get('n0'), byId.get('n5'), byId.get('n119')]).toEqual(['2', '3', '3', '2', '1']);
    } finally {
      sqlite.close();
    }
  });

  it('inserts a document whose row was deleted behind its back instead of overwriting the row that took its seq', () => {
    const sqlite = nodeSqliteDriver.open(path);
    try {
      const table = new DocumentTable(sqlite);
      table.load('t', (d: { id: string }) => d.id);
      table.write('t', [doc('a', '1'), doc('b', '1')]);
      sqlite.exec("DELETE FROM rx_docs WHERE id = 'b'"); // as a maintenance script might
      table.write('t', [doc('c', '1')]); // takes b's seq (the largest rowid was freed)
      table.write('t', [doc('b', '2')]);
      const other = new DatabaseSync(path, { readOnly: true });
      const stored = rows(other).map((row) => [row.id, JSON.parse(row.data).value]);
      other.close();
      expect(stored).toEqual([['a', '1'], ['c', '1'], ['b', '2']]);
    } finally {
      sqlite.close();
    }
  });

  it('refuses to open a file that holds a document twice', () => {
    const sqlite = nodeSqliteDriver.open(path);
    try {
      new DocumentTable(sqlite);
      sqlite.exec(`INSERT INTO rx_docs (instance, id, data, deleted, lwt) VALUES ('t', 'a', '{"id":"a"}', 0, 1), ('t', 'a', '{"id":"a"}', 0, 2)`);
      expect(() => new DocumentTable(sqlite).load('t', (d: { id: string }) => d.id)).toThrow('document a is stored twice');
    } finally {
      sqlite.close();
    }
  });

  it('creates the append-ordered layout: seq as rowid, one index on (instance, seq), none on id', async () => {
    const store = await openStore();
    const columns = store.sqlite.prepare('PRAGMA table_info(rx_docs)').all().map((column) => [column.name, column.pk]);
    expect(columns).toEqual([['seq', 1], ['instance', 0], ['id', 0], ['data', 0], ['deleted', 0], ['lwt', 0], ['change_seq', 0]]);
    const indexes = store.sqlite.prepare('PRAGMA index_list(rx_docs)').all().map((index) => String(index.name));
    expect(indexes.sort()).toEqual(['rx_docs_change_seq', 'rx_docs_instance_seq']);
    expect(store.sqlite.prepare('PRAGMA index_info(rx_docs_instance_seq)').all().map((column) => column.name)).toEqual(['instance', 'seq']);
  });
});

describe('durable storage: a file written with the previous layout', () => {
  const OLD_DDL = `CREATE TABLE rx_docs (
    instance TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, deleted INTEGER NOT NULL, lwt REAL NOT NULL,
    PRIMARY KEY (instance, id)) WITHOUT ROWID;`;

  it('is converted on open, keeping every document', async () => {
    // Real documents, written through the store, then copied into a file with the old table.
    let store = await openStore();
    const methods = Array.from({ length: 30 }, (_, i) => method(`M${String(i).padStart(2, '0')}`));
    await store.db.payout_methods.bulkInsert(methods);
    await (await store.db.payout_methods.findOne(methods[3]!.id).exec())?.incrementalPatch({ name: 'Patched' });
    await (await store.db.payout_methods.findOne(methods[4]!.id).exec())?.remove();
    await store.db.commands.insert(journalEntry(1, methods[0]!));
    await store.db.upsertLocal('settings', { theme: 'dark' });
    await store.close();

    const current = new DatabaseSync(path);
    const before = current.prepare('SELECT instance, id, data, deleted, lwt FROM rx_docs ORDER BY instance, id').all() as Record<string, string | number>[];
    current.close();
    rmSync(path);
    rmSync(`${path}-wal`, { force: true });
    rmSync(`${path}-shm`, { force: true });
    const old = new DatabaseSync(path);
    old.exec('PRAGMA journal_mode = WAL');
    old.exec(OLD_DDL);
    const insert = old.prepare('INSERT INTO rx_docs (instance, id, data, deleted, lwt) VALUES (?, ?, ?, ?, ?)');
    for (const row of [...before].reverse()) insert.run(row.instance!, row.id!, row.data!, row.deleted!, row.lwt!);
    old.exec("CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, content_type TEXT NOT NULL, data BLOB NOT NULL) WITHOUT ROWID; INSERT INTO blobs VALUES ('x', 'text/plain', x'00')");
    old.close();

    store = await openStore();
    const after = store.sqlite.prepare('SELECT instance, id, data, deleted, lwt FROM rx_docs ORDER BY instance, id').all();
    expect(after).toEqual(before);
    expect(store.sqlite.prepare('PRAGMA table_info(rx_docs)').all().map((column) => column.name)).toEqual(['seq', 'instance', 'id', 'data', 'deleted', 'lwt', 'change_seq']);
    expect(store.sqlite.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'rx_docs%'").all().map((row) => row.name).sort()).toEqual(['rx_docs', 'rx_docs_change_seq', 'rx_docs_instance_seq']);
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 1 });

    const expected = methods.map((m, i) => (i === 3 ? 'Patched' : m.name)).filter((_, i) => i !== 4); // by name_key
    expect(await methodNames(store.db)).toEqual(expected);
    expect((await store.db.commands.find().exec()).map((entry) => entry.seq)).toEqual([1]);
    expect((await store.db.getLocal('settings'))?.toJSON().data).toEqual({ theme: 'dark' });

    // The converted rows are the documents' rows: updates go to them, new documents append.
    await (await store.db.payout_methods.findOne(methods[0]!.id).exec())?.incrementalPatch({ name: 'M00 after' });
    const fresh = method('Fresh');
    await store.db.payout_methods.insert(fresh);
    store = await reopen(store);
    expect(rowCount(METHODS, methods[0]!.id)).toBe(1);
    expect(committedRows(METHODS)).toHaveLength(31);
    expect((await store.db.payout_methods.findOne(methods[0]!.id).exec())?.name).toBe('M00 after');
    expect((await store.db.payout_methods.findOne(fresh.id).exec())?.name).toBe('Fresh');
  });

  it('refuses a table it does not know instead of guessing', () => {
    const sqlite = nodeSqliteDriver.open(path);
    try {
      sqlite.exec('CREATE TABLE rx_docs (instance TEXT, id TEXT, body TEXT)');
      expect(() => new DocumentTable(sqlite)).toThrow('unknown layout');
    } finally {
      sqlite.close();
    }
  });
});

describe('durable storage: the change feed', () => {
  const methodFeed = (store: Store, after = 0) => store.durable.changesSince(after, 1000).filter((change) => change.collection === 'payout_methods');

  it('lists the last write of every document in commit order, deletions as tombstones, and survives reopen', async () => {
    let store = await openStore();
    const [a, b, c] = [method('A'), method('B'), method('C')];
    await store.db.payout_methods.bulkInsert([a, b]);
    const afterInsert = store.durable.lastChangeSeq();
    await store.db.payout_methods.insert(c);
    await (await store.db.payout_methods.findOne(a.id).exec())?.incrementalPatch({ name: 'A2' });
    await (await store.db.payout_methods.findOne(b.id).exec())?.remove();

    const feed = methodFeed(store);
    expect(feed.map((change) => [change.id, change.deleted])).toEqual([[c.id, false], [a.id, false], [b.id, true]]);
    expect(feed[1]?.document.name).toBe('A2');
    const positions = feed.map((change) => change.seq);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    expect(methodFeed(store, afterInsert).map((change) => change.id)).toEqual([c.id, a.id, b.id]);
    expect(store.durable.changesSince(positions[0]!, 1).map((change) => change.id)).toEqual([a.id]);

    const last = store.durable.lastChangeSeq();
    store = await reopen(store);
    expect(store.durable.lastChangeSeq()).toBe(last);
    await store.db.payout_methods.insert(method('D'));
    expect(methodFeed(store, last).map((change) => change.document.name)).toEqual(['D']);
  });

  it('shows nothing of a rolled-back transaction', async () => {
    const store = await openStore();
    await store.db.payout_methods.insert(method('Kept'));
    const before = store.durable.lastChangeSeq();
    await expect(
      store.durable.transaction(async () => {
        await store.db.payout_methods.insert(method('Gone'));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(methodFeed(store, before).map((change) => change.document.name)).toEqual([]);
    expect(methodFeed(store).map((change) => change.document.name)).toEqual(['Kept']);
  });

  it('gives the rows of a file written before the feed existed their stored order', async () => {
    let store = await openStore();
    await store.db.payout_methods.bulkInsert([method('X'), method('Y')]);
    await store.close();
    const raw = new DatabaseSync(path);
    raw.exec('DROP INDEX rx_docs_change_seq; ALTER TABLE rx_docs DROP COLUMN change_seq;');
    raw.close();
    store = await openStore();
    expect(methodFeed(store).map((change) => change.document.name)).toEqual(['X', 'Y']);
    expect(store.durable.lastChangeSeq()).toBeGreaterThan(0);
  });
});
