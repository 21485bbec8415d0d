import type { Accrual } from '../domain/accrual.ts';
import { isPayable } from '../domain/accrual.ts';
import { decodeBase64, sha256Hex } from '../domain/bytes.ts';
import { formatDateTimeInZone } from '../domain/explain/zoned-format.ts';
import { MAX_RECEIPT_BYTES, type CreatePaymentInput, type Payment, type Receipt, type ReceiptUpload } from '../domain/payment.ts';
import type { ProjectDoc } from '../domain/project.ts';
import { ApiError } from '../api/errors.ts';
import { accrualsOnOpenLines, type TakenBy } from './batch-lines.ts';
import type { LedgerContext } from './context.ts';

/** A file already in the blob store (a batch's payout file), attached as a receipt by hash. */
export type StoredReceipt = { file_name: string; content_type: Receipt['content_type']; sha256: string; size_bytes: number };

/** Stores the uploaded files (content-addressed) and returns their receipt records. */
export async function storeReceipts(ctx: LedgerContext, uploads: ReceiptUpload[], path: string): Promise<Receipt[]> {
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

/** Why an accrual cannot be settled by a payment of `currency` in `project` at `at`, or null when it can. */
export function settleRefusal(accrual: Accrual, options: { projectId: string; creatorId: string | null; currency: string; at: string; timeZone: string }): ApiError | null {
  if (accrual.status === 'paid') {
    return new ApiError('accrual_in_other_payment', `Accrual ${accrual.id} is settled by payment ${accrual.payment_id}; void that payment first`, { meta: { accrual_id: accrual.id, payment_id: accrual.payment_id } });
  }
  if (accrual.currency !== options.currency) {
    return new ApiError('currency_mismatch', `Accrual ${accrual.id} is in ${accrual.currency}, the payment in ${options.currency}`, { meta: { accrual_id: accrual.id } });
  }
  const why =
    accrual.status !== 'earned'
      ? `is ${accrual.status}`
      : accrual.project_id !== options.projectId
        ? 'belongs to another project'
        : options.creatorId && accrual.creator_id !== options.creatorId
          ? 'belongs to another creator'
          : !isPayable(accrual, options.at)
            ? `is on hold until ${formatDateTimeInZone(accrual.payable_at, options.timeZone, 'en-US')}`
            : null;
  return why ? new ApiError('accrual_not_settleable', `Accrual ${accrual.id} ${why}`, { meta: { accrual_id: accrual.id, ...(accrual.status === 'earned' && { payable_at: accrual.payable_at }) } }) : null;
}

/**
 * A clawback lowers what a creator is paid; it is never paid alone (SPEC §7). Refuses a set of
 * accruals that holds clawbacks but no earnings to net them against, or nets below zero.
 */
export function assertClawbacksNetted(accruals: readonly Accrual[]): void {
  const clawbacks = accruals.filter((accrual) => accrual.kind === 'clawback');
  if (clawbacks.length === 0) return;
  const sum = accruals.reduce((total, accrual) => total + accrual.amount_cents, 0);
  if (clawbacks.length === accruals.length || sum < 0) {
    const first = clawbacks[0] as Accrual;
    throw new ApiError('accrual_not_settleable', `Accrual ${first.id} is a clawback: it is settled only together with earnings of at least its amount, never alone`, {
      meta: { accrual_id: first.id, accruals_sum_cents: sum },
    });
  }
}

/** The payable earned accruals of one creator in one project, oldest first (what auto-apply takes). */
export async function payableAccruals(ctx: LedgerContext, projectId: string, creatorId: string, at: string): Promise<Accrual[]> {
  const docs = await ctx.db.accruals.find({ selector: { org_id: ctx.orgId, project_id: projectId, creator_id: creatorId, status: 'earned' }, sort: [{ period_end_at: 'asc' }] }).exec();
  const onBatches = await accrualsOnOpenLines(ctx.db, ctx.orgId, projectId);
  const payable = docs.map((doc) => doc.toMutableJSON()).filter((accrual) => isPayable(accrual, at) && !onBatches.has(accrual.id));
  // Clawbacks alone, or more than the earnings they lower, wait for the next earnings.
  const net = payable.reduce((sum, accrual) => sum + accrual.amount_cents, 0);
  return payable.some((accrual) => accrual.kind !== 'clawback') && net >= 0 ? payable : [];
}

export type PaymentInput = Omit<CreatePaymentInput, 'receipts' | 'currency'> & {
  currency: string;
  receipts?: ReceiptUpload[];
  /** Files already stored (a batch's file and result file). */
  storedReceipts?: StoredReceipt[];
};

/**
 * Records money paid: links the accruals (named, or the creator's payable ones), checks each
 * can be settled, records the difference as an adjustment, and marks the accruals paid. The one
 * function behind `POST /payout-payments` and a batch line's settlement.
 */
/**
 * `onBatchLine`: the batch line this payment settles (its accruals are on it); `openLines`: the
 * accruals on open batch lines when the caller has read them already (a settlement pays many
 * lines of one batch and reads them once).
 */
export type RecordPaymentOptions = { onBatchLine?: string; openLines?: ReadonlyMap<string, TakenBy> };

export async function recordPayment(ctx: LedgerContext, project: ProjectDoc, body: PaymentInput, options: RecordPaymentOptions = {}): Promise<Payment> {
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

  // accrual_ids win over auto_apply_outstanding. Holds are judged at the time of the command.
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
    accruals = await payableAccruals(ctx, project.id, creatorId, ctx.now);
  }
  for (const accrual of accruals) {
    const refusal = settleRefusal(accrual, { projectId: project.id, creatorId, currency: body.currency, at: ctx.now, timeZone: project.timezone });
    if (refusal) throw refusal;
  }
  if (body.accrual_ids) {
    // An accrual on an open batch line is paid by that line's settlement only.
    const onBatches = options.openLines ?? (await accrualsOnOpenLines(ctx.db, ctx.orgId, project.id));
    for (const accrual of accruals) {
      const taken = onBatches.get(accrual.id);
      if (taken && taken.lineId !== options.onBatchLine) {
        throw new ApiError('accrual_not_settleable', `Accrual ${accrual.id} is on payout batch ${taken.batch.id} (${taken.batch.status}); settle that line (paid or failed) or delete the draft first`, {
          meta: { accrual_id: accrual.id, payout_batch_id: taken.batch.id },
        });
      }
    }
  }
  assertClawbacksNetted(accruals);
  const sum = accruals.reduce((total, accrual) => total + accrual.amount_cents, 0);
  const difference = body.total_amount_cents - sum;
  const reason = body.adjustment_reason?.trim() || null;
  if (accruals.length > 0 && difference !== 0 && !reason) {
    throw new ApiError('adjustment_reason_required', `The total differs from the accruals' sum (${sum} cents) by ${difference} cents; say why in adjustment_reason`, {
      meta: { errors: [{ path: 'adjustment_reason', message: 'required when the total differs from the accruals' }], accruals_sum_cents: sum, difference_cents: difference },
    });
  }
  const receipts = [
    ...(body.storedReceipts ?? []).map((stored) => ({ id: ctx.newId(), ...stored, created_at: ctx.now })),
    ...(await storeReceipts(ctx, body.receipts ?? [], 'receipts')),
  ];
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
  return payment;
}

/** Voids a payment: its accruals are earned (payable) again. */
export async function voidPayment(ctx: LedgerContext, before: Payment, changes: Pick<Partial<Payment>, 'metadata' | 'readme'> = {}): Promise<Payment> {
  if (before.status === 'voided') throw new ApiError('already_voided', 'This payment is already voided');
  const after: Payment = { ...before, ...changes, status: 'voided', voided_at: ctx.now, updated_at: ctx.now };
  await (await ctx.db.payments.findOne(before.id).exec())?.incrementalModify(() => after);
  const ids = before.payout_payment_lines.map((line) => line.accrual_id);
  const linked = [...(await ctx.db.accruals.findByIds(ids).exec()).values()].map((doc) => doc.toMutableJSON());
  await ctx.db.accruals.bulkUpsert(linked.map((accrual) => ({ ...accrual, status: 'earned' as const, payment_id: null, paid_at: null, updated_at: ctx.now })));
  for (const accrual of linked) ctx.record({ entity: 'accrual', id: accrual.id, before: { status: 'paid', payment_id: before.id }, after: { status: 'earned' } });
  return after;
}
