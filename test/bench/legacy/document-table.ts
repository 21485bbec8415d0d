import type { SqliteDatabase, SqliteStatement, SqliteValue } from '../../../core/store/sqlite-driver.ts';

/**
 * The SQLite side of the durable storage: one table of JSON documents, append-ordered.
 *
 * Rows are keyed by `seq` (the rowid), so a new document is appended at the end of the table's
 * B-tree instead of landing on a random leaf page, as it did when the key was (instance, id) and
 * ids are random UUIDs. The only index is (instance, seq), which also grows at its end per
 * instance. There is no index on (instance, id): the table keeps, for each loaded instance, an
 * in-memory map from document id to seq, filled when the instance is loaded and kept right by
 * every write, purge and drop. A write of a known id updates its row by seq; a new id is inserted.
 *
 * The map follows SQLite's transactions: changes made while a transaction opened with `begin()` is
 * open are undone by `rollback()`; a write that fails undoes its own changes on disk (its own
 * transaction, or a savepoint inside an open one) and in the map.
 */
export type StoredDocument = { id: string; data: Record<string, unknown> & { _deleted: boolean; _meta: { lwt: number } } };

const TABLE_SQL = `
CREATE TABLE IF NOT EXISTS rx_docs (
  seq INTEGER PRIMARY KEY,
  instance TEXT NOT NULL,
  id TEXT NOT NULL,
  data TEXT NOT NULL,
  deleted INTEGER NOT NULL,
  lwt REAL NOT NULL,
  change_seq INTEGER NOT NULL DEFAULT 0
);
`;
const INDEX_SQL = 'CREATE INDEX IF NOT EXISTS rx_docs_instance_seq ON rx_docs (instance, seq);';
/** The change feed's order: every write gives its rows the next position (see changesSince). */
const CHANGE_INDEX_SQL = 'CREATE INDEX IF NOT EXISTS rx_docs_change_seq ON rx_docs (change_seq);';

/** One document as the change feed returns it: where it was last written in commit order. */
export type FeedRow = { changeSeq: number; instance: string; id: string; deleted: boolean; data: string };

/**
 * Rows per multi-row INSERT statement for large writes. Measured on a 2M-row store, 38k inserts of
 * ~1.2 KB in one transaction: ~1.0 s with 100-row statements against ~1.3 s one row at a time
 * (50 rows: in between, within noise of 100).
 */
const INSERT_BATCH = 100;

type SeqMap = Map<string, number>;
/** One change to the maps, recorded so it can be undone: an id's previous seq, or a whole instance's map. */
type MapChange = { map: SeqMap; id: string; previous: number | undefined } | { instance: string; previousMap: SeqMap | undefined };

/**
 * Creates the table, or converts a file written with the previous layout (rx_docs keyed by
 * PRIMARY KEY (instance, id) WITHOUT ROWID, no seq column) in one transaction.
 *
 * No VACUUM follows: the old table's pages stay in the file as free pages, reused by later writes.
 * (In the old layout a ~1.2 KB row spilled onto its own overflow page, so the old table takes
 * ~3.5× the space of the new one: measured at 2M accruals, 9.4 GB before, 2.8 GB of it in use after;
 * the conversion took 32–89 s, a VACUUM would take ~50 s more.)
 */
export function ensureDocumentLayout(sqlite: SqliteDatabase): void {
  const columns = sqlite.prepare('PRAGMA table_info(rx_docs)').all().map((column) => String(column.name));
  if (columns.length === 0 || columns.includes('change_seq')) {
    sqlite.exec(TABLE_SQL + INDEX_SQL + CHANGE_INDEX_SQL);
    return;
  }
  if (columns.includes('seq')) {
    // The append-ordered layout before the change feed: rows keep their order as change positions.
    sqlite.transaction(() => {
      sqlite.exec(`ALTER TABLE rx_docs ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0; UPDATE rx_docs SET change_seq = seq; ${CHANGE_INDEX_SQL}`);
    });
    return;
  }
  const expected = ['instance', 'id', 'data', 'deleted', 'lwt'];
  if (columns.length !== expected.length || !expected.every((name) => columns.includes(name))) {
    throw new Error(`rx_docs has an unknown layout (columns ${columns.join(', ')}); refusing to open the store`);
  }
  sqlite.transaction(() => {
    sqlite.exec(`
      ALTER TABLE rx_docs RENAME TO rx_docs_previous_layout;
      ${TABLE_SQL}
      INSERT INTO rx_docs (instance, id, data, deleted, lwt, change_seq)
        SELECT instance, id, data, deleted, lwt, 0 FROM rx_docs_previous_layout ORDER BY instance, id;
      UPDATE rx_docs SET change_seq = seq;
      DROP TABLE rx_docs_previous_layout;
      ${INDEX_SQL}
      ${CHANGE_INDEX_SQL}
    `);
  });
}

export class DocumentTable {
  /** instance → (document id → seq), for every instance loaded. */
  private readonly seqs = new Map<string, SeqMap>();
  /** Map changes made since begin(); null when no transaction of ours is open. */
  private pending: MapChange[] | null = null;
  /** The change position of the last write (monotonic; a rolled-back write leaves a gap). */
  private changeSeq: number;
  private readonly statements: {
    insert: SqliteStatement;
    insertMany: SqliteStatement;
    update: SqliteStatement;
    load: SqliteStatement;
    purge: SqliteStatement;
    drop: SqliteStatement;
    savepoint: SqliteStatement;
    release: SqliteStatement;
    rollbackTo: SqliteStatement;
    feed: SqliteStatement;
  };

  constructor(private readonly sqlite: SqliteDatabase) {
    ensureDocumentLayout(sqlite);
    const columns = '(instance, id, data, deleted, lwt, change_seq)';
    this.statements = {
      insert: sqlite.prepare(`INSERT INTO rx_docs ${columns} VALUES (?, ?, ?, ?, ?, ?) RETURNING seq`),
      insertMany: sqlite.prepare(`INSERT INTO rx_docs ${columns} VALUES ${Array(INSERT_BATCH).fill('(?, ?, ?, ?, ?, ?)').join(', ')} RETURNING seq, id`),
      // instance and id are checked too: a row deleted behind our back (its seq possibly reused by
      // a later insert) then updates nothing, and the write becomes an insert.
      update: sqlite.prepare('UPDATE rx_docs SET data = ?, deleted = ?, lwt = ?, change_seq = ? WHERE seq = ? AND instance = ? AND id = ?'),
      load: sqlite.prepare('SELECT seq, id, data FROM rx_docs WHERE instance = ? ORDER BY seq'),
      purge: sqlite.prepare('DELETE FROM rx_docs WHERE instance = ? AND deleted = 1 AND lwt < ? RETURNING id'),
      drop: sqlite.prepare('DELETE FROM rx_docs WHERE instance = ?'),
      savepoint: sqlite.prepare('SAVEPOINT rx_docs_write'),
      release: sqlite.prepare('RELEASE rx_docs_write'),
      rollbackTo: sqlite.prepare('ROLLBACK TO rx_docs_write'),
      feed: sqlite.prepare('SELECT change_seq, instance, id, deleted, data FROM rx_docs WHERE change_seq > ? ORDER BY change_seq LIMIT ?'),
    };
    this.changeSeq = Number(sqlite.prepare('SELECT COALESCE(MAX(change_seq), 0) AS last FROM rx_docs').get()?.last ?? 0);
  }

  /**
   * The change feed: every document (of every instance, deleted ones as tombstones) whose last
   * write came after position `afterSeq`, in commit order, at most `limit`. A document written
   * again moves to its new position, so a reader that pages to the end has every latest state.
   */
  changesSince(afterSeq: number, limit: number): FeedRow[] {
    return this.statements.feed.all(afterSeq, limit).map((row) => ({
      changeSeq: Number(row.change_seq),
      instance: String(row.instance),
      id: String(row.id),
      deleted: Number(row.deleted) === 1,
      data: String(row.data),
    }));
  }

  /** The position of the last committed or pending write (0 for an empty store). */
  lastChangeSeq(): number {
    return this.changeSeq;
  }

  /**
   * Every document of an instance, in the order they were first written, and (re)builds the
   * instance's id → seq map. `idOf` reads a document's primary key, so the map shares its strings.
   */
  load<T>(instance: string, idOf: (doc: T) => string): T[] {
    const map: SeqMap = new Map();
    const docs: T[] = [];
    for (const row of this.statements.load.all(instance)) {
      const doc = JSON.parse(String(row.data)) as T;
      const id = idOf(doc);
      if (id !== row.id) throw new Error(`${instance}: row ${String(row.seq)} is filed under id ${String(row.id)} but holds document ${id}`);
      const seen = map.get(id);
      if (seen !== undefined) throw new Error(`${instance}: document ${id} is stored twice (rows ${seen} and ${String(row.seq)})`);
      map.set(id, Number(row.seq));
      docs.push(doc);
    }
    this.seqs.set(instance, map);
    return docs;
  }

  /** Forgets an instance's map (its last open instance closed; the next open loads it again). */
  forget(instance: string): void {
    this.seqs.delete(instance);
  }

  /**
   * Writes documents (new ids inserted, known ids updated in place), as one unit: in its own
   * transaction, or in a savepoint of the transaction already open. When the same id comes twice,
   * the last version is the one stored.
   */
  write(instance: string, docs: StoredDocument[]): void {
    let map = this.seqs.get(instance);
    if (!map) this.seqs.set(instance, (map = new Map()));
    const latest = new Map<string, StoredDocument>();
    for (const doc of docs) latest.set(doc.id, doc);
    const changes: MapChange[] = [];
    const run = () => {
      const inserts: StoredDocument[] = [];
      for (const doc of latest.values()) {
        const seq = map.get(doc.id);
        const data = doc.data;
        if (seq !== undefined && Number(this.statements.update.run(JSON.stringify(data), data._deleted ? 1 : 0, data._meta.lwt, ++this.changeSeq, seq, instance, doc.id).changes) > 0) {
          continue;
        }
        inserts.push(doc);
      }
      this.insert(instance, map, inserts, changes);
    };
    try {
      if (this.sqlite.isInTransaction) this.inSavepoint(run);
      else this.sqlite.transaction(run);
    } catch (error) {
      undo(this.seqs, changes);
      throw error;
    }
    this.record(changes);
  }

  /** Deletes the instance's deleted documents last written before `olderThan`. */
  purge(instance: string, olderThan: number): void {
    const rows = this.statements.purge.all(instance, olderThan);
    const map = this.seqs.get(instance);
    if (!map) return;
    const changes: MapChange[] = [];
    for (const row of rows) {
      const id = String(row.id);
      changes.push({ map, id, previous: map.get(id) });
      map.delete(id);
    }
    this.record(changes);
  }

  /** Deletes every document of the instance. */
  drop(instance: string): void {
    this.statements.drop.run(instance);
    this.record([{ instance, previousMap: this.seqs.get(instance) }]);
    this.seqs.set(instance, new Map());
  }

  /** A transaction was opened: map changes from now on are undone by rollback(). */
  begin(): void {
    this.pending = [];
  }
  commit(): void {
    this.pending = null;
  }
  /** The transaction was rolled back in SQLite: put the maps back as they were at begin(). */
  rollback(): void {
    const changes = this.pending ?? [];
    this.pending = null;
    undo(this.seqs, changes);
  }

  private record(changes: MapChange[]): void {
    if (this.pending) for (const change of changes) this.pending.push(change);
  }

  private inSavepoint(run: () => void): void {
    this.statements.savepoint.run();
    try {
      run();
    } catch (error) {
      // SQLite may already have rolled the whole transaction back (it does on some I/O errors).
      if (this.sqlite.isInTransaction) {
        this.statements.rollbackTo.run();
        this.statements.release.run();
      }
      throw error;
    }
    this.statements.release.run();
  }

  private insert(instance: string, map: SeqMap, docs: StoredDocument[], changes: MapChange[]): void {
    const params: SqliteValue[] = [];
    const row = (doc: StoredDocument) => [instance, doc.id, JSON.stringify(doc.data), doc.data._deleted ? 1 : 0, doc.data._meta.lwt, ++this.changeSeq];
    let next = 0;
    // Multi-row statements for large writes; RETURNING gives each row's seq by id (the order of
    // RETURNING rows is not guaranteed).
    for (; next + INSERT_BATCH <= docs.length; next += INSERT_BATCH) {
      params.length = 0;
      const batch = new Map<string, string>();
      for (let i = next; i < next + INSERT_BATCH; i++) {
        const doc = docs[i]!;
        batch.set(doc.id, doc.id);
        for (const value of row(doc)) params.push(value);
      }
      for (const inserted of this.statements.insertMany.all(...params)) {
        const id = batch.get(String(inserted.id));
        if (id === undefined) throw new Error(`${instance}: insert returned an unknown id ${String(inserted.id)}`);
        changes.push({ map, id, previous: map.get(id) });
        map.set(id, Number(inserted.seq));
      }
    }
    for (; next < docs.length; next++) {
      const doc = docs[next]!;
      const inserted = this.statements.insert.get(...row(doc));
      changes.push({ map, id: doc.id, previous: map.get(doc.id) });
      map.set(doc.id, Number(inserted!.seq));
    }
  }
}

function undo(seqs: Map<string, SeqMap>, changes: MapChange[]): void {
  for (let i = changes.length - 1; i >= 0; i--) {
    const change = changes[i]!;
    if ('instance' in change) {
      if (change.previousMap) seqs.set(change.instance, change.previousMap);
      else seqs.delete(change.instance);
    } else if (change.previous === undefined) {
      change.map.delete(change.id);
    } else {
      change.map.set(change.id, change.previous);
    }
  }
}
