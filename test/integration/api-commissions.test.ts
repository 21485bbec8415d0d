import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainAccrual } from '../../core/domain/explain/explain-accrual.ts';
import { api, startServer, type RunningServer } from '../support/server.ts';

/**
 * Commission structures over HTTP against the real server (SPEC §7): a 10% commission with a
 * 3-day hold on Ana's referrals in "Shop"; the accrual run turns referral events into one
 * accrual each; a full refund of an unpaid commission voids it; a partial refund of a paid one
 * makes a clawback; both are explained in words from what the API answers, and listed by
 * `GET /earnings` in seed 002's vocabulary.
 */

let server: RunningServer;
const ids = { shop: '', ana: '', structure: '', referral: '' };

async function ok(method: string, path: string, body?: unknown, idem?: string): Promise<any> {
  const response = await api(server, method, path, { ...(body !== undefined && { body }), ...(idem && { idem }) });
  expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
  return response.body.data;
}

async function accrualsOfAna(): Promise<any[]> {
  const rows: any[] = await ok('GET', `/payout-accruals?creator_id=${ids.ana}&limit=100`);
  return rows.sort((a, b) => a.period_start_at.localeCompare(b.period_start_at) || a.amount_cents - b.amount_cents);
}

beforeAll(async () => {
  server = await startServer({ env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0', PAYOUTS_RATE_PER_MINUTE: '100000' } });
  ids.shop = (await ok('POST', '/projects', { name: 'Shop', timezone: 'UTC' })).id;
  ids.ana = (await ok('POST', '/creators', { name: 'Ana', handle: '@ana' })).id;
  await ok('POST', `/projects/${ids.shop}/creators`, { creator_ids: [ids.ana] });
  ids.structure = (
    await ok('POST', '/payout-structures', {
      project_id: ids.shop,
      name: 'Ten percent',
      currency: 'USD',
      proration_mode: 'skip',
      period: null,
      amount_cents: null,
      criteria_type: 'commission',
      criteria_params: { rate_bps: 1000, hold_days: 3 },
    })
  ).structure_id;
  await ok('POST', `/payout-structures/${ids.structure}/assignments`, { creator_ids: [ids.ana], assigned_at: '2026-05-01T00:00:00.000Z' });
  ids.referral = (await ok('POST', '/referrals', { project_id: ids.shop, creator_id: ids.ana, external_id: 'cus_1', referred_at: '2026-05-02T00:00:00.000Z' })).id;
}, 120_000);

afterAll(async () => {
  await server?.dispose();
});

describe('commission structures', () => {
  it('refuses a commission rule without a rate or a flat amount, or with a period, and changes nothing', async () => {
    const before = await ok('GET', '/payout-structures');
    for (const criteria_params of [{}, { rate_bps: 10_001 }, { rate_bps: 100, hold_days: 366 }, { rate_bps: 100, event_types: ['refund'] }]) {
      const response = await api(server, 'POST', '/payout-structures', {
        body: { project_id: ids.shop, name: `Bad ${JSON.stringify(criteria_params)}`, currency: 'USD', proration_mode: 'skip', period: null, amount_cents: null, criteria_type: 'commission', criteria_params },
      });
      expect(response.status, JSON.stringify(criteria_params)).toBe(400);
      expect(response.body.error.code).toBe('invalid_body');
    }
    const withPeriod = await api(server, 'POST', '/payout-structures', {
      body: { project_id: ids.shop, name: 'Weekly commission', currency: 'USD', proration_mode: 'skip', period: 'weekly', amount_cents: null, criteria_type: 'commission', criteria_params: { rate_bps: 100 } },
    });
    expect(withPeriod.status).toBe(400);
    expect(await ok('GET', '/payout-structures')).toEqual(before);
  });

  it('earns 10% of a purchase once, rounded half up, payable after the hold; a full refund voids the unpaid commission', async () => {
    await ok('POST', `/referrals/${ids.referral}/events`, { type: 'purchase', external_id: 'ch_1', amount_cents: 12345, occurred_at: '2026-05-03T10:15:30.000Z' });
    await ok('POST', '/accrual-runs', { as_of: '2026-05-04T00:00:00.000Z' });
    await ok('POST', '/accrual-runs', { as_of: '2026-05-05T00:00:00.000Z' });
    const [commission, ...others] = await accrualsOfAna();
    expect(others).toEqual([]);
    expect(commission).toMatchObject({
      amount_cents: 1235,
      status: 'earned',
      kind: 'accrual',
      structure_id: ids.structure,
      referral_id: ids.referral,
      period_start_at: '2026-05-03T10:15:30.000Z',
      period_end_at: '2026-05-03T10:15:30.000Z',
      payable_at: '2026-05-06T10:15:30.000Z',
    });

    const purchase = (await ok('GET', `/referrals/${ids.referral}/events`)).find((event: any) => event.external_id === 'ch_1');
    await ok('POST', `/referrals/${ids.referral}/events`, { type: 'refund', external_id: 're_1', amount_cents: 12345, occurred_at: '2026-05-04T09:00:00.000Z', refund_of: purchase.id });
    await ok('POST', '/accrual-runs', { as_of: '2026-05-05T00:00:00.000Z' });
    const after = await accrualsOfAna();
    expect(after.map((accrual) => [accrual.id, accrual.status, accrual.amount_cents])).toEqual([[commission.id, 'voided', 1235]]);
  });

  it('a partial refund of a paid commission makes a negative clawback accrual, payable at once', async () => {
    await ok('POST', `/referrals/${ids.referral}/events`, { type: 'subscription', external_id: 'sub_1', amount_cents: 10000, occurred_at: '2026-05-10T00:00:00.000Z' });
    await ok('POST', '/accrual-runs', { as_of: '2026-05-14T00:00:00.000Z' });
    const commission = (await accrualsOfAna()).find((accrual) => accrual.status === 'earned');
    expect(commission).toMatchObject({ amount_cents: 1000, payable_at: '2026-05-13T00:00:00.000Z' });
    await ok('POST', '/payout-payments', { project_id: ids.shop, creator_id: ids.ana, total_amount_cents: 1000, accrual_ids: [commission.id], paid_at: '2026-05-14T00:00:00.000Z' }, randomUUID());

    const subscription = (await ok('GET', `/referrals/${ids.referral}/events`)).find((event: any) => event.external_id === 'sub_1');
    await ok('POST', `/referrals/${ids.referral}/events`, { type: 'refund', external_id: 're_2', amount_cents: 2500, occurred_at: '2026-05-15T00:00:00.000Z', refund_of: subscription.id });
    await ok('POST', '/accrual-runs', { as_of: '2026-05-16T00:00:00.000Z' });
    await ok('POST', '/accrual-runs', { as_of: '2026-05-17T00:00:00.000Z' });
    const rows = await accrualsOfAna();
    const clawbacks = rows.filter((accrual) => accrual.kind === 'clawback');
    expect(clawbacks.map((accrual) => [accrual.amount_cents, accrual.status, accrual.payable_at, accrual.referral_id])).toEqual([[-250, 'earned', '2026-05-15T00:00:00.000Z', ids.referral]]);
    expect(rows.find((accrual) => accrual.id === commission.id)?.status).toBe('paid');
  });

  it('paying: a held commission is never auto-applied and is refused by id naming its hold; a clawback is netted with earnings, never paid alone', async () => {
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    await ok('POST', `/referrals/${ids.referral}/events`, { type: 'purchase', external_id: 'ch_held', amount_cents: 20000, occurred_at: daysAgo(1) });
    await ok('POST', `/referrals/${ids.referral}/events`, { type: 'purchase', external_id: 'ch_free', amount_cents: 5000, occurred_at: daysAgo(10) });
    await ok('POST', '/accrual-runs', {});
    const rows = await accrualsOfAna();
    const held = rows.find((accrual) => accrual.amount_cents === 2000);
    const free = rows.find((accrual) => accrual.amount_cents === 500);
    const clawback = rows.find((accrual) => accrual.kind === 'clawback');
    expect([held?.status, free?.status, clawback?.status]).toEqual(['earned', 'earned', 'earned']);
    expect(held.payable_at > new Date().toISOString()).toBe(true);
    const paymentsBefore = await ok('GET', '/payout-payments?limit=100');

    const byId = await api(server, 'POST', '/payout-payments', { body: { project_id: ids.shop, creator_id: ids.ana, total_amount_cents: 2000, accrual_ids: [held.id] }, idem: randomUUID() });
    expect(byId.status).toBe(409);
    expect(byId.body.error.code).toBe('accrual_not_settleable');
    expect(byId.body.error.message).toContain('on hold until');
    expect(byId.body.meta).toMatchObject({ accrual_id: held.id, payable_at: held.payable_at });

    const alone = await api(server, 'POST', '/payout-payments', { body: { project_id: ids.shop, creator_id: ids.ana, total_amount_cents: 0, accrual_ids: [clawback.id] }, idem: randomUUID() });
    expect(alone.status).toBe(409);
    expect(alone.body.error.code).toBe('accrual_not_settleable');
    expect(alone.body.error.message).toContain('never alone');
    expect(await ok('GET', '/payout-payments?limit=100')).toEqual(paymentsBefore);

    const payment = await ok('POST', '/payout-payments', { project_id: ids.shop, creator_id: ids.ana, total_amount_cents: 250, auto_apply_outstanding: true }, randomUUID());
    expect(payment.payout_payment_lines.map((line: any) => [line.accrual_id, line.amount_cents]).sort()).toEqual([[clawback.id, -250], [free.id, 500]].sort());
    expect(payment.payout_adjustments).toEqual([]);
    const after = await accrualsOfAna();
    expect(after.find((accrual) => accrual.id === held.id)?.status).toBe('earned');
    expect(after.find((accrual) => accrual.id === clawback.id)).toMatchObject({ status: 'paid', payment_id: payment.id });
  });

  it('explains the commission and its clawback in words from GET /payout-accruals/{id}, and lists both as seed 002 earnings of the referral', async () => {
    const referral = (await ok('POST', '/referrals', { project_id: ids.shop, creator_id: ids.ana, external_id: 'cus_2', customer_label: 'Jane Doe', referred_at: '2026-05-20T00:00:00.000Z' })).id;
    const purchase = await ok('POST', `/referrals/${referral}/events`, {
      type: 'purchase',
      external_id: 'order_1',
      amount_cents: 12345,
      occurred_at: '2026-06-01T14:00:00.000Z',
      metadata: { order_id: 'order_1', channel: 'web' },
    });
    await ok('POST', '/accrual-runs', { as_of: '2026-06-05T00:00:00.000Z' });
    const [commission] = await ok('GET', `/payout-accruals?creator_id=${ids.ana}&limit=100`).then((rows: any[]) => rows.filter((row) => row.referral_id === referral));
    expect(commission).toMatchObject({ amount_cents: 1235, payable_at: '2026-06-04T14:00:00.000Z' });
    const payment = await ok('POST', '/payout-payments', { project_id: ids.shop, creator_id: ids.ana, total_amount_cents: 1235, accrual_ids: [commission.id], paid_at: '2026-06-05T00:00:00.000Z' }, randomUUID());
    await ok('POST', `/referrals/${referral}/events`, { type: 'refund', external_id: 'order_1_r', amount_cents: 5000, occurred_at: '2026-06-10T14:00:00.000Z', refund_of: purchase.id, metadata: { reason: 'damaged' } });
    await ok('POST', '/accrual-runs', { as_of: '2026-06-11T00:00:00.000Z' });
    const clawback = (await ok('GET', `/payout-accruals?creator_id=${ids.ana}&limit=100`)).find((row: any) => row.referral_id === referral && row.kind === 'clawback');

    // The screen explains what the API answers for one accrual (Shop is in UTC).
    const explainedCommission = explainAccrual(await ok('GET', `/payout-accruals/${commission.id}`), { timeZone: 'UTC' });
    expect(explainedCommission.headline).toBe('10% of $123.45 purchase order_1 = $12.35 (rounded from $12.345), payable from Jun 4, 2026.');
    expect(explainedCommission.lines[0]).toBe('Purchase order_1 of $123.45 on Jun 1, 2026, 2:00 PM (UTC time), by customer Jane Doe (cus_2).');
    const explainedClawback = explainAccrual(await ok('GET', `/payout-accruals/${clawback.id}`), { timeZone: 'UTC' });
    expect(explainedClawback.headline).toBe('Refund order_1_r of $50.00 (of the $123.45 purchase order_1) takes back 50/123.45 of the $12.35 commission = -$5.00.');
    expect(explainedClawback.lines).toContain('The commission on that purchase: $12.35, already paid when the refund came.');

    // GET /earnings?referral_id=: the two, newest first, typed by their events, with the rate.
    const response = await api(server, 'GET', `/earnings?referral_id=${referral}`);
    expect(response.status, response.text).toBe(200);
    const [refundEarning, purchaseEarning, ...rest] = response.body.earnings;
    expect(rest).toEqual([]);
    expect(purchaseEarning).toEqual({
      id: commission.id,
      referral_id: referral,
      amount: 1235,
      currency: 'USD',
      type: 'purchase',
      description: 'Ten percent: 10% of $123.45 purchase order_1 = $12.35 (rounded from $12.345), payable from Jun 4, 2026.',
      status: 'paid',
      reference_id: payment.id,
      created_at: commission.created_at,
      paid_at: '2026-06-05T00:00:00.000Z',
      metadata: {
        order_id: 'order_1',
        channel: 'web',
        project_id: ids.shop,
        creator_id: ids.ana,
        structure_id: ids.structure,
        referral_event_id: purchase.id,
        occurred_at: '2026-06-01T14:00:00.000Z',
        payable_at: '2026-06-04T14:00:00.000Z',
        commission_rate: '10%',
      },
    });
    expect(refundEarning).toMatchObject({
      id: clawback.id,
      referral_id: referral,
      amount: -500,
      type: 'refund',
      description: 'Ten percent: Refund order_1_r of $50.00 (of the $123.45 purchase order_1) takes back 50/123.45 of the $12.35 commission = -$5.00.',
      status: 'pending',
      reference_id: null,
      paid_at: null,
      metadata: { reason: 'damaged', kind: 'clawback', refund_of: purchase.id, commission_rate: '10%', payable_at: '2026-06-10T14:00:00.000Z' },
    });

    // Every commission earning names its referral; other referrals' ids, or none known, list nothing of these.
    const all = (await api(server, 'GET', '/earnings?limit=100')).body.earnings as any[];
    for (const earning of all) {
      expect(earning.referral_id).not.toBeNull();
      expect(['purchase', 'subscription', 'recurring', 'refund']).toContain(earning.type);
      expect(earning.metadata.commission_rate).toBe('10%');
    }
    expect((await api(server, 'GET', `/earnings?referral_id=${ids.referral}`)).body.earnings.map((earning: any) => earning.id).sort()).toEqual(
      all.filter((earning) => earning.referral_id === ids.referral).map((earning) => earning.id).sort(),
    );
    expect((await api(server, 'GET', '/earnings?referral_id=ref_123abc')).body.earnings).toEqual([]);
  });
});
