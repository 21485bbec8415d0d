import { z } from 'zod';
import { uuidSchema } from '../../domain/common.ts';
import type { Change, changesQuerySchema } from '../../sync/changes.ts';
import { ACTIVITY_ENTITIES } from '../../domain/activity.ts';
import type { PendingEntity } from '../../sync/pending.ts';

export type { Change } from '../../sync/changes.ts';
export type { PendingEntity } from '../../sync/pending.ts';

export const ledgerDigestQuerySchema = z.strictObject({ project_id: uuidSchema });

/** `GET /blobs/{sha256}`: a file's content hash, as documents name it (SHA-256, lowercase hex). */
export const blobParamSchema = z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lowercase hex (64 characters)') });

/** How many commands one `POST /commands` may carry. */
export const MAX_PUSHED_COMMANDS = 200;

/** One outbox command as `POST /commands` carries it: the request it stands for, with its key. */
export const pushedCommandSchema = z.strictObject({
  method: z.enum(['POST', 'PATCH', 'DELETE']),
  path: z.string().regex(/^\/[^?#\s]*(\?[^#\s]*)?$/, 'must be a v1 path below /api/v1, starting with /').max(2000),
  body: z.unknown().optional(),
  idempotency_key: z.string().trim().min(1).max(255),
});
export type PushedCommand = z.infer<typeof pushedCommandSchema>;
export const pushCommandsBodySchema = z.strictObject({ commands: z.array(pushedCommandSchema).min(1).max(MAX_PUSHED_COMMANDS) });
/** Each command's answer, in order: as it would have been answered alone. Fewer answers than commands: the rest were not run. */
export type PushAnswer = { status: number; body: unknown };

/** SPEC §8's ledger digest of one project, with how many accruals and payments it covers. */
export type LedgerDigest = { digest: string; accruals: number; payments: number; as_of: string };

export type SyncServerRoutes = {
  /** The documents changed since the cursor, in commit order (the team server's change feed). */
  'GET /changes': { query: z.input<typeof changesQuerySchema>; body: undefined; data: Change[] };
  /** The ledger digest of one project: equal on two stores that hold the same ledger. */
  'GET /ledger-digest': { query: z.input<typeof ledgerDigestQuerySchema>; body: undefined; data: LedgerDigest };
  /** A file's bytes by content hash (receipts, payout batch files): the sync client fetches what pulled documents name. */
  'GET /blobs/:sha256': { query: undefined; body: undefined; data: Uint8Array };
  /** Several outbox commands in one request and one commit (the sync client's push). */
  'POST /commands': { query: undefined; body: z.input<typeof pushCommandsBodySchema>; data: { answers: PushAnswer[] } };
};

/** `PUT /sync`: where the team server is and the member's key (stored, never shown again). */
export const putSyncBodySchema = z.strictObject({
  server_url: z.string().min(1).max(2000),
  api_key: z.string().min(1).max(300),
  interval_seconds: z.number().int().min(10).max(86_400).optional(),
});
export type PutSyncBody = z.infer<typeof putSyncBodySchema>;
export const noSyncQuerySchema = z.strictObject({});

const syncStateSchema = z.enum(['off', 'idle', 'pushing', 'pulling', 'offline', 'error']);

/** SPEC §8's sync status of this desktop. */
export const syncStatusSchema = z.object({
  server_url: z.string().nullable(),
  key_prefix: z.string().nullable(),
  interval_seconds: z.number().int(),
  state: syncStateSchema,
  pending: z.number().int().min(0),
  conflicted: z.number().int().min(0),
  last_push_at: z.string().nullable(),
  last_pull_at: z.string().nullable(),
  cursor: z.string().nullable(),
  last_error: z.string().nullable(),
  /** Files (receipts, payout batch files) pulled documents name by content hash that are not here yet: fetched by the next cycles. */
  blobs_missing: z.number().int().min(0),
  /** Files this desktop has fetched from the team server, in all. */
  blobs_fetched: z.number().int().min(0),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

/** What one cycle did; `state` and `error` say why it stopped early (offline, the key refused). */
export const syncRunResultSchema = z.object({
  pushed: z.number().int().min(0),
  conflicted: z.number().int().min(0),
  pulled: z.number().int().min(0),
  /** Files fetched by content hash in this cycle, and how many are still missing after it. */
  blobs_fetched: z.number().int().min(0),
  blobs_missing: z.number().int().min(0),
  cursor: z.string().nullable(),
  state: syncStateSchema,
  error: z.string().nullable(),
});
export type SyncRunResult = z.infer<typeof syncRunResultSchema>;

/** A command the team server refused, with its answer and what the pull undid on this desktop, in words. */
export const syncConflictSchema = z.object({
  id: z.string(),
  command_id: z.string(),
  at: z.string(),
  method: z.enum(['POST', 'PATCH', 'DELETE']),
  path: z.string(),
  status: z.number().int(),
  code: z.string(),
  message: z.string(),
  /** The entities this desktop's copy of the command had changed and the pull replaced or removed (`payment <id> removed`). */
  undone: z.array(z.string()),
  /** The whole story in one sentence, for the Conflicts list. */
  text: z.string(),
});
export type SyncConflict = z.infer<typeof syncConflictSchema>;

export const MAX_PENDING_IDS = 200;

/** `GET /sync/pending?entity=payment&ids=a,b`: which of these entities have commands not yet answered by the team server. */
export const syncPendingQuerySchema = z.strictObject({
  entity: z.enum(ACTIVITY_ENTITIES),
  /** Comma-separated ids (a page of a table, or one). */
  ids: z
    .string()
    .transform((text) => [...new Set(text.split(',').map((id) => id.trim()).filter((id) => id.length > 0))])
    .pipe(z.array(z.string().max(200)).min(1, 'name at least one id').max(MAX_PENDING_IDS, `at most ${MAX_PENDING_IDS} ids at once`)),
});

export const pendingEntitySchema = z.object({ entity: z.string(), id: z.string(), created: z.boolean() });

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
  'GET /sync': { query: undefined; body: undefined; data: SyncStatus };
  'PUT /sync': { query: undefined; body: PutSyncBody; data: SyncStatus };
  'DELETE /sync': { query: undefined; body: undefined; data: SyncStatus };
  'POST /sync/runs': { query: undefined; body: undefined; data: SyncRunResult };
  'GET /sync/pending': { query: z.input<typeof syncPendingQuerySchema>; body: undefined; data: PendingEntity[] };
  'GET /sync/conflicts': { query: undefined; body: undefined; data: SyncConflict[] };
  'DELETE /sync/conflicts/:id': { query: undefined; body: undefined; data: { id: string; deleted: true } };
};
