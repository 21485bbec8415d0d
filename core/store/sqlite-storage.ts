import { Subject } from 'rxjs';
import { RXDB_VERSION, type RxDocumentData, type RxJsonSchema, type RxStorage, type RxStorageInstanceCreationParams } from 'rxdb';
import { idHash } from './index-order.ts';
import { DocumentCache, SqliteStorageInstance, indexColumnsOf, isLwtIndex, quote } from './sqlite-instance.ts';
import { StoreContext, type Projection, type TableInfo, type TransactionScope } from './sqlite-store-context.ts';
import type { SqliteDatabase, SqliteValue } from './sqlite-driver.ts';

export type { Projection, TransactionScope } from './sqlite-store-context.ts';

type AnyDoc = RxDocumentData<Record<string, unknown>>;

/**
 * The store's RxStorage on SQLite: SQLite holds the documents and answers the queries; nothing is
 * loaded whole into memory.
 *
 * Layout. One table per storage instance (collection and schema version), registered in
 * `rx_tables`:
 *
 *     rid INTEGER PRIMARY KEY  -- row id, in insertion order (new documents are appended)
 *     idh INTEGER              -- 53-bit hash of the id, indexed: lookups by id (see idHash)
 *     id, rev, deleted, lwt    -- the document's primary key, _rev, _deleted, _meta.lwt
 *     seq INTEGER              -- the store-wide write position of the last write, indexed: the
 *                              -- change feed and getChangedDocumentsSince
 *     data TEXT                -- the document, JSON
 *     i0, i1, …                -- one column per schema index holding RxDB's own indexable string
 *                              -- of that index (getIndexableStringMonad), mapped to SQLite's
 *                              -- byte order (toSqliteOrder), each with a SQL index
 *
 * RxDB's `_meta.lwt` index (for its replication) keeps a column but gets no SQL index: the app
 * never queries by it, and every index costs every insert.
 *
 * Queries are range scans of an index column between the bounds of RxDB's query plan (RxDB's own
 * start and end strings); RxDB's matcher filters what the index does not decide and RxDB's sort
 * comparator orders what the index does not (see SqliteStorageInstance.runQuery). Writes check
 * `_rev` like every RxStorage (a stale write is a 409 conflict carrying the stored document),
 * and their change events are emitted as the write lands. `transaction()` groups a command's
 * writes across collections into one SQLite transaction; a rollback restores RxDB's caches.
 * Parsed documents are kept in a bounded cache per collection.
 */
export type SqliteStore = {
  storage: RxStorage<unknown, unknown>;
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Every write in commit order across collections: what `GET /changes` answers from. */
  changesSince(afterSeq: number, limit: number, collections?: readonly string[]): FeedChange[];
  lastChangeSeq(): number;
  /** The connection (for side-table readers and maintenance in core/node). */
  sqlite: SqliteDatabase;
  /** The table of a collection's current instance (for side-table readers), or null when not open. */
  tableOf(collection: string): string | null;
  /**
   * Finishes opening a store written in the previous layout (one `rx_docs` table): call once the
   * database has opened every collection. The conversion is one transaction; until this returns
   * nothing of it is on disk.
   */
  finishOpen(): void;
  /** Undoes a conversion that could not finish (the file stays as it was). */
  abortOpen(): void;
};

/** A document as the change feed returns it: its collection, position, and stored state. */
export type FeedChange = { seq: number; collection: string; id: string; deleted: boolean; document: Record<string, unknown> };

export type SqliteStorageOptions = {
  scope?: TransactionScope;
  /** Side tables per collection name, kept in the same transaction as its documents. */
  projections?: Record<string, Projection>;
  /** Parsed documents kept per collection (default 2,000). */
  documentCacheSize?: number;
  /** Progress of converting a store from the previous layout (rows copied of rows to copy). */
  onConversionProgress?: (done: number, total: number) => void;
};

const REGISTRY_SQL = `CREATE TABLE IF NOT EXISTS rx_tables (
  key TEXT PRIMARY KEY,
  database TEXT NOT NULL,
  collection TEXT NOT NULL,
  version INTEGER NOT NULL,
  table_name TEXT NOT NULL UNIQUE,
  indexes TEXT NOT NULL
)`;

export function createSqliteStorage(sqlite: SqliteDatabase, options: SqliteStorageOptions = {}): SqliteStore {
  // A conversion from the previous layout begins its transaction first, so it leaves nothing behind if it fails.
  const legacy = openLegacy(sqlite);
  sqlite.exec(REGISTRY_SQL);
  const registry = (): TableInfo[] =>
    sqlite.prepare('SELECT key, database, collection, version, table_name FROM rx_tables ORDER BY key').all().map((row) => ({
      key: String(row.key),
      database: String(row.database),
      collection: String(row.collection),
      version: Number(row.version),
      table: String(row.table_name),
    }));
  let initialSeq = 0;
  for (const info of registry()) {
    const row = sqlite.prepare(`SELECT COALESCE(MAX(seq), 0) AS last FROM ${quote(info.table)}`).get();
    initialSeq = Math.max(initialSeq, Number(row?.last ?? 0));
  }
  if (legacy) initialSeq = Math.max(initialSeq, legacy.maxSeq);

  const open = new Map<string, { shared: ConstructorParameters<typeof SqliteStorageInstance>[5]; count: number }>();
  const projections = options.projections ?? {};
  const context = new StoreContext(
    sqlite,
    options.scope,
    projections,
    (instance) => {
      const entry = open.get(instance.info.key);
      if (entry && --entry.count <= 0) open.delete(instance.info.key);
    },
    (instance) => {
      projections[instance.collectionName]?.drop(sqlite, instance.info.table);
      sqlite.exec(`DROP TABLE IF EXISTS ${quote(instance.info.table)}`);
      sqlite.prepare('DELETE FROM rx_tables WHERE key = ?').run(instance.info.key);
    },
    initialSeq,
  );

  const storage: RxStorage<unknown, unknown> = {
    name: 'sqlite',
    rxdbVersion: RXDB_VERSION,
    async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, unknown>) {
      const schema = params.schema as unknown as RxJsonSchema<AnyDoc>;
      const key = `${params.databaseName}/${params.collectionName}/${schema.version}`;
      const info = ensureTable(sqlite, key, params.databaseName, params.collectionName, schema);
      if (info.created && legacy) legacy.copy(info, schema, options.onConversionProgress);
      const projection = projections[params.collectionName];
      if (projection?.setup(sqlite, info.table)) rebuildProjection(sqlite, info.table, projection);
      let entry = open.get(key);
      if (!entry) {
        entry = { shared: { changes$: new Subject(), cache: new DocumentCache(options.documentCacheSize ?? 2000) }, count: 0 };
        open.set(key, entry);
      }
      entry.count++;
      return new SqliteStorageInstance(context, info, params.databaseName, params.collectionName, schema, entry.shared) as never;
    },
  };

  return {
    storage,
    sqlite,
    transaction: (fn) => context.transaction(fn),
    changesSince(afterSeq, limit, collections) {
      // First the positions only (the seq index covers them), merged across tables; then the rows
      // of the page itself: a table with many changes after the cursor has at most its share of
      // the page read and parsed, not `limit` rows per table.
      const tables = registry().filter((info) => !collections || collections.includes(info.collection));
      const positions: { seq: number; table: number }[] = [];
      tables.forEach((info, table) => {
        for (const row of sqlite.prepare(`SELECT seq FROM ${quote(info.table)} WHERE seq > ? ORDER BY seq LIMIT ?`).all(afterSeq, limit)) positions.push({ seq: Number(row.seq), table });
      });
      positions.sort((a, b) => a.seq - b.seq);
      const lastOf = new Map<number, number>();
      for (const position of positions.slice(0, limit)) lastOf.set(position.table, position.seq);
      const page: FeedChange[] = [];
      for (const [table, lastSeq] of lastOf) {
        const info = tables[table] as TableInfo;
        for (const row of sqlite.prepare(`SELECT seq, id, deleted, data FROM ${quote(info.table)} WHERE seq > ? AND seq <= ? ORDER BY seq`).all(afterSeq, lastSeq)) {
          page.push({ seq: Number(row.seq), collection: info.collection, id: String(row.id), deleted: Number(row.deleted) === 1, document: JSON.parse(String(row.data)) as Record<string, unknown> });
        }
      }
      return page.sort((a, b) => a.seq - b.seq);
    },
    lastChangeSeq: () => context.lastSeq(),
    tableOf(collection) {
      for (const [key] of open) {
        const info = registry().find((candidate) => candidate.key === key);
        if (info?.collection === collection) return info.table;
      }
      return null;
    },
    finishOpen() {
      legacy?.finish();
    },
    abortOpen() {
      legacy?.abort();
    },
  };
}

/** Creates (or finds) the table of an instance; a table whose index columns no longer match the schema is re-indexed. */
function ensureTable(sqlite: SqliteDatabase, key: string, database: string, collection: string, schema: RxJsonSchema<AnyDoc>): TableInfo & { created: boolean } {
  const indexes = indexColumnsOf(schema);
  const signature = JSON.stringify(indexes.map((index) => index.fields));
  const existing = sqlite.prepare('SELECT table_name, indexes FROM rx_tables WHERE key = ?').get(key);
  if (existing) {
    const info = { key, database, collection, version: schema.version, table: String(existing.table_name) };
    if (String(existing.indexes) !== signature) reindex(sqlite, info, schema, JSON.parse(String(existing.indexes)) as string[][], signature);
    return { ...info, created: false };
  }
  const base = `d_${`${database}_${collection}_${schema.version}`.replace(/[^A-Za-z0-9_]/g, '_')}`;
  let table = base;
  for (let n = 2; sqlite.prepare('SELECT 1 FROM rx_tables WHERE table_name = ?').get(table); n++) table = `${base}_${n}`;
  const q = quote(table);
  const columns = indexes.map((index) => `, ${index.column} TEXT NOT NULL`).join('');
  const run = () => {
    sqlite.exec(`CREATE TABLE ${q} (rid INTEGER PRIMARY KEY, idh INTEGER NOT NULL, id TEXT NOT NULL, rev TEXT NOT NULL, deleted INTEGER NOT NULL, lwt REAL NOT NULL, seq INTEGER NOT NULL, data TEXT NOT NULL${columns})`);
    sqlite.exec(`CREATE INDEX ${quote(`${table}_idh`)} ON ${q} (idh)`);
    sqlite.exec(`CREATE INDEX ${quote(`${table}_seq`)} ON ${q} (seq)`);
    sqlite.exec(`CREATE INDEX ${quote(`${table}_deleted`)} ON ${q} (lwt) WHERE deleted = 1`);
    createIndexes(sqlite, table, indexes);
    sqlite.prepare('INSERT INTO rx_tables (key, database, collection, version, table_name, indexes) VALUES (?, ?, ?, ?, ?, ?)').run(key, database, collection, schema.version, table, signature);
  };
  if (sqlite.isInTransaction) run();
  else sqlite.transaction(run);
  return { key, database, collection, version: schema.version, table, created: true };
}

function createIndexes(sqlite: SqliteDatabase, table: string, indexes: ReturnType<typeof indexColumnsOf>): void {
  for (const index of indexes) {
    if (isLwtIndex(index.fields)) continue;
    sqlite.exec(`CREATE INDEX ${quote(`${table}_${index.column}`)} ON ${quote(table)} (${index.column})`);
  }
}

/**
 * The schema's indexes changed while its version did not (RxDB lets the index list change with
 * the version only, but a store can outlive a development build): rebuild the index columns from
 * the documents, in one transaction.
 */
function reindex(sqlite: SqliteDatabase, info: TableInfo, schema: RxJsonSchema<AnyDoc>, previous: string[][], signature: string): void {
  const indexes = indexColumnsOf(schema);
  const q = quote(info.table);
  const run = () => {
    previous.forEach((_, i) => {
      sqlite.exec(`DROP INDEX IF EXISTS ${quote(`${info.table}_i${i}`)}`);
      sqlite.exec(`ALTER TABLE ${q} DROP COLUMN i${i}`);
    });
    for (const index of indexes) sqlite.exec(`ALTER TABLE ${q} ADD COLUMN ${index.column} TEXT NOT NULL DEFAULT ''`);
    const update = sqlite.prepare(`UPDATE ${q} SET ${indexes.map((index) => `${index.column} = ?`).join(', ')} WHERE rid = ?`);
    for (const row of sqlite.prepare(`SELECT rid, data FROM ${q}`).all()) {
      const doc = JSON.parse(String(row.data)) as AnyDoc;
      update.run(...indexes.map((index) => index.key(doc)), Number(row.rid));
    }
    createIndexes(sqlite, info.table, indexes);
    sqlite.prepare('UPDATE rx_tables SET indexes = ? WHERE key = ?').run(signature, info.key);
  };
  if (sqlite.isInTransaction) run();
  else sqlite.transaction(run);
}

/** Fills a side table that was just created from the collection's stored documents. */
function rebuildProjection(sqlite: SqliteDatabase, table: string, projection: Projection): void {
  const run = () => {
    const batch: { rid: number; doc: AnyDoc; previous: undefined }[] = [];
    for (const row of sqlite.prepare(`SELECT rid, data FROM ${quote(table)} WHERE deleted = 0 ORDER BY rid`).iterate()) {
      batch.push({ rid: Number(row.rid), doc: JSON.parse(String(row.data)) as AnyDoc, previous: undefined });
      if (batch.length === 1000) projection.write(sqlite, table, batch.splice(0));
    }
    if (batch.length > 0) projection.write(sqlite, table, batch);
  };
  if (sqlite.isInTransaction) run();
  else sqlite.transaction(run);
}

/**
 * A store written in the previous layout: every document in one `rx_docs` table (instance, id,
 * data, …), loaded into memory at start. Opening it converts it: one transaction begins here,
 * each collection's rows are copied into its table when RxDB opens the collection, and
 * `finish()` drops `rx_docs` and commits. Rows keep their order as write positions.
 */
function openLegacy(sqlite: SqliteDatabase) {
  const columns = sqlite.prepare('PRAGMA table_info(rx_docs)').all().map((column) => String(column.name));
  if (columns.length === 0) return null;
  for (const name of ['instance', 'id', 'data', 'deleted']) {
    if (!columns.includes(name)) throw new Error(`rx_docs has an unknown layout (columns ${columns.join(', ')}); refusing to open the store`);
  }
  const order = columns.includes('change_seq') ? 'change_seq' : columns.includes('seq') ? 'seq' : null;
  const total = Number(sqlite.prepare('SELECT COUNT(*) AS n FROM rx_docs').get()?.n ?? 0);
  sqlite.exec('BEGIN IMMEDIATE');
  // Write positions: the old order where the file has one, else the order rows are copied in.
  let position = order ? Number(sqlite.prepare(`SELECT COALESCE(MAX(${order}), 0) AS m FROM rx_docs`).get()?.m ?? 0) : 0;
  const maxSeq = order ? position : total;
  let done = 0;
  let isOpen = true;
  return {
    maxSeq,
    copy(info: TableInfo, schema: RxJsonSchema<AnyDoc>, onProgress?: (done: number, total: number) => void) {
      const indexes = indexColumnsOf(schema);
      const q = quote(info.table);
      const insert = sqlite.prepare(
        `INSERT INTO ${q} (idh, id, rev, deleted, lwt, seq, data${indexes.map((index) => `, ${index.column}`).join('')}) VALUES (?, ?, ?, ?, ?, ?, ?${indexes.map(() => ', ?').join('')})`,
      );
      const select = sqlite.prepare(`SELECT id, data${order ? `, ${order} AS position` : ''} FROM rx_docs WHERE instance = ? ORDER BY ${order ?? 'id'}`);
      for (const row of select.iterate(info.key)) {
        const doc = JSON.parse(String(row.data)) as AnyDoc;
        const id = String(row.id);
        const seq = order ? Number(row.position) || ++position : ++position;
        const values: SqliteValue[] = [idHash(id), id, doc._rev, doc._deleted ? 1 : 0, doc._meta.lwt, seq, String(row.data)];
        for (const index of indexes) values.push(index.key(doc));
        insert.run(...values);
        if (++done % 10_000 === 0) onProgress?.(done, total);
      }
      sqlite.prepare('DELETE FROM rx_docs WHERE instance = ?').run(info.key);
      onProgress?.(done, total);
    },
    finish() {
      if (!isOpen) return;
      isOpen = false;
      const left = Number(sqlite.prepare('SELECT COUNT(*) AS n FROM rx_docs').get()?.n ?? 0);
      // Rows of collections this version no longer opens stay readable, set aside.
      if (left > 0) sqlite.exec('ALTER TABLE rx_docs RENAME TO rx_docs_not_converted');
      else sqlite.exec('DROP TABLE rx_docs');
      sqlite.exec('COMMIT');
    },
    abort() {
      if (!isOpen) return;
      isOpen = false;
      if (sqlite.isInTransaction) sqlite.exec('ROLLBACK');
    },
  };
}
