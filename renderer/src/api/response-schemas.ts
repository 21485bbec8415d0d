import { z } from 'zod';
import type { ApiRoutes, RouteKey, WatchRows } from '../../../core/api/contracts/index.ts';
import { payoutMethodSchema } from '../../../core/domain/payout-method.ts';
import { accrualRunSchema, accrualSchema, engineStatusSchema } from '../../../core/domain/accrual.ts';
import { paymentSchema } from '../../../core/domain/payment.ts';
import { projectSchema } from '../../../core/domain/project.ts';
import { creatorGoalSchema, creatorSchema } from '../../../core/domain/creator.ts';
import { videoSchema } from '../../../core/domain/video.ts';
import { structureRowSchema, structureVersionSchema } from '../../../core/domain/payout-structure.ts';
import { assignmentRowSchema } from '../../../core/domain/assignment.ts';
import { uuidSchema } from '../../../core/domain/common.ts';
import { earningSchema } from '../../../core/api/contracts/earnings.ts';
import { backupInfoSchema } from '../../../core/api/contracts/backups.ts';
import { pendingEntitySchema, syncConflictSchema, syncRunResultSchema, syncStatusSchema } from '../../../core/api/contracts/sync.ts';
import { taxYearReportSchema } from '../../../core/api/contracts/tax-years.ts';
import { structurePreviewSchema } from '../../../core/api/contracts/structures.ts';
import { liabilitiesReportSchema, paymentsByMethodReportSchema, upcomingAccrualsReportSchema } from '../../../core/api/contracts/reports.ts';
import { payoutBatchSchema } from '../../../core/domain/payout-batch.ts';
import { activityItemSchema } from '../../../core/api/contracts/activity.ts';

const structureDetailSchema = structureRowSchema.extend({
  versions: z.array(structureVersionSchema).min(1),
  assignment_count: z.number().int().min(0),
});
const assignResponseSchema = z.object({
  assigned: z.number().int().min(0),
  already_assigned: z.number().int().min(0),
  not_in_project: z.number().int().min(0),
  results: z.array(
    z.object({
      creator_id: uuidSchema,
      status: z.enum(['assigned', 'already_assigned', 'not_in_project']),
      assignment_id: uuidSchema.nullable(),
    }),
  ),
});
const unassignResponseSchema = z.object({
  unassigned: z.number().int().min(0),
  not_assigned: z.number().int().min(0),
  results: z.array(z.object({ creator_id: uuidSchema, status: z.enum(['unassigned', 'not_assigned']), assignment_id: uuidSchema.nullable() })),
});

/** What `POST /imports/{kind}` answers, and what a refused import carries in `meta.report`. */
export const importReportSchema = z.object({
  kind: z.enum(['creators', 'videos', 'metrics']),
  dry_run: z.boolean(),
  rows: z.number().int().min(0),
  created: z.number().int().min(0),
  updated: z.number().int().min(0),
  unchanged: z.number().int().min(0),
  errors: z.array(z.object({ line: z.number().int(), column: z.string().nullable(), message: z.string() })),
  errors_truncated: z.boolean(),
});

const membershipChangeSchema = z.object({
  added: z.number().int(),
  already_member: z.number().int(),
  not_found: z.number().int(),
  results: z.array(z.object({ creator_id: uuidSchema, status: z.enum(['added', 'already_member', 'not_found']) })),
});
const membershipRemovalSchema = z.object({
  removed: z.number().int(),
  not_member: z.number().int(),
  assignments_closed: z.number().int(),
  results: z.array(z.object({ creator_id: uuidSchema, status: z.enum(['removed', 'not_member']) })),
});
/** Exports answer the CSV text itself (the client passes it through as `data`). */
const csvTextSchema = z.string();

/**
 * What a route's `data` must look like, for the routes the screens use. Answers cross a process
 * or network boundary, so the client checks them instead of trusting the types. A route without
 * an entry is only checked for the envelope: add its schema when a screen starts using it.
 */
export const responseSchemas: { [K in RouteKey]?: z.ZodType<ApiRoutes[K]['data']> } = {
  'GET /payout-methods': z.array(payoutMethodSchema),
  'POST /payout-methods': payoutMethodSchema,
  'GET /payout-methods/:id': payoutMethodSchema,
  'PATCH /payout-methods/:id': payoutMethodSchema,
  'DELETE /payout-methods/:id': z.object({ id: z.string(), deleted: z.literal(true) }),
  'GET /payout-structures': z.array(structureRowSchema),
  'POST /payout-structures': z.object({ structure_id: uuidSchema, version_id: uuidSchema }),
  'GET /payout-structures/:id': structureDetailSchema,
  'PATCH /payout-structures/:id': z.union([z.object({ version_id: uuidSchema, version_number: z.number().int().min(1) }), structureRowSchema]),
  'DELETE /payout-structures/:id': z.union([z.object({ id: uuidSchema, deleted: z.literal(true) }), structureRowSchema]),
  'GET /payout-structures/:id/assignments': z.array(assignmentRowSchema),
  'POST /payout-structures/:id/assignments': assignResponseSchema,
  'DELETE /payout-structures/:id/assignments': unassignResponseSchema,
  'POST /projects': projectSchema,
  'GET /projects/:id': projectSchema,
  'PATCH /projects/:id': projectSchema,
  'POST /projects/:id/creators': membershipChangeSchema,
  'DELETE /projects/:id/creators': membershipRemovalSchema,
  'POST /creators': creatorSchema,
  'GET /creators/:id': creatorSchema.extend({ goals: z.array(creatorGoalSchema) }),
  'PATCH /creators/:id': creatorSchema,
  'POST /creator-goals': creatorGoalSchema,
  'PATCH /creator-goals/:id': creatorGoalSchema,
  'DELETE /creator-goals/:id': z.object({ id: z.string(), deleted: z.literal(true) }),
  'POST /videos': videoSchema,
  'GET /videos/:id': videoSchema,
  'POST /videos/:id/metrics': videoSchema,
  'POST /imports/creators': importReportSchema,
  'POST /imports/videos': importReportSchema,
  'POST /imports/metrics': importReportSchema,
  'GET /exports/creators': csvTextSchema,
  'GET /exports/videos': csvTextSchema,
  'GET /exports/metrics': csvTextSchema,
  'GET /payout-accruals': z.array(accrualSchema),
  'GET /payout-accruals/:id': accrualSchema,
  'PATCH /payout-accruals/:id': accrualSchema,
  'POST /accrual-runs': accrualRunSchema,
  'GET /payout-payments': z.array(paymentSchema),
  'POST /payout-payments': paymentSchema,
  'GET /payout-payments/:id': paymentSchema,
  'PATCH /payout-payments/:id': paymentSchema,
  'POST /payout-payments/:id/receipts': paymentSchema,
  /** A receipt's file: the client passes the bytes through as `data`. */
  'GET /payout-payments/:id/receipts/:receipt_id': z.instanceof(Uint8Array),
  'GET /earnings': z.object({ earnings: z.array(earningSchema) }),
  'GET /sync': syncStatusSchema,
  'PUT /sync': syncStatusSchema,
  'DELETE /sync': syncStatusSchema,
  'POST /sync/runs': syncRunResultSchema,
  'GET /sync/pending': z.array(pendingEntitySchema),
  'GET /sync/conflicts': z.array(syncConflictSchema),
  'POST /backups': backupInfoSchema,
  'GET /backups': z.array(backupInfoSchema),
  'GET /backups/:id': backupInfoSchema,
  /** A backup file: the client passes the bytes through as `data`. */
  'GET /backups/:id/file': z.instanceof(Uint8Array),
  /** JSON: the report; `format=csv`: the file's text. */
  'GET /tax-years/:year': z.union([taxYearReportSchema, csvTextSchema]),
  'POST /payout-structures/:id/preview': structurePreviewSchema,
  'GET /reports/liabilities': liabilitiesReportSchema,
  'GET /reports/payments-by-method': paymentsByMethodReportSchema,
  'GET /reports/upcoming-accruals': upcomingAccrualsReportSchema,
  'GET /payout-batches/:id': payoutBatchSchema,
  'POST /payout-batches': payoutBatchSchema,
  'POST /payout-batches/:id/export': payoutBatchSchema,
  'POST /payout-batches/:id/settle': payoutBatchSchema,
  'DELETE /payout-batches/:id': z.object({ id: z.string(), deleted: z.literal(true) }),
  'GET /payout-batches': z.array(payoutBatchSchema.omit({ lines: true, skipped: true }).extend({ paid_count: z.number().int().min(0), failed_count: z.number().int().min(0), open_count: z.number().int().min(0) })),
  /** A batch's file: a CSV arrives as text (web) or bytes (desktop), a zip as bytes; both are handed over as bytes. */
  'GET /payout-batches/:id/file': z.union([z.string().transform((text) => new TextEncoder().encode(text)), z.instanceof(Uint8Array)]),
  'GET /activity': z.array(activityItemSchema),
  'GET /activity/:id': activityItemSchema,
};

/** Row schema of each live query, by name. */
export const watchRowSchemas: { [N in keyof WatchRows]: z.ZodType<WatchRows[N]> } = {
  'payout-methods': payoutMethodSchema,
  projects: projectSchema,
  creators: creatorSchema,
  videos: videoSchema,
  'payout-structures': structureRowSchema,
  assignments: assignmentRowSchema,
  accruals: accrualSchema,
  payments: paymentSchema,
  'accrual-engine': engineStatusSchema,
};
