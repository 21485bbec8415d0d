import type { MangoQuerySelector } from 'rxdb';
import type { Accrual } from '../../domain/accrual.ts';
import { decodeBase64, sha256Hex } from '../../domain/bytes.ts';
import {
  MAX_RECEIPT_BYTES,
  createPaymentSchema,
  listPaymentsQuerySchema,
  patchPaymentSchema,
  receiptUploadSchema,
  type Payment,
  type Receipt,
  type ReceiptUpload,
} from '../../domain/payment.ts';
import { ApiError } from '../errors.ts';
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

/** Stores the files (content-addressed) and returns their receipt records. */
async function storeReceipts(ctx: HandlerContext, uploads: ReceiptUpload[], path: string): Promise<Receipt[]> {
  const receipts: Receipt[] = [];
  for (const [index, upload] of uploads.entries()) {
    const bytes = decodeBase64(upload.data_base64);
    if (bytes.length > MAX_RECEIPT_BYTES) {
      throw new ApiError('invalid_body', `${upload.file_name} is over 10 MB`, { meta: { errors: [{ path: `${path}.${index}.data_base64`, message: 'a receipt may be at most 10 MB' }] } });
    }
    const sha256 = await sha256Hex(bytes);
    await ctx.blobs.put(sha256, upload.content_type, bytes);
    receipts.push({ id: ctx.newId(), file_name: upload.file_name, content_type: upload.content_type, size_bytes: bytes.length, sha256, created_at: ctx.now });
  }
  return receipts;
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
  body: createPaymentSchema,
  isMutation: true,
  idempotency: 'required',
  createsEntity: 'payment',
  async handler(ctx, { body }) {
    const project = await findProject(ctx, body.project_id);
    const creatorId = body.creator_id ?? null;
    if (creatorId) {
      const creator = await ctx.db.creators.findOne(creatorId).exec();
      if (!creator || creator.org_id !== ctx.orgId) throw new ApiError('not_found', `Creator ${creatorId} not found`, { meta: { errors: [{ path: 'creator_id', message: 'no such creator' }] } });
    }
    if (body.method_id) {
      const method = await ctx.db.payout_methods.findOne(body.method_id).exec();
      if (!method || method.org_id !== ctx.orgId) throw new ApiError('not_found', `Payout method ${body.method_id} not found`, { meta: { errors: [{ path: 'method_id', message: 'no such method' }] } });
    }
    const paidAt = body.paid_at ?? ctx.now;
    if (paidAt > ctx.now) throw new ApiError('invalid_body', 'paid_at is in the future', { meta: { errors: [{ path: 'paid_at', message: 'must not be in the future' }] } });

    // accrual_ids win over auto_apply_outstanding.
    let accruals: Accrual[] = [];
    if (body.accrual_ids) {
      const ids = [...new Set(body.accrual_ids)];
      const found = await ctx.db.accruals.findByIds(ids).exec();
      for (const id of ids) {
        const doc = found.get(id);
        if (!doc || doc.org_id !== ctx.orgId) throw new ApiError('not_found', `Accrual ${id} not found`, { meta: { errors: [{ path: 'accrual_ids', message: `no accrual ${id}` }] } });
        accruals.push(doc.toMutableJSON());
      }
    } else if (body.auto_apply_outstanding) {
      if (!creatorId) {
        throw new ApiError('invalid_body', 'auto_apply_outstanding needs creator_id', { meta: { errors: [{ path: 'creator_id', message: 'required with auto_apply_outstanding' }] } });
      }
      const docs = await ctx.db.accruals.find({ selector: { org_id: ctx.orgId, project_id: project.id, creator_id: creatorId, status: 'earned' }, sort: [{ period_end_at: 'asc' }] }).exec();
      accruals = docs.map((doc) => doc.toMutableJSON());
    }
    for (const accrual of accruals) {
      if (accrual.status === 'paid') {
        throw new ApiError('accrual_in_other_payment', `Accrual ${accrual.id} is settled by payment ${accrual.payment_id}; void that payment first`, { meta: { accrual_id: accrual.id, payment_id: accrual.payment_id } });
      }
      if (accrual.currency !== body.currency) {
        throw new ApiError('currency_mismatch', `Accrual ${accrual.id} is in ${accrual.currency}, the payment in ${body.currency}`, { meta: { accrual_id: accrual.id } });
      }
      if (accrual.status !== 'earned' || accrual.project_id !== project.id || (creatorId && accrual.creator_id !== creatorId)) {
        const why = accrual.status !== 'earned' ? `is ${accrual.status}` : accrual.project_id !== project.id ? 'belongs to another project' : 'belongs to another creator';
        throw new ApiError('accrual_not_settleable', `Accrual ${accrual.id} ${why}`, { meta: { accrual_id: accrual.id } });
      }
    }
    const sum = accruals.reduce((total, accrual) => total + accrual.amount_cents, 0);
    const difference = body.total_amount_cents - sum;
    const reason = body.adjustment_reason?.trim() || null;
    if (accruals.length > 0 && difference !== 0 && !reason) {
      throw new ApiError('adjustment_reason_required', `The total differs from the accruals' sum (${sum} cents) by ${difference} cents; say why in adjustment_reason`, {
        meta: { errors: [{ path: 'adjustment_reason', message: 'required when the total differs from the accruals' }], accruals_sum_cents: sum, difference_cents: difference },
      });
    }
    const receipts = await storeReceipts(ctx, body.receipts ?? [], 'receipts');
    const id = body.id ?? ctx.newId();
    const payment: Payment = {
      id,
      org_id: ctx.orgId,
      project_id: project.id,
      creator_id: creatorId,
      method_id: body.method_id ?? null,
      total_amount_cents: body.total_amount_cents,
      currency: body.currency,
      status: 'paid',
      tracking_url: body.tracking_url || null,
      note: body.note ?? null,
      adjustment_reason: reason,
      paid_at: paidAt,
      voided_at: null,
      payout_payment_lines: accruals.map((accrual) => ({ id: ctx.newId(), accrual_id: accrual.id, amount_cents: accrual.amount_cents })),
      // total = lines + adjustments holds for every payment: an ad-hoc amount is one adjustment.
      payout_adjustments: difference !== 0 ? [{ id: ctx.newId(), amount_cents: difference, reason: reason ?? 'Ad-hoc payment (no linked accruals)' }] : [],
      receipts,
      metadata: body.metadata ?? {},
      readme: body.readme ?? null,
      created_at: ctx.now,
      updated_at: ctx.now,
    };
    await ctx.db.payments.insert(payment);
    if (accruals.length > 0) {
      await ctx.db.accruals.bulkUpsert(accruals.map((accrual) => ({ ...accrual, status: 'paid' as const, payment_id: id, paid_at: paidAt, updated_at: ctx.now })));
      for (const accrual of accruals) ctx.record({ entity: 'accrual', id: accrual.id, before: { status: 'earned' }, after: { status: 'paid', payment_id: id } });
    }
    ctx.record({ entity: 'payment', id, before: null, after: { ...payment, receipts: payment.receipts.map(({ sha256, file_name }) => ({ sha256, file_name })) } });
    return { status: 201, data: payment };
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
    if (body.status === 'voided' && before.status === 'voided') throw new ApiError('already_voided', 'This payment is already voided');
    const after: Payment = {
      ...before,
      ...(body.metadata !== undefined && { metadata: body.metadata }),
      ...(body.readme !== undefined && { readme: body.readme }),
      ...(body.status === 'voided' && { status: 'voided' as const, voided_at: ctx.now }),
      updated_at: ctx.now,
    };
    await (await ctx.db.payments.findOne(before.id).exec())?.incrementalModify(() => after);
    if (body.status === 'voided') {
      // Voiding puts every accrual it settled back to earned, payable again.
      const ids = before.payout_payment_lines.map((line) => line.accrual_id);
      const linked = [...(await ctx.db.accruals.findByIds(ids).exec()).values()].map((doc) => doc.toMutableJSON());
      await ctx.db.accruals.bulkUpsert(linked.map((accrual) => ({ ...accrual, status: 'earned' as const, payment_id: null, paid_at: null, updated_at: ctx.now })));
      for (const accrual of linked) ctx.record({ entity: 'accrual', id: accrual.id, before: { status: 'paid', payment_id: before.id }, after: { status: 'earned' } });
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
