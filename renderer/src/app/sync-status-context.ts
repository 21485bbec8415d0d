import { createContext, use } from 'react';
import type { SyncStatus } from '../../../core/api/contracts/index.ts';

export type SyncStatusValue = {
  /** The latest `GET /sync`; null before the first answer or where this installation runs no sync client. */
  status: SyncStatus | null;
  /** Asks again now (after "Sync now", a dismissed conflict, a changed configuration). */
  refresh(): void;
};

export const SyncStatusContext = createContext<SyncStatusValue>({ status: null, refresh: () => undefined });

/** This desktop's sync status, shared by the sidebar chip, Settings → Sync and the pending marks. */
export function useSyncStatus(): SyncStatusValue {
  return use(SyncStatusContext);
}

/** Changes whenever what is pending may have changed: the marks of a table are read again then. */
export function syncSignature(status: SyncStatus | null): string {
  return status === null ? 'none' : `${status.state}:${status.pending}:${status.conflicted}:${status.last_push_at ?? ''}:${status.last_pull_at ?? ''}`;
}
