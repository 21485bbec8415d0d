/**
 * The store's previous design, kept only so `npm run bench` can measure it side by side with the
 * SQLite storage (core/store/sqlite-storage.ts): RxDB's memory storage holding every document,
 * made durable by writing each write to one SQLite table and loading everything back at start.
 */
import { getMemoryCollectionKey, getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { createRevision, now } from 'rxdb/plugins/utils';
import type {
  BulkWriteRow,
  RxDocumentData,
  RxStorage,
  RxStorageBulkWriteResponse,
  RxStorageInstance,
  RxStorageInstanceCreationParams,
} from 'rxdb';
import { DocumentTable } from './document-table.ts';
import type { SqliteDatabase } from '../../../core/store/sqlite-driver.ts';

type AnyDoc = RxDocumentData<Record<string, unknown>>;
type MemoryInternals = { refCount: number };
type AnyInstance = RxStorageInstance<Record<string, unknown>, unknown, unknown, unknown>;

/** A write applied to memory inside an open transaction, kept so a rollback can undo it. */
type AppliedWrite = { instance: DurableInstance; id: string; previous: AnyDoc | undefined };

/**
 * RxDB's memory storage made durable by SQLite. Queries run on the in-memory indexes; every
 * successful write is committed to the SQLite file (WAL, synchronous=FULL) before the write
 * resolves, and on start every row is loaded back. The rows live in one append-ordered table
 * (document-table.ts): a new document is appended, a known one is updated in its row.
 *
 * `transaction(fn)` groups every write made while `fn` runs, across collections, into one SQLite
 * transaction; if `fn` throws, SQLite rolls back and memory is put back as it was.
 */
export type DurableStorage = {
  storage: RxStorage<unknown, unknown>;
  transaction<T>(fn: () => Promise<T>): Promise<T>;
} & ChangeFeed;

/** A document as the change feed returns it: its collection, position, and stored state. */
export type FeedChange = { seq: number; collection: string; id: string; deleted: boolean; document: Record<string, unknown> };

/**
 * Every committed write in commit order, across collections: what a team server answers
 * `GET /changes` from. Positions are monotonic (a rolled-back write leaves a gap); a document
 * written again moves to its new position; deleted documents are kept as tombstones.
 */
export type ChangeFeed = {
  /** Documents whose last write is after position `afterSeq`, oldest first, at most `limit`. */
  changesSince(afterSeq: number, limit: number): FeedChange[];
  /** The position of the last write (0 for an empty store). */
  lastChangeSeq(): number;
};

/**
 * Tells which async flow a write belongs to (Node's AsyncLocalStorage fits). With it, a write
 * from another flow while a transaction is open waits for that transaction to end instead of
 * joining it, and a second transaction waits for the first. Without it, everything written while
 * a transaction is open joins it — fine for a single writer, which is how the API uses it.
 */
export type TransactionScope = {
  run<R>(store: object, fn: () => R): R;
  getStore(): object | undefined;
};

export function createDurableStorage(sqlite: SqliteDatabase, scope?: TransactionScope): DurableStorage {
  const table = new DocumentTable(sqlite);
  const memory = getRxStorageMemory();
  // A private state map: RxDB's memory storage keeps a process-wide one that outlives close().
  const memoryStorage = { ...memory, collectionStates: new Map() };
  let applied: AppliedWrite[] | null = null;
  /** The open transaction: its flow token and a promise that settles when it ends. */
  let active: { token: object; ended: Promise<void> } | null = null;

  /** Writes outside any transaction that are under way; a transaction begins only when none are. */
  let outsideWrites = 0;
  let outsideDrained: Promise<void> = Promise.resolve();
  let drained: () => void = () => undefined;

  const isOwnFlow = () => active !== null && (!scope || scope.getStore() === active.token);

  /**
   * Runs a write that is not part of the open transaction (if any) once no transaction of
   * another flow is open, keeping transactions from beginning until it is on disk.
   */
  async function outsideWrite<T>(write: () => Promise<T>): Promise<T> {
    if (isOwnFlow()) return write();
    while (active) await active.ended;
    // From here to the increment nothing yields, so no transaction can begin in between.
    if (outsideWrites++ === 0) outsideDrained = new Promise((resolve) => (drained = resolve));
    try {
      return await write();
    } finally {
      if (--outsideWrites === 0) drained();
    }
  }

  const context: DurableContext = {
    outsideWrite,
    persist: (instanceKey, docs) => table.write(instanceKey, docs),
    recordApplied(write) {
      applied?.push(write);
    },
    purge: (instanceKey, olderThan) => table.purge(instanceKey, olderThan),
    drop: (instanceKey) => table.drop(instanceKey),
    load: (instanceKey, primaryPath) => table.load(instanceKey, (doc: AnyDoc) => String(doc[primaryPath])),
    forget: (instanceKey) => table.forget(instanceKey),
  };

  const storage: RxStorage<unknown, unknown> = {
    name: 'durable-memory',
    rxdbVersion: memory.rxdbVersion,
    async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, unknown>) {
      const inner = (await memoryStorage.createStorageInstance(params as RxStorageInstanceCreationParams<RxDocType, never>)) as unknown as AnyInstance;
      const instance = new DurableInstance(inner, memoryStorage.collectionStates, context);
      await instance.loadFromDisk();
      return instance as unknown as RxStorageInstance<RxDocType, unknown, unknown, unknown>;
    },
  };

  async function transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (isOwnFlow()) return fn(); // nested: part of the transaction already open
    while (active || outsideWrites > 0) await (active ? active.ended : outsideDrained);
    let end!: () => void;
    const token = {};
    active = { token, ended: new Promise<void>((resolve) => (end = resolve)) };
    applied = [];
    try {
      sqlite.exec('BEGIN IMMEDIATE');
      table.begin();
      const result = await (scope ? scope.run(token, fn) : fn());
      sqlite.exec('COMMIT');
      table.commit();
      return result;
    } catch (error) {
      if (sqlite.isInTransaction) sqlite.exec('ROLLBACK');
      table.rollback(); // the table's id → seq maps follow SQLite back
      const undo = applied ?? [];
      applied = null;
      await revertMemory(undo);
      throw error;
    } finally {
      applied = null;
      active = null;
      end();
    }
  }

  return {
    storage,
    transaction,
    changesSince: (afterSeq, limit) =>
      table.changesSince(afterSeq, limit).map((row) => ({
        seq: row.changeSeq,
        // Instances are keyed database/collection/schema version.
        collection: row.instance.split('/')[1] ?? row.instance,
        id: row.id,
        deleted: row.deleted,
        document: JSON.parse(row.data) as Record<string, unknown>,
      })),
    lastChangeSeq: () => table.lastChangeSeq(),
  };
}

type DurableContext = {
  outsideWrite<T>(write: () => Promise<T>): Promise<T>;
  persist(instanceKey: string, docs: { id: string; data: AnyDoc }[]): void;
  recordApplied(write: AppliedWrite): void;
  purge(instanceKey: string, olderThan: number): void;
  drop(instanceKey: string): void;
  load(instanceKey: string, primaryPath: string): AnyDoc[];
  forget(instanceKey: string): void;
};

/** Undo memory writes of a failed transaction, newest first, so memory equals disk again. */
async function revertMemory(writes: AppliedWrite[]): Promise<void> {
  for (const write of writes.reverse()) {
    await write.instance.restore(write.id, write.previous);
  }
}

class DurableInstance {
  readonly databaseName: string;
  readonly collectionName: string;
  readonly schema: AnyInstance['schema'];
  readonly internals: unknown;
  readonly options: unknown;
  readonly underlyingPersistentStorage = undefined;
  private readonly key: string;
  private readonly primaryPath: string;

  constructor(
    private readonly inner: AnyInstance,
    private readonly memoryStates: Map<string, unknown>,
    private readonly durable: DurableContext,
  ) {
    this.databaseName = inner.databaseName;
    this.collectionName = inner.collectionName;
    this.schema = inner.schema;
    this.internals = inner.internals;
    this.options = inner.options;
    this.key = `${inner.databaseName}/${inner.collectionName}/${inner.schema.version}`;
    const primaryKey = inner.schema.primaryKey;
    this.primaryPath = typeof primaryKey === 'string' ? primaryKey : primaryKey.key;
  }

  async loadFromDisk(): Promise<void> {
    // A second open instance of the same collection shares the memory state already loaded.
    if ((this.inner.internals as MemoryInternals).refCount > 1) return;
    const docs = this.durable.load(this.key, this.primaryPath);
    if (docs.length === 0) return;
    const result = await this.inner.bulkWrite(docs.map((document) => ({ document })), 'durable-load');
    if (result.error.length > 0) throw new Error(`could not load ${this.key}: ${result.error.length} conflicting rows`);
  }

  bulkWrite(rows: BulkWriteRow<Record<string, unknown>>[], context: string): Promise<RxStorageBulkWriteResponse<Record<string, unknown>>> {
    return this.durable.outsideWrite(() => this.write(rows, context));
  }

  private async write(rows: BulkWriteRow<Record<string, unknown>>[], context: string): Promise<RxStorageBulkWriteResponse<Record<string, unknown>>> {
    const result = await this.inner.bulkWrite(rows, context);
    const failed = new Set(result.error.map((error) => error.documentId));
    const written = rows.filter((row) => !failed.has(String(row.document[this.primaryPath])));
    if (written.length === 0) return result;
    const docs = written.map((row) => ({ id: String(row.document[this.primaryPath]), data: row.document }));
    try {
      this.durable.persist(this.key, docs);
    } catch (error) {
      // Disk refused the write: memory must not keep what disk does not have.
      for (const row of [...written].reverse()) await this.restore(String(row.document[this.primaryPath]), row.previous);
      throw error;
    }
    for (const row of written) this.durable.recordApplied({ instance: this, id: String(row.document[this.primaryPath]), previous: row.previous });
    return result;
  }

  /** Puts a document back to `previous` (or removes it when it did not exist) in memory only. */
  async restore(id: string, previous: AnyDoc | undefined): Promise<void> {
    const [current] = await this.inner.findDocumentsById([id], true);
    if (!current) return;
    const base = previous ?? { ...current, _deleted: true };
    const document = { ...base, _rev: createRevision('durable-rollback', current), _meta: { ...base._meta, lwt: now() } };
    await this.inner.bulkWrite([{ previous: current, document }], 'durable-rollback');
  }

  findDocumentsById(ids: string[], withDeleted: boolean) {
    return this.inner.findDocumentsById(ids, withDeleted);
  }
  query(preparedQuery: Parameters<AnyInstance['query']>[0]) {
    return this.inner.query(preparedQuery);
  }
  count(preparedQuery: Parameters<AnyInstance['count']>[0]) {
    return this.inner.count(preparedQuery);
  }
  getAttachmentData(documentId: string, attachmentId: string, digest: string) {
    return this.inner.getAttachmentData(documentId, attachmentId, digest);
  }
  changeStream() {
    return this.inner.changeStream();
  }
  async cleanup(minimumDeletedTime: number): Promise<boolean> {
    const done = await this.inner.cleanup(minimumDeletedTime);
    this.durable.purge(this.key, now() - minimumDeletedTime);
    return done;
  }
  async close(): Promise<void> {
    await this.inner.close();
    // Once the last instance closes, the next open reloads from disk instead of stale memory.
    if ((this.inner.internals as MemoryInternals).refCount <= 0) {
      this.memoryStates.delete(getMemoryCollectionKey(this.databaseName, this.collectionName, this.schema.version));
      this.durable.forget(this.key);
    }
  }
  async remove(): Promise<void> {
    this.durable.drop(this.key);
    await this.inner.remove();
  }
}
