import { z } from 'zod';
import { clientIdField, currencySchema, cursorSchema, isoTimestampSchema, limitSchema, uuidSchema } from './common.ts';
import { receiptUploadSchema } from './payment.ts';
import { PAYOUT_FILE_FORMATS, type PayoutFileFormat } from './payout-files.ts';

export const BATCH_STATUSES = ['draft', 'exported', 'settled'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];
export const LINE_STATUSES = ['open', 'paid', 'failed'] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

/** One creator's line: every payable accrual taken for them, clawbacks netted. */
export const batchLineSchema = z.object({
  id: uuidSchema,
  creator_id: uuidSchema,
  creator_name: z.string().max(200),
  handle: z.string().max(100).nullable(),
  email: z.string().max(320).nullable(),
  payout_handle: z.string().max(200).nullable(),
  /** What the file pays to (the rail's reading of the payout handle or email). */
  recipient: z.string().max(320),
  /** The line's reference in the provider's file (`lineReference`). */
  reference: z.string().max(30),
  accrual_ids: z.array(uuidSchema),
  /** Sum of the clawbacks netted into the line (≤ 0). */
  clawback_cents: z.number().int().max(0),
  amount_cents: z.number().int().min(1).max(1e13),
  status: z.enum(LINE_STATUSES),
  payment_id: uuidSchema.nullable(),
  provider_reference: z.string().max(200).nullable(),
  failure_reason: z.string().max(2000).nullable(),
  settled_at: isoTimestampSchema.nullable(),
});
export type BatchLine = z.infer<typeof batchLineSchema>;

export const SKIP_REASONS = ['below_minimum', 'not_positive'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** A creator with payable accruals left out of the batch, with the reason; the balance carries forward. */
export const skippedCreatorSchema = z.object({
  creator_id: uuidSchema,
  creator_name: z.string().max(200),
  balance_cents: z.number().int(),
  min_payout_cents: z.number().int().min(0),
  reason: z.enum(SKIP_REASONS),
  message: z.string().max(500),
});
export type SkippedCreator = z.infer<typeof skippedCreatorSchema>;

/** A file the batch was exported as, kept in the blob store (it becomes each payment's receipt). */
export const batchFileSchema = z.object({
  file_name: z.string().max(255),
  content_type: z.enum(['text/csv', 'application/zip']),
  sha256: z.string().length(64),
  size_bytes: z.number().int().min(0),
  rows: z.number().int().min(0),
});
export type BatchFile = z.infer<typeof batchFileSchema>;

/**
 * A payout batch (SPEC §7): one program paid in one pass through a provider's file.
 * draft → exported (the file is fixed) → settled (every line paid or failed).
 */
export const payoutBatchSchema = z.object({
  id: uuidSchema,
  org_id: uuidSchema,
  project_id: uuidSchema,
  method_id: uuidSchema,
  format: z.enum(PAYOUT_FILE_FORMATS),
  currency: z.string().length(3),
  status: z.enum(BATCH_STATUSES),
  /** Accruals payable at this time were taken. */
  as_of: isoTimestampSchema,
  note: z.string().max(400),
  total_amount_cents: z.number().int().min(0),
  line_count: z.number().int().min(0),
  accrual_count: z.number().int().min(0),
  lines: z.array(batchLineSchema),
  skipped: z.array(skippedCreatorSchema),
  file: batchFileSchema.nullable(),
  exported_at: isoTimestampSchema.nullable(),
  settled_at: isoTimestampSchema.nullable(),
  created_at: isoTimestampSchema,
  updated_at: isoTimestampSchema,
});
export type PayoutBatch = z.infer<typeof payoutBatchSchema>;

/** A list row: the batch without its lines (the detail has them). */
export type PayoutBatchRow = Omit<PayoutBatch, 'lines' | 'skipped'> & { paid_count: number; failed_count: number; open_count: number };

/** A creator the rail cannot pay: the draft is refused until they are fixed or left out. */
export type MissingRecipient = { creator_id: string; creator_name: string; amount_cents: number; problem: string; fix: string };

/** What a batch would be: `GET /payout-batches/preview` and the draft that `POST` creates. */
export type BatchPlan = {
  project_id: string;
  method_id: string;
  format: PayoutFileFormat;
  currency: string;
  as_of: string;
  lines: Omit<BatchLine, 'id' | 'reference' | 'status' | 'payment_id' | 'provider_reference' | 'failure_reason' | 'settled_at'>[];
  skipped: SkippedCreator[];
  missing_recipients: MissingRecipient[];
  total_amount_cents: number;
  accrual_count: number;
};

const batchInputFields = {
  project_id: uuidSchema,
  method_id: uuidSchema,
  /** The file format; by default the method's rail (PayPal → paypal, Venmo → venmo, Wise → wise, else csv). */
  format: z.enum(PAYOUT_FILE_FORMATS).optional(),
  creator_ids: z.array(uuidSchema).min(1).max(10_000).optional(),
  as_of: isoTimestampSchema.optional(),
  currency: currencySchema.default('USD'),
};

export const createBatchSchema = z.strictObject({
  ...clientIdField,
  ...batchInputFields,
  note: z.string().trim().max(400).optional(),
});
export type CreateBatchInput = z.input<typeof createBatchSchema>;

export const previewBatchQuerySchema = z.strictObject({
  ...batchInputFields,
  creator_ids: z
    .string()
    .max(370_000)
    .transform((text) => text.split(',').filter(Boolean))
    .pipe(z.array(uuidSchema).min(1).max(10_000))
    .optional(),
});

export const listBatchesQuerySchema = z.strictObject({
  project_id: uuidSchema.optional(),
  status: z.enum(BATCH_STATUSES).optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});

export const lineSettlementSchema = z.strictObject({
  line_id: uuidSchema,
  status: z.enum(['paid', 'failed']),
  provider_reference: z.string().trim().min(1).max(200).optional(),
  failure_reason: z.string().trim().min(1).max(2000).optional(),
});

export const settleBatchSchema = z
  .strictObject({
    lines: z.union([z.literal('all_paid'), z.array(lineSettlementSchema).min(1).max(10_000)]).optional(),
    paid_at: isoTimestampSchema.optional(),
    /** PayPal's result CSV (base64): its per-item statuses fill the lines. */
    result_file: receiptUploadSchema.extend({ content_type: z.enum(['text/csv']) }).optional(),
  })
  .refine((body) => body.lines !== undefined || body.result_file !== undefined, { message: 'send lines (or "all_paid") or a result_file', path: ['lines'] });
export type SettleBatchInput = z.input<typeof settleBatchSchema>;

/** The rail a payout method's name stands for; anything else is exported as the generic CSV. */
export function formatForMethod(methodName: string): PayoutFileFormat {
  const name = methodName.trim().toLowerCase();
  if (name === 'paypal' || name === 'paypal payouts') return 'paypal';
  if (name === 'venmo') return 'venmo';
  if (name === 'wise') return 'wise';
  return 'csv';
}
