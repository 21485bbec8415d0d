import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startServer, type RunningServer } from '../support/server.ts';

/** Referrals and their events over HTTP (SPEC §7). */

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0' } });
});
afterAll(async () => {
  await server?.dispose();
});

async function ok(method: string, path: string, body?: unknown, status = 200): Promise<any> {
  const response = await api(server, method, path, body === undefined ? {} : { body });
  expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBe(status);
  return response.body.data;
}

describe('referral events', () => {
  it('answers a resent external_id with the first event, refuses bad refunds, and changes nothing', async () => {
    const project = await ok('POST', '/projects', { name: 'Referral program' }, 201);
    const creator = await ok('POST', '/creators', { name: 'Ref Creator' }, 201);
    await ok('POST', `/projects/${project.id}/creators`, { creator_ids: [creator.id] });
    const referral = await ok('POST', '/referrals', { project_id: project.id, creator_id: creator.id, external_id: 'cust_1', referred_at: '2026-05-01T00:00:00.000Z' }, 201);
    const dup = await api(server, 'POST', '/referrals', { body: { project_id: project.id, creator_id: creator.id, external_id: 'cust_1' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('conflict_referral');

    const events = `/referrals/${referral.id}/events`;
    const purchase = await ok('POST', events, { type: 'purchase', external_id: 'order_1', amount_cents: 12345, occurred_at: '2026-06-01T00:00:00.000Z' }, 201);
    const again = await ok('POST', events, { type: 'purchase', external_id: 'order_1', amount_cents: 999, occurred_at: '2026-06-02T00:00:00.000Z' }, 200);
    expect(again).toEqual(purchase);

    const bad = [
      { type: 'purchase', external_id: 'o2', amount_cents: 0 },
      { type: 'purchase', external_id: 'o3', amount_cents: 100, occurred_at: '2099-01-01T00:00:00.000Z' },
      { type: 'refund', external_id: 'r1', amount_cents: 12346, refund_of: purchase.id, occurred_at: '2026-06-03T00:00:00.000Z' },
    ];
    for (const body of bad) {
      const response = await api(server, 'POST', events, { body });
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.error.code).toBe('invalid_body');
    }
    const refund = await ok('POST', events, { type: 'refund', external_id: 'r2', amount_cents: 2345, refund_of: purchase.id, occurred_at: '2026-06-03T00:00:00.000Z' }, 201);
    const refundOfRefund = await api(server, 'POST', events, { body: { type: 'refund', external_id: 'r3', amount_cents: 1, refund_of: refund.id, occurred_at: '2026-06-04T00:00:00.000Z' } });
    expect(refundOfRefund.status).toBe(400);
    expect(refundOfRefund.body.meta.errors[0].path).toBe('refund_of');

    const listed = await ok('GET', events);
    expect(listed.map((event: { id: string }) => event.id)).toEqual([purchase.id, refund.id]);
    const detail = await ok('GET', `/referrals/${referral.id}`);
    expect(detail).toMatchObject({ event_count: 2, spend_cents: 12345, refunded_cents: 2345 });
  });
});
