import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createApi, type Api } from '../api/app.ts';
import type { ApiConfigInput } from '../api/config.ts';
import type { TransientKey } from '../api/keys.ts';
import { systemClock, type Clock } from '../domain/clock.ts';
import { openDatabase, type PayoutsDatabase } from '../store/database.ts';
import { createSqliteStorage, type SqliteStore } from '../store/sqlite-storage.ts';
import { sqliteBlobStore } from '../store/blob-store.ts';
import { createSideTables } from '../store/side-tables.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { nodeSqliteDriver } from './sqlite.ts';
import type { Services } from './services-contract.ts';
import { startAccrualTimer } from '../api/accrual-timer.ts';
import { randomId } from '../domain/ids.ts';
import { createBackupService } from './backup.ts';
import type { StatementPdfRenderer } from '../api/contracts/statements.ts';
import { defaultStatementPdf } from './statement-pdf.ts';
import { createSyncService, startSyncTimer, type SyncService } from '../sync/service.ts';
import type { SyncControl } from '../api/contracts/sync.ts';
import { httpSyncTransport } from './sync-transport.ts';

export type StartServicesOptions = {
  dataDir: string;
  clock?: Clock;
  config?: ApiConfigInput;
  transientKeys?: TransientKey[];
  /** RxDB dev-mode: schema validation of every write; for tests and development. */
  devMode?: boolean;
  /** How often the accrual engine runs (it also runs at start, to catch up); false turns it off (CLI). */
  accrualIntervalMs?: number | false;
  /** Prints statements as PDF; default: headless Chromium when one is installed (null: none). */
  statementPdf?: StatementPdfRenderer | null;
  /** Progress of converting a store written in the previous layout, on the first open. */
  onConversionProgress?: (done: number, total: number) => void;
  /** The sync timer (a cycle every interval_seconds while sync is configured); false: only on demand (POST /sync/runs). */
  syncTimer?: boolean;
};

/** Every 15 minutes: periods end at midnight in each project's zone, so runs soon after it. */
export const DEFAULT_ACCRUAL_INTERVAL_MS = 15 * 60 * 1000;

export type StartedServices = Services & { api: Api; db: PayoutsDatabase; dataDir: string; store: SqliteStore; sync: SyncService };

/** The file that holds an installation's store. */
/** The first open of a store written in the previous layout converts it in one transaction: how far it is, in words. */
export function describeConversionProgress(done: number, total: number): string {
  const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
  return `Converting the store to the current layout: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} documents (${percent}%)${done === total ? ', done' : '…'}`;
}

export function storePath(dataDir: string): string {
  return join(dataDir, 'payouts.sqlite');
}

/**
 * Starts everything the main process (or the headless server, or the CLI) hosts: the durable
 * store, the v1 API with its single writer, the accrual timer and the sync client with its timer.
 */
export async function startServices(options: StartServicesOptions): Promise<StartedServices> {
  mkdirSync(options.dataDir, { recursive: true });
  const unlock = lockDataDir(options.dataDir);
  const sqlite = nodeSqliteDriver.open(storePath(options.dataDir));
  try {
    const sides = createSideTables();
    const store = createSqliteStorage(sqlite, { scope: new AsyncLocalStorage<object>(), projections: sides.projections, onConversionProgress: options.onConversionProgress });
    let db: PayoutsDatabase;
    try {
      db = await openDatabase({ storage: store.storage, devMode: options.devMode });
      store.finishOpen();
    } catch (error) {
      store.abortOpen();
      throw error;
    }
    // The sync client needs the API and the API's /sync routes need the client: bound once both exist.
    let sync: SyncService | null = null;
    const syncControl: SyncControl = {
      status: () => (sync as SyncService).status(),
      configure: (input) => (sync as SyncService).configure(input),
      turnOff: () => (sync as SyncService).turnOff(),
      runNow: () => (sync as SyncService).runNow(),
      conflicts: () => (sync as SyncService).conflicts(),
      dismissConflict: (id) => (sync as SyncService).dismissConflict(id),
    };
    const backups = createBackupService({ storePath: storePath(options.dataDir), dataDir: options.dataDir, newId: randomId });
    const api = await createApi({
      db,
      clock: options.clock ?? systemClock,
      transaction: store.transaction,
      blobs: sqliteBlobStore(sqlite),
      journalIndex: sides.journalIndex,
      ledgerSums: sides.ledgerSums,
      changes: (afterSeq, limit, collections) => store.changesSince(afterSeq, limit, collections),
      backups,
      sync: syncControl,
      statementPdf: options.statementPdf === null ? undefined : (options.statementPdf ?? defaultStatementPdf()),
      config: options.config,
      transientKeys: options.transientKeys,
      onInternalError: (error) => console.error('internal error:', error),
    });
    const interval = options.accrualIntervalMs ?? DEFAULT_ACCRUAL_INTERVAL_MS;
    const stopTimer =
      interval === false
        ? async () => undefined
        : startAccrualTimer({
            api,
            principal: { kind: 'system', orgId: api.orgId, name: 'accrual-timer' },
            intervalMs: interval,
            onResult: (response) => {
              if (response.status >= 400) console.error('accrual run failed:', JSON.stringify(response.body));
            },
          });
    sync = createSyncService({ api, db, clock: options.clock ?? systemClock, newId: randomId, transport: ({ serverUrl, apiKey }) => httpSyncTransport({ serverUrl, apiKey }) });
    const stopSyncTimer = options.syncTimer === false ? async () => undefined : startSyncTimer(sync, { onError: (error) => console.error('sync cycle failed:', error) });
    let closed = false;
    return {
      api,
      db,
      store,
      sync,
      dataDir: options.dataDir,
      handle: (request, principal) => api.handle(request, principal),
      watch: (spec, principal, onMessage) => api.watch(spec, principal, onMessage),
      authenticate: (bearer) => api.authenticate(bearer),
      localPrincipal: () => api.localPrincipal(),
      async close() {
        if (closed) return;
        closed = true;
        await stopTimer();
        await stopSyncTimer();
        await api.idle();
        await backups.idle();
        await db.close();
        sqlite.close();
        unlock();
      },
    };
  } catch (error) {
    sqlite.close();
    unlock();
    throw error;
  }
}
