import { z } from 'zod';
import type { Accrual } from './accrual.ts';
import { isoTimestampSchema, uuidSchema } from './common.ts';
import { toCsv } from './csv.ts';
import { explainAccrual } from './explain/explain-accrual.ts';
import { addCents, cents, formatCents, formatDecimalCents, type Cents } from './money.ts';
import type { Payment } from './payment.ts';
import { localDateText } from './periods.ts';

/**
 * A creator statement (SPEC §10): for one creator in one project and a range of calendar days,
 * the balance carried in, every accrual, clawback, payment and adjustment of the range with its
 * effect on the balance, and the balance carried out. Invariant, to the cent:
 * opening + accrued + clawbacks − paid + adjustments = closing, and every entry's running balance
 * is the previous one plus its amount.
 *
 * What counts: accruals that are owed or were paid (`earned`, `paid`; rejected and voided ones
 * are not owed), dated by the end of their period (when they became owed); payments that stand
 * (`paid`; a voided payment is undone, its accruals owed again), dated by `paid_at`. A payment's
 * total is what left the manager's account; its adjustments (overpaid +, underpaid −) explain
 * the difference between that total and the accruals it settled, so the balance owed after a
 * payment is what its lines did not settle.
 */

export const STATEMENT_ENTRY_KINDS = ['accrual', 'clawback', 'adjustment', 'payment'] as const;
export type StatementEntryKind = (typeof STATEMENT_ENTRY_KINDS)[number];

export const statementEntrySchema = z.object({
  /** When it happened: the end of the accrual's period, or the payment's `paid_at`. */
  at: isoTimestampSchema,
  /** That instant's calendar day in the project's time zone. */
  date: z.iso.date(),
  kind: z.enum(STATEMENT_ENTRY_KINDS),
  /** One line a person can read: the accrual's explanation, the payment's method and note. */
  description: z.string(),
  /** The accrual's id (accrual, clawback) or the payment's (payment, adjustment). */
  reference_id: uuidSchema,
  /** The entry's effect on the balance owed: + accrued, − clawed back, − paid, ± adjusted. */
  amount_cents: z.number().int(),
  /** The balance owed after this entry. */
  balance_cents: z.number().int(),
});
export type StatementEntry = z.infer<typeof statementEntrySchema>;

export const statementSchema = z.object({
  creator: z.object({ id: uuidSchema, name: z.string(), handle: z.string().nullable(), email: z.string().nullable(), payout_handle: z.string().nullable() }),
  project: z.object({ id: uuidSchema, name: z.string(), timezone: z.string() }),
  /** The first and last calendar day of the range (inclusive), in the project's time zone. */
  from: z.iso.date(),
  to: z.iso.date(),
  /** The same range as instants: [start_at, end_at). */
  start_at: isoTimestampSchema,
  end_at: isoTimestampSchema,
  currency: z.literal('USD'),
  opening_balance_cents: z.number().int(),
  accrued_cents: z.number().int(),
  /** Negative or zero: what clawbacks took back. */
  clawbacks_cents: z.number().int(),
  /** What was paid (payments' totals), as a positive amount subtracted from the balance. */
  paid_cents: z.number().int(),
  /** Sum of the payments' adjustments (overpaid +, underpaid −). */
  adjustments_cents: z.number().int(),
  closing_balance_cents: z.number().int(),
  entries: z.array(statementEntrySchema),
  generated_at: isoTimestampSchema,
});
export type Statement = z.infer<typeof statementSchema>;

export type StatementAccrual = Pick<
  Accrual,
  'id' | 'creator_id' | 'status' | 'amount_cents' | 'period_start_at' | 'period_end_at' | 'criteria_type' | 'inputs_snapshot' | 'version_number'
>;
export type StatementPayment = Pick<Payment, 'id' | 'creator_id' | 'status' | 'total_amount_cents' | 'paid_at' | 'method_id' | 'note' | 'payout_payment_lines' | 'payout_adjustments'>;

export type StatementInput = {
  creator: Statement['creator'];
  project: Statement['project'];
  from: string;
  to: string;
  /** [startAt, endAt) of the range, ISO instants (local midnights in the project's zone). */
  startAt: string;
  endAt: string;
  /** Every accrual and payment of the creator in the project dated before `endAt` (others are ignored). */
  accruals: readonly StatementAccrual[];
  payments: readonly StatementPayment[];
  methodNames: ReadonlyMap<string, string>;
  generatedAt: string;
};

/** Accruals that are owed or were paid count; a rejected or voided one is owed by no one. */
export function accrualCounts(accrual: Pick<StatementAccrual, 'status'>): boolean {
  return accrual.status === 'earned' || accrual.status === 'paid';
}

/** A clawback takes back a commission already paid: a negative accrual. */
export function isClawback(accrual: Pick<StatementAccrual, 'amount_cents'>): boolean {
  return accrual.amount_cents < 0;
}

type Movement = { at: string; order: string; kind: StatementEntryKind; description: string; reference_id: string; amount: Cents };

function accrualMovement(accrual: StatementAccrual, timeZone: string): Movement {
  const headline = explainAccrual(accrual, { timeZone }).headline;
  const clawback = isClawback(accrual);
  return {
    at: accrual.period_end_at,
    order: `0:${accrual.id}`,
    kind: clawback ? 'clawback' : 'accrual',
    description: clawback ? `Clawback: ${headline}` : headline,
    reference_id: accrual.id,
    amount: cents(accrual.amount_cents),
  };
}

function paymentMovements(payment: StatementPayment, methodNames: ReadonlyMap<string, string>): Movement[] {
  const method = payment.method_id ? methodNames.get(payment.method_id) : undefined;
  const lines = payment.payout_payment_lines.length;
  const settled = lines === 0 ? 'no accruals' : lines === 1 ? '1 accrual' : `${lines} accruals`;
  const note = payment.note?.trim() ? ` · ${payment.note.trim().replace(/\s+/g, ' ')}` : '';
  // An adjustment is listed just before its payment, so the running balance never dips below
  // what the payment's lines left owed.
  const adjustments = payment.payout_adjustments.map(
    (adjustment, index): Movement => ({
      at: payment.paid_at,
      order: `1:${payment.id}:0:${String(index).padStart(4, '0')}`,
      kind: 'adjustment',
      description: `${adjustment.amount_cents >= 0 ? 'Overpaid' : 'Underpaid'} by ${formatCents(Math.abs(adjustment.amount_cents))}: ${adjustment.reason}`,
      reference_id: payment.id,
      amount: cents(adjustment.amount_cents),
    }),
  );
  return [
    ...adjustments,
    {
      at: payment.paid_at,
      order: `1:${payment.id}:1`,
      kind: 'payment',
      description: `Paid ${formatCents(payment.total_amount_cents)}${method ? ` via ${method}` : ''}, settling ${settled}${note}`,
      reference_id: payment.id,
      amount: cents(-payment.total_amount_cents),
    },
  ];
}

/** The statement from its inputs: a pure function (the store is read by core/ledger/statement.ts). */
export function buildStatement(input: StatementInput): Statement {
  const zone = input.project.timezone;
  const movements: Movement[] = [];
  for (const accrual of input.accruals) {
    if (accrual.creator_id !== input.creator.id || !accrualCounts(accrual) || accrual.period_end_at >= input.endAt) continue;
    movements.push(accrualMovement(accrual, zone));
  }
  for (const payment of input.payments) {
    if (payment.creator_id !== input.creator.id || payment.status !== 'paid' || payment.paid_at >= input.endAt) continue;
    movements.push(...paymentMovements(payment, input.methodNames));
  }
  movements.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order < b.order ? -1 : a.order > b.order ? 1 : 0));

  let balance = cents(0);
  let opening = cents(0);
  const totals: Record<StatementEntryKind, Cents> = { accrual: cents(0), clawback: cents(0), adjustment: cents(0), payment: cents(0) };
  const entries: StatementEntry[] = [];
  for (const movement of movements) {
    balance = addCents(balance, movement.amount);
    if (movement.at < input.startAt) {
      opening = balance;
      continue;
    }
    totals[movement.kind] = addCents(totals[movement.kind], movement.amount);
    entries.push({
      at: movement.at,
      date: localDateText(Date.parse(movement.at), zone),
      kind: movement.kind,
      description: movement.description,
      reference_id: movement.reference_id,
      amount_cents: movement.amount,
      balance_cents: balance,
    });
  }
  return {
    creator: input.creator,
    project: input.project,
    from: input.from,
    to: input.to,
    start_at: input.startAt,
    end_at: input.endAt,
    currency: 'USD',
    opening_balance_cents: opening,
    accrued_cents: totals.accrual,
    clawbacks_cents: totals.clawback,
    paid_cents: -totals.payment,
    adjustments_cents: totals.adjustment,
    closing_balance_cents: balance,
    entries,
    generated_at: input.generatedAt,
  };
}

export const STATEMENT_CSV_HEADER = ['date', 'type', 'description', 'reference_id', 'amount', 'balance', 'currency'] as const;

/** The statement as a table: the opening balance, one row per entry, the closing balance; amounts in dollars. */
export function statementCsv(statement: Statement): string {
  return toCsv(STATEMENT_CSV_HEADER, [
    [statement.from, 'opening_balance', `Balance carried in for ${statement.creator.name} in ${statement.project.name}`, '', '', formatDecimalCents(statement.opening_balance_cents), statement.currency],
    ...statement.entries.map((entry) => [entry.date, entry.kind, entry.description, entry.reference_id, formatDecimalCents(entry.amount_cents), formatDecimalCents(entry.balance_cents), statement.currency]),
    [statement.to, 'closing_balance', 'Balance carried out', '', '', formatDecimalCents(statement.closing_balance_cents), statement.currency],
  ]);
}

/** A name as a piece of a file name: lowercase letters and digits, runs of anything else as one "-". */
function fileSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/** "statement-dana-2026-11-01-to-2026-11-30": a file name without spaces or slashes. */
export function statementFileStem(statement: Pick<Statement, 'creator' | 'from' | 'to'>): string {
  return `statement-${fileSlug(statement.creator.handle ?? statement.creator.name) || statement.creator.id}-${statement.from}-to-${statement.to}`;
}

/** "statements-launch-2026-11-01-to-2026-11-30": the zip of a project's statements. */
export function statementsZipStem(project: Pick<Statement['project'], 'id' | 'name'>, range: Pick<Statement, 'from' | 'to'>): string {
  return `statements-${fileSlug(project.name) || project.id}-${range.from}-to-${range.to}`;
}
