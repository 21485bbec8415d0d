import type { z } from 'zod';
import type { BatchPlan, CreateBatchInput, PayoutBatch, PayoutBatchRow, SettleBatchInput, listBatchesQuerySchema, previewBatchQuerySchema } from '../../domain/payout-batch.ts';

export { createBatchSchema, listBatchesQuerySchema, previewBatchQuerySchema, settleBatchSchema, BATCH_STATUSES, LINE_STATUSES, formatForMethod } from '../../domain/payout-batch.ts';
export type { BatchPlan, BatchLine, CreateBatchInput, MissingRecipient, PayoutBatch, PayoutBatchRow, SettleBatchInput, SkippedCreator } from '../../domain/payout-batch.ts';

export type PayoutBatchRoutes = {
  'GET /payout-batches': { query: z.input<typeof listBatchesQuerySchema>; body: undefined; data: PayoutBatchRow[] };
  'GET /payout-batches/preview': { query: z.input<typeof previewBatchQuerySchema>; body: undefined; data: BatchPlan };
  'POST /payout-batches': { query: undefined; body: CreateBatchInput; data: PayoutBatch };
  'GET /payout-batches/:id': { query: undefined; body: undefined; data: PayoutBatch };
  'DELETE /payout-batches/:id': { query: undefined; body: undefined; data: { id: string; deleted: true } };
  'POST /payout-batches/:id/export': { query: undefined; body: undefined; data: PayoutBatch };
  'GET /payout-batches/:id/file': { query: undefined; body: undefined; data: Uint8Array };
  'POST /payout-batches/:id/settle': { query: undefined; body: SettleBatchInput; data: PayoutBatch };
};
