import { strFromU8, strToU8, zipSync } from 'fflate';
import { isPayable, type Accrual } from '../domain/accrual.ts';
import { decodeBase64, sha256Hex } from '../domain/bytes.ts';
import type { CreatorDoc } from '../domain/creator.ts';
import { deterministicId } from '../domain/ids.ts';
import { formatCents } from '../domain/money.ts';
import {
  formatForMethod,
  type BatchFile,
  type BatchLine,
  type BatchPlan,
  type MissingRecipient,
  type PayoutBatch,
  type PayoutBatchRow,
  type SettleBatchInput,
  type SkippedCreator,
} from '../domain/payout-batch.ts';
import { lineReference, parsePaypalResult, payoutFiles, PayoutFileProblem, recipientFor, type PayoutFileFormat, type PayoutFileLine } from '../domain/payout-files.ts';
import type { ProjectDoc } from '../domain/project.ts';
import { ApiError } from '../api/errors.ts';
import type { PayoutsDatabase } from '../store/database.ts';
import type { LedgerSums, PayableSet } from '../store/ledger-sums.ts';
import { readRows } from '../store/rows.ts';
import type { LedgerContext } from './context.ts';
import { accrualsOnOpenLines } from './batch-lines.ts';
import { recordPayment, type StoredReceipt } from './payments.ts';
import { projectMembers } from './statement.ts';

/** What an accrual is doing in batches, for the earnings vocabulary (SPEC §7). */
export type BatchState = { processing: Set<string>; failed: Map<string, string> };

/**
 * `processing`: on an open line of an exported batch. `failed`: its latest line failed and it is
 * on no line since (it is payable again); the value is the failure reason.
 */
export async function batchStates(db: PayoutsDatabase, orgId: string, projectId: string | null): Promise<BatchState> {
  const selector = { org_id: orgId, ...(projectId && { project_id: projectId }) };
  const batches = (await readRows(db.payout_batches, { selector, sort: [{ created_at: 'asc' }, { id: 'asc' }] } as never)) as unknown as PayoutBatch[];
  const latest = new Map<string, { batch: PayoutBatch; line: BatchLine }>();
  for (const batch of batches) for (const line of batch.lines) for (const id of line.accrual_ids) latest.set(id, { batch, line });
  const state: BatchState = { processing: new Set(), failed: new Map() };
  for (const [id, { batch, line }] of latest) {
    if (line.status === 'open' && batch.status === 'exported') state.processing.add(id);
    else if (line.status === 'failed') state.failed.set(id, line.failure_reason ?? 'the payout failed');
  }
  return state;
}

/** What the plan reads: the store, and its ledger sums when it keeps them (the SQLite store does). */
export type LedgerReader = { db: PayoutsDatabase; ledgerSums?: LedgerSums | undefined };

/**
 * Each creator's payable accruals in `project` at `asOf` (earned, in `currency`, the hold over,
 * on no open batch line), oldest first, with their balance: what a batch, "ready to pay" and
 * auto-apply take. The store's ledger sums answer it in one SQL aggregate; a store without them
 * (memory) reads the documents, to the same result (core/store/ledger-sums.test.ts).
 */
export async function payableByCreator(reader: LedgerReader, orgId: string, projectId: string, currency: string, asOf: string): Promise<Map<string, PayableSet>> {
  const taken = await accrualsOnOpenLines(reader.db, orgId, projectId);
  if (reader.ledgerSums) return reader.ledgerSums.payable({ org_id: orgId, project_id: projectId, currency, as_of: asOf }, new Set(taken.keys()));
  const rows = await readRows(reader.db.accruals, { selector: { org_id: orgId, project_id: projectId, status: 'earned' }, sort: [{ project_id: 'asc' }, { period_end_at: 'asc' }] } as never);
  const byCreator = new Map<string, PayableSet>();
  for (const row of rows as unknown as Accrual[]) {
    if (row.currency !== currency || !isPayable(row, asOf) || taken.has(row.id)) continue;
    let set = byCreator.get(row.creator_id);
    if (!set) byCreator.set(row.creator_id, (set = { accrual_ids: [], balance_cents: 0, clawback_cents: 0 }));
    set.accrual_ids.push(row.id);
    set.balance_cents += row.amount_cents;
    set.clawback_cents += Math.min(0, row.amount_cents);
  }
  return byCreator;
}

export type PlanInput = { project: ProjectDoc; methodId: string; methodName: string; format?: PayoutFileFormat; currency: string; creatorIds?: string[]; asOf: string };

/** Why a payable balance is not paid (it carries forward), or null when it is: at or below zero, or under the minimum. */
export function skipReason(balance: number, minimum: number): SkippedCreator['reason'] | null {
  if (balance <= 0) return 'not_positive';
  return balance < minimum ? 'below_minimum' : null;
}

/** The creator's minimum payout in the project: the membership's override, else the project's. */
export function minimumFor(creator: CreatorDoc, project: ProjectDoc): number {
  const membership = creator.memberships.find((candidate) => candidate.project_id === project.id);
  return membership?.min_payout_cents ?? project.min_payout_cents;
}

const FIX: Record<PayoutFileFormat, string> = {
  paypal: "Add the creator's PayPal email, phone or PayPal ID as their payout handle (or an email), or leave them out",
  venmo: "Add the creator's Venmo @username or US phone number as their payout handle, or leave them out",
  wise: "Add the creator's Wise email as their payout handle (or an email), or leave them out",
  csv: 'Add a payout handle, or leave them out',
};

/**
 * What a batch for `project` would pay at `asOf` (SPEC §7): per member, every payable earned
 * accrual in the currency that is on no open batch line, clawbacks netted; creators at or below
 * zero or under their minimum are skipped with the reason; creators the rail cannot pay are
 * listed with the fix. A pure read: the preview and the draft are the same plan.
 */
export async function planBatch(reader: LedgerReader, orgId: string, input: PlanInput): Promise<BatchPlan> {
  const { project } = input;
  const format = input.format ?? formatForMethod(input.methodName);
  const members = await projectMembers(reader.db, orgId, project.id);
  let creators = members;
  if (input.creatorIds) {
    const byId = new Map(members.map((creator) => [creator.id, creator]));
    const outside = input.creatorIds.filter((id) => !byId.has(id));
    if (outside.length > 0) {
      throw new ApiError('not_in_project', `${outside.length === 1 ? 'Creator' : 'Creators'} ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not in ${project.name}`, {
        meta: { errors: [{ path: 'creator_ids', message: 'every creator must be a member of the project' }], creator_ids: outside },
      });
    }
    const wanted = new Set(input.creatorIds);
    creators = members.filter((creator) => wanted.has(creator.id));
  }
  const byCreator = await payableByCreator(reader, orgId, project.id, input.currency, input.asOf);
  const plan: BatchPlan = { project_id: project.id, method_id: input.methodId, format, currency: input.currency, as_of: input.asOf, lines: [], skipped: [], missing_recipients: [], total_amount_cents: 0, accrual_count: 0 };
  for (const creator of creators) {
    const payable = byCreator.get(creator.id);
    if (!payable) continue;
    const balance = payable.balance_cents;
    const minimum = minimumFor(creator, project);
    const reason = skipReason(balance, minimum);
    if (reason) {
      const message =
        reason === 'not_positive'
          ? `${formatCents(balance, input.currency)} payable: clawbacks outweigh earnings; it carries forward`
          : `${formatCents(balance, input.currency)} payable is below the ${formatCents(minimum, input.currency)} minimum; it carries forward`;
      plan.skipped.push({ creator_id: creator.id, creator_name: creator.name, balance_cents: balance, min_payout_cents: minimum, reason, message });
      continue;
    }
    const recipient = recipientFor(format, { payout_handle: creator.payout_handle, email: creator.email });
    if ('problem' in recipient) {
      plan.missing_recipients.push({ creator_id: creator.id, creator_name: creator.name, amount_cents: balance, problem: `${creator.name} ${recipient.problem}`, fix: FIX[format] } satisfies MissingRecipient);
      continue;
    }
    plan.lines.push({
      creator_id: creator.id,
      creator_name: creator.name,
      handle: creator.handle,
      email: creator.email,
      payout_handle: creator.payout_handle,
      recipient: recipient.recipient,
      accrual_ids: payable.accrual_ids,
      clawback_cents: payable.clawback_cents,
      amount_cents: balance,
    });
    plan.total_amount_cents += balance;
    plan.accrual_count += payable.accrual_ids.length;
  }
  return plan;
}

/** Creates a draft batch from the plan; refused when a creator cannot be paid on the rail or nothing is payable. */
export async function createBatch(ctx: LedgerContext, plan: BatchPlan, options: { id?: string; note?: string }): Promise<PayoutBatch> {
  if (plan.missing_recipients.length > 0) {
    throw new ApiError('payout_handle_missing', `${plan.missing_recipients.map((missing) => missing.problem).join('; ')}. ${FIX[plan.format]}.`, {
      meta: { missing_recipients: plan.missing_recipients },
    });
  }
  if (plan.lines.length === 0) {
    const why = plan.skipped.length > 0 ? `every creator with a payable balance is skipped (${plan.skipped.map((skip) => `${skip.creator_name}: ${skip.message}`).join('; ')})` : 'no creator has a payable balance';
    throw new ApiError('nothing_to_pay', `Nothing to pay: ${why}`, { meta: { skipped: plan.skipped } });
  }
  const id = options.id ?? ctx.newId();
  // A line's id follows from its batch and creator, so the team server makes the same lines when
  // the draft is pushed and a pushed settlement names lines both sides know (SPEC §8).
  const lines: BatchLine[] = plan.lines.map((line) => {
    const lineId = deterministicId('payout_batch_line', id, line.creator_id);
    return { id: lineId, ...line, reference: lineReference(lineId), status: 'open', payment_id: null, provider_reference: null, failure_reason: null, settled_at: null };
  });
  const batch: PayoutBatch = {
    id,
    org_id: ctx.orgId,
    project_id: plan.project_id,
    method_id: plan.method_id,
    format: plan.format,
    currency: plan.currency,
    status: 'draft',
    as_of: plan.as_of,
    note: options.note ?? '',
    total_amount_cents: plan.total_amount_cents,
    line_count: lines.length,
    accrual_count: plan.accrual_count,
    lines,
    skipped: plan.skipped,
    file: null,
    exported_at: null,
    settled_at: null,
    created_at: ctx.now,
    updated_at: ctx.now,
  };
  await ctx.db.payout_batches.insert(batch);
  ctx.record({ entity: 'payout_batch', id, before: null, after: batchSummary(batch) });
  return batch;
}

/** What the journal keeps of a batch (its lines without their accrual lists). */
function batchSummary(batch: PayoutBatch): Record<string, unknown> {
  return {
    status: batch.status,
    project_id: batch.project_id,
    method_id: batch.method_id,
    format: batch.format,
    total_amount_cents: batch.total_amount_cents,
    line_count: batch.line_count,
    accrual_count: batch.accrual_count,
    lines: batch.lines.map(({ id, creator_id, amount_cents, status, payment_id }) => ({ id, creator_id, amount_cents, status, payment_id })),
  };
}

export async function findBatch(db: PayoutsDatabase, orgId: string, id: string): Promise<PayoutBatch> {
  const doc = await db.payout_batches.findOne(id).exec();
  if (!doc || doc.org_id !== orgId) throw new ApiError('not_found', `Payout batch ${id} not found`);
  return doc.toMutableJSON() as PayoutBatch;
}

async function saveBatch(ctx: LedgerContext, before: PayoutBatch, after: PayoutBatch): Promise<void> {
  await (await ctx.db.payout_batches.findOne(before.id).exec())?.incrementalModify(() => after);
  ctx.record({ entity: 'payout_batch', id: before.id, before: batchSummary(before), after: batchSummary(after) });
}

export function batchRow(batch: PayoutBatch): PayoutBatchRow {
  const { lines, skipped: _skipped, ...rest } = batch;
  const count = (status: BatchLine['status']) => lines.filter((line) => line.status === status).length;
  return { ...rest, paid_count: count('paid'), failed_count: count('failed'), open_count: count('open') };
}

/** A short, safe file stem: "payouts-shop-2026-06-01-paypal". */
function fileStem(batch: PayoutBatch, project: ProjectDoc): string {
  const slug = project.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'project';
  return `payouts-${slug}-${batch.created_at.slice(0, 10)}-${batch.format}`;
}

/** The batch's file(s) as the bytes to download: one CSV, or a zip of several. */
export function batchFileBytes(batch: PayoutBatch, project: ProjectDoc): { name: string; contentType: BatchFile['content_type']; bytes: Uint8Array; rows: number } {
  const lines: PayoutFileLine[] = batch.lines.map((line) => ({
    line_id: line.id,
    creator_name: line.creator_name,
    handle: line.handle,
    email: line.email,
    payout_handle: line.payout_handle,
    amount_cents: line.amount_cents,
    currency: batch.currency,
    accrual_count: line.accrual_ids.length,
  }));
  let files;
  try {
    files = payoutFiles(batch.format, lines, { stem: fileStem(batch, project), note: batch.note || `Payout from ${project.name}` });
  } catch (error) {
    if (error instanceof PayoutFileProblem) throw new ApiError('payout_handle_missing', error.message, { meta: { line_ids: error.lineIds } });
    throw error;
  }
  const rows = files.reduce((sum, file) => sum + file.rows, 0);
  if (files.length === 1) {
    const [file] = files as [(typeof files)[number]];
    return { name: file.name, contentType: 'text/csv', bytes: strToU8(file.text), rows };
  }
  const zip = zipSync(Object.fromEntries(files.map((file) => [file.name, strToU8(file.text)])), { level: 6, mtime: new Date('2000-01-01T00:00:00Z') });
  return { name: `${fileStem(batch, project)}.zip`, contentType: 'application/zip', bytes: zip, rows };
}

/** draft → exported: the file is made once, kept in the blob store, and its accruals show `processing`. */
export async function exportBatch(ctx: LedgerContext, project: ProjectDoc, before: PayoutBatch): Promise<PayoutBatch> {
  if (before.status !== 'draft') throw new ApiError('invalid_transition', `Payout batch ${before.id} is ${before.status}; only a draft is exported (its file is kept: GET …/file)`);
  const made = batchFileBytes(before, project);
  const sha256 = await sha256Hex(made.bytes);
  await ctx.blobs.put(sha256, made.contentType, made.bytes);
  const after: PayoutBatch = {
    ...before,
    status: 'exported',
    file: { file_name: made.name, content_type: made.contentType, sha256, size_bytes: made.bytes.length, rows: made.rows },
    exported_at: ctx.now,
    updated_at: ctx.now,
  };
  await saveBatch(ctx, before, after);
  return after;
}

/** Deletes a draft (its accruals are free again); an exported batch is settled line by line instead. */
export async function deleteDraft(ctx: LedgerContext, before: PayoutBatch): Promise<void> {
  if (before.status !== 'draft') throw new ApiError('invalid_transition', `Payout batch ${before.id} is ${before.status}; only a draft can be deleted (mark its lines failed instead)`);
  await (await ctx.db.payout_batches.findOne(before.id).exec())?.remove();
  ctx.record({ entity: 'payout_batch', id: before.id, before: batchSummary(before), after: null });
}

type Outcome = { status: 'paid' | 'failed'; provider_reference: string | null; failure_reason: string | null };

/** The outcomes a settle request names, by line id; a result file is read with PayPal's status mapping. */
function outcomesOf(batch: PayoutBatch, body: SettleBatchInput): Map<string, Outcome> {
  const outcomes = new Map<string, Outcome>();
  const open = batch.lines.filter((line) => line.status === 'open');
  if (body.result_file) {
    const result = parsePaypalResult(strFromU8(decodeBase64(body.result_file.data_base64)));
    const byReference = new Map(batch.lines.map((line) => [line.reference, line]));
    const problems = [...result.problems.map((problem) => `line ${problem.line}: ${problem.message}`)];
    for (const item of result.items) {
      const line = byReference.get(item.reference);
      if (!line) problems.push(`line ${item.line}: reference ${item.reference} is not a line of this batch`);
      else if (item.outcome !== 'open' && line.status === 'open') outcomes.set(line.id, { status: item.outcome, provider_reference: item.provider_reference, failure_reason: item.outcome === 'failed' ? (item.failure_reason ?? `PayPal: ${item.status}`) : null });
    }
    if (problems.length > 0) {
      throw new ApiError('invalid_body', `The result file does not match this batch: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`, {
        meta: { errors: problems.map((message) => ({ path: 'result_file', message })) },
      });
    }
  }
  if (body.lines === 'all_paid') {
    for (const line of open) if (!outcomes.has(line.id)) outcomes.set(line.id, { status: 'paid', provider_reference: null, failure_reason: null });
  } else if (body.lines) {
    const byId = new Map(batch.lines.map((line) => [line.id, line]));
    for (const [index, given] of body.lines.entries()) {
      const line = byId.get(given.line_id);
      if (!line) throw new ApiError('invalid_body', `Line ${given.line_id} is not a line of this batch`, { meta: { errors: [{ path: `lines.${index}.line_id`, message: 'not a line of this batch' }] } });
      if (line.status !== 'open') throw new ApiError('invalid_transition', `${line.creator_name}'s line is already ${line.status}`, { meta: { line_id: line.id } });
      if (given.status === 'failed' && !given.failure_reason) {
        throw new ApiError('invalid_body', `Say why ${line.creator_name}'s payout failed`, { meta: { errors: [{ path: `lines.${index}.failure_reason`, message: 'required for a failed line' }] } });
      }
      outcomes.set(line.id, { status: given.status, provider_reference: given.provider_reference ?? null, failure_reason: given.failure_reason ?? null });
    }
  }
  return outcomes;
}

/**
 * Settles lines of an exported batch (SPEC §7): each paid line becomes one payment through
 * `recordPayment` (its accruals, the batch file and the result file as receipts, the provider's
 * reference); a failed line leaves its accruals earned and payable again, with the reason. The
 * batch is `settled` when no line is open.
 */
export async function settleBatch(ctx: LedgerContext, project: ProjectDoc, before: PayoutBatch, body: SettleBatchInput): Promise<PayoutBatch> {
  if (before.status !== 'exported') {
    throw new ApiError('invalid_transition', before.status === 'draft' ? 'Export the batch first: its lines are settled after the file went to the provider' : `Payout batch ${before.id} is already settled`);
  }
  const paidAt = body.paid_at ?? ctx.now;
  if (paidAt > ctx.now) throw new ApiError('invalid_body', 'paid_at is in the future', { meta: { errors: [{ path: 'paid_at', message: 'must not be in the future' }] } });
  const outcomes = outcomesOf(before, body);
  const receipts: StoredReceipt[] = [];
  if (before.file) receipts.push({ file_name: before.file.file_name, content_type: before.file.content_type, sha256: before.file.sha256, size_bytes: before.file.size_bytes });
  if (body.result_file) {
    const bytes = decodeBase64(body.result_file.data_base64);
    const sha256 = await sha256Hex(bytes);
    await ctx.blobs.put(sha256, 'text/csv', bytes);
    receipts.push({ file_name: body.result_file.file_name, content_type: 'text/csv', sha256, size_bytes: bytes.length });
  }
  const openLines = await accrualsOnOpenLines(ctx.db, ctx.orgId, project.id);
  const lines: BatchLine[] = [];
  for (const line of before.lines) {
    const outcome = outcomes.get(line.id);
    if (!outcome) {
      lines.push(line);
      continue;
    }
    if (outcome.status === 'failed') {
      lines.push({ ...line, status: 'failed', failure_reason: outcome.failure_reason, provider_reference: outcome.provider_reference, settled_at: ctx.now });
      continue;
    }
    const payment = await recordPayment(
      ctx,
      project,
      {
        // One payment per paid line, with an id both sides of a sync make alike.
        id: deterministicId('payment', line.id),
        project_id: project.id,
        creator_id: line.creator_id,
        method_id: before.method_id,
        total_amount_cents: line.amount_cents,
        currency: before.currency,
        accrual_ids: line.accrual_ids,
        paid_at: paidAt,
        note: `Payout batch of ${before.created_at.slice(0, 10)}, reference ${line.reference}`,
        metadata: { payout_batch_id: before.id, payout_batch_line_id: line.id, ...(outcome.provider_reference && { provider_reference: outcome.provider_reference }) },
        storedReceipts: receipts,
      },
      { onBatchLine: line.id, openLines },
    );
    lines.push({ ...line, status: 'paid', payment_id: payment.id, provider_reference: outcome.provider_reference, settled_at: ctx.now });
  }
  const settled = lines.every((line) => line.status !== 'open');
  const after: PayoutBatch = { ...before, lines, status: settled ? 'settled' : 'exported', settled_at: settled ? ctx.now : null, updated_at: ctx.now };
  await saveBatch(ctx, before, after);
  return after;
}
