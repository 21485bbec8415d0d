import { createRevision, now, type RxDocumentData } from 'rxdb';
import type { SqliteDatabase } from './sqlite-driver.ts';
import type { SqliteStorageInstance } from './sqlite-instance.ts';

type AnyDoc = RxDocumentData<Record<string, unknown>>;

/** Where one storage instance keeps its documents. */
export type TableInfo = { key: string; database: string; collection: string; version: number; table: string };

/** A document written inside the open transaction: its state before the transaction and the one written. */
export type AppliedWrite = { instance: SqliteStorageInstance; id: string; before: AnyDoc | undefined; after: AnyDoc };

/**
 * A side table kept by the storage in the same SQLite transaction as a collection's documents:
 * typed rows derived from each document (e.g. video view snapshots), for hot read paths that SQL
 * answers better than documents (the accrual engine, totals). `rid` is the document's row id.
 */
export type Projection = {
  /** Creates the side tables if missing; answers whether they were created (then `rebuild` fills them). */
  setup(sqlite: SqliteDatabase, table: string): boolean;
  /** Every document the collection's write put on disk, with the state it replaced. */
  write(sqlite: SqliteDatabase, table: string, rows: { rid: number; doc: AnyDoc; previous: AnyDoc | undefined }[]): void;
  /** Drops the side tables (the collection was removed). */
  drop(sqlite: SqliteDatabase, table: string): void;
  /** SQLite rolled writes back (a transaction or a savepoint): forget anything cached since. */
  rolledBack?(): void;
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

/**
 * What every instance of one SQLite file shares: the connection, the write position counter,
 * the transaction (one per command, across collections), and undoing a rolled-back one in
 * RxDB's caches.
 */
export class StoreContext {
  private seq: number;
  private applied: AppliedWrite[] | null = null;
  /** The open transaction: its flow token and a promise that settles when it ends. */
  private active: { token: object; ended: Promise<void> } | null = null;
  /** Writes outside any transaction that are under way; a transaction begins only when none are. */
  private outsideWrites = 0;
  private outsideDrained: Promise<void> = Promise.resolve();
  private drained: () => void = () => undefined;
  private savepoints = 0;

  constructor(
    readonly sqlite: SqliteDatabase,
    private readonly scope: TransactionScope | undefined,
    private readonly projections: Record<string, Projection>,
    readonly onClose: (instance: SqliteStorageInstance) => void,
    readonly onDrop: (instance: SqliteStorageInstance) => void,
    initialSeq: number,
  ) {
    this.seq = initialSeq;
  }

  now(): number {
    return now();
  }

  nextSeq(): number {
    return ++this.seq;
  }

  lastSeq(): number {
    return this.seq;
  }

  hasProjection(collection: string): boolean {
    return collection in this.projections;
  }

  project(instance: SqliteStorageInstance, rows: { rid: number; doc: AnyDoc; previous: AnyDoc | undefined }[]): void {
    const projection = this.projections[instance.collectionName];
    if (projection && rows.length > 0) projection.write(this.sqlite, instance.info.table, rows);
  }

  projectionOf(collection: string): Projection | undefined {
    return this.projections[collection];
  }

  closed(instance: SqliteStorageInstance): void {
    this.onClose(instance);
  }

  dropTable(instance: SqliteStorageInstance): void {
    this.inWriteUnit(() => this.onDrop(instance));
  }

  private isOwnFlow(): boolean {
    return this.active !== null && (!this.scope || this.scope.getStore() === this.active.token);
  }

  /**
   * Runs a write that is not part of the open transaction (if any) once no transaction of another
   * flow is open, keeping transactions from beginning until it is on disk.
   */
  async outsideWrite<T>(write: () => Promise<T>): Promise<T> {
    if (this.isOwnFlow()) return write();
    while (this.active) await this.active.ended;
    // From here to the increment nothing yields, so no transaction can begin in between.
    if (this.outsideWrites++ === 0) this.outsideDrained = new Promise((resolve) => (this.drained = resolve));
    try {
      return await write();
    } finally {
      if (--this.outsideWrites === 0) this.drained();
    }
  }

  /**
   * One write's SQL as a unit: inside the open transaction, a savepoint (a failure undoes this
   * write alone); otherwise its own transaction, committed (WAL fsync) before it returns.
   */
  inWriteUnit<T>(fn: () => T): T {
    if (!this.sqlite.isInTransaction) return this.sqlite.transaction(fn);
    const name = `w${++this.savepoints}`;
    this.sqlite.exec(`SAVEPOINT ${name}`);
    try {
      const result = fn();
      this.sqlite.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      // SQLite may already have rolled the whole transaction back (it does on some I/O errors).
      if (this.sqlite.isInTransaction) this.sqlite.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      this.rolledBack();
      throw error;
    } finally {
      this.savepoints--;
    }
  }

  private rolledBack(): void {
    for (const projection of Object.values(this.projections)) projection.rolledBack?.();
  }

  recordApplied(write: AppliedWrite): void {
    this.applied?.push(write);
  }

  /**
   * Groups every write of `fn` (any collection) into one SQLite transaction (BEGIN IMMEDIATE …
   * COMMIT). If `fn` throws, SQLite rolls back, and each document written is restored in RxDB's
   * caches too (see SqliteStorageInstance.restore), so they never show what is not on disk.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.isOwnFlow()) return this.savepoint(fn); // nested: part of the transaction already open
    while (this.active || this.outsideWrites > 0) await (this.active ? this.active.ended : this.outsideDrained);
    let end!: () => void;
    const token = {};
    this.active = { token, ended: new Promise<void>((resolve) => (end = resolve)) };
    this.applied = [];
    try {
      this.sqlite.exec('BEGIN IMMEDIATE');
      const result = await (this.scope ? this.scope.run(token, fn) : fn());
      this.sqlite.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.sqlite.isInTransaction) this.sqlite.exec('ROLLBACK');
      this.rolledBack();
      const applied = this.applied ?? [];
      this.applied = null;
      this.undo(applied);
      throw error;
    } finally {
      this.applied = null;
      this.active = null;
      end();
    }
  }

  /**
   * A transaction inside the open one (several commands in one commit, `POST /commands`): a
   * savepoint. If `fn` throws, only its writes are undone, on disk and in RxDB's caches, and the
   * open transaction goes on; its own commit or rollback decides the rest.
   */
  private async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    const name = `t${++this.savepoints}`;
    this.sqlite.exec(`SAVEPOINT ${name}`);
    const mark = this.applied?.length ?? 0;
    try {
      const result = await fn();
      this.sqlite.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      // Had SQLite rolled the whole transaction back (some I/O errors), the outer rollback undoes everything.
      if (this.sqlite.isInTransaction) {
        this.sqlite.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
        this.rolledBack();
        this.undo(this.applied?.splice(mark) ?? []);
      }
      throw error;
    } finally {
      this.savepoints--;
    }
  }

  /** After a rollback: each document as it was before the transaction, newest write last undone first. */
  private undo(applied: AppliedWrite[]): void {
    const byDoc = new Map<string, { instance: SqliteStorageInstance; before: AnyDoc | undefined; after: AnyDoc }>();
    for (const write of applied) {
      const key = `${write.instance.info.key}\u0000${write.id}`;
      const seen = byDoc.get(key);
      if (seen) seen.after = write.after;
      else byDoc.set(key, { instance: write.instance, before: write.before, after: write.after });
    }
    const lwt = now();
    for (const { instance, before, after } of [...byDoc.values()].reverse()) {
      instance.restore(before, after, 'rollback', createRevision as (token: string, previous: AnyDoc) => string, lwt);
    }
  }
}
