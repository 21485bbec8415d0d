import type { MangoQuerySelector } from 'rxdb';
import type { PayoutBatch } from '../../domain/payout-batch.ts';
import { createBatchSchema, listBatchesQuerySchema, previewBatchQuerySchema, settleBatchSchema } from '../../domain/payout-batch.ts';
import type { PayoutFileFormat } from '../../domain/payout-files.ts';
import { batchRow, createBatch, deleteDraft, exportBatch, findBatch, planBatch, settleBatch } from '../../ledger/batches.ts';
import { ApiError } from '../errors.ts';
import { listPage } from '../list.ts';
import { defineRoute, type HandlerContext } from '../router.ts';
import { findProject } from './projects.ts';

type PlanRequest = { project_id: string; method_id: string; format?: PayoutFileFormat | undefined; currency: string; creator_ids?: string[] | undefined; as_of?: string | undefined };

async function plan(ctx: HandlerContext, input: PlanRequest) {
  const project = await findProject(ctx, input.project_id);
  const method = await ctx.db.payout_methods.findOne(input.method_id).exec();
  if (!method || method.org_id !== ctx.orgId) throw new ApiError('not_found', `Payout method ${input.method_id} not found`, { meta: { errors: [{ path: 'method_id', message: 'no such method' }] } });
  const asOf = input.as_of ?? ctx.now;
  if (asOf > ctx.now) throw new ApiError('invalid_body', 'as_of is in the future', { meta: { errors: [{ path: 'as_of', message: 'must not be in the future' }] } });
  return planBatch(ctx, ctx.orgId, {
    project,
    methodId: method.id,
    methodName: method.name,
    currency: input.currency,
    asOf,
    ...(input.format && { format: input.format }),
    ...(input.creator_ids && { creatorIds: input.creator_ids }),
  });
}

export const listBatches = defineRoute({
  key: 'GET /payout-batches',
  query: listBatchesQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    const selector: MangoQuerySelector<PayoutBatch> = { org_id: ctx.orgId };
    if (query.project_id) selector.project_id = query.project_id;
    if (query.status) selector.status = query.status;
    return listPage(ctx.db.payout_batches, selector, query, { sortField: 'created_at', dir: 'desc', toRow: batchRow });
  },
});

export const previewBatch = defineRoute({
  key: 'GET /payout-batches/preview',
  query: previewBatchQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    return { data: await plan(ctx, query) };
  },
});

export const postBatch = defineRoute({
  key: 'POST /payout-batches',
  commandTime: 'as_of',
  body: createBatchSchema,
  isMutation: true,
  createsEntity: 'payout_batch',
  async handler(ctx, { body }) {
    const drafted = await plan(ctx, body);
    return { status: 201, data: await createBatch(ctx, drafted, { ...(body.id && { id: body.id }), ...(body.note && { note: body.note }) }) };
  },
});

export const getBatch = defineRoute({
  key: 'GET /payout-batches/:id',
  isMutation: false,
  async handler(ctx, { params }) {
    return { data: await findBatch(ctx.db, ctx.orgId, params.id as string) };
  },
});

export const deleteBatch = defineRoute({
  key: 'DELETE /payout-batches/:id',
  isMutation: true,
  async handler(ctx, { params }) {
    const batch = await findBatch(ctx.db, ctx.orgId, params.id as string);
    await deleteDraft(ctx, batch);
    return { data: { id: batch.id, deleted: true as const } };
  },
});

export const postExport = defineRoute({
  key: 'POST /payout-batches/:id/export',
  isMutation: true,
  async handler(ctx, { params }) {
    const batch = await findBatch(ctx.db, ctx.orgId, params.id as string);
    return { data: await exportBatch(ctx, await findProject(ctx, batch.project_id), batch) };
  },
});

export const getBatchFile = defineRoute({
  key: 'GET /payout-batches/:id/file',
  isMutation: false,
  async handler(ctx, { params }) {
    const batch = await findBatch(ctx.db, ctx.orgId, params.id as string);
    if (!batch.file) throw new ApiError('invalid_transition', 'This batch is a draft: export it first (POST /payout-batches/{id}/export), which fixes its file and marks its lines processing');
    const blob = await ctx.blobs.get(batch.file.sha256);
    if (!blob) throw new ApiError('not_found', `The file of payout batch ${batch.id} is missing from this store`);
    return { data: blob.bytes, raw: { contentType: batch.file.content_type, filename: batch.file.file_name } };
  },
});

export const postSettle = defineRoute({
  key: 'POST /payout-batches/:id/settle',
  commandTime: 'paid_at',
  body: settleBatchSchema,
  isMutation: true,
  idempotency: 'required',
  async handler(ctx, { params, body }) {
    const batch = await findBatch(ctx.db, ctx.orgId, params.id as string);
    return { data: await settleBatch(ctx, await findProject(ctx, batch.project_id), batch, body) };
  },
});

export const payoutBatchRoutes = [listBatches, previewBatch, postBatch, getBatch, deleteBatch, postExport, getBatchFile, postSettle];
