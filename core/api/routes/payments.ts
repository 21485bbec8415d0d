import type { MangoQuerySelector } from 'rxdb';
import {
  createPaymentSchema,
  listPaymentsQuerySchema,
  patchPaymentSchema,
  receiptUploadSchema,
  type Payment,
  type Receipt,
} from '../../domain/payment.ts';
import { ApiError } from '../errors.ts';
import { recordPayment, storeReceipts, voidPayment } from '../../ledger/payments.ts';
import { listPage } from '../list.ts';
import { defineRoute, type HandlerContext } from '../router.ts';
import { findProject } from './projects.ts';

async function findPayment(ctx: HandlerContext, id: string): Promise<Payment> {
  const doc = await ctx.db.payments.findOne(id).exec();
  if (!doc || doc.org_id !== ctx.orgId) throw new ApiError('not_found', `Payment ${id} not found`);
  return doc.toMutableJSON();
}

function dayBound(value: string, side: 'from' | 'to'): string {
  if (value.length !== 10) return value;
  const start = Date.parse(`${value}T00:00:00.000Z`);
  return new Date(side === 'from' ? start : start + 86_400_000 - 1).toISOString();
}

export const listPayments = defineRoute({
  key: 'GET /payout-payments',
  query: listPaymentsQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    const selector: MangoQuerySelector<Payment> = { org_id: ctx.orgId };
    if (query.project_id) selector.project_id = query.project_id;
    if (query.creator_id) selector.creator_id = query.creator_id;
    if (query.status) selector.status = query.status as Payment['status'];
    if (query.from || query.to) {
      selector.paid_at = { ...(query.from && { $gte: dayBound(query.from, 'from') }), ...(query.to && { $lte: dayBound(query.to, 'to') }) };
    }
    return listPage(ctx.db.payments, selector, query, { sortField: 'paid_at', dir: 'desc', toRow: (doc) => doc });
  },
});

export const createPayment = defineRoute({
  key: 'POST /payout-payments',
  commandTime: 'paid_at',
  body: createPaymentSchema,
  isMutation: true,
  idempotency: 'required',
  createsEntity: 'payment',
  async handler(ctx, { body }) {
    const project = await findProject(ctx, body.project_id);
    return { status: 201, data: await recordPayment(ctx, project, body) };
  },
});

export const getPayment = defineRoute({
  key: 'GET /payout-payments/:id',
  isMutation: false,
  async handler(ctx, { params }) {
    return { data: await findPayment(ctx, params.id as string) };
  },
});

export const patchPayment = defineRoute({
  key: 'PATCH /payout-payments/:id',
  body: patchPaymentSchema,
  isMutation: true,
  async handler(ctx, { params, body }) {
    const before = await findPayment(ctx, params.id as string);
    const changes = { ...(body.metadata !== undefined && { metadata: body.metadata }), ...(body.readme !== undefined && { readme: body.readme }) };
    let after: Payment;
    if (body.status === 'voided') {
      after = await voidPayment(ctx, before, changes);
    } else {
      after = { ...before, ...changes, updated_at: ctx.now };
      await (await ctx.db.payments.findOne(before.id).exec())?.incrementalModify(() => after);
    }
    ctx.record({ entity: 'payment', id: before.id, before: { status: before.status, metadata: before.metadata, readme: before.readme }, after: { status: after.status, metadata: after.metadata, readme: after.readme } });
    return { data: after };
  },
});

export const addReceipt = defineRoute({
  key: 'POST /payout-payments/:id/receipts',
  body: receiptUploadSchema,
  isMutation: true,
  async handler(ctx, { params, body }) {
    const before = await findPayment(ctx, params.id as string);
    const [receipt] = await storeReceipts(ctx, [body], 'receipt');
    const after: Payment = { ...before, receipts: [...before.receipts, receipt as Receipt], updated_at: ctx.now };
    await (await ctx.db.payments.findOne(before.id).exec())?.incrementalModify(() => after);
    ctx.record({ entity: 'payment_receipt', id: (receipt as Receipt).id, before: null, after: { payment_id: before.id, sha256: receipt?.sha256, file_name: receipt?.file_name } });
    return { status: 201, data: after };
  },
});

export const getReceipt = defineRoute({
  key: 'GET /payout-payments/:id/receipts/:receipt_id',
  isMutation: false,
  async handler(ctx, { params }) {
    const payment = await findPayment(ctx, params.id as string);
    const receipt = payment.receipts.find((candidate) => candidate.id === params.receipt_id);
    const blob = receipt ? await ctx.blobs.get(receipt.sha256) : null;
    if (!receipt || !blob) throw new ApiError('not_found', `Receipt ${params.receipt_id} not found on payment ${payment.id}`);
    return { data: blob.bytes, raw: { contentType: receipt.content_type, filename: receipt.file_name, disposition: 'inline' } };
  },
});

export const paymentRoutes = [listPayments, createPayment, getPayment, patchPayment, addReceipt, getReceipt];
