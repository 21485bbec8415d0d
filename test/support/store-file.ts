/**
 * Reads a store file's documents with node:sqlite alone — independently of the storage code
 * under test — for the crash and durability tests: the registry `rx_tables` names each
 * collection's table; each row holds the document's JSON and its id and deleted flag as columns.
 */
import type { DatabaseSync } from 'node:sqlite';

export type StoredRow = { instance: string; id: string; data: string; deleted: number };

/** The rows of these storage instances (`database/collection/schemaVersion`); none when the store has no such table yet. */
export function storedRows(sqlite: DatabaseSync, instances: string[]): StoredRow[] {
  const hasRegistry = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rx_tables'").get();
  if (!hasRegistry) return [];
  const rows: StoredRow[] = [];
  for (const instance of instances) {
    const entry = sqlite.prepare('SELECT table_name FROM rx_tables WHERE key = ?').get(instance) as { table_name: string } | undefined;
    if (!entry) continue;
    const table = `"${entry.table_name.replace(/"/g, '""')}"`;
    for (const row of sqlite.prepare(`SELECT id, data, deleted FROM ${table}`).all() as { id: string; data: string; deleted: number }[]) {
      rows.push({ instance, ...row });
    }
  }
  return rows;
}

/** Whether the file holds a store (its registry exists). */
export function hasStore(sqlite: DatabaseSync): boolean {
  return Boolean(sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rx_tables'").get());
}
