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

/** A driver whose upserts can be made to fail, as a full disk or an I/O error would. */
function failingDriver(sqlite: SqliteDatabase): SqliteDatabase & { failWrites: boolean } {
  const wrapped = {
    failWrites: false,
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
      if (!sql.startsWith('INSERT')) return statement;
      return {
        ...statement,
        run(...params) {
          if (wrapped.failWrites) throw new Error('disk I/O error');
          return statement.run(...params);
        },
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
