import { createBackupBodySchema, noQuerySchema, type BackupService } from '../contracts/backups.ts';
import { ApiError } from '../errors.ts';
import { defineRoute, type HandlerContext } from '../router.ts';

function service(ctx: HandlerContext): BackupService {
  if (!ctx.backups) throw new ApiError('not_found', 'This store is not a file (it lives in memory), so it has no backups');
  return ctx.backups;
}

/** Starts a backup of the store file in the background (not journaled: it changes no entity). */
export const createBackup = defineRoute({
  key: 'POST /backups',
  body: createBackupBodySchema,
  isMutation: false,
  async handler(ctx) {
    return { status: 202, data: service(ctx).start(ctx.now) };
  },
});

export const listBackups = defineRoute({
  key: 'GET /backups',
  query: noQuerySchema,
  isMutation: false,
  async handler(ctx) {
    return { data: await service(ctx).list() };
  },
});

export const getBackup = defineRoute({
  key: 'GET /backups/:id',
  query: noQuerySchema,
  isMutation: false,
  async handler(ctx, { params }) {
    const row = (await service(ctx).list()).find((candidate) => candidate.id === params.id);
    if (!row) throw new ApiError('not_found', `Backup ${params.id} not found`);
    return { data: row };
  },
});

export const getBackupFile = defineRoute({
  key: 'GET /backups/:id/file',
  query: noQuerySchema,
  isMutation: false,
  async handler(ctx, { params }) {
    const file = await service(ctx).file(params.id as string);
    if (!file) throw new ApiError('not_found', `Backup ${params.id} not found or not complete`);
    return { data: file.bytes, raw: { contentType: 'application/vnd.sqlite3', filename: file.fileName } };
  },
});

export const backupRoutes = [createBackup, listBackups, getBackup, getBackupFile];
