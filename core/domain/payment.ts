import { z } from 'zod';
import { clientIdField, currencySchema, cursorSchema, isoTimestampSchema, limitSchema, metadataSchema, readmeSchema, uuidSchema } from './common.ts';

/** One settled accrual, for its amount (negative for a clawback netted into the payment). */
export const paymentLineSchema = z.object({ id: uuidSchema, accrual_id: uuidSchema, amount_cents: z.number().int().min(-1e13).max(1e13) });
/** The difference between what was paid and the accruals it settles; positive = overpaid. */
export const paymentAdjustmentSchema = z.object({ id: uuidSchema, amount_cents: z.number().int(), reason: z.string().min(1).max(2000) });
export const RECEIPT_UPLOAD_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'] as const;

/** A receipt file, stored by its SHA-256 in the store's blob table. */
export const receiptSchema = z.object({
  id: uuidSchema,
  file_name: z.string().min(1).max(255),
  /** Uploads are images or PDFs; a payout batch's file (CSV or zip) is attached as a receipt of each payment it paid. */
  content_type: z.enum([...RECEIPT_UPLOAD_TYPES, 'text/csv', 'application/zip']),
  size_bytes: z.number().int().min(1).max(10 * 1024 * 1024),
  sha256: z.string().length(64),
  created_at: isoTimestampSchema,
});
export type Receipt = z.infer<typeof receiptSchema>;

export const PAYMENT_STATUSES = ['paid', 'voided'] as const;

/**
 * Money paid by hand. Lines and adjustments belong to the payment (one aggregate); invariant:
 * total_amount_cents = sum(lines) + sum(adjustments).
 */
export const paymentSchema = z.object({
  id: uuidSchema,
  org_id: uuidSchema,
  project_id: uuidSchema,
  creator_id: uuidSchema.nullable(),
  method_id: uuidSchema.nullable(),
  total_amount_cents: z.number().int().min(0),
  /** Any ISO 4217 code (SPEC §6); linked accruals must be in it. */
  currency: z.string().length(3),
  status: z.enum(PAYMENT_STATUSES),
  tracking_url: z.string().max(2048).nullable(),
  note: z.string().max(5000).nullable(),
  adjustment_reason: z.string().max(2000).nullable(),
  paid_at: isoTimestampSchema,
  voided_at: isoTimestampSchema.nullable(),
  payout_payment_lines: z.array(paymentLineSchema),
  payout_adjustments: z.array(paymentAdjustmentSchema),
  receipts: z.array(receiptSchema),
  metadata: metadataSchema,
  readme: readmeSchema,
  created_at: isoTimestampSchema,
  updated_at: isoTimestampSchema,
});
export type Payment = z.infer<typeof paymentSchema>;

export const MAX_RECEIPT_BYTES = 10 * 1024 * 1024;

/** A receipt sent with a request: the file's bytes as base64. */
export const receiptUploadSchema = z.strictObject({
  file_name: z.string().trim().min(1).max(255),
  content_type: z.enum(RECEIPT_UPLOAD_TYPES),
  data_base64: z
    .string()
    .min(1)
    .max(Math.ceil((MAX_RECEIPT_BYTES * 4) / 3) + 4, 'a receipt may be at most 10 MB')
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'data_base64 must be base64'),
});
export type ReceiptUpload = z.infer<typeof receiptUploadSchema>;

export const createPaymentSchema = z.strictObject({
  ...clientIdField,
  project_id: uuidSchema,
  creator_id: uuidSchema.nullable().optional(),
  method_id: uuidSchema.nullable().optional(),
  total_amount_cents: z.number().int('total_amount_cents must be whole cents').min(0).max(1e13),
  currency: currencySchema.default('USD'),
  tracking_url: z.string().trim().max(2048).nullable().optional(),
  note: z.string().max(5000).nullable().optional(),
  paid_at: isoTimestampSchema.optional(),
  accrual_ids: z.array(uuidSchema).min(1).max(1000).optional(),
  auto_apply_outstanding: z.boolean().optional(),
  adjustment_reason: z.string().trim().max(2000).nullable().optional(),
  metadata: metadataSchema.optional(),
  readme: readmeSchema.optional(),
  receipts: z.array(receiptUploadSchema).max(10).optional(),
});
export type CreatePaymentInput = z.input<typeof createPaymentSchema>;

export const patchPaymentSchema = z
  .strictObject({
    status: z.literal('voided').optional(),
    metadata: metadataSchema.optional(),
    readme: readmeSchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'at least one of status, metadata, readme is required' });

export const listPaymentsQuerySchema = z.strictObject({
  project_id: uuidSchema.optional(),
  creator_id: uuidSchema.optional(),
  status: z.enum(['paid', 'rejected', 'voided']).optional(),
  from: z.union([z.iso.date(), isoTimestampSchema]).optional(),
  to: z.union([z.iso.date(), isoTimestampSchema]).optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
