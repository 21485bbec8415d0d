import { describe, expect, it } from 'vitest';
import { ledgerDigest, type DigestAccrual, type DigestPayment } from './digest.ts';

const accruals: DigestAccrual[] = [
  { id: '00000000-0000-4000-8000-000000000002', status: 'paid', amount_cents: 5000, payment_id: '00000000-0000-4000-8000-0000000000a1' },
  { id: '00000000-0000-4000-8000-000000000001', status: 'earned', amount_cents: 1250, payment_id: null },
];
const payments: DigestPayment[] = [
  {
    id: '00000000-0000-4000-8000-0000000000a1',
    status: 'paid',
    total_amount_cents: 5500,
    payout_payment_lines: [{ accrual_id: accruals[0]!.id, amount_cents: 5000 }],
    payout_adjustments: [{ amount_cents: 500, reason: 'bonus' }],
  },
];

describe('ledgerDigest', () => {
  it('is a SHA-256 in hex, the same whatever order the rows were read in', async () => {
    const digest = await ledgerDigest(accruals, payments);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(await ledgerDigest([...accruals].reverse(), payments)).toBe(digest);
  });

  it('changes with any covered field: status, amount, payment link, lines, adjustments', async () => {
    const digest = await ledgerDigest(accruals, payments);
    const [paid, earned] = accruals as [DigestAccrual, DigestAccrual];
    const payment = payments[0] as DigestPayment;
    const variants: [DigestAccrual[], DigestPayment[]][] = [
      [[paid, { ...earned, status: 'rejected' }], payments],
      [[paid, { ...earned, amount_cents: 1251 }], payments],
      [[{ ...paid, payment_id: null }, earned], payments],
      [accruals, [{ ...payment, status: 'voided' }]],
      [accruals, [{ ...payment, total_amount_cents: 5501 }]],
      [accruals, [{ ...payment, payout_payment_lines: [{ accrual_id: paid.id, amount_cents: 4999 }] }]],
      [accruals, [{ ...payment, payout_adjustments: [{ amount_cents: 500, reason: 'Bonus' }] }]],
      [accruals, []],
      [[paid], payments],
    ];
    const seen = new Set([digest]);
    for (const [a, p] of variants) seen.add(await ledgerDigest(a, p));
    expect(seen.size).toBe(variants.length + 1);
  });

  it('leaves out what each side makes on its own (line and adjustment ids, other fields)', async () => {
    const withExtras = payments.map((payment) => ({
      ...payment,
      note: 'only here',
      payout_payment_lines: payment.payout_payment_lines.map((line) => ({ ...line, id: 'line-id-of-this-side' })),
    }));
    expect(await ledgerDigest(accruals, withExtras)).toBe(await ledgerDigest(accruals, payments));
  });
});
