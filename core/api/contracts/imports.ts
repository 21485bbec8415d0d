import { z } from 'zod';
import { uuidSchema } from '../../domain/common.ts';

export type ImportKind = 'creators' | 'videos' | 'metrics' | 'referrals' | 'referral_events';

/** CSV layouts of imports and exports (docs/api.md), in the order exports write them. */
export const CSV_COLUMNS = {
  creators: ['id', 'name', 'handle', 'email', 'payout_handle', 'default_method', 'projects'],
  videos: ['creator', 'project', 'platform', 'url', 'posted_at', 'views', 'captured_at'],
  metrics: ['video', 'project', 'captured_at', 'views'],
  referrals: ['project', 'creator', 'external_id', 'referred_at', 'customer_label'],
  referral_events: ['project', 'referral', 'external_id', 'type', 'amount', 'currency', 'occurred_at', 'refund_of'],
} as const satisfies Record<ImportKind, readonly string[]>;

/** Columns a file must have. */
export const CSV_REQUIRED: Record<ImportKind, readonly string[]> = {
  creators: ['name'],
  videos: ['creator', 'project', 'platform', 'url', 'posted_at'],
  metrics: ['video', 'captured_at', 'views'],
  referrals: ['project', 'creator', 'external_id'],
  referral_events: ['project', 'referral', 'external_id', 'type', 'amount'],
};

/** A CSV file's text; `dry_run` validates and reports without writing (the import preview). */
export const importBodySchema = z.strictObject({
  csv: z.string().min(1, 'csv is empty').max(256 * 1024 * 1024),
  dry_run: z.boolean().default(false),
});
export const exportQuerySchema = z.strictObject({ project_id: uuidSchema.optional() });

export type ImportError = { line: number; column: string | null; message: string };
export type ImportReport = {
  kind: ImportKind;
  dry_run: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportError[];
  errors_truncated: boolean;
};

type ImportRoute = { query: undefined; body: z.input<typeof importBodySchema>; data: ImportReport };
type ExportRoute = { query: z.input<typeof exportQuerySchema>; body: undefined; data: string };

export type ImportRoutes = {
  'POST /imports/creators': ImportRoute;
  'POST /imports/videos': ImportRoute;
  'POST /imports/metrics': ImportRoute;
  'GET /exports/creators': ExportRoute;
  'GET /exports/videos': ExportRoute;
  'GET /exports/metrics': ExportRoute;
  'POST /imports/referrals': ImportRoute;
  'POST /imports/referral_events': ImportRoute;
  'GET /exports/referrals': ExportRoute;
  'GET /exports/referral_events': ExportRoute;
};
