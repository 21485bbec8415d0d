import { z } from 'zod';
import { blobParamSchema, ledgerDigestQuerySchema, pushCommandsBodySchema, noSyncQuerySchema, putSyncBodySchema, syncPendingQuerySchema, type SyncControl } from '../contracts/sync.ts';
import { ApiError } from '../errors.ts';
import { defineRoute, parseInput, type HandlerContext } from '../router.ts';
import { changesQuerySchema, readChanges } from '../../sync/changes.ts';
import { ledgerDigest } from '../../ledger/digest.ts';
import { readRows } from '../../store/rows.ts';
import { pendingEntities } from '../../sync/pending.ts';
import { findProject } from './projects.ts';

/** `GET /changes`: the team server's change feed (SPEC §8, docs/sync.md). */
export const listChanges = defineRoute({
  key: 'GET /changes',
  query: changesQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    if (!ctx.changes) throw new ApiError('not_found', 'This store keeps no change feed (it lives in memory)');
    return readChanges(ctx.changes, ctx.orgId, query);
  },
});

/** `GET /ledger-digest`: one project's accruals and payments, read through their (project_id, …) indexes. */
export const getLedgerDigest = defineRoute({
  key: 'GET /ledger-digest',
  query: ledgerDigestQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    const project = await findProject(ctx, query.project_id);
    const accruals = await readRows(ctx.db.accruals, { selector: { project_id: project.id, period_end_at: { $gte: '' } }, sort: [{ project_id: 'asc' }, { period_end_at: 'asc' }] });
    const payments = await readRows(ctx.db.payments, { selector: { project_id: project.id, paid_at: { $gte: '' } }, sort: [{ project_id: 'asc' }, { paid_at: 'asc' }] });
    const digest = await ledgerDigest(accruals, payments);
    return { data: { digest, accruals: accruals.length, payments: payments.length, as_of: ctx.now } };
  },
});

/**
 * `GET /blobs/{sha256}`: the bytes stored under a content hash (a receipt, a payout batch's file),
 * with the content type they were stored with. Documents name their files by hash; the sync
 * client fetches the ones it lacks after a pull (docs/sync.md "Files").
 */
export const getBlob = defineRoute({
  key: 'GET /blobs/:sha256',
  query: noSyncQuerySchema,
  paramPatterns: { sha256: '[^/]+' },
  isMutation: false,
  async handler(ctx, { params }) {
    const { sha256 } = parseInput(blobParamSchema, params, 'invalid_query');
    const blob = await ctx.blobs.get(sha256);
    if (!blob) throw new ApiError('not_found', `No file with SHA-256 ${sha256} in this store`);
    return { data: blob.bytes, raw: { contentType: blob.contentType } };
  },
});

/**
 * `POST /commands`: the sync client's push, several outbox commands in one request. Each runs as
 * if it had come alone with its Idempotency-Key, in order, in one transaction (one commit); the
 * answers come back in order (docs/sync.md "Push").
 */
export const pushCommands = defineRoute({
  key: 'POST /commands',
  query: noSyncQuerySchema,
  body: pushCommandsBodySchema,
  isMutation: false,
  // Its commands queue themselves as one unit of the single writer.
  unqueued: true,
  async handler(ctx, { body }) {
    if (!ctx.runCommands) throw new ApiError('not_found', 'This installation runs no command batches');
    return { data: { answers: await ctx.runCommands(body.commands) } };
  },
});

export const syncServerRoutes = [listChanges, getLedgerDigest, getBlob, pushCommands];

function control(ctx: HandlerContext): SyncControl {
  if (!ctx.sync) throw new ApiError('not_found', 'This installation runs no sync client');
  return ctx.sync;
}

// The local sync routes change no entity (not journaled) and run outside the writer's queue: a
// cycle queues its own writes.

/** `GET /sync`: configuration (the key only as its prefix) and status. */
export const getSync = defineRoute({
  key: 'GET /sync',
  query: noSyncQuerySchema,
  isMutation: false,
  unqueued: true,
  async handler(ctx) {
    return { data: await control(ctx).status() };
  },
});

/** `PUT /sync`: checks the server with the key, then stores both. */
export const putSync = defineRoute({
  key: 'PUT /sync',
  query: noSyncQuerySchema,
  body: putSyncBodySchema,
  isMutation: false,
  unqueued: true,
  async handler(ctx, { body }) {
    return { data: await control(ctx).configure(body) };
  },
});

/** `DELETE /sync`: sync off (the journal's states, the cursor and the conflicts stay). */
export const deleteSync = defineRoute({
  key: 'DELETE /sync',
  query: noSyncQuerySchema,
  isMutation: false,
  unqueued: true,
  async handler(ctx) {
    return { data: await control(ctx).turnOff() };
  },
});

/** `POST /sync/runs`: one cycle now; answers what it did. */
export const runSync = defineRoute({
  key: 'POST /sync/runs',
  query: noSyncQuerySchema,
  body: z.strictObject({}).optional(),
  isMutation: false,
  unqueued: true,
  async handler(ctx) {
    return { data: await control(ctx).runNow() };
  },
});

/** `GET /sync/pending`: which of the named entities have local commands the team server has not answered (the journal's truth, also while sync is off). */
export const listSyncPending = defineRoute({
  key: 'GET /sync/pending',
  query: syncPendingQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    return { data: await pendingEntities(ctx.db, ctx.orgId, query.entity, query.ids, ctx.journalIndex) };
  },
});

export const listSyncConflicts = defineRoute({
  key: 'GET /sync/conflicts',
  query: noSyncQuerySchema,
  isMutation: false,
  unqueued: true,
  async handler(ctx) {
    return { data: await control(ctx).conflicts() };
  },
});

export const dismissSyncConflict = defineRoute({
  key: 'DELETE /sync/conflicts/:id',
  query: noSyncQuerySchema,
  isMutation: false,
  unqueued: true,
  async handler(ctx, { params }) {
    const id = params.id as string;
    if (!(await control(ctx).dismissConflict(id))) throw new ApiError('not_found', `Conflict ${id} not found`);
    return { data: { id, deleted: true as const } };
  },
});

export const syncClientRoutes = [getSync, putSync, deleteSync, runSync, listSyncPending, listSyncConflicts, dismissSyncConflict];
