import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../api/client.ts';
import type { Backend } from '../../../../core/api/backend.ts';
import type { ApiResponse } from '../../../../core/api/envelope.ts';
import { NO_PAYMENT_FILTERS, paymentFilterParams, paymentFiltersFromLink, paymentsLink } from './payment-filters.ts';
import { adjustmentText, arithmeticText, signedCents } from './payment-text.ts';
import { bytesToBase64, checkReceiptFile, readFileAsBase64, receiptContentType } from './receipt-files.ts';

const line = (amount_cents: number) => ({ id: crypto.randomUUID(), accrual_id: crypto.randomUUID(), amount_cents });
const adjustment = (amount_cents: number) => ({ id: crypto.randomUUID(), amount_cents, reason: 'why' });

describe('arithmeticText', () => {
  it('writes the invariant out: lines plus adjustments make the total', () => {
    expect(arithmeticText({ total_amount_cents: 12_000, currency: 'USD', payout_payment_lines: [line(6000), line(4000)], payout_adjustments: [adjustment(2000)] })).toBe(
      'Lines $100.00 + adjustment $20.00 = $120.00',
    );
    expect(arithmeticText({ total_amount_cents: 9500, currency: 'USD', payout_payment_lines: [line(10_000)], payout_adjustments: [adjustment(-500)] })).toBe(
      'Lines $100.00 − adjustment $5.00 = $95.00',
    );
    expect(arithmeticText({ total_amount_cents: 6000, currency: 'USD', payout_payment_lines: [line(6000)], payout_adjustments: [] })).toBe('Lines $60.00 = $60.00');
    expect(arithmeticText({ total_amount_cents: 2500, currency: 'USD', payout_payment_lines: [], payout_adjustments: [] })).toBe('Ad-hoc payment of $25.00, settling no accruals');
    // The server may record an ad-hoc amount as one adjustment, so the invariant holds for every payment.
    expect(arithmeticText({ total_amount_cents: 2500, currency: 'USD', payout_payment_lines: [], payout_adjustments: [adjustment(2500)] })).toBe(
      'Ad-hoc payment of $25.00, settling no accruals',
    );
  });

  it('names the direction of an adjustment', () => {
    expect(adjustmentText(2000)).toBe('Overpaid by $20.00');
    expect(adjustmentText(-1)).toBe('Underpaid by $0.01');
    expect(signedCents(2000)).toBe('+$20.00');
    expect(signedCents(-500)).toBe('−$5.00');
  });
});

describe('receipt files', () => {
  it('takes images and PDFs by type, or by ending when the type is missing', () => {
    expect(receiptContentType({ name: 'scan.PDF', type: '' })).toBe('application/pdf');
    expect(receiptContentType({ name: 'shot.jpg', type: 'image/jpeg' })).toBe('image/jpeg');
    expect(receiptContentType({ name: 'shot.webp', type: 'application/octet-stream' })).toBe('image/webp');
    expect(receiptContentType({ name: 'notes.txt', type: 'text/plain' })).toBeNull();
    expect(receiptContentType({ name: 'fake.png', type: 'text/html' })).toBeNull();
  });

  it('says per file why it cannot be a receipt', () => {
    expect(checkReceiptFile({ name: 'a.png', size: 1200, type: 'image/png' })).toEqual({ ok: true, contentType: 'image/png' });
    expect(checkReceiptFile({ name: 'big.pdf', size: 12 * 1024 * 1024, type: 'application/pdf' })).toEqual({ ok: false, message: '12 MB is over the 10 MB limit for a receipt.' });
    expect(checkReceiptFile({ name: 'empty.png', size: 0, type: 'image/png' })).toEqual({ ok: false, message: 'The file is empty.' });
    expect(checkReceiptFile({ name: 'doc.docx', size: 10, type: '' }).ok).toBe(false);
  });

  it('encodes base64 the way the server decodes it, slice by slice', async () => {
    const bytes = new Uint8Array(3 * 256 * 1024 * 2 + 7).map((_value, index) => (index * 31) % 256);
    const expected = bytesToBase64(bytes);
    const decoded = atob(expected);
    expect(decoded.length).toBe(bytes.length);
    expect([0, 1, 786_431, 786_432, bytes.length - 1].map((index) => decoded.charCodeAt(index))).toEqual([0, 1, 786_431, 786_432, bytes.length - 1].map((index) => bytes[index]));
    expect(bytesToBase64(new Uint8Array([0xfb, 0xff]))).toBe('+/8=');
    const progress: number[] = [];
    expect(await readFileAsBase64(new Blob([bytes]), (fraction) => progress.push(fraction))).toBe(expected);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toHaveLength(3);
  });
});

describe('payment filters', () => {
  it('turns paid-at days into inclusive instants in the manager’s zone', () => {
    expect(paymentFilterParams({ ...NO_PAYMENT_FILTERS, status: 'paid', from: '2026-05-01', to: '2026-05-03' }, 'America/New_York')).toEqual({
      status: 'paid',
      from: '2026-05-01T04:00:00.000Z',
      to: '2026-05-04T03:59:59.999Z',
    });
    expect(paymentFilterParams({ ...NO_PAYMENT_FILTERS, to: '2026-12-31' }, 'UTC')).toEqual({ to: '2026-12-31T23:59:59.999Z' });
  });

  it('round-trips through a link', () => {
    const creatorId = '22222222-2222-4222-8222-222222222222';
    const link = paymentsLink({ creatorId, status: 'paid' });
    expect(link).toBe(`#/payments?creator=${creatorId}&status=paid`);
    expect(paymentFiltersFromLink(link)).toEqual({ ...NO_PAYMENT_FILTERS, creatorId, status: 'paid' });
    expect(paymentFiltersFromLink('#/payments')).toBeNull();
    expect(paymentFiltersFromLink('#/payments?status=lost')).toBeNull();
  });
});

describe('the API client with bare and binary answers', () => {
  function clientAnswering(response: ApiResponse) {
    const backend: Backend = { request: async () => response, watch: () => () => undefined };
    return createApiClient(backend);
  }

  it('accepts GET /earnings’ bare body, and its seed 002 errors', async () => {
    const earning = {
      id: 'e1',
      referral_id: null,
      amount: 6000,
      currency: 'USD',
      type: 'recurring',
      description: 'Retainer: $60.00 payout for 2026-05-04 to 2026-05-10',
      status: 'pending',
      reference_id: null,
      created_at: '2026-05-11T00:00:00.000Z',
      paid_at: null,
      metadata: {},
    };
    const ok = await clientAnswering({ status: 200, headers: {}, body: { earnings: [earning] } }).call('GET /earnings', { query: { limit: 51 } });
    expect(ok.ok && ok.data.earnings).toEqual([earning]);
    const refused = await clientAnswering({ status: 401, headers: {}, body: { error: 'Unauthorized', message: 'Invalid or missing API key' } }).call('GET /earnings', { query: {} });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toEqual({ code: 'invalid_api_key', message: 'Invalid or missing API key' });
  });

  it('hands a receipt’s bytes over as a Uint8Array, and its failures as usual', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const params = { id: 'p', receipt_id: 'r' };
    const ok = await clientAnswering({ status: 200, headers: { 'Content-Type': 'image/png' }, body: png }).call('GET /payout-payments/:id/receipts/:receipt_id', { params });
    expect(ok.ok && [...ok.data]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const fromBuffer = await clientAnswering({ status: 200, headers: {}, body: png.buffer }).call('GET /payout-payments/:id/receipts/:receipt_id', { params });
    expect(fromBuffer.ok && fromBuffer.data.length).toBe(4);
    const missing = await clientAnswering({ status: 404, headers: {}, body: { data: null, error: { code: 'not_found', message: 'Receipt r not found' }, meta: {} } }).call(
      'GET /payout-payments/:id/receipts/:receipt_id',
      { params },
    );
    expect(!missing.ok && missing.error.code).toBe('not_found');
  });
});
