import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCsv } from './csv.ts';
import {
  FILE_ROW_LIMITS,
  GENERIC_HEADER,
  PAYPAL_OUTCOMES,
  PayoutFileProblem,
  WISE_HEADER,
  lineReference,
  parsePaypalResult,
  payoutFiles,
  recipientFor,
  type PayoutFileLine,
} from './payout-files.ts';

/** A header-less file read back (parseCsv reads a header first: give it one to read). */
function headerless(text: string): string[][] {
  return parseCsv(`header\r\n${text}`).rows.map((row) => row.values);
}

const ada: PayoutFileLine = {
  line_id: '0b5e6f1c-9a51-4d7e-8a0e-3f1f6a2b9c10',
  creator_name: 'Ada Lovelace',
  handle: '@ada',
  email: 'ada@example.com',
  payout_handle: 'ada@example.com',
  amount_cents: 12345,
  currency: 'USD',
  accrual_count: 3,
};
const bo: PayoutFileLine = {
  line_id: '7c9d2e4f-1b3a-4c5d-9e8f-0a1b2c3d4e5f',
  creator_name: 'Bo, "the" builder',
  handle: '@bo',
  email: null,
  payout_handle: '(555) 123-4567',
  amount_cents: 5,
  currency: 'USD',
  accrual_count: 1,
};

describe('payout files (SPEC §7)', () => {
  it('PayPal: no header; recipient, amount with two decimals, currency, a 30-character reference, the note, wallet PAYPAL', () => {
    const [file, ...others] = payoutFiles('paypal', [ada, bo], { stem: 'batch-launch', note: 'Thanks for May, "team"' });
    expect(others).toEqual([]);
    expect(file).toMatchObject({ name: 'batch-launch.csv', rows: 2, total_cents: 12350, currency: 'USD' });
    expect(headerless(file!.text)).toEqual([
      ['ada@example.com', '123.45', 'USD', '0b5e6f1c9a514d7e8a0e3f1f6a2b9c', 'Thanks for May, "team"', 'PAYPAL'],
      ['5551234567', '0.05', 'USD', '7c9d2e4f1b3a4c5d9e8f0a1b2c3d4e', 'Thanks for May, "team"', 'PAYPAL'],
    ]);
    for (const row of headerless(file!.text)) expect(row[3]).toMatch(/^\S{1,30}$/);
  });

  it('Venmo: the same file with wallet VENMO, a phone number or @username as recipient, and a required note', () => {
    const cy = { ...ada, line_id: '11111111-2222-4333-8444-555555555555', creator_name: 'Cy', payout_handle: '@cy-venmo' };
    const [file] = payoutFiles('venmo', [bo, cy], { stem: 'b', note: 'May' });
    expect(headerless(file!.text)).toEqual([
      ['5551234567', '0.05', 'USD', '7c9d2e4f1b3a4c5d9e8f0a1b2c3d4e', 'May', 'VENMO'],
      ['cy-venmo', '123.45', 'USD', '111111112222433384445555555555', 'May', 'VENMO'],
    ]);
    expect(() => payoutFiles('venmo', [bo], { stem: 'b', note: '  ' })).toThrow(/need a note/);
    expect(() => payoutFiles('venmo', [ada], { stem: 'b', note: 'May' })).toThrow(/Ada Lovelace has a payout handle Venmo cannot pay/);
  });

  it('Wise: the batch CSV header, one row per line, amounts in the target currency', () => {
    const [file] = payoutFiles('wise', [ada], { stem: 'w', note: '' });
    const table = parseCsv(file!.text);
    expect(table.header).toEqual(WISE_HEADER.map((name) => name.toLowerCase()));
    expect(table.rows.map((row) => row.values)).toEqual([['Ada Lovelace', 'ada@example.com', '0b5e6f1c9a514d7e8a0e3f1f6a2b9c', 'PERSON', 'USD', '123.45', 'USD', 'USD']]);
    expect(() => payoutFiles('wise', [bo], { stem: 'w', note: '' })).toThrow(/Bo, "the" builder has no email for Wise/);
  });

  it('generic CSV: creator, handle, payout handle, amount, currency, reference, accrual count', () => {
    const [file] = payoutFiles('csv', [ada, bo], { stem: 'g', note: '' });
    const table = parseCsv(file!.text);
    expect(table.header).toEqual([...GENERIC_HEADER]);
    expect(table.rows.map((row) => row.values)).toEqual([
      ['Ada Lovelace', '@ada', 'ada@example.com', '123.45', 'USD', '0b5e6f1c9a514d7e8a0e3f1f6a2b9c', '3'],
      ['Bo, "the" builder', '@bo', '(555) 123-4567', '0.05', 'USD', '7c9d2e4f1b3a4c5d9e8f0a1b2c3d4e', '1'],
    ]);
  });

  it('splits at the row limit and by currency, each file one currency, every line in exactly one file', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2600 }), fc.integer({ min: 0, max: 1200 }), fc.constantFrom('paypal' as const, 'wise' as const), (usd, eur, format) => {
        const line = (index: number, currency: string): PayoutFileLine => ({
          ...ada,
          line_id: `${index.toString(16).padStart(8, '0')}-0000-4000-8000-${currency === 'USD' ? '000000000000' : '111111111111'}`,
          currency,
          amount_cents: index + 1,
        });
        const lines = [...Array.from({ length: usd }, (_, index) => line(index, 'USD')), ...Array.from({ length: eur }, (_, index) => line(index, 'EUR'))];
        const limit = format === 'wise' ? 1000 : 5000;
        expect(FILE_ROW_LIMITS[format]).toBe(limit);
        const files = payoutFiles(format, lines, { stem: 's', note: 'n' });
        const references: string[] = [];
        for (const file of files) {
          expect(file.rows).toBeLessThanOrEqual(limit);
          const rows = format === 'wise' ? parseCsv(file.text).rows.map((row) => row.values) : headerless(file.text);
          expect(rows).toHaveLength(file.rows);
          const currencies = new Set(rows.map((row) => (format === 'wise' ? row[4] : row[2])));
          expect([...currencies]).toEqual([file.currency]);
          references.push(...rows.map((row) => row[format === 'wise' ? 2 : 3]!));
          expect(file.total_cents).toBe(rows.reduce((sum, row) => sum + Math.round(Number(row[format === 'wise' ? 5 : 1]) * 100), 0));
        }
        expect(references.sort()).toEqual(lines.map((item) => lineReference(item.line_id)).sort());
        expect(files.length).toBe(Math.ceil(usd / limit) + Math.ceil(eur / limit));
        if (files.length === 1) expect(files[0]!.name).toBe('s.csv');
        else expect(new Set(files.map((file) => file.name)).size).toBe(files.length);
      }),
      { numRuns: 25 },
    );
  });

  it('refuses lines a rail cannot pay, naming every creator, and amounts at or below zero', () => {
    const nobody = { ...ada, line_id: '22222222-2222-4222-8222-222222222222', creator_name: 'Nobody', email: null, payout_handle: null };
    const odd = { ...ada, line_id: '33333333-3333-4333-8333-333333333333', creator_name: 'Odd', payout_handle: 'not a handle' };
    let problem: unknown = null;
    try {
      payoutFiles('paypal', [ada, nobody, odd], { stem: 's', note: '' });
    } catch (error) {
      problem = error;
    }
    expect(problem).toBeInstanceOf(PayoutFileProblem);
    expect((problem as PayoutFileProblem).message).toBe(
      'Nobody has no payout handle or email for PayPal; Odd has a payout handle PayPal cannot pay ("not a handle": an email, a phone number or a PayPal PayerID is needed)',
    );
    expect((problem as PayoutFileProblem).lineIds).toEqual([nobody.line_id, odd.line_id]);
    expect(() => payoutFiles('csv', [{ ...ada, amount_cents: 0 }], { stem: 's', note: '' })).toThrow(/only amounts above zero/);
    expect(() => payoutFiles('paypal', [ada], { stem: 's', note: 'x'.repeat(401) })).toThrow(/at most 400/);
  });

  it('PayPal recipients: email, US phone (digits), PayerID; an email is the fallback', () => {
    expect(recipientFor('paypal', { payout_handle: '+1 (555) 123-4567', email: null })).toEqual({ recipient: '5551234567' });
    expect(recipientFor('paypal', { payout_handle: 'ABCDEFGHJK123', email: null })).toEqual({ recipient: 'ABCDEFGHJK123' });
    expect(recipientFor('paypal', { payout_handle: null, email: 'x@y.io' })).toEqual({ recipient: 'x@y.io' });
    expect(recipientFor('venmo', { payout_handle: '@abc', email: null })).toHaveProperty('problem');
  });
});

describe('PayPal result file', () => {
  it('maps every per-item status as SPEC §7 says: SUCCESS paid, final failures failed, the rest open', () => {
    expect(PAYPAL_OUTCOMES).toEqual({
      SUCCESS: 'paid',
      FAILED: 'failed',
      RETURNED: 'failed',
      BLOCKED: 'failed',
      REFUNDED: 'failed',
      REVERSED: 'failed',
      PENDING: 'open',
      UNCLAIMED: 'open',
      ONHOLD: 'open',
    });
  });

  it('reads reference, status, item id and reason by column name, whatever the order and case', () => {
    const csv = [
      '\uFEFFTransaction ID,Recipient,Amount,Currency,Customer ID,Status,Failure Reason',
      '8XK11,ada@example.com,123.45,USD,0b5e6f1c9a514d7e8a0e3f1f6a2b9c,Success,',
      '8XK12,5551234567,0.05,USD,7c9d2e4f1b3a4c5d9e8f0a1b2c3d4e,Returned,Receiver not found',
      '8XK13,x@y.io,1.00,USD,abc,Unclaimed,',
      '8XK14,x@y.io,1.00,USD,def,On hold,',
      '8XK15,x@y.io,1.00,USD,ghi,Denied,',
      '8XK16,x@y.io,1.00,USD,,Success,',
      '8XK17,x@y.io,1.00,USD,jkl,Blocked,',
    ].join('\r\n');
    const result = parsePaypalResult(csv);
    expect(result.items.map((item) => [item.line, item.reference, item.status, item.outcome, item.provider_reference, item.failure_reason])).toEqual([
      [2, '0b5e6f1c9a514d7e8a0e3f1f6a2b9c', 'SUCCESS', 'paid', '8XK11', null],
      [3, '7c9d2e4f1b3a4c5d9e8f0a1b2c3d4e', 'RETURNED', 'failed', '8XK12', 'Receiver not found'],
      [4, 'abc', 'UNCLAIMED', 'open', '8XK13', null],
      [5, 'def', 'ONHOLD', 'open', '8XK14', null],
      [8, 'jkl', 'BLOCKED', 'failed', '8XK17', 'PayPal: BLOCKED'],
    ]);
    expect(result.problems).toEqual([
      { line: 6, message: 'unknown status "Denied" (expected one of SUCCESS, FAILED, PENDING, UNCLAIMED, RETURNED, ONHOLD, BLOCKED, REFUNDED, REVERSED)' },
      { line: 7, message: 'the reference is empty' },
    ]);
  });

  it('refuses a file without reference or status columns', () => {
    const result = parsePaypalResult('Recipient,Amount\nada@example.com,1.00\n');
    expect(result.items).toEqual([]);
    expect(result.problems.map((problem) => problem.message)).toEqual([
      'no reference column (one of: customer id, sender item id, reference id, reference, custom id)',
      'no status column (one of: status, transaction status, payout item status, item status)',
    ]);
  });
});
