import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_API_KEY, api, startServer, type RunningServer, runCli } from '../support/server.ts';

/**
 * SPEC §2 limits: per-key rate limits (per-minute burst, daily quota) → 429 rate_limit_exceeded
 * with Retry-After; per-org plan limits → 402 limit_reached.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;


async function createKey(dataDir: string, name: string): Promise<string> {
  const result = await runCli(dataDir, ['keys', 'create', '--name', name]);
  expect(result.code, result.stderr).toBe(0);
  const key = /\b(tga_[0-9A-Za-z]{32})\b/.exec(result.stdout)?.[1];
  expect(key, result.stdout).toBeDefined();
  return key as string;
}

/** Waits out the end of the current window when it is close, so a burst stays inside one window. */
async function awayFromWindowEnd(windowMs: number, marginMs = 10_000): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < marginMs) await sleep(left + 250);
}

function expectRateLimited(response: { status: number; headers: Headers; body: any }, maxRetryAfter: number): void {
  expect(response.status, JSON.stringify(response.body)).toBe(429);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.body.data).toBeNull();
  expect(response.body.error.code).toBe('rate_limit_exceeded');
  expect(typeof response.body.error.message).toBe('string');
  const retryAfter = response.headers.get('retry-after');
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(maxRetryAfter);
}

async function names(server: RunningServer, key: string): Promise<string[]> {
  const response = await api(server, 'GET', '/payout-methods?include_disabled=1&limit=100', { key });
  expect(response.status).toBe(200);
  return response.body.data.map((row: { name: string }) => row.name);
}

const dirs: string[] = [];
let minuteServer: RunningServer;
let minuteSecondKey: string;
let dayServer: RunningServer;
let daySecondKey: string;
let planServer: RunningServer;

async function serverWithSecondKey(env: Record<string, string>): Promise<{ server: RunningServer; key: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'payouts-test-limits-'));
  dirs.push(dataDir);
  const key = await createKey(dataDir, 'second key');
  return { server: await startServer({ dataDir, env }), key };
}

beforeAll(async () => {
  // allSettled: when one start fails, the servers that did start are still disposed in afterAll.
  const [minute, day, plan] = await Promise.allSettled([
    serverWithSecondKey({ PAYOUTS_RATE_PER_MINUTE: '5' }),
    serverWithSecondKey({ PAYOUTS_RATE_PER_DAY: '3', PAYOUTS_RATE_PER_MINUTE: '1000' }),
    startServer({ env: { PAYOUTS_LIMIT_CUSTOM_METHODS: '2' } }),
  ]);
  if (minute.status === 'fulfilled') ({ server: minuteServer, key: minuteSecondKey } = minute.value);
  if (day.status === 'fulfilled') ({ server: dayServer, key: daySecondKey } = day.value);
  if (plan.status === 'fulfilled') planServer = plan.value;
  for (const result of [minute, day, plan]) if (result.status === 'rejected') throw result.reason;
});

afterAll(async () => {
  await Promise.all([minuteServer?.dispose(), dayServer?.dispose(), planServer?.dispose()]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('per-minute rate limit (PAYOUTS_RATE_PER_MINUTE=5)', () => {
  it('answers the 6th request of a minute with 429 rate_limit_exceeded and Retry-After', async () => {
    await awayFromWindowEnd(MINUTE_MS);
    for (let i = 1; i <= 5; i++) {
      const response = await api(minuteServer, 'GET', '/payout-methods');
      expect(response.status, `request ${i}`).toBe(200);
    }
    expectRateLimited(await api(minuteServer, 'GET', '/payout-methods'), 60);
    expectRateLimited(await api(minuteServer, 'POST', '/payout-methods', { body: { name: 'Blocked' } }), 60);
  });

  it('limits per key: a second key created with the CLI still works, and the refused write did not happen', async () => {
    expect(await names(minuteServer, minuteSecondKey)).not.toContain('Blocked');
    const created = await api(minuteServer, 'POST', '/payout-methods', { key: minuteSecondKey, body: { name: 'Allowed' } });
    expect(created.status).toBe(201);
  });
});

describe('daily quota (PAYOUTS_RATE_PER_DAY=3, high per-minute limit)', () => {
  it('answers the 4th request of the day with 429 rate_limit_exceeded and Retry-After', async () => {
    await awayFromWindowEnd(DAY_MS);
    for (let i = 1; i <= 3; i++) {
      const response = await api(dayServer, 'GET', '/payout-methods');
      expect(response.status, `request ${i}`).toBe(200);
    }
    expectRateLimited(await api(dayServer, 'GET', '/payout-methods'), DAY_MS / 1000);
    expectRateLimited(await api(dayServer, 'POST', '/payout-methods', { body: { name: 'Blocked' } }), DAY_MS / 1000);
    expectRateLimited(await api(dayServer, 'GET', '/payout-methods'), DAY_MS / 1000);
  });

  it('limits per key: a second key created with the CLI still works, and the refused write did not happen', async () => {
    expect(await names(dayServer, daySecondKey)).not.toContain('Blocked');
    const created = await api(dayServer, 'POST', '/payout-methods', { key: daySecondKey, body: { name: 'Allowed' } });
    expect(created.status).toBe(201);
  });
});

describe('plan limit on custom methods (PAYOUTS_LIMIT_CUSTOM_METHODS=2)', () => {
  it('allows two custom methods on top of the defaults', async () => {
    for (const name of ['Custom 1', 'Custom 2']) {
      const response = await api(planServer, 'POST', '/payout-methods', { body: { name } });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
    }
    expect(await names(planServer, TEST_API_KEY)).toEqual(['Venmo', 'Cash App', 'PayPal', 'Custom 1', 'Custom 2']);
  });

  it('answers the third with 402 limit_reached and creates nothing', async () => {
    const before = await api(planServer, 'GET', '/payout-methods?include_disabled=1&limit=100');
    const response = await api(planServer, 'POST', '/payout-methods', { body: { name: 'Custom 3' } });
    expect(response.status, JSON.stringify(response.body)).toBe(402);
    expect(response.body.data).toBeNull();
    expect(response.body.error.code).toBe('limit_reached');
    expect(typeof response.body.error.message).toBe('string');
    const after = await api(planServer, 'GET', '/payout-methods?include_disabled=1&limit=100');
    expect(after.body).toEqual(before.body);
  });

  it('counts disabled custom methods too', async () => {
    const custom1 = (await api(planServer, 'GET', '/payout-methods')).body.data.find((row: any) => row.name === 'Custom 1');
    expect((await api(planServer, 'PATCH', `/payout-methods/${custom1.id}`, { body: { is_active: false } })).status).toBe(200);
    const response = await api(planServer, 'POST', '/payout-methods', { body: { name: 'Custom 3' } });
    expect(response.status).toBe(402);
    expect(response.body.error.code).toBe('limit_reached');
    expect(await names(planServer, TEST_API_KEY)).not.toContain('Custom 3');
  });

  it('frees a slot when a custom method is deleted', async () => {
    const all = (await api(planServer, 'GET', '/payout-methods?include_disabled=1')).body.data;
    const custom1 = all.find((row: any) => row.name === 'Custom 1');
    expect((await api(planServer, 'DELETE', `/payout-methods/${custom1.id}`)).status).toBe(200);
    const response = await api(planServer, 'POST', '/payout-methods', { body: { name: 'Custom 3' } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(await names(planServer, TEST_API_KEY)).toEqual(['Venmo', 'Cash App', 'PayPal', 'Custom 2', 'Custom 3']);
  });

  it('still lets default methods be disabled and re-enabled at the limit', async () => {
    const venmo = (await api(planServer, 'GET', '/payout-methods')).body.data[0];
    expect(venmo.name).toBe('Venmo');
    expect((await api(planServer, 'PATCH', `/payout-methods/${venmo.id}`, { body: { is_active: false } })).status).toBe(200);
    expect((await api(planServer, 'PATCH', `/payout-methods/${venmo.id}`, { body: { is_active: true } })).status).toBe(200);
  });
});
