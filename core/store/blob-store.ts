import type { SqliteDatabase } from './sqlite-driver.ts';

/** Content-addressed file storage (receipts): bytes by SHA-256, written once, never changed. */
export type BlobStore = {
  put(sha256: string, contentType: string, bytes: Uint8Array): Promise<void>;
  get(sha256: string): Promise<{ contentType: string; bytes: Uint8Array } | null>;
  /** Whether the bytes of this hash are here (without reading them). */
  has(sha256: string): Promise<boolean>;
};

/**
 * Blobs in the store's SQLite file, on the same connection as the documents: a receipt written
 * by a command commits (or rolls back) with the command's transaction.
 */
export function sqliteBlobStore(sqlite: SqliteDatabase): BlobStore {
  sqlite.exec('CREATE TABLE IF NOT EXISTS blobs (sha256 TEXT PRIMARY KEY, content_type TEXT NOT NULL, data BLOB NOT NULL) WITHOUT ROWID');
  const insert = sqlite.prepare('INSERT OR IGNORE INTO blobs (sha256, content_type, data) VALUES (?, ?, ?)');
  const select = sqlite.prepare('SELECT content_type, data FROM blobs WHERE sha256 = ?');
  const exists = sqlite.prepare('SELECT 1 AS found FROM blobs WHERE sha256 = ?');
  return {
    async put(sha256, contentType, bytes) {
      if (sqlite.isInTransaction) insert.run(sha256, contentType, bytes);
      else sqlite.transaction(() => insert.run(sha256, contentType, bytes));
    },
    async get(sha256) {
      const row = select.get(sha256);
      return row ? { contentType: String(row.content_type), bytes: row.data as Uint8Array } : null;
    },
    async has(sha256) {
      return exists.get(sha256) !== undefined;
    },
  };
}

/** Blobs in memory, for stores without a file (tests). */
export function memoryBlobStore(): BlobStore {
  const blobs = new Map<string, { contentType: string; bytes: Uint8Array }>();
  return {
    async put(sha256, contentType, bytes) {
      if (!blobs.has(sha256)) blobs.set(sha256, { contentType, bytes });
    },
    async get(sha256) {
      return blobs.get(sha256) ?? null;
    },
    async has(sha256) {
      return blobs.has(sha256);
    },
  };
}
