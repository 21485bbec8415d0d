import type { SqliteDatabase, SqliteStatement, SqliteValue } from './sqlite-driver.ts';
import type { Projection } from './sqlite-store-context.ts';
import { quote } from './sqlite-instance.ts';

/** Which accruals or payments a total covers: the filters of their lists, `from`/`to` inclusive. */
export type SumFilter = {
  org_id: string;
  project_id?: string | undefined;
  creator_id?: string | undefined;
  structure_id?: string | undefined;
  status?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

/** The summable collections: the amount field and the date `from`/`to` bound. */
const SUMMED = {
  accruals: { amount: 'amount_cents', date: 'period_end_at', structure: true, payable: true },
  payments: { amount: 'total_amount_cents', date: 'paid_at', structure: false, payable: false },
} as const;
export type SummedCollection = keyof typeof SUMMED;

/**
 * Totals of filtered accruals and payments, answered by SQL over a narrow side table instead of
 * by reading documents: a list's "total of every matching row" over two million accruals.
 */
export type LedgerSums = {
  /**
   * How many stored (not deleted) documents match the filter and the sum of their amounts, in
   * cents; null when the side table cannot answer this filter exactly as the documents' selector
   * would (a `from`/`to` that is not a stored timestamp's form: see `isExactBound`), and the
   * caller reads the documents instead.
   */
  totals(collection: SummedCollection, filter: SumFilter): { count: number; sum: number } | null;
  /**
   * Each creator's payable accruals in a project (SPEC §7): earned, in `currency`, `payable_at`
   * at or before `as_of` (compared as the strings are), not in `exclude` (accruals on open batch
   * lines); ids oldest period first (then by id), the balance and the clawbacks netted into it.
   * One aggregate over the side table: a batch over a million accruals reads no document.
   */
  payable(filter: PayableFilter, exclude: ReadonlySet<string>): Map<string, PayableSet>;
};

export type PayableFilter = { org_id: string; project_id: string; currency: string; as_of: string };

/** One creator's payable accruals: their ids, the balance and the sum of its clawbacks (≤ 0). */
export type PayableSet = { accrual_ids: string[]; balance_cents: number; clawback_cents: number };

/** Whether `totals` answers this filter (its `from`/`to`, if any, are exact bounds). */
export function answersFilter(filter: SumFilter): boolean {
  return (filter.from === undefined || isExactBound(filter.from)) && (filter.to === undefined || isExactBound(filter.to));
}

/**
 * Whether a `from`/`to` bound compares with stored timestamps (always `toISOString()` form) as
 * epoch ms do as the strings do: only when it has that form itself. The selector compares strings
 * ("2026-01-02" is before "2026-01-02T00:00:00.000Z", "zzz" after every date), the side table
 * compares numbers, so any other form is left to the documents.
 */
export function isExactBound(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value)) return false;
  const at = Date.parse(value);
  return Number.isFinite(at) && new Date(at).toISOString() === value;
}

type State = { sqlite: SqliteDatabase; table: string; version: number; statements: Map<string, SqliteStatement> };

/**
 * The side tables (`<table>_sums`: one row per document, ids as small integers from
 * `<table>_keys`, status as text, the date as epoch ms, the amount) of `accruals` and `payments`,
 * written in the same transaction as the documents and rebuilt from them when missing (stores
 * written before they existed, restored backups). A row is ~40 bytes, so a sum scans two
 * million of them in a fraction of a second; the creator filter (a creator's page) uses an index.
 */
export function createLedgerSums(): { projections: Record<SummedCollection, Projection>; sums: LedgerSums } {
  /**
   * Per collection, its open tables: one, or while RxDB migrates a collection to a new schema
   * version the old one too (read, then dropped). Writes go to the sums of the table written;
   * totals read the newest version's.
   */
  const tables = new Map<SummedCollection, Map<string, State>>();
  const tableState = (collection: SummedCollection, table: string): State | undefined => tables.get(collection)?.get(table);
  const currentState = (collection: SummedCollection): State | undefined =>
    [...(tables.get(collection)?.values() ?? [])].reduce<State | undefined>((best, state) => (best === undefined || state.version > best.version ? state : best), undefined);
  /** id text → key, per table; ids never change meaning, so the map only grows. */
  const keyCache = new Map<string, Map<string, number>>();

  const statement = (state: State, sql: string): SqliteStatement => {
    let prepared = state.statements.get(sql);
    if (!prepared) {
      prepared = state.sqlite.prepare(sql);
      state.statements.set(sql, prepared);
    }
    return prepared;
  };
  const sumsTable = (state: State) => quote(`${state.table}_sums`);
  const keysTable = (state: State) => quote(`${state.table}_keys`);

  /** The small integer standing for an id (created when `create`), or null when it was never stored. */
  const keyOf = (state: State, value: string, create: boolean): number | null => {
    let cache = keyCache.get(state.table);
    if (!cache) keyCache.set(state.table, (cache = new Map()));
    const known = cache.get(value);
    if (known !== undefined) return known;
    const row = statement(state, `SELECT k FROM ${keysTable(state)} WHERE v = ?`).get(value);
    let key = row ? Number(row.k) : null;
    if (key === null && create) key = Number(statement(state, `INSERT INTO ${keysTable(state)} (v) VALUES (?) RETURNING k`).get(value)?.k);
    // A key created in a transaction that rolls back vanishes: `rolledBack` forgets them all.
    if (key !== null) cache.set(value, key);
    return key;
  };

  const projection = (collection: SummedCollection): Projection => {
    const fields = SUMMED[collection];
    return {
      setup(sqlite, table) {
        const version = Number(sqlite.prepare('SELECT version FROM rx_tables WHERE table_name = ?').get(table)?.version ?? 0);
        const state: State = { sqlite, table, version, statements: new Map() };
        if (!tables.has(collection)) tables.set(collection, new Map());
        tables.get(collection)!.set(table, state);
        keyCache.delete(table);
        const columns = sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(`${table}_sums`).map((row) => String(row.name));
        if (columns.length > 0 && (!fields.payable || columns.includes('payable'))) return false;
        // Missing, or written before accruals' sums kept currency and payable_at: made anew and
        // filled from the documents (the caller rebuilds a table this answers true for).
        if (columns.length > 0) sqlite.exec(`DROP TABLE ${sumsTable(state)}`);
        sqlite.exec(`CREATE TABLE IF NOT EXISTS ${keysTable(state)} (k INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)`);
        sqlite.exec(
          `CREATE TABLE ${sumsTable(state)} (rid INTEGER PRIMARY KEY, org INTEGER NOT NULL, project INTEGER, creator INTEGER, structure INTEGER, status TEXT, at INTEGER, amount INTEGER NOT NULL${fields.payable ? ', currency TEXT, payable TEXT' : ''})`,
        );
        sqlite.exec(`CREATE INDEX ${quote(`${table}_sums_creator`)} ON ${sumsTable(state)} (creator)`);
        return true;
      },
      write(_sqlite, table, rows) {
        const state = tableState(collection, table);
        if (!state) throw new Error(`${collection} sums written before the collection was opened`);
        const upsert = statement(
          state,
          `INSERT OR REPLACE INTO ${sumsTable(state)} (rid, org, project, creator, structure, status, at, amount${fields.payable ? ', currency, payable' : ''}) VALUES (?, ?, ?, ?, ?, ?, ?, ?${fields.payable ? ', ?, ?' : ''})`,
        );
        const text = (value: unknown) => (typeof value === 'string' ? value : null);
        const remove = statement(state, `DELETE FROM ${sumsTable(state)} WHERE rid = ?`);
        const key = (value: unknown) => (typeof value === 'string' ? keyOf(state, value, true) : null);
        for (const { rid, doc } of rows) {
          if (doc._deleted) {
            remove.run(rid);
            continue;
          }
          const at = typeof doc[fields.date] === 'string' ? Date.parse(doc[fields.date] as string) : null;
          upsert.run(
            rid,
            key(doc.org_id),
            key(doc.project_id),
            key(doc.creator_id),
            fields.structure ? key(doc.structure_id) : null,
            typeof doc.status === 'string' ? doc.status : null,
            Number.isFinite(at) ? at : null,
            Number(doc[fields.amount] ?? 0),
            ...(fields.payable ? [text(doc.currency), text(doc.payable_at)] : []),
          );
        }
      },
      drop(sqlite, table) {
        sqlite.exec(`DROP TABLE IF EXISTS ${quote(`${table}_sums`)}`);
        sqlite.exec(`DROP TABLE IF EXISTS ${quote(`${table}_keys`)}`);
        tables.get(collection)?.delete(table);
        keyCache.delete(table);
      },
      rolledBack() {
        for (const table of tables.get(collection)?.keys() ?? []) keyCache.delete(table);
      },
    };
  };

  const sums: LedgerSums = {
    totals(collection, filter) {
      const state = currentState(collection);
      if (!state) throw new Error(`${collection} sums read before the collection was opened`);
      if (!answersFilter(filter)) return null;
      const where: string[] = [];
      const params: SqliteValue[] = [];
      const byKey = (column: string, value: string | undefined): boolean => {
        if (value === undefined) return true;
        const key = keyOf(state, value, false);
        if (key === null) return false; // an id never stored matches nothing
        where.push(`${column} = ?`);
        params.push(key);
        return true;
      };
      const none = { count: 0, sum: 0 };
      if (!byKey('org', filter.org_id) || !byKey('project', filter.project_id) || !byKey('creator', filter.creator_id)) return none;
      if (SUMMED[collection].structure && !byKey('structure', filter.structure_id)) return none;
      if (filter.status !== undefined) {
        where.push('status = ?');
        params.push(filter.status);
      }
      if (filter.from !== undefined) {
        where.push('at >= ?');
        params.push(Date.parse(filter.from));
      }
      if (filter.to !== undefined) {
        where.push('at <= ?');
        params.push(Date.parse(filter.to));
      }
      const row = statement(state, `SELECT COUNT(*) AS count, COALESCE(SUM(amount), 0) AS total FROM ${sumsTable(state)} WHERE ${where.join(' AND ')}`).get(...params);
      return { count: Number(row?.count ?? 0), sum: Number(row?.total ?? 0) };
    },
    payable(filter, exclude) {
      const state = currentState('accruals');
      if (!state) throw new Error('accruals sums read before the collection was opened');
      const out = new Map<string, PayableSet>();
      const org = keyOf(state, filter.org_id, false);
      const project = keyOf(state, filter.project_id, false);
      if (org === null || project === null) return out;
      const rows = statement(
        state,
        `SELECT c.v AS creator, group_concat(d.id, ',' ORDER BY s.at, d.id) AS ids, SUM(s.amount) AS balance, SUM(MIN(s.amount, 0)) AS clawback
         FROM ${sumsTable(state)} s JOIN ${quote(state.table)} d ON d.rid = s.rid JOIN ${keysTable(state)} c ON c.k = s.creator
         WHERE s.org = ? AND s.project = ? AND s.status = 'earned' AND s.currency = ? AND s.payable <= ? AND d.id NOT IN (SELECT value FROM json_each(?))
         GROUP BY s.creator`,
      ).all(org, project, filter.currency, filter.as_of, JSON.stringify([...exclude]));
      for (const row of rows) {
        out.set(String(row.creator), { accrual_ids: String(row.ids).split(','), balance_cents: Number(row.balance), clawback_cents: Number(row.clawback) });
      }
      return out;
    },
  };

  return { projections: { accruals: projection('accruals'), payments: projection('payments') }, sums };
}
