import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';
import { buildStatement, statementCsv, type Statement, type StatementAccrual, type StatementPayment } from './statement.ts';

/**
 * Creator statements reconcile to the cent (SPEC §10): opening + accrued + clawbacks − paid +
 * adjustments = closing, every running balance is the previous one plus the entry, and two
 * adjacent ranges chain (one's closing is the next one's opening), for random ledgers.
 */

const ZONE = 'UTC';
const CREATOR = { id: '00000000-0000-4000-8000-0000000000c1', name: 'Ada', handle: '@ada', email: null, payout_handle: null };
const OTHER_CREATOR = '00000000-0000-4000-8000-0000000000c2';
const PROJECT = { id: '00000000-0000-4000-8000-0000000000a1', name: 'Launch', timezone: ZONE };
const DAY = 86_400_000;
const YEAR_START = Date.parse('2026-01-01T00:00:00.000Z');

const iso = (ms: number) => new Date(ms).toISOString();
const dateText = (ms: number) => iso(ms).slice(0, 10);
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function snapshot(startMs: number, amount: number) {
  const period = { kind: 'weekly', start: iso(startMs), end: iso(startMs + 7 * DAY) };
  return {
    version: { id: 'v1', number: 1, effective_from: '1970-01-01T00:00:00.000Z' },
    criteria_type: 'recurring',
    period,
    assignment: { intervals: [{ from: period.start, to: period.end }], assigned_seconds: 604_800, period_seconds: 604_800, fraction: '1', fraction_decimal: '' },
    proration_mode: 'skip',
    applied_fraction: '1',
    time_zone: ZONE,
    base_amount_cents: Math.abs(amount),
    unrounded_cents: String(Math.abs(amount)),
    amount_cents: amount,
  };
}

const accrualArb = fc.record({
  day: fc.integer({ min: 0, max: 120 }),
  amount: fc.oneof(fc.integer({ min: 1, max: 500_000 }), fc.integer({ min: -50_000, max: -1 })),
  status: fc.constantFrom('earned', 'paid', 'rejected', 'voided'),
  other: fc.boolean(),
});
const paymentArb = fc.record({
  ms: fc.integer({ min: 0, max: 120 * DAY }),
  total: fc.integer({ min: 0, max: 900_000 }),
  adjustments: fc.array(fc.integer({ min: -20_000, max: 20_000 }).filter((n) => n !== 0), { maxLength: 2 }),
  status: fc.constantFrom('paid', 'paid', 'voided'),
  other: fc.boolean(),
});

type Ledger = { accruals: StatementAccrual[]; payments: StatementPayment[] };

const ledgerArb = fc.tuple(fc.array(accrualArb, { maxLength: 25 }), fc.array(paymentArb, { maxLength: 12 })).map(([accruals, payments]): Ledger => ({
  accruals: accruals.map((a, index) => {
    const start = YEAR_START + a.day * DAY;
    return {
      id: uuid(1000 + index),
      creator_id: a.other ? OTHER_CREATOR : CREATOR.id,
      status: a.status as StatementAccrual['status'],
      amount_cents: a.amount,
      period_start_at: iso(start),
      period_end_at: iso(start + 7 * DAY),
      criteria_type: 'recurring',
      inputs_snapshot: snapshot(start, a.amount),
      version_number: 1,
    } as StatementAccrual;
  }),
  payments: payments.map((p, index) => ({
    id: uuid(5000 + index),
    creator_id: p.other ? OTHER_CREATOR : CREATOR.id,
    status: p.status as StatementPayment['status'],
    total_amount_cents: p.total,
    paid_at: iso(YEAR_START + p.ms),
    method_id: null,
    note: index % 2 ? `note ${index}` : null,
    payout_payment_lines: [],
    payout_adjustments: p.adjustments.map((amount_cents, n) => ({ amount_cents, reason: `reason ${n}` })),
  }) as unknown as StatementPayment),
}));

function statement(ledger: Ledger, fromDay: number, toDay: number): Statement {
  return buildStatement({
    creator: CREATOR,
    project: PROJECT,
    from: dateText(YEAR_START + fromDay * DAY),
    to: dateText(YEAR_START + toDay * DAY),
    startAt: iso(YEAR_START + fromDay * DAY),
    endAt: iso(YEAR_START + (toDay + 1) * DAY),
    accruals: ledger.accruals,
    payments: ledger.payments,
    methodNames: new Map(),
    generatedAt: '2026-12-01T00:00:00.000Z',
  });
}

/** What is owed at an instant, summed straight from the ledger (the oracle). */
function owedBefore(ledger: Ledger, endMs: number): number {
  let owed = 0;
  for (const a of ledger.accruals) {
    if (a.creator_id === CREATOR.id && (a.status === 'earned' || a.status === 'paid') && Date.parse(a.period_end_at) < endMs) owed += a.amount_cents;
  }
  for (const p of ledger.payments) {
    if (p.creator_id !== CREATOR.id || p.status !== 'paid' || Date.parse(p.paid_at) >= endMs) continue;
    owed -= p.total_amount_cents;
    for (const adjustment of p.payout_adjustments) owed += adjustment.amount_cents;
  }
  return owed;
}

const rangeArb = fc.tuple(fc.integer({ min: 0, max: 140 }), fc.integer({ min: 0, max: 140 }), fc.integer({ min: 0, max: 140 })).map((days) => days.sort((a, b) => a - b) as [number, number, number]);

describe('buildStatement', () => {
  it('reconciles to the cent: opening + accrued + clawbacks − paid + adjustments = closing, running balances add up', () => {
    fc.assert(
      fc.property(ledgerArb, rangeArb, (ledger, [from, , to]) => {
        const s = statement(ledger, from, to);
        expect(s.opening_balance_cents + s.accrued_cents + s.clawbacks_cents - s.paid_cents + s.adjustments_cents).toBe(s.closing_balance_cents);
        expect(s.opening_balance_cents).toBe(owedBefore(ledger, YEAR_START + from * DAY));
        expect(s.closing_balance_cents).toBe(owedBefore(ledger, YEAR_START + (to + 1) * DAY));
        let balance = s.opening_balance_cents;
        for (const entry of s.entries) {
          balance += entry.amount_cents;
          expect(entry.balance_cents).toBe(balance);
          expect(Number.isInteger(entry.amount_cents)).toBe(true);
          expect(entry.date >= s.from && entry.date <= s.to).toBe(true);
          if (entry.kind === 'clawback') expect(entry.amount_cents).toBeLessThan(0);
          if (entry.kind === 'payment') expect(entry.amount_cents).toBeLessThanOrEqual(0);
        }
        expect(balance).toBe(s.closing_balance_cents);
        expect(s.clawbacks_cents).toBeLessThanOrEqual(0);
        expect(s.paid_cents).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('chains: the closing balance of one range is the opening balance of the next, and the entries split between them', () => {
    fc.assert(
      fc.property(ledgerArb, rangeArb, (ledger, [from, middle, to]) => {
        const whole = statement(ledger, from, to);
        const first = statement(ledger, from, middle);
        const second = middle + 1 <= to ? statement(ledger, middle + 1, to) : null;
        expect(first.opening_balance_cents).toBe(whole.opening_balance_cents);
        if (second) {
          expect(second.opening_balance_cents).toBe(first.closing_balance_cents);
          expect(second.closing_balance_cents).toBe(whole.closing_balance_cents);
          expect([...first.entries, ...second.entries]).toEqual(whole.entries);
        } else {
          expect(first).toEqual(whole);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('leaves out other creators, rejected and voided accruals and voided payments', () => {
    fc.assert(
      fc.property(ledgerArb, (ledger) => {
        const s = statement(ledger, 0, 140);
        const counted = new Set([
          ...ledger.accruals.filter((a) => a.creator_id === CREATOR.id && (a.status === 'earned' || a.status === 'paid')).map((a) => a.id),
          ...ledger.payments.filter((p) => p.creator_id === CREATOR.id && p.status === 'paid').map((p) => p.id),
        ]);
        expect(new Set(s.entries.map((entry) => entry.reference_id))).toEqual(counted);
      }),
      { numRuns: 100 },
    );
  });
});

describe('a worked statement', () => {
  const ledger: Ledger = {
    accruals: [
      { ...baseAccrual(0, 7500), status: 'paid' },
      { ...baseAccrual(7, 7500), status: 'earned' },
      { ...baseAccrual(14, -1235), status: 'earned' },
      { ...baseAccrual(21, 9999), status: 'rejected' },
    ],
    payments: [
      {
        id: uuid(9001),
        creator_id: CREATOR.id,
        status: 'paid',
        total_amount_cents: 8000,
        paid_at: '2026-01-09T15:00:00.000Z',
        method_id: null,
        note: 'January, first week',
        payout_payment_lines: [{ accrual_id: uuid(2000), amount_cents: 7500 }],
        payout_adjustments: [{ amount_cents: 500, reason: 'Bonus for the launch video' }],
      } as unknown as StatementPayment,
    ],
  };

  function baseAccrual(day: number, amount: number): StatementAccrual {
    const start = YEAR_START + day * DAY;
    return {
      id: uuid(2000 + day),
      creator_id: CREATOR.id,
      status: 'earned',
      amount_cents: amount,
      period_start_at: iso(start),
      period_end_at: iso(start + 7 * DAY),
      criteria_type: 'recurring',
      inputs_snapshot: snapshot(start, amount),
      version_number: 1,
    } as StatementAccrual;
  }

  it('carries the first week in, lists the adjustment before its payment, and a clawback as negative', () => {
    const s = statement(ledger, 8, 30);
    expect(s.opening_balance_cents).toBe(7500);
    expect(s.entries.map((entry) => [entry.date, entry.kind, entry.amount_cents, entry.balance_cents])).toEqual([
      ['2026-01-09', 'adjustment', 500, 8000],
      ['2026-01-09', 'payment', -8000, 0],
      ['2026-01-15', 'accrual', 7500, 7500],
      ['2026-01-22', 'clawback', -1235, 6265],
    ]);
    expect(s.entries[0]!.description).toBe('Overpaid by $5.00: Bonus for the launch video');
    expect(s.entries[1]!.description).toBe('Paid $80.00, settling 1 accrual · January, first week');
    expect(s.entries[3]!.description).toMatch(/^Clawback: /);
    expect([s.accrued_cents, s.clawbacks_cents, s.paid_cents, s.adjustments_cents, s.closing_balance_cents]).toEqual([7500, -1235, 8000, 500, 6265]);
  });

  it('as CSV: the opening row, one row per entry in dollars, the closing row', () => {
    const { header, rows } = parseCsv(statementCsv(statement(ledger, 8, 30)));
    expect(header).toEqual(['date', 'type', 'description', 'reference_id', 'amount', 'balance', 'currency']);
    expect(rows.map(({ values }) => [values[0], values[1], values[4], values[5]])).toEqual([
      ['2026-01-09', 'opening_balance', '', '75.00'],
      ['2026-01-09', 'adjustment', '5.00', '80.00'],
      ['2026-01-09', 'payment', '-80.00', '0.00'],
      ['2026-01-15', 'accrual', '75.00', '75.00'],
      ['2026-01-22', 'clawback', '-12.35', '62.65'],
      ['2026-01-31', 'closing_balance', '', '62.65'],
    ]);
  });
});
