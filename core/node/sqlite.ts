import { DatabaseSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteDriver, SqliteValue } from '../store/sqlite-driver.ts';

/**
 * The SQLite driver on node:sqlite. WAL with synchronous=FULL: a commit is on disk (fsync of the
 * WAL) before it returns, so an acknowledged write survives a crash or power loss.
 */
export const nodeSqliteDriver: SqliteDriver = {
  open(path: string): SqliteDatabase {
    const db = new DatabaseSync(path);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA busy_timeout = 5000');
    return {
      path,
      exec: (sql) => db.exec(sql),
      prepare(sql) {
        const statement = db.prepare(sql);
        return {
          run: (...params: SqliteValue[]) => statement.run(...params),
          all: (...params: SqliteValue[]) => statement.all(...params) as Record<string, SqliteValue>[],
          get: (...params: SqliteValue[]) => statement.get(...params) as Record<string, SqliteValue> | undefined,
          iterate: (...params: SqliteValue[]) => statement.iterate(...params) as IterableIterator<Record<string, SqliteValue>>,
        };
      },
      transaction<T>(fn: () => T): T {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = fn();
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.isTransaction) db.exec('ROLLBACK');
          throw error;
        }
      },
      get isInTransaction() {
        return db.isTransaction;
      },
      close: () => db.close(),
    };
  },
};
