import { z } from 'zod';
import { uuidSchema } from '../../domain/common.ts';
import type { Change, changesQuerySchema } from '../../sync/changes.ts';

export type { Change } from '../../sync/changes.ts';

export const ledgerDigestQuerySchema = z.strictObject({ project_id: uuidSchema });

/** SPEC §8's ledger digest of one project, with how many accruals and payments it covers. */
export type LedgerDigest = { digest: string; accruals: number; payments: number; as_of: string };

export type SyncServerRoutes = {
  /** The documents changed since the cursor, in commit order (the team server's change feed). */
  'GET /changes': { query: z.input<typeof changesQuerySchema>; body: undefined; data: Change[] };
  /** The ledger digest of one project: equal on two stores that hold the same ledger. */
  'GET /ledger-digest': { query: z.input<typeof ledgerDigestQuerySchema>; body: undefined; data: LedgerDigest };
};

/** `PUT /sync`: where the team server is and the member's key (stored, never shown again). */
export const putSyncBodySchema = z.strictObject({
  server_url: z.string().min(1).max(2000),
  api_key: z.string().min(1).max(300),
  interval_seconds: z.number().int().min(10).max(86_400).optional(),
});
export type PutSyncBody = z.infer<typeof putSyncBodySchema>;
export const noSyncQuerySchema = z.strictObject({});

/** SPEC §8's sync status of this desktop. */
export type SyncStatus = {
  server_url: string | null;
  key_prefix: string | null;
  interval_seconds: number;
  state: 'off' | 'idle' | 'pushing' | 'pulling' | 'offline' | 'error';
  pending: number;
  conflicted: number;
  last_push_at: string | null;
  last_pull_at: string | null;
  cursor: string | null;
  last_error: string | null;
};

/** What one cycle did; `state` and `error` say why it stopped early (offline, the key refused). */
export type SyncRunResult = { pushed: number; conflicted: number; pulled: number; cursor: string | null; state: SyncStatus['state']; error: string | null };

/** A command the team server refused, with its answer and what the pull undid on this desktop, in words. */
export type SyncConflict = {
  id: string;
  command_id: string;
  at: string;
  method: 'POST' | 'PATCH' | 'DELETE';
  path: string;
  status: number;
  code: string;
  message: string;
  /** The entities this desktop's copy of the command had changed and the pull replaced or removed (`payment <id> removed`). */
  undone: string[];
  /** The whole story in one sentence, for the Conflicts list. */
  text: string;
};

/** What the local `/sync` routes map to (core/sync/service.ts, hosted by the service host). */
export type SyncControl = {
  status(): Promise<SyncStatus>;
  /** Checks the server with one authenticated request, then stores the configuration. */
  configure(input: PutSyncBody): Promise<SyncStatus>;
  turnOff(): Promise<SyncStatus>;
  /** Runs one cycle now (never overlapping another: joins the running one) and answers what it did. */
  runNow(): Promise<SyncRunResult>;
  conflicts(): Promise<SyncConflict[]>;
  /** Answers false when there is no such conflict. */
  dismissConflict(id: string): Promise<boolean>;
};

export type SyncClientRoutes = {
  'GET /sync': { query: z.input<typeof noSyncQuerySchema>; body: undefined; data: SyncStatus };
  'PUT /sync': { query: z.input<typeof noSyncQuerySchema>; body: PutSyncBody; data: SyncStatus };
  'DELETE /sync': { query: z.input<typeof noSyncQuerySchema>; body: undefined; data: SyncStatus };
  'POST /sync/runs': { query: z.input<typeof noSyncQuerySchema>; body: undefined; data: SyncRunResult };
  'GET /sync/conflicts': { query: z.input<typeof noSyncQuerySchema>; body: undefined; data: SyncConflict[] };
  'DELETE /sync/conflicts/:id': { query: z.input<typeof noSyncQuerySchema>; body: undefined; data: { id: string; deleted: true } };
};
