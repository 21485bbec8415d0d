import type { Accrual } from '../domain/accrual.ts';
import type { Payment } from '../domain/payment.ts';
import type { PayoutBatch } from '../domain/payout-batch.ts';
import type { PayoutsDatabase } from '../store/database.ts';

type PaymentFacts = Pick<Payment, 'id' | 'project_id' | 'status' | 'paid_at' | 'total_amount_cents'> & {
  payout_payment_lines: readonly Readonly<Payment['payout_payment_lines'][number]>[];
  payout_adjustments: readonly Readonly<Payment['payout_adjustments'][number]>[];
};
type AccrualFacts = Pick<Accrual, 'id' | 'project_id' | 'status' | 'amount_cents' | 'payment_id' | 'paid_at'> & Partial<Pick<Accrual, 'kind'>>;

/**
 * SPEC §6's ledger invariants, checked over any number of payments and accruals:
 * - for every payment, total = sum(lines) + sum(adjustments); at most one adjustment;
 * - no amount is negative except an adjustment or a clawback accrual (and the line that nets it);
 *   a payment has at most one line per accrual;
 * - a clawback is never paid alone: a payment with a clawback line also has earnings lines, and
 *   its lines sum to zero or more (SPEC §7);
 * - a line is for an accrual that exists, in the payment's project, for the accrual's amount;
 * - an accrual is linked to at most one non-voided payment, and it is `paid` iff it is linked
 *   to one (then its payment_id and paid_at are that payment's; otherwise both are null).
 *
 * Payments are added first (they are far fewer than accruals), then accruals one at a time, so
 * a store of millions of accruals is checked page by page (see checkStoredLedger).
 */
export class LedgerInvariants {
  readonly problems: string[] = [];
  private readonly paidAt = new Map<string, string>();
  /** accrual id → the lines that name it: payment id, line amount, payment project, whether the payment is live. */
  private readonly lines = new Map<string, { payment: string; amount: number; project: string; live: boolean }[]>();
  private readonly seen = new Set<string>();
  /** payment id → the sum of its lines, and whether a line is a clawback / earnings. */
  private readonly lineKinds = new Map<string, { sum: number; clawbacks: number; earnings: number }>();

  constructor(private readonly maxProblems = Number.POSITIVE_INFINITY) {}

  private report(problem: string): void {
    if (this.problems.length < this.maxProblems) this.problems.push(problem);
  }

  addPayment(payment: PaymentFacts): void {
    const lines = payment.payout_payment_lines.reduce((sum, line) => sum + line.amount_cents, 0);
    const adjustments = payment.payout_adjustments.reduce((sum, row) => sum + row.amount_cents, 0);
    if (payment.total_amount_cents !== lines + adjustments) {
      this.report(`payment ${payment.id}: total ${payment.total_amount_cents} ≠ lines ${lines} + adjustments ${adjustments} (${payment.payout_payment_lines.length} lines)`);
    }
    if (payment.total_amount_cents < 0) this.report(`payment ${payment.id}: negative total ${payment.total_amount_cents}`);
    if (payment.payout_adjustments.length > 1) this.report(`payment ${payment.id}: ${payment.payout_adjustments.length} adjustments`);
    this.paidAt.set(payment.id, payment.paid_at);
    const named = new Set<string>();
    if (payment.payout_payment_lines.length > 0) this.lineKinds.set(payment.id, { sum: lines, clawbacks: 0, earnings: 0 });
    for (const line of payment.payout_payment_lines) {
      if (named.has(line.accrual_id)) this.report(`payment ${payment.id}: two lines for accrual ${line.accrual_id}`);
      named.add(line.accrual_id);
      const list = this.lines.get(line.accrual_id) ?? [];
      list.push({ payment: payment.id, amount: line.amount_cents, project: payment.project_id, live: payment.status !== 'voided' });
      this.lines.set(line.accrual_id, list);
    }
  }

  addAccrual(accrual: AccrualFacts): void {
    this.seen.add(accrual.id);
    const isClawback = accrual.kind === 'clawback';
    if (accrual.amount_cents < 0 && !isClawback) this.report(`accrual ${accrual.id}: negative amount`);
    if (accrual.amount_cents > 0 && isClawback) this.report(`clawback ${accrual.id}: positive amount`);
    const lines = this.lines.get(accrual.id) ?? [];
    for (const line of lines) {
      const kinds = this.lineKinds.get(line.payment);
      if (kinds && isClawback) kinds.clawbacks++;
      else if (kinds) kinds.earnings++;
      if (line.project !== accrual.project_id) this.report(`payment ${line.payment}: line for accrual ${accrual.id} of another project`);
      if (line.amount !== accrual.amount_cents) this.report(`payment ${line.payment}: line ${line.amount} for accrual ${accrual.id} of ${accrual.amount_cents}`);
    }
    const live = lines.filter((line) => line.live).map((line) => line.payment);
    if (live.length > 1) this.report(`accrual ${accrual.id} is linked to ${live.length} non-voided payments`);
    if ((accrual.status === 'paid') !== (live.length > 0)) this.report(`accrual ${accrual.id} is ${accrual.status}, linked to non-voided [${live.join(', ')}]`);
    if (accrual.status === 'paid' && (accrual.payment_id !== live[0] || accrual.paid_at !== this.paidAt.get(live[0] as string))) {
      this.report(`accrual ${accrual.id}: payment_id ${accrual.payment_id} / paid_at ${accrual.paid_at}, linked to ${live[0]}`);
    }
    if (accrual.status !== 'paid' && (accrual.payment_id !== null || accrual.paid_at !== null)) this.report(`accrual ${accrual.id} is ${accrual.status} with payment_id ${accrual.payment_id}`);
  }

  /** Call after every accrual was added: lines naming an accrual that was never seen. */
  finish(): string[] {
    for (const [accrualId, lines] of this.lines) {
      if (!this.seen.has(accrualId)) for (const line of lines) this.report(`payment ${line.payment}: line for accrual ${accrualId}, which does not exist`);
    }
    for (const [paymentId, kinds] of this.lineKinds) {
      if (kinds.clawbacks > 0 && (kinds.earnings === 0 || kinds.sum < 0)) this.report(`payment ${paymentId}: pays ${kinds.clawbacks} clawback(s) alone (lines sum ${kinds.sum}, ${kinds.earnings} earnings lines)`);
    }
    return this.problems;
  }
}

/** The invariants over arrays (tests, small sets). */
export function ledgerProblems(payments: Iterable<PaymentFacts>, accruals: Iterable<AccrualFacts>): string[] {
  const check = new LedgerInvariants();
  for (const payment of payments) check.addPayment(payment);
  for (const accrual of accruals) check.addAccrual(accrual);
  return check.finish();
}

export type StoredLedgerCheck = { payments: number; accruals: number; problems: string[] };

/**
 * The invariants over a whole store, read page by page in id order (a restore checks a backup
 * with it before swapping it in). Reports at most `maxProblems` problems.
 */
export async function checkStoredLedger(db: PayoutsDatabase, options: { pageSize?: number; maxProblems?: number; onProgress?: (done: number) => void } = {}): Promise<StoredLedgerCheck> {
  const pageSize = options.pageSize ?? 5000;
  const check = new LedgerInvariants(options.maxProblems ?? 50);
  let payments = 0;
  const paymentPage = (after: string | null) => db.payments.find({ selector: after === null ? {} : { id: { $gt: after } }, sort: [{ id: 'asc' }], limit: pageSize }).exec();
  const accrualPage = (after: string | null) => db.accruals.find({ selector: after === null ? {} : { id: { $gt: after } }, sort: [{ id: 'asc' }], limit: pageSize }).exec();
  for await (const page of pages(paymentPage, pageSize)) {
    for (const payment of page) check.addPayment(payment);
    payments += page.length;
  }
  let accruals = 0;
  for await (const page of pages(accrualPage, pageSize)) {
    for (const accrual of page) check.addAccrual(accrual);
    accruals += page.length;
    options.onProgress?.(payments + accruals);
  }
  return { payments, accruals, problems: check.finish() };
}

/** Pages of a collection in id order, each read with `id > last id of the previous page`. */
async function* pages<T extends { id: string }>(read: (after: string | null) => Promise<{ toJSON(): T }[]>, pageSize: number): AsyncGenerator<T[]> {
  let after: string | null = null;
  for (;;) {
    const docs = await read(after);
    if (docs.length === 0) return;
    const rows = docs.map((doc) => doc.toJSON());
    yield rows;
    after = (rows[rows.length - 1] as T).id;
    if (docs.length < pageSize) return;
  }
}

type BatchFacts = Pick<PayoutBatch, 'id' | 'status' | 'total_amount_cents' | 'line_count' | 'accrual_count'> & {
  lines: readonly Pick<PayoutBatch['lines'][number], 'id' | 'status' | 'amount_cents' | 'accrual_ids' | 'payment_id' | 'clawback_cents'>[];
};

/**
 * SPEC §7's payout batch invariants: batch total = sum of its lines (and the counts match); a
 * line's amount is the sum of its accruals and above zero; an accrual is on at most one open line
 * of a draft or exported batch; a paid line names the payment that paid exactly its accruals for
 * its amount; a settled batch has no open line; a draft has no settled line.
 */
export function batchProblems(batches: Iterable<BatchFacts>, accruals: Iterable<Pick<Accrual, 'id' | 'amount_cents'>>, payments: Iterable<Pick<Payment, 'id' | 'status' | 'total_amount_cents' | 'payout_payment_lines'>>): string[] {
  const problems: string[] = [];
  const amounts = new Map([...accruals].map((accrual) => [accrual.id, accrual.amount_cents]));
  const paymentsById = new Map([...payments].map((payment) => [payment.id, payment]));
  const openLineOf = new Map<string, string>();
  for (const batch of batches) {
    const sum = batch.lines.reduce((total, line) => total + line.amount_cents, 0);
    if (sum !== batch.total_amount_cents) problems.push(`batch ${batch.id}: total ${batch.total_amount_cents} ≠ lines ${sum}`);
    if (batch.line_count !== batch.lines.length) problems.push(`batch ${batch.id}: line_count ${batch.line_count} ≠ ${batch.lines.length}`);
    const accrualCount = batch.lines.reduce((total, line) => total + line.accrual_ids.length, 0);
    if (batch.accrual_count !== accrualCount) problems.push(`batch ${batch.id}: accrual_count ${batch.accrual_count} ≠ ${accrualCount}`);
    for (const line of batch.lines) {
      const accrualSum = line.accrual_ids.reduce((total, id) => total + (amounts.get(id) ?? Number.NaN), 0);
      if (accrualSum !== line.amount_cents) problems.push(`batch ${batch.id} line ${line.id}: amount ${line.amount_cents} ≠ its accruals ${accrualSum}`);
      if (line.amount_cents <= 0) problems.push(`batch ${batch.id} line ${line.id}: amount ${line.amount_cents} is not above zero`);
      if (line.status === 'open' && batch.status === 'settled') problems.push(`batch ${batch.id} is settled with line ${line.id} open`);
      if (line.status !== 'open' && batch.status === 'draft') problems.push(`draft ${batch.id} has a ${line.status} line`);
      if (line.status === 'open' && batch.status !== 'settled') {
        for (const id of line.accrual_ids) {
          const other = openLineOf.get(id);
          if (other) problems.push(`accrual ${id} is on open lines ${other} and ${line.id}`);
          openLineOf.set(id, line.id);
        }
      }
      if (line.status === 'paid') {
        const payment = line.payment_id ? paymentsById.get(line.payment_id) : undefined;
        const paid = new Set(payment?.payout_payment_lines.map((paymentLine) => paymentLine.accrual_id));
        if (!payment || payment.total_amount_cents !== line.amount_cents || paid.size !== line.accrual_ids.length || line.accrual_ids.some((id) => !paid.has(id))) {
          problems.push(`batch ${batch.id} line ${line.id}: paid, but payment ${line.payment_id} does not pay exactly its accruals for ${line.amount_cents}`);
        }
      } else if (line.payment_id !== null) problems.push(`batch ${batch.id} line ${line.id}: ${line.status} with payment ${line.payment_id}`);
    }
  }
  return problems;
}
