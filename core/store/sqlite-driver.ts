/**
 * The small surface the durable store needs from SQLite. core/node/sqlite.ts implements it on
 * node:sqlite; nothing else imports node:sqlite, so another runtime can bring its own driver.
 */
export type SqliteValue = string | number | bigint | null | Uint8Array;

export type SqliteStatement = {
  run(...params: SqliteValue[]): { changes: number | bigint };
  all(...params: SqliteValue[]): Record<string, SqliteValue>[];
  get(...params: SqliteValue[]): Record<string, SqliteValue> | undefined;
  /** Rows one at a time (stopping early, by leaving the loop, ends the statement). */
  iterate(...params: SqliteValue[]): IterableIterator<Record<string, SqliteValue>>;
};

export type SqliteDatabase = {
  readonly path: string;
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  /** Runs `fn` inside BEGIN IMMEDIATE … COMMIT; rolls back and rethrows when it throws. */
  transaction<T>(fn: () => T): T;
  readonly isInTransaction: boolean;
  close(): void;
};

export type SqliteDriver = { open(path: string): SqliteDatabase };
