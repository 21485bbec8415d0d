import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startServer, type RunningServer } from '../support/server.ts';

/**
 * Payout batches over HTTP against the real server (SPEC §7). "Spring" pays a 10% commission
 * (no hold) with a $10.00 minimum: Ana earned $20.00 (a PayPal email as payout handle), Bo $30.00
 * (no email: PayPal cannot pay him until one is added), Cy $5.00 (below the minimum), and Di
 * $8.00 less a $4.00 clawback of a paid commission ($4.00 net, below the minimum too).
 */

let server: RunningServer;
const ids = { spring: '', paypal: '', structure: '', ana: '', bo: '', cy: '', di: '' };

async function ok(method: string, path: string, body?: unknown, idem?: string): Promise<any> {
  const response = await api(server, method, path, { ...(body !== undefined && { body }), ...(idem && { idem }) });
  expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
  return response.body.data;
}

async function ledger(): Promise<unknown> {
  return { accruals: await ok('GET', `/payout-accruals?project_id=${ids.spring}&limit=100`), payments: await ok('GET', '/payout-payments?limit=100'), batches: await ok('GET', '/payout-batches?limit=100') };
}

async function earningsOf(creatorId: string): Promise<any[]> {
  const response = await api(server, 'GET', `/earnings?program_id=${ids.spring}&limit=100`);
  expect(response.status).toBe(200);
  return response.body.earnings.filter((earning: any) => earning.metadata.creator_id === creatorId);
}

async function earn(creatorId: string, name: string, amounts: number[]): Promise<void> {
  const referral = await ok('POST', '/referrals', { project_id: ids.spring, creator_id: creatorId, external_id: `cus_${name}`, referred_at: '2026-10-01T00:00:00.000Z' });
  const events = [];
  for (const [index, amount] of amounts.entries()) {
    events.push(await ok('POST', `/referrals/${referral.id}/events`, { type: 'purchase', external_id: `ch_${name}_${index}`, amount_cents: amount, occurred_at: '2026-10-02T00:00:00.000Z' }));
  }
}

beforeAll(async () => {
  server = await startServer({ env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0', PAYOUTS_RATE_PER_MINUTE: '100000' } });
  ids.spring = (await ok('POST', '/projects', { name: 'Spring', timezone: 'UTC', min_payout_cents: 1000 })).id;
  ids.paypal = (await ok('GET', '/payout-methods')).find((method: any) => method.name === 'PayPal').id;
  ids.ana = (await ok('POST', '/creators', { name: 'Ana', handle: '@ana', payout_handle: 'ana@example.com', default_method_id: ids.paypal })).id;
  ids.bo = (await ok('POST', '/creators', { name: 'Bo', handle: '@bo', payout_handle: '@bo' })).id;
  ids.cy = (await ok('POST', '/creators', { name: 'Cy', email: 'cy@example.com' })).id;
  ids.di = (await ok('POST', '/creators', { name: 'Di', email: 'di@example.com' })).id;
  const members = [ids.ana, ids.bo, ids.cy, ids.di];
  await ok('POST', `/projects/${ids.spring}/creators`, { creator_ids: members });
  ids.structure = (
    await ok('POST', '/payout-structures', { project_id: ids.spring, name: 'Ten percent', currency: 'USD', proration_mode: 'skip', period: null, amount_cents: null, criteria_type: 'commission', criteria_params: { rate_bps: 1000 } })
  ).structure_id;
  await ok('POST', `/payout-structures/${ids.structure}/assignments`, { creator_ids: members, assigned_at: '2026-09-01T00:00:00.000Z' });
  // Di's first purchase is already paid when its refund comes, so the refund is a clawback.
  await earn(ids.ana, 'ana', [20000]);
  await earn(ids.bo, 'bo', [30000]);
  await earn(ids.cy, 'cy', [5000]);
  await earn(ids.di, 'di', [4000, 8000]);
  await ok('POST', '/accrual-runs', { as_of: '2026-10-02T12:00:00.000Z' });
  const diFirst = (await ok('GET', `/payout-accruals?creator_id=${ids.di}&limit=10`)).find((accrual: any) => accrual.amount_cents === 400);
  await ok('POST', '/payout-payments', { project_id: ids.spring, creator_id: ids.di, total_amount_cents: 400, accrual_ids: [diFirst.id] }, randomUUID());
  const referralOfDi = (await ok('GET', `/referrals?creator_id=${ids.di}`))[0];
  const diEvents = await ok('GET', `/referrals/${referralOfDi.id}/events`);
  await ok('POST', `/referrals/${referralOfDi.id}/events`, { type: 'refund', external_id: 're_di', amount_cents: 4000, occurred_at: '2026-10-03T00:00:00.000Z', refund_of: diEvents.find((event: any) => event.amount_cents === 4000).id });
  await ok('POST', '/accrual-runs', { as_of: '2026-10-04T00:00:00.000Z' });
}, 120_000);

afterAll(async () => {
  await server?.dispose();
});

describe('payout batches', () => {
  it('the preview nets clawbacks, lists who is below the minimum and who PayPal cannot pay, with the fix; the draft is refused until they are fixed or left out', async () => {
    const preview = await ok('GET', `/payout-batches/preview?project_id=${ids.spring}&method_id=${ids.paypal}`);
    expect(preview.format).toBe('paypal');
    expect(preview.lines.map((line: any) => [line.creator_name, line.amount_cents, line.clawback_cents, line.recipient, line.accrual_ids.length])).toEqual([['Ana', 2000, 0, 'ana@example.com', 1]]);
    expect(preview.skipped).toEqual([
      expect.objectContaining({ creator_name: 'Cy', reason: 'below_minimum', balance_cents: 500, min_payout_cents: 1000, message: '$5.00 payable is below the $10.00 minimum; it carries forward' }),
      expect.objectContaining({ creator_name: 'Di', reason: 'below_minimum', balance_cents: 400, min_payout_cents: 1000 }),
    ]);
    expect(preview.missing_recipients).toEqual([expect.objectContaining({ creator_id: ids.bo, creator_name: 'Bo', amount_cents: 3000 })]);
    expect(preview.missing_recipients[0].fix).toContain('payout handle');
    expect(preview.total_amount_cents).toBe(2000);

    // The dashboard's "ready to pay": the same balances, by the creators' default method.
    expect(await ok('GET', `/reports/ready-to-pay?project_id=${ids.spring}`)).toMatchObject({
      project_id: ids.spring,
      currency: 'USD',
      methods: [
        { method_id: null, name: 'No method', creator_count: 1, total_cents: 3000 },
        { method_id: ids.paypal, name: 'PayPal', creator_count: 1, total_cents: 2000 },
      ],
      total_cents: 5000,
      creator_count: 2,
      below_minimum: { creator_count: 2, total_cents: 900 },
    });

    const before = await ledger();
    const refused = await api(server, 'POST', '/payout-batches', { body: { project_id: ids.spring, method_id: ids.paypal } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('payout_handle_missing');
    expect(refused.body.error.message).toContain('Bo');
    expect(await ledger()).toEqual(before);
  });

  it('a member minimum overrides the project one; a creator outside the project is not_in_project', async () => {
    const membership = await ok('PATCH', `/projects/${ids.spring}/creators/${ids.cy}`, { min_payout_cents: 0 });
    expect(membership).toMatchObject({ min_payout_cents: 0, effective_min_payout_cents: 0 });
    const preview = await ok('GET', `/payout-batches/preview?project_id=${ids.spring}&method_id=${ids.paypal}&creator_ids=${ids.ana},${ids.cy}`);
    expect(preview.lines.map((line: any) => [line.creator_name, line.amount_cents])).toEqual([['Ana', 2000], ['Cy', 500]]);
    const outsider = (await ok('POST', '/creators', { name: 'Out' })).id;
    const response = await api(server, 'GET', `/payout-batches/preview?project_id=${ids.spring}&method_id=${ids.paypal}&creator_ids=${outsider}`);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('not_in_project');
    const negative = await api(server, 'PATCH', `/projects/${ids.spring}/creators/${ids.cy}`, { body: { min_payout_cents: -1 } });
    expect(negative.status).toBe(400);
  });

  it('draft → exported → settled by PayPal result file: one payment per paid line with the file as receipt; a failed line is payable again; settle replays by key', async () => {
    await ok('PATCH', `/creators/${ids.bo}`, { payout_handle: 'bo@example.com' });
    const batch = await ok('POST', '/payout-batches', { project_id: ids.spring, method_id: ids.paypal, creator_ids: [ids.ana, ids.bo] });
    expect(batch).toMatchObject({ status: 'draft', format: 'paypal', total_amount_cents: 5000, line_count: 2, accrual_count: 2 });
    const [ana, bo] = batch.lines;
    expect([ana.creator_name, bo.creator_name]).toEqual(['Ana', 'Bo']);
    expect(ana.reference).toBe(ana.id.replace(/-/g, '').slice(0, 30));

    // An accrual on an open line is on no other batch and paid by that line only.
    const second = await ok('POST', '/payout-batches', { project_id: ids.spring, method_id: ids.paypal });
    expect(second.lines.map((line: any) => line.creator_name)).toEqual(['Cy']);
    expect(await ok('DELETE', `/payout-batches/${second.id}`)).toEqual({ id: second.id, deleted: true });
    expect((await api(server, 'GET', `/payout-batches/${second.id}`)).status).toBe(404);
    const manual = await api(server, 'POST', '/payout-payments', { body: { project_id: ids.spring, creator_id: ids.ana, total_amount_cents: 2000, accrual_ids: ana.accrual_ids }, idem: randomUUID() });
    expect(manual.status).toBe(409);
    expect(manual.body.error.code).toBe('accrual_not_settleable');
    expect(manual.body.meta.payout_batch_id).toBe(batch.id);

    const early = await api(server, 'GET', `/payout-batches/${batch.id}/file`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('invalid_transition');
    expect((await earningsOf(ids.ana)).map((earning) => earning.status)).toEqual(['pending']);

    const exported = await ok('POST', `/payout-batches/${batch.id}/export`);
    expect(exported).toMatchObject({ status: 'exported', file: { content_type: 'text/csv', rows: 2 } });
    const file = await api(server, 'GET', `/payout-batches/${batch.id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain(exported.file.file_name);
    // PayPal's upload has no header row: every row is a payout (no value here holds a comma or quote).
    expect(file.text.trimEnd().split(/\r?\n/).map((row) => row.split(','))).toEqual([
      ['ana@example.com', '20.00', 'USD', ana.reference, 'Payout from Spring', 'PAYPAL'],
      ['bo@example.com', '30.00', 'USD', bo.reference, 'Payout from Spring', 'PAYPAL'],
    ]);
    expect((await earningsOf(ids.ana)).map((earning) => earning.status)).toEqual(['processing']);
    expect((await api(server, 'POST', `/payout-batches/${batch.id}/export`)).body.error.code).toBe('invalid_transition');

    const result = `Transaction ID,Customer ID,Status,Failure Reason\nTX-ANA-1,${ana.reference},SUCCESS,\n,${bo.reference},FAILED,Receiver unregistered\n`;
    const body = { result_file: { file_name: 'paypal-result.csv', content_type: 'text/csv', data_base64: Buffer.from(result).toString('base64') } };
    const noKey = await api(server, 'POST', `/payout-batches/${batch.id}/settle`, { body });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.code).toBe('idempotency_key_required');
    const key = randomUUID();
    const settledResponse = await api(server, 'POST', `/payout-batches/${batch.id}/settle`, { body, idem: key });
    expect(settledResponse.status, settledResponse.text).toBe(200);
    const settled = settledResponse.body.data;
    expect(settled.status).toBe('settled');
    const [paidLine, failedLine] = settled.lines;
    expect(paidLine).toMatchObject({ status: 'paid', provider_reference: 'TX-ANA-1' });
    expect(failedLine).toMatchObject({ status: 'failed', failure_reason: 'Receiver unregistered', payment_id: null });
    const payment = await ok('GET', `/payout-payments/${paidLine.payment_id}`);
    expect(payment).toMatchObject({ creator_id: ids.ana, method_id: ids.paypal, total_amount_cents: 2000, payout_adjustments: [], metadata: { payout_batch_id: batch.id, provider_reference: 'TX-ANA-1' } });
    expect(payment.payout_payment_lines.map((line: any) => line.accrual_id)).toEqual(ana.accrual_ids);
    expect(payment.receipts.map((receipt: any) => [receipt.file_name, receipt.content_type])).toEqual([[exported.file.file_name, 'text/csv'], ['paypal-result.csv', 'text/csv']]);
    const receipt = await api(server, 'GET', `/payout-payments/${payment.id}/receipts/${payment.receipts[0].id}`);
    expect(receipt.text).toBe(file.text);

    const replay = await api(server, 'POST', `/payout-batches/${batch.id}/settle`, { body, idem: key });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.text).toBe(settledResponse.text);
    expect((await ok('GET', '/payout-payments?limit=100')).filter((candidate: any) => candidate.metadata.payout_batch_id === batch.id)).toHaveLength(1);

    expect(await earningsOf(ids.ana)).toEqual([expect.objectContaining({ status: 'paid', reference_id: 'TX-ANA-1', metadata: expect.objectContaining({ payment_id: paidLine.payment_id }) })]);
    expect((await earningsOf(ids.bo)).map((earning) => [earning.status, earning.metadata.payout_failure_reason])).toEqual([['failed', 'Receiver unregistered']]);
    const again = await ok('GET', `/payout-batches/preview?project_id=${ids.spring}&method_id=${ids.paypal}&creator_ids=${ids.bo}`);
    expect(again.lines.map((line: any) => [line.creator_name, line.amount_cents, line.accrual_ids])).toEqual([['Bo', 3000, bo.accrual_ids]]);
    const rows = await ok('GET', `/payout-batches?project_id=${ids.spring}`);
    expect(rows).toEqual([expect.objectContaining({ id: batch.id, status: 'settled', paid_count: 1, failed_count: 1, open_count: 0 })]);
    expect(rows[0].lines).toBeUndefined();
  });

  it('settling by lines: all_paid pays every open line; a failed line needs a reason; a draft cannot be settled; a result file naming unknown references changes nothing', async () => {
    const batch = await ok('POST', '/payout-batches', { project_id: ids.spring, method_id: ids.paypal, creator_ids: [ids.bo, ids.cy] });
    const draftSettle = await api(server, 'POST', `/payout-batches/${batch.id}/settle`, { body: { lines: 'all_paid' }, idem: randomUUID() });
    expect(draftSettle.status).toBe(409);
    expect(draftSettle.body.error.code).toBe('invalid_transition');
    await ok('POST', `/payout-batches/${batch.id}/export`);
    const before = await ledger();
    const noReason = await api(server, 'POST', `/payout-batches/${batch.id}/settle`, { body: { lines: [{ line_id: batch.lines[0].id, status: 'failed' }] }, idem: randomUUID() });
    expect(noReason.status).toBe(400);
    const unknown = `Customer ID,Status\nNOTAREFERENCE,SUCCESS\n`;
    const stranger = await api(server, 'POST', `/payout-batches/${batch.id}/settle`, { body: { result_file: { file_name: 'r.csv', content_type: 'text/csv', data_base64: Buffer.from(unknown).toString('base64') } }, idem: randomUUID() });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.message).toContain('NOTAREFERENCE');
    expect(await ledger()).toEqual(before);

    const settled = await ok('POST', `/payout-batches/${batch.id}/settle`, { lines: 'all_paid', paid_at: '2026-11-01T00:00:00.000Z' }, randomUUID());
    expect(settled.status).toBe('settled');
    expect(settled.lines.map((line: any) => line.status)).toEqual(['paid', 'paid']);
    const accruals = await ok('GET', `/payout-accruals?project_id=${ids.spring}&status=earned&limit=100`);
    expect(accruals.map((accrual: any) => accrual.creator_id).sort()).toEqual([ids.di, ids.di].sort());
    expect((await earningsOf(ids.bo)).map((earning) => [earning.status, earning.paid_at])).toEqual([['paid', '2026-11-01T00:00:00.000Z']]);
  });
});
