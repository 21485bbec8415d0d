import { closeSync, copyFileSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BackupInfo, BackupService } from '../api/contracts/backups.ts';
import { ApiError } from '../api/errors.ts';
import { checkStoredLedger } from '../ledger/invariants.ts';
import { openDatabase } from '../store/database.ts';
import { createSqliteStorage } from '../store/sqlite-storage.ts';
import { createSideTables } from '../store/side-tables.ts';
import { inspectStoreFile, SQLITE_HEADER } from '../store/store-file.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { nodeSqliteDriver } from './sqlite.ts';

/**
 * Backup and restore of the store file (SPEC §9).
 *
 * A backup is SQLite's `VACUUM INTO` on a read-only connection of its own, in a worker thread:
 * the connection reads one snapshot (WAL lets the app's writer go on committing meanwhile, and
 * every commit is a whole command, so the snapshot is a consistent ledger), the worker keeps the
 * app responsive, and the copy is compact. It is written to `FILE.partial` and renamed when
 * complete, so a half-written backup never looks like one. Progress is the copy's size against
 * the store's.
 *
 * A restore needs the data folder to itself (the app stopped). The file is copied next to the
 * store, checked (SQLite's integrity check, a layout and schema versions this build reads, then
 * opened as a store — converting an older layout — and SPEC §6's ledger invariants over every
 * payment and accrual), and only then swapped in: the current store is kept aside as
 * `payouts.sqlite.before-restore-<time>` first. Any failure leaves the store as it was.
 */

export class BackupError extends Error {
  override name = 'BackupError';
}

export type BackupProgress = { bytesWritten: number; bytesTotal: number };

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(workerData.source, { readOnly: true });
try {
  db.exec('PRAGMA busy_timeout = 10000');
  db.prepare('VACUUM INTO ?').run(workerData.out);
} finally {
  db.close();
}
parentPort.postMessage('done');
`;

/** Size of the store's pages in use (what a compact copy will be at most). */
function storeBytes(sourcePath: string): number {
  const sqlite = nodeSqliteDriver.open(sourcePath);
  try {
    const count = Number(sqlite.prepare('PRAGMA page_count').get()?.page_count ?? 0);
    const free = Number(sqlite.prepare('PRAGMA freelist_count').get()?.freelist_count ?? 0);
    const size = Number(sqlite.prepare('PRAGMA page_size').get()?.page_size ?? 4096);
    return (count - free) * size;
  } finally {
    sqlite.close();
  }
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes one consistent copy of the store at `sourcePath` to `outPath` while the app may be
 * running. Refuses to overwrite a file.
 */
export async function backupStoreFile(sourcePath: string, outPath: string, onProgress?: (progress: BackupProgress) => void): Promise<{ sizeBytes: number }> {
  if (!existsSync(sourcePath)) throw new BackupError(`No store at ${sourcePath}: nothing to back up (check PAYOUTS_DATA_DIR)`);
  if (existsSync(outPath)) throw new BackupError(`${outPath} already exists; choose another file name (a backup never overwrites a file)`);
  if (!existsSync(dirname(outPath))) throw new BackupError(`The folder ${dirname(outPath)} does not exist`);
  const partial = `${outPath}.partial`;
  rmSync(partial, { force: true });
  const bytesTotal = storeBytes(sourcePath);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { source: sourcePath, out: partial } });
  const timer = setInterval(() => {
    const written = existsSync(partial) ? statSync(partial).size : 0;
    onProgress?.({ bytesWritten: Math.min(written, bytesTotal), bytesTotal });
  }, 250);
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.once('exit', (code) => (code === 0 ? resolve() : reject(new BackupError(`the backup stopped (exit ${code})`))));
    });
  } catch (error) {
    rmSync(partial, { force: true });
    throw new BackupError(`The backup failed: ${(error as Error).message}`);
  } finally {
    clearInterval(timer);
  }
  fsyncPath(partial);
  renameSync(partial, outPath);
  const sizeBytes = statSync(outPath).size;
  onProgress?.({ bytesWritten: sizeBytes, bytesTotal: sizeBytes });
  return { sizeBytes };
}

export type RestoreResult = { payments: number; accruals: number; keptAside: string | null };

function isSqliteFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(16);
    return readSync(fd, header, 0, 16, 0) === 16 && header.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

/** A stamp for file names: 2026-12-06T04-50-00Z. */
function stamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}

/**
 * Replaces the store in `dataDir` with the backup `file` once it passed every check; keeps the
 * current store aside. Needs the data folder to itself (DataDirBusyError when the app runs).
 */
export async function restoreStoreFile(dataDir: string, file: string, options: { storePath: string; now?: Date; onStep?: (message: string) => void }): Promise<RestoreResult> {
  const step = options.onStep ?? (() => undefined);
  if (!existsSync(file)) throw new BackupError(`${file} does not exist`);
  if (statSync(file).isDirectory()) throw new BackupError(`${file} is a folder, not a backup file`);
  if (!isSqliteFile(file)) throw new BackupError(`${file} is not a Payouts desk backup (not a SQLite database file); nothing was changed`);
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  const candidate = join(dataDir, `restore-${stamp(options.now ?? new Date())}.sqlite`);
  const removeCandidate = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(candidate + suffix, { force: true });
  };
  try {
    step(`Copying ${basename(file)}…`);
    copyFileSync(file, candidate);
    step('Checking the file (SQLite integrity, schema version)…');
    const report = (() => {
      let sqlite;
      try {
        sqlite = nodeSqliteDriver.open(candidate);
        return inspectStoreFile(sqlite);
      } catch (error) {
        return { layout: 'current' as const, problems: [`SQLite cannot read it: ${(error as Error).message}`] };
      } finally {
        sqlite?.close();
      }
    })();
    if (report.problems.length > 0) throw new BackupError(`${file} cannot be restored: ${report.problems.join('; ')}. Nothing was changed.`);

    step(report.layout === 'previous' ? 'Opening the backup (converting it to the current layout)…' : 'Opening the backup…');
    const sqlite = nodeSqliteDriver.open(candidate);
    let ledger;
    try {
      // With the app's side tables, so a file converted here is complete when the app opens it.
      const store = createSqliteStorage(sqlite, { projections: createSideTables().projections });
      const db = await openDatabase({ storage: store.storage, name: 'payouts' }).catch((error: unknown) => {
        store.abortOpen();
        throw new BackupError(`${file} cannot be opened as a store: ${(error as Error).message}. Nothing was changed.`);
      });
      try {
        store.finishOpen();
        step('Checking the ledger (every payment and accrual)…');
        ledger = await checkStoredLedger(db);
      } finally {
        await db.close();
      }
    } finally {
      sqlite.close();
    }
    if (ledger.problems.length > 0) {
      throw new BackupError(`${file} breaks the ledger's rules, so it is not restored (nothing was changed): ${ledger.problems.slice(0, 5).join('; ')}${ledger.problems.length > 5 ? '; …' : ''}`);
    }

    // The current store: its WAL checkpointed into the file, so the file alone is the whole store.
    let keptAside: string | null = null;
    if (existsSync(options.storePath)) {
      const current = nodeSqliteDriver.open(options.storePath);
      try {
        current.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      } finally {
        current.close();
      }
      if (existsSync(`${options.storePath}-wal`) && statSync(`${options.storePath}-wal`).size > 0) {
        throw new BackupError('The current store could not be checkpointed (its WAL is still in use); nothing was changed');
      }
      keptAside = `${options.storePath}.before-restore-${stamp(options.now ?? new Date())}`;
      // A second name for the current file first: at every moment the store path names a whole store.
      try {
        linkSync(options.storePath, keptAside);
      } catch {
        copyFileSync(options.storePath, keptAside);
        fsyncPath(keptAside);
      }
      for (const suffix of ['-wal', '-shm']) rmSync(options.storePath + suffix, { force: true });
    }
    fsyncPath(candidate);
    renameSync(candidate, options.storePath);
    fsyncPath(dirname(options.storePath));
    step(`Restored ${ledger.payments.toLocaleString('en-US')} payments and ${ledger.accruals.toLocaleString('en-US')} accruals from ${basename(file)}.`);
    return { payments: ledger.payments, accruals: ledger.accruals, keptAside };
  } finally {
    removeCandidate();
    unlock();
  }
}

/** The backups folder of a data folder (Settings → Backup writes there). */
export function backupsDir(dataDir: string): string {
  return join(dataDir, 'backups');
}

const BACKUP_NAME = /^payouts-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z)-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.sqlite$/;

/**
 * Backups taken by the running app, into `<data folder>/backups/`: one at a time, in the
 * background, with progress (what `POST /backups` and Settings → Backup use).
 */
export function createBackupService(options: { storePath: string; dataDir: string; newId: () => string }): BackupService {
  const dir = backupsDir(options.dataDir);
  let running: BackupInfo | null = null;
  const failed = new Map<string, BackupInfo>();

  const fromFile = (name: string): BackupInfo | null => {
    const match = BACKUP_NAME.exec(name);
    if (!match) return null;
    const [, at, id] = match as unknown as [string, string, string];
    const stat = statSync(join(dir, name));
    const size = stat.size;
    const startedAt = at.replace(/T(\d{2})-(\d{2})-(\d{2})Z/, 'T$1:$2:$3.000Z');
    return { id, status: 'completed', file_name: name, path: join(dir, name), started_at: startedAt, finished_at: stat.mtime.toISOString(), bytes_written: size, bytes_total: size, size_bytes: size, error: null };
  };

  return {
    start(now) {
      if (running) throw new ApiError('invalid_transition', `A backup is already being written (${running.file_name}); wait for it to finish`);
      mkdirSync(dir, { recursive: true });
      const id = options.newId();
      const fileName = `payouts-${stamp(new Date(now))}-${id}.sqlite`;
      const job: BackupInfo = { id, status: 'running', file_name: fileName, path: join(dir, fileName), started_at: now, finished_at: null, bytes_written: 0, bytes_total: 0, size_bytes: null, error: null };
      running = job;
      backupStoreFile(options.storePath, join(dir, fileName), (progress) => {
        job.bytes_written = progress.bytesWritten;
        job.bytes_total = progress.bytesTotal;
      }).then(
        ({ sizeBytes }) => {
          job.status = 'completed';
          job.size_bytes = sizeBytes;
          job.finished_at = new Date().toISOString();
          running = null;
        },
        (error: unknown) => {
          job.status = 'failed';
          job.error = (error as Error).message;
          job.finished_at = new Date().toISOString();
          failed.set(job.id, job);
          running = null;
        },
      );
      return { ...job };
    },
    async list() {
      const rows: BackupInfo[] = [];
      if (running) rows.push({ ...running });
      if (existsSync(dir)) {
        for (const name of readdirSync(dir)) {
          const info = fromFile(name);
          if (info && info.id !== running?.id) rows.push(info);
        }
      }
      rows.push(...failed.values());
      return rows.sort((a, b) => (a.started_at < b.started_at ? 1 : a.started_at > b.started_at ? -1 : a.id.localeCompare(b.id)));
    },
    async file(id) {
      const row = (await this.list()).find((candidate) => candidate.id === id && candidate.status === 'completed');
      if (!row) return null;
      return { fileName: row.file_name, bytes: new Uint8Array(await readFile(row.path)) };
    },
    async idle() {
      while (running) await new Promise((resolve) => setTimeout(resolve, 50));
    },
  };
}
