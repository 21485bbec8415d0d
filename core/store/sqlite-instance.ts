import type { Observable, Subject } from 'rxjs';
import {
  categorizeBulkWriteRows,
  getIndexableStringMonad,
  getPrimaryFieldOfPrimaryKey,
  getQueryMatcher,
  getSortComparator,
  getStartIndexStringFromLowerBound,
  getStartIndexStringFromUpperBound,
  type BulkWriteRow,
  type EventBulk,
  type PreparedQuery,
  type RxDocumentData,
  type RxJsonSchema,
  type RxQueryPlan,
  type RxStorageBulkWriteResponse,
  type RxStorageChangeEvent,
  type RxStorageCountResult,
  type RxStorageInstance,
  type RxStorageQueryResult,
  type RxStorageWriteError,
} from 'rxdb';
import { idHash, isPaddingSafe, toSqliteOrder } from './index-order.ts';
import type { SqliteStatement, SqliteValue } from './sqlite-driver.ts';
import type { StoreContext, TableInfo } from './sqlite-store-context.ts';

type AnyDoc = RxDocumentData<Record<string, unknown>>;
/** Where `getChangedDocumentsSince` continues: the write position (seq) of the last document seen. */
export type SeqCheckpoint = { id: string; lwt: number; seq: number };

/** One RxDB index as the table stores it: a column holding RxDB's index string of each document. */
type IndexColumn = {
  fields: string[];
  column: string;
  /** RxDB's indexable string of a document for this index, mapped to SQLite's order. */
  key: (doc: AnyDoc) => string;
  name: string;
};

/** What the id lookup returns for a stored document. */
type Stub = { rid: number; doc: AnyDoc; keys: string[] };

/** Rows per multi-row INSERT; a statement's parameters must stay well under SQLite's limit. */
const INSERT_BATCH = 100;
/** Ids per lookup statement. */
const LOOKUP_BATCH = 200;

/**
 * One collection's documents in one SQLite table (see sqlite-storage.ts for the layout and the
 * guarantees). Queries run as range scans on the index columns chosen by RxDB's query plan;
 * RxDB's own matcher and sort finish what an index does not cover.
 */
export class SqliteStorageInstance implements RxStorageInstance<Record<string, unknown>, unknown, unknown, SeqCheckpoint> {
  readonly internals = {};
  readonly options = {};
  readonly primaryPath: string;
  readonly indexes: IndexColumn[];
  private isClosed = false;
  private readonly statements = new Map<string, SqliteStatement>();
  private readonly table: string;

  constructor(
    private readonly ctx: StoreContext,
    readonly info: TableInfo,
    readonly databaseName: string,
    readonly collectionName: string,
    readonly schema: Readonly<RxJsonSchema<AnyDoc>>,
    private readonly shared: { changes$: Subject<EventBulk<RxStorageChangeEvent<AnyDoc>, SeqCheckpoint>>; cache: DocumentCache },
  ) {
    this.primaryPath = getPrimaryFieldOfPrimaryKey(schema.primaryKey) as string;
    this.table = quote(info.table);
    this.indexes = indexColumnsOf(schema);
    if (schema.attachments) throw new Error(`${collectionName}: attachments are not supported by the SQLite storage`);
  }

  // ------------------------------------------------------------------------------- writes

  bulkWrite(rows: BulkWriteRow<Record<string, unknown>>[], context: string): Promise<RxStorageBulkWriteResponse<Record<string, unknown>>> {
    this.ensureOpen();
    return this.ctx.outsideWrite(async () => this.write(rows, context));
  }

  private write(rows: BulkWriteRow<Record<string, unknown>>[], context: string): RxStorageBulkWriteResponse<Record<string, unknown>> {
    const pk = this.primaryPath;
    // The same id twice in one write: write in parts, in order, so the later row sees the earlier.
    const seen = new Set<string>();
    for (let i = 0; i < rows.length; i++) {
      const id = String((rows[i] as BulkWriteRow<Record<string, unknown>>).document[pk]);
      if (seen.has(id)) {
        const first = this.write(rows.slice(0, i), context);
        const rest = this.write(rows.slice(i), context);
        return { error: [...first.error, ...rest.error] };
      }
      seen.add(id);
    }
    const stubs = this.readStubs([...seen]);
    const docsInDb = new Map<string, AnyDoc>();
    for (const [id, stub] of stubs) docsInDb.set(id, stub.doc);
    const categorized = categorizeBulkWriteRows<Record<string, unknown>>(this, pk as never, docsInDb as never, rows, context);
    const errors = categorized.errors as RxStorageWriteError<Record<string, unknown>>[];
    if (errors.length > 0) {
      // A conflict hands back the stored document, whole: RxDB resolves the conflict from it.
      const full = this.readDocs(errors.map((error) => error.documentId), true);
      for (const error of errors) {
        const doc = full.get(error.documentId);
        if (doc && 'documentInDb' in error) (error as { documentInDb: AnyDoc }).documentInDb = doc;
      }
    }
    const inserts = categorized.bulkInsertDocs.map((row) => row.document as AnyDoc);
    // An update's `previous` carries the stored revision (categorize checked it): it is the stored state.
    const updates = categorized.bulkUpdateDocs.map((row) => ({ doc: row.document as AnyDoc, previous: row.previous as AnyDoc, stub: stubs.get(String(row.document[pk])) as Stub }));
    if (inserts.length === 0 && updates.length === 0) return { error: errors };

    const written: { rid: number; doc: AnyDoc; previous: AnyDoc | undefined }[] = [];
    this.ctx.inWriteUnit(() => {
      for (const { rid, doc } of this.insertRows(inserts)) written.push({ rid, doc, previous: undefined });
      for (const { doc, previous, stub } of updates) {
        this.updateRow(stub, doc);
        written.push({ rid: stub.rid, doc, previous });
      }
      this.ctx.project(this, written);
    });

    const cache = this.shared.cache;
    for (const { doc, previous } of written) {
      const id = String(doc[pk]);
      cache.set(id, doc);
      this.ctx.recordApplied({ instance: this, id, before: previous, after: doc });
    }
    const bulk = categorized.eventBulk as EventBulk<RxStorageChangeEvent<AnyDoc>, SeqCheckpoint>;
    if (bulk.events.length > 0) {
      const newest = (categorized.newestRow?.document ?? inserts[inserts.length - 1]) as AnyDoc;
      bulk.checkpoint = { id: String(newest[pk]), lwt: newest._meta.lwt, seq: this.ctx.lastSeq() };
      this.shared.changes$.next(bulk);
    }
    return { error: errors };
  }

  private insertRows(docs: AnyDoc[]): { rid: number; doc: AnyDoc }[] {
    const out: { rid: number; doc: AnyDoc }[] = [];
    const wantRids = this.ctx.hasProjection(this.collectionName);
    let next = 0;
    const params: SqliteValue[] = [];
    const rowValues = (doc: AnyDoc) => {
      const id = String(doc[this.primaryPath]);
      params.push(idHash(id), id, doc._rev, doc._deleted ? 1 : 0, doc._meta.lwt, this.ctx.nextSeq(), JSON.stringify(doc));
      for (const index of this.indexes) params.push(index.key(doc));
    };
    const take = (statement: SqliteStatement, batch: AnyDoc[]) => {
      params.length = 0;
      for (const doc of batch) rowValues(doc);
      if (!wantRids) {
        statement.run(...params);
        for (const doc of batch) out.push({ rid: -1, doc });
        return;
      }
      const byId = new Map(batch.map((doc) => [String(doc[this.primaryPath]), doc]));
      for (const row of statement.all(...params)) out.push({ rid: Number(row.rid), doc: byId.get(String(row.id)) as AnyDoc });
    };
    for (; next + INSERT_BATCH <= docs.length; next += INSERT_BATCH) take(this.insertStatement(INSERT_BATCH, wantRids), docs.slice(next, next + INSERT_BATCH));
    if (next < docs.length) take(this.insertStatement(docs.length - next, wantRids), docs.slice(next));
    return out;
  }

  /** Rewrites a row: only the index columns whose strings changed are set (SQLite then updates only those indexes). */
  private updateRow(stub: Stub, doc: AnyDoc): void {
    const keys = this.indexes.map((index) => index.key(doc));
    let mask = 0;
    const changed: string[] = [];
    keys.forEach((key, i) => {
      if (key !== stub.keys[i]) {
        mask |= 1 << i;
        changed.push(key);
      }
    });
    this.updateStatement(mask).run(doc._rev, doc._deleted ? 1 : 0, doc._meta.lwt, this.ctx.nextSeq(), JSON.stringify(doc), ...changed, stub.rid);
  }

  // ------------------------------------------------------------------------------- reads

  findDocumentsById(ids: string[], withDeleted: boolean): Promise<AnyDoc[]> {
    this.ensureOpen();
    const found = this.readDocs(ids, withDeleted);
    const out: AnyDoc[] = [];
    for (const id of ids) {
      const doc = found.get(id);
      if (doc) out.push(doc);
    }
    return Promise.resolve(out);
  }

  /** Documents by id (deleted ones only if asked), from the cache or the table. */
  readDocs(ids: string[], withDeleted: boolean): Map<string, AnyDoc> {
    const out = new Map<string, AnyDoc>();
    const missing: string[] = [];
    for (const id of ids) {
      const cached = this.shared.cache.get(id);
      if (cached) {
        if (withDeleted || !cached._deleted) out.set(id, cached);
      } else missing.push(id);
    }
    this.byHash(missing, 'id, data', (row) => {
      const doc = this.parse(String(row.id), String(row.data));
      if (withDeleted || !doc._deleted) out.set(String(row.id), doc);
    });
    return out;
  }

  /** The stored rev, deleted flag and index strings of these ids: what a write needs to know. */
  private readStubs(ids: string[]): Map<string, Stub> {
    const out = new Map<string, Stub>();
    const columns = ['rid', 'id', 'rev', 'deleted', 'lwt', ...this.indexes.map((index) => index.column)].join(', ');
    this.byHash(ids, columns, (row) => {
      const id = String(row.id);
      const doc = { [this.primaryPath]: id, _rev: String(row.rev), _deleted: Number(row.deleted) === 1, _meta: { lwt: Number(row.lwt) }, _attachments: {} } as AnyDoc;
      out.set(id, { rid: Number(row.rid), doc: this.shared.cache.get(id) ?? doc, keys: this.indexes.map((index) => String(row[index.column])) });
    });
    return out;
  }

  /** Runs a lookup by id hash in batches and calls `onRow` for each row whose id is one of `ids`. */
  private byHash(ids: string[], columns: string, onRow: (row: Record<string, SqliteValue>) => void): void {
    if (ids.length === 0) return;
    const wanted = new Set(ids);
    for (let i = 0; i < ids.length; i += LOOKUP_BATCH) {
      const batch = ids.slice(i, i + LOOKUP_BATCH);
      const statement = this.statement(`lookup:${columns}:${batch.length}`, () => `SELECT ${columns} FROM ${this.table} WHERE idh IN (${batch.map(() => '?').join(', ')})`);
      for (const row of statement.all(...batch.map(idHash))) if (wanted.has(String(row.id))) onRow(row);
    }
  }

  private parse(id: string, data: string): AnyDoc {
    const cached = this.shared.cache.get(id);
    if (cached) return cached;
    const doc = JSON.parse(data) as AnyDoc;
    this.shared.cache.set(id, doc);
    return doc;
  }

  query(prepared: PreparedQuery<Record<string, unknown>>): Promise<RxStorageQueryResult<Record<string, unknown>>> {
    this.ensureOpen();
    return Promise.resolve({ documents: this.runQuery(prepared) });
  }

  private runQuery(prepared: PreparedQuery<Record<string, unknown>>): AnyDoc[] {
    const query = prepared.query;
    const skip = query.skip ?? 0;
    const limit = typeof query.limit === 'number' ? query.limit : Number.POSITIVE_INFINITY;
    const wanted = skip + limit;
    if (wanted === 0) return [];
    // Always RxDB's plan: another index would give other rows where RxDB's padded index strings and
    // its matcher disagree ("ab " equals "ab" in an index). Hot queries name their index instead.
    const plan = prepared.queryPlan;
    const matcher = plan.selectorSatisfiedByIndex ? null : getQueryMatcher(this.schema, query as never);
    const direction = plan.sortSatisfiedByIndex ? 'ASC' : this.isReverseOf(plan, prepared) ? 'DESC' : null;

    if (direction) {
      const rows: AnyDoc[] = [];
      let isExact = true;
      for (const doc of this.scan(plan, direction)) {
        if (matcher && !matcher(doc as never)) continue;
        if (direction === 'DESC' && !this.sortsAsIndexed(doc, query.sort)) {
          isExact = false;
          break;
        }
        rows.push(doc);
        if (rows.length >= wanted) break;
      }
      if (isExact) return rows.slice(skip, wanted);
    }
    // The index gives no usable order: every match, then RxDB's comparator (stable, from index order).
    const rows: AnyDoc[] = [];
    for (const doc of this.scan(plan, 'ASC')) if (!matcher || matcher(doc as never)) rows.push(doc);
    rows.sort(getSortComparator(this.schema, query as never) as (a: AnyDoc, b: AnyDoc) => number);
    return rows.slice(skip, wanted);
  }

  count(prepared: PreparedQuery<Record<string, unknown>>): Promise<RxStorageCountResult> {
    this.ensureOpen();
    const plan = prepared.queryPlan;
    if (plan.selectorSatisfiedByIndex) {
      const { sql, params } = this.rangeSql(plan, 'COUNT(*) AS n', null);
      const row = this.statement(sql, () => sql).get(...params);
      return Promise.resolve({ count: Number(row?.n ?? 0), mode: 'fast' });
    }
    const matcher = getQueryMatcher(this.schema, prepared.query as never);
    let count = 0;
    for (const doc of this.scan(plan, 'ASC')) if (matcher(doc as never)) count++;
    return Promise.resolve({ count, mode: 'fast' });
  }

  /** The documents of the plan's index range, in index order or its reverse, read lazily. */
  private *scan(plan: RxQueryPlan, direction: 'ASC' | 'DESC'): Generator<AnyDoc> {
    const { sql, params } = this.rangeSql(plan, 'id, data', direction);
    for (const row of this.statement(sql, () => sql).iterate(...params)) yield this.parse(String(row.id), String(row.data));
  }

  private rangeSql(plan: RxQueryPlan, columns: string, direction: 'ASC' | 'DESC' | null): { sql: string; params: string[] } {
    const index = this.indexFor(plan.index);
    const lower = toSqliteOrder(getStartIndexStringFromLowerBound(this.schema, plan.index, plan.startKeys as never[]));
    const upper = toSqliteOrder(getStartIndexStringFromUpperBound(this.schema, plan.index, plan.endKeys as never[]));
    const column = index.column;
    const order = direction ? ` ORDER BY ${column} ${direction}` : '';
    const sql = `SELECT ${columns} FROM ${this.table} WHERE ${column} ${plan.inclusiveStart ? '>=' : '>'} ? AND ${column} ${plan.inclusiveEnd ? '<=' : '<'} ?${order}`;
    return { sql, params: [lower, upper] };
  }

  /**
   * Whether reading the plan's index range backwards gives the query's order: every sort part is
   * descending, and the sort fields are the index's fields after those the selector fixes to one
   * value, ending with the primary key. (String values are checked row by row: see sortsAsIndexed.)
   */
  private isReverseOf(plan: RxQueryPlan, prepared: PreparedQuery<Record<string, unknown>>): boolean {
    const sort = prepared.query.sort;
    if (sort.length === 0 || !sort.every((part) => Object.values(part)[0] === 'desc')) return false;
    const sortFields = sort.map((part) => Object.keys(part)[0] as string);
    const free = plan.index.filter((field, i) => !(plan.startKeys[i] === plan.endKeys[i] && plan.startKeys[i] !== undefined && isScalar(plan.startKeys[i])));
    return free.length === sortFields.length && free.every((field, i) => field === sortFields[i]);
  }

  /** A document's sort values order as its index string does (true for ids, timestamps, numbers, enums). */
  private sortsAsIndexed(doc: AnyDoc, sort: PreparedQuery<Record<string, unknown>>['query']['sort']): boolean {
    for (const part of sort) {
      const field = Object.keys(part)[0] as string;
      const value = valueAt(doc, field);
      if (typeof value === 'string' && !isPaddingSafe(value)) return false;
    }
    return true;
  }

  private indexFor(fields: string[]): IndexColumn {
    const name = fields.join(',');
    const found = this.indexes.find((index) => index.name === name);
    if (!found) throw new Error(`${this.collectionName}: no column for index ${name}`);
    return found;
  }

  /**
   * Documents written after the checkpoint, in write order (the write position `seq`, which follows
   * last-write time but not the clock: a clock set back does not hide later writes).
   */
  getChangedDocumentsSince(limit: number, checkpoint?: SeqCheckpoint): Promise<{ documents: AnyDoc[]; checkpoint: SeqCheckpoint }> {
    this.ensureOpen();
    const after = checkpoint?.seq ?? 0;
    const sql = `SELECT id, data, seq FROM ${this.table} WHERE seq > ? ORDER BY seq LIMIT ?`;
    const rows = this.statement(sql, () => sql).all(after, limit);
    const documents = rows.map((row) => this.parse(String(row.id), String(row.data)));
    const last = rows[rows.length - 1];
    const lastDoc = documents[documents.length - 1];
    return Promise.resolve({
      documents,
      checkpoint: last && lastDoc ? { id: String(last.id), lwt: lastDoc._meta.lwt, seq: Number(last.seq) } : (checkpoint ?? { id: '', lwt: 0, seq: 0 }),
    });
  }

  getAttachmentData(): Promise<string> {
    return Promise.reject(new Error(`${this.collectionName}: attachments are not supported by the SQLite storage`));
  }

  changeStream(): Observable<EventBulk<RxStorageChangeEvent<AnyDoc>, SeqCheckpoint>> {
    return this.shared.changes$.asObservable();
  }

  /** Removes deleted documents last written more than `minimumDeletedTime` ms ago. */
  cleanup(minimumDeletedTime: number): Promise<boolean> {
    this.ensureOpen();
    const before = this.ctx.now() - minimumDeletedTime;
    return this.ctx.outsideWrite(async () => {
      const sql = `DELETE FROM ${this.table} WHERE deleted = 1 AND lwt < ? RETURNING id`;
      this.ctx.inWriteUnit(() => {
        for (const row of this.statement(sql, () => sql).all(before)) this.shared.cache.delete(String(row.id));
      });
      return true;
    });
  }

  close(): Promise<void> {
    if (this.isClosed) return Promise.resolve();
    this.isClosed = true;
    this.statements.clear();
    this.ctx.closed(this);
    return Promise.resolve();
  }

  async remove(): Promise<void> {
    this.ensureOpen();
    await this.ctx.outsideWrite(async () => this.ctx.dropTable(this));
    this.shared.cache.clear();
    await this.close();
  }

  /** Puts a document back as it was before a rolled-back transaction (see StoreContext). */
  restore(before: AnyDoc | undefined, after: AnyDoc, token: string, createRevision: (token: string, previous: AnyDoc) => string, lwt: number): void {
    const id = String(after[this.primaryPath]);
    const rev = createRevision(token, after);
    if (before === undefined) {
      // It never reached disk: tell RxDB's caches it is gone.
      this.shared.cache.delete(id);
      const tombstone = { ...after, _deleted: true, _rev: rev, _meta: { ...after._meta, lwt } } as AnyDoc;
      this.emit([{ documentId: id, operation: 'DELETE', documentData: tombstone, previousDocumentData: after }], tombstone);
      return;
    }
    // On disk it is `before` again; write it once more with a newer revision so RxDB's caches,
    // which saw `after`, take it as the latest state.
    const restored = { ...before, _rev: rev, _meta: { ...before._meta, lwt } } as AnyDoc;
    const stub = this.readStubs([id]).get(id);
    if (stub) {
      this.ctx.inWriteUnit(() => {
        this.updateRow(stub, restored);
        this.ctx.project(this, [{ rid: stub.rid, doc: restored, previous: after }]);
      });
    }
    this.shared.cache.set(id, restored);
    const operation = restored._deleted ? 'DELETE' : after._deleted ? 'INSERT' : 'UPDATE';
    this.emit([{ documentId: id, operation, documentData: restored, previousDocumentData: after }], restored);
  }

  private emit(events: RxStorageChangeEvent<AnyDoc>[], newest: AnyDoc): void {
    this.shared.changes$.next({
      id: `restore-${this.ctx.lastSeq()}-${Math.random().toString(36).slice(2)}`,
      events,
      checkpoint: { id: String(newest[this.primaryPath]), lwt: newest._meta.lwt, seq: this.ctx.lastSeq() },
      context: 'sqlite-rollback',
    });
  }

  // ------------------------------------------------------------------------------- statements

  private statement(key: string, sql: () => string): SqliteStatement {
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.ctx.sqlite.prepare(sql());
      this.statements.set(key, statement);
    }
    return statement;
  }

  private insertStatement(rows: number, returning: boolean): SqliteStatement {
    const columns = ['idh', 'id', 'rev', 'deleted', 'lwt', 'seq', 'data', ...this.indexes.map((index) => index.column)];
    const one = `(${columns.map(() => '?').join(', ')})`;
    return this.statement(`insert:${rows}:${returning}`, () => `INSERT INTO ${this.table} (${columns.join(', ')}) VALUES ${Array(rows).fill(one).join(', ')}${returning ? ' RETURNING rid, id' : ''}`);
  }

  private updateStatement(mask: number): SqliteStatement {
    return this.statement(`update:${mask}`, () => {
      const sets = ['rev = ?', 'deleted = ?', 'lwt = ?', 'seq = ?', 'data = ?'];
      this.indexes.forEach((index, i) => {
        if (mask & (1 << i)) sets.push(`${index.column} = ?`);
      });
      return `UPDATE ${this.table} SET ${sets.join(', ')} WHERE rid = ?`;
    });
  }

  private ensureOpen(): void {
    if (this.isClosed) throw new Error(`${this.collectionName}: the storage instance is closed`);
  }
}

/** The index columns of a schema: one per RxDB index (which RxDB already prefixed with _deleted and ended with the primary key). */
export function indexColumnsOf(schema: Readonly<RxJsonSchema<AnyDoc>>): IndexColumn[] {
  const indexes = (schema.indexes ?? []).map((fields) => (Array.isArray(fields) ? [...fields] : [fields]) as string[]);
  if (indexes.length > 31) throw new Error('at most 31 indexes per collection');
  return indexes.map((fields, i) => {
    const monad = getIndexableStringMonad(schema as never, fields);
    return { fields, name: fields.join(','), column: `i${i}`, key: (doc: AnyDoc) => toSqliteOrder(monad(doc as never)) };
  });
}

/** The index of the `_meta.lwt` field: RxDB's own (replication); it gets a column but no SQL index. */
export function isLwtIndex(fields: string[]): boolean {
  return fields[0] === '_meta.lwt';
}

export function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function valueAt(doc: AnyDoc, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  return value;
}

/**
 * A bounded cache of parsed documents by id, kept exact by every write of the instance (the only
 * writer of its table): a hit is always the stored state. Least recently used entries go first.
 */
export class DocumentCache {
  private readonly docs = new Map<string, AnyDoc>();
  constructor(private readonly capacity: number) {}

  get(id: string): AnyDoc | undefined {
    const doc = this.docs.get(id);
    if (doc !== undefined) {
      this.docs.delete(id);
      this.docs.set(id, doc);
    }
    return doc;
  }

  set(id: string, doc: AnyDoc): void {
    this.docs.delete(id);
    this.docs.set(id, doc);
    if (this.docs.size > this.capacity) {
      const oldest = this.docs.keys().next().value;
      if (oldest !== undefined) this.docs.delete(oldest);
    }
  }

  delete(id: string): void {
    this.docs.delete(id);
  }

  clear(): void {
    this.docs.clear();
  }
}
