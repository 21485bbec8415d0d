import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startServer, TEST_API_KEY, type RunningServer } from '../support/server.ts';

/** `GET /sync/pending` (docs/sync.md "Local API"): which entities have commands the team server has not answered yet. */
let team: RunningServer;
let desk: RunningServer;
const quiet = { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0' };

beforeAll(async () => {
  [team, desk] = await Promise.all([startServer({ env: quiet }), startServer({ env: quiet })]);
}, 120_000);
afterAll(async () => {
  await Promise.all([team?.dispose(), desk?.dispose()]);
});

async function ok(method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, body?: unknown): Promise<any> {
  const answer = await api(desk, method, path, { body });
  expect(answer.status, `${method} ${path}: ${answer.text}`).toBeLessThan(300);
  return answer.body.data;
}

describe('GET /sync/pending', () => {
  it('names what was made here and not yet sent as created, a later change as pending only, and nothing once synced', async () => {
    const made = (await ok('POST', '/payout-methods', { name: 'Zelle' })).id as string;
    const other = (await ok('POST', '/payout-methods', { name: 'Wise' })).id as string;
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await ok('GET', `/sync/pending?entity=payout_method&ids=${made},${unknown}`)).toEqual([{ entity: 'payout_method', id: made, created: true }]);

    await ok('PUT', '/sync', { server_url: team.baseUrl, api_key: TEST_API_KEY });
    expect((await ok('POST', '/sync/runs')).state).toBe('idle');
    expect(await ok('GET', `/sync/pending?entity=payout_method&ids=${made},${other}`)).toEqual([]);

    await ok('PATCH', `/payout-methods/${made}`, { name: 'Zelle US' });
    expect(await ok('GET', `/sync/pending?entity=payout_method&ids=${made},${other}`)).toEqual([{ entity: 'payout_method', id: made, created: false }]);
    expect((await ok('POST', '/sync/runs')).pushed).toBe(1);
    expect(await ok('GET', `/sync/pending?entity=payout_method&ids=${made}`)).toEqual([]);
  });

  it('a bad query is invalid_query', async () => {
    for (const query of ['entity=payment', 'entity=planet&ids=a', 'entity=payment&ids=', `entity=payment&ids=${Array.from({ length: 201 }, (_, n) => `id${n}`).join(',')}`, 'entity=payment&ids=a&extra=1']) {
      const answer = await api(desk, 'GET', `/sync/pending?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.code, query).toBe('invalid_query');
    }
  });
});
