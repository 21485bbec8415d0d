import { z } from 'zod';

/** A backup of the store file, taken by the running app (Settings → Backup, `POST /backups`). */
export const backupInfoSchema = z.object({
  id: z.string(),
  status: z.enum(['running', 'completed', 'failed']),
  file_name: z.string(),
  /** Where the file is on the machine that runs the store (its data folder's backups/). */
  path: z.string(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  /** Progress while running: bytes of the copy written so far, of about `bytes_total`. */
  bytes_written: z.number().int().min(0),
  bytes_total: z.number().int().min(0),
  size_bytes: z.number().int().min(0).nullable(),
  error: z.string().nullable(),
});
export type BackupInfo = z.infer<typeof backupInfoSchema>;

/** What the host gives the API when the store is a file (core/node/backup.ts). */
export type BackupService = {
  /** Starts a backup in the background; one at a time. */
  start(now: string): BackupInfo;
  /** Running, completed and failed backups, newest first. */
  list(): Promise<BackupInfo[]>;
  /** A completed backup's bytes, or null when there is none with that id. */
  file(id: string): Promise<{ fileName: string; bytes: Uint8Array } | null>;
  /** Resolves when no backup is running. */
  idle(): Promise<void>;
};

export const createBackupBodySchema = z.strictObject({}).optional();
export const noQuerySchema = z.strictObject({});

export type BackupRoutes = {
  'POST /backups': { query: undefined; body: z.input<typeof createBackupBodySchema>; data: BackupInfo };
  'GET /backups': { query: undefined; body: undefined; data: BackupInfo[] };
  'GET /backups/:id': { query: undefined; body: undefined; data: BackupInfo };
  'GET /backups/:id/file': { query: undefined; body: undefined; data: Uint8Array };
};
