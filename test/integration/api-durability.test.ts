import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startServer, type RunningServer } from '../support/server.ts';

/**
 * What the API acknowledged is still there after the server stops and a new one starts on the
 * same data folder: the same rows, byte for byte, and the same rules (names taken, defaults).
 */

let dataDir: string;
let server: RunningServer | undefined;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'payouts-test-durability-'));
});

afterAll(async () => {
  await server?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

async function restart(signal: NodeJS.Signals = 'SIGTERM'): Promise<RunningServer> {
  await server?.stop(signal);
  server = await startServer({ dataDir });
  return server;
}

async function snapshot(running: RunningServer): Promise<{ all: unknown; active: unknown; each: unknown[] }> {
  const all = await api(running, 'GET', '/payout-methods?include_disabled=1&limit=100');
  const active = await api(running, 'GET', '/payout-methods?limit=100');
  expect(all.status).toBe(200);
  expect(active.status).toBe(200);
  const each = [];
  for (const row of all.body.data) each.push((await api(running, 'GET', `/payout-methods/${row.id}`)).body);
  return { all: all.body, active: active.body, each };
}

describe('restart on the same data folder', () => {
  let deletedId: string;
  let before: Awaited<ReturnType<typeof snapshot>>;

  it('keeps created, patched, disabled and deleted methods exactly as they were (SIGTERM)', async () => {
    const running = await restart();
    const post = async (body: unknown) => {
      const response = await api(running, 'POST', '/payout-methods', { body });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body.data;
    };
    const zelle = await post({ name: 'Zelle', metadata: { routing: { days: 2 } }, readme: '# Zelle\nUS only' });
    const wise = await post({ name: 'Wise', icon_path: 'icons/wise.png' });
    const doomed = await post({ name: 'Doomed' });
    deletedId = doomed.id;

    expect((await api(running, 'PATCH', `/payout-methods/${zelle.id}`, { body: { name: 'Zelle (US)', metadata: { routing: { days: 1 } } } })).status).toBe(200);
    expect((await api(running, 'PATCH', `/payout-methods/${wise.id}`, { body: { is_active: false, readme: 'paused' } })).status).toBe(200);
    const venmo = (await api(running, 'GET', '/payout-methods')).body.data[0];
    expect((await api(running, 'PATCH', `/payout-methods/${venmo.id}`, { body: { is_active: false } })).status).toBe(200);
    expect((await api(running, 'DELETE', `/payout-methods/${doomed.id}`)).status).toBe(200);

    before = await snapshot(running);
    expect((before.all as any).data.map((row: any) => row.name)).toEqual(['Venmo', 'Cash App', 'PayPal', 'Zelle (US)', 'Wise']);

    const restarted = await restart('SIGTERM');
    const after = await snapshot(restarted);
    expect(after).toEqual(before);
    expect((await api(restarted, 'GET', `/payout-methods/${deletedId}`)).status).toBe(404);
  });

  it('keeps enforcing the rules on restored state: names taken, defaults not re-seeded or deletable', async () => {
    const running = server as RunningServer;
    const conflict = await api(running, 'POST', '/payout-methods', { body: { name: 'zelle (us)' } });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('conflict_name');
    const venmo = (before.all as any).data[0];
    const refused = await api(running, 'DELETE', `/payout-methods/${venmo.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('default_method');
    const freed = await api(running, 'POST', '/payout-methods', { body: { name: 'Doomed' } });
    expect(freed.status).toBe(201);
  });
});
