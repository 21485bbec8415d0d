import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServices, type StartedServices } from '../../core/node/services.ts';
import type { EngineStatus, WatchMessage } from '../../core/api/contracts/watch.ts';

const dirs: string[] = [];
const running: StartedServices[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((services) => services.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(dataDir: string, accrualIntervalMs: number | false) {
  const services = await startServices({ dataDir, accrualIntervalMs });
  running.push(services);
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await services.handle({ method, path, body }, services.localPrincipal());
    return (response.body as { data: any }).data;
  };
  const status = () =>
    new Promise<EngineStatus>((resolve) => {
      const stop = services.watch({ name: 'accrual-engine', params: {} }, services.localPrincipal(), (message: WatchMessage) => {
        if (message.type === 'result') {
          queueMicrotask(() => stop());
          resolve(message.rows[0] as EngineStatus);
        }
      });
    });
  return { services, call, status };
}

describe('accrual timer in the service host', () => {
  it('runs on start to catch up, then on its interval, journaled as the system', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'payouts-timer-'));
    dirs.push(dataDir);
    const first = await start(dataDir, false);
    const project = await first.call('POST', '/projects', { name: 'P' });
    const creator = await first.call('POST', '/creators', { name: 'Ada', handle: '@ada' });
    await first.call('POST', `/projects/${project.id}/creators`, { creator_ids: [creator.id] });
    const structure = await first.call('POST', '/payout-structures', {
      project_id: project.id, name: 'Daily', period: 'daily', amount_cents: 100, currency: 'USD', criteria_type: 'recurring', criteria_params: {}, proration_mode: 'skip',
    });
    const joined = new Date(Date.now() - 3 * 86_400_000).toISOString();
    await first.call('POST', `/payout-structures/${structure.structure_id}/assignments`, { creator_ids: [creator.id], assigned_at: joined });
    expect((await first.call('GET', '/payout-accruals')).length).toBe(0); // the timer was off
    await first.services.close();
    running.splice(running.indexOf(first.services), 1);

    // The app opens again days later: the timer catches up at once.
    const second = await start(dataDir, 60_000);
    await expect.poll(async () => (await second.status()).last_run?.trigger, { timeout: 10_000 }).toBe('timer');
    const accruals = await second.call('GET', '/payout-accruals');
    expect(accruals.length).toBeGreaterThanOrEqual(2); // at least two whole days ended since the join
    expect(accruals.every((accrual: { amount_cents: number }) => accrual.amount_cents === 100)).toBe(true);
    const journal = (await second.services.db.commands.find({ selector: { route: 'POST /accrual-runs' } }).exec()).map((doc) => doc.actor);
    expect(journal).toContain('system:accrual-timer');
  });
});
