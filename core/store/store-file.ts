import { collectionSchemas } from './database.ts';
import type { SqliteDatabase } from './sqlite-driver.ts';

/** The first 16 bytes of every SQLite database file. */
export const SQLITE_HEADER = 'SQLite format 3\u0000';

/** What a store file holds, as far as can be told without opening it as a store. */
export type StoreFileReport = {
  /** 'current': one table per collection; 'previous': every document in `rx_docs` (converted when opened). */
  layout: 'current' | 'previous';
  /** Problems that make the file unusable as a store, in words (empty when it is usable). */
  problems: string[];
};

/**
 * Checks a SQLite file before it becomes the store (restore): SQLite's own integrity check, a
 * layout this version can open, and no collection written by a newer version of the app (a
 * schema version above this build's; RxDB would refuse to open it).
 */
export function inspectStoreFile(sqlite: SqliteDatabase): StoreFileReport {
  const problems: string[] = [];
  const integrity = sqlite.prepare('PRAGMA integrity_check(20)').all().map((row) => String(Object.values(row)[0]));
  if (integrity.length !== 1 || integrity[0] !== 'ok') {
    problems.push(`SQLite's integrity check failed: ${integrity.slice(0, 5).join('; ')}${integrity.length > 5 ? '; …' : ''}`);
    return { layout: 'current', problems };
  }
  const tables = new Set(sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((row) => String(row.name)));
  if (tables.has('rx_docs') && !tables.has('rx_tables')) return { layout: 'previous', problems };
  if (!tables.has('rx_tables')) {
    problems.push('it is a SQLite file but not a Payouts desk store (no rx_tables table)');
    return { layout: 'current', problems };
  }
  const rows = sqlite.prepare('SELECT collection, version, table_name FROM rx_tables').all();
  const known = collectionSchemas as Record<string, { version: number }>;
  let collections = 0;
  for (const row of rows) {
    const collection = String(row.collection);
    const version = Number(row.version);
    const schema = known[collection];
    if (!tables.has(String(row.table_name))) problems.push(`the table of ${collection} is missing`);
    if (!schema) continue; // RxDB's own internal collections
    collections++;
    if (version > schema.version) problems.push(`${collection} was written by a newer version of Payouts desk (schema version ${version}, this version reads up to ${schema.version}); update the app first`);
  }
  if (collections === 0) problems.push('it holds no Payouts desk collections');
  return { layout: 'current', problems };
}
