import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startServer, TEST_API_KEY, type RunningServer } from '../support/server.ts';

/**
 * Convergence of sync (docs/sync.md "Convergence"): random interleavings of two desktops' offline
 * commands and sync cycles always end, after A, B, A sync, with the same ids on both desktops and
 * the server, nothing pending, and a further cycle changing nothing. Partial: creators and
 * projects only (see the report of issue 9); ledger steps are not generated yet.
 */

const RUNS = Number(process.env.SYNC_CONVERGENCE_RUNS ?? 15);
const quiet = { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0' };
let server: RunningServer;
const desks: RunningServer[] = [];

async function ok(desk: RunningServer, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<any> {
  const answer = await api(desk, method, path, { body });
  expect(answer.status, `${method} ${path}: ${answer.text}`).toBeLessThan(300);
  return answer.body.data;
}

const ids = async (desk: RunningServer, path: string): Promise<string[]> => ((await ok(desk, 'GET', path)) as { id: string }[]).map((row) => row.id).sort();

async function picture(desk: RunningServer): Promise<Record<string, string[]>> {
  return { projects: await ids(desk, '/projects?limit=100'), creators: await ids(desk, '/creators?limit=100') };
}

type Step = { desk: 0 | 1; kind: 'project' | 'creator' | 'patch' | 'delete' | 'sync'; pick: number };

const step: fc.Arbitrary<Step> = fc.record({
  desk: fc.constantFrom<0 | 1>(0, 1),
  kind: fc.constantFrom<Step['kind']>('project', 'creator', 'patch', 'delete', 'sync'),
  pick: fc.nat(),
});

async function run(s: Step): Promise<void> {
  const desk = desks[s.desk]!;
  if (s.kind === 'sync') { await ok(desk, 'POST', '/sync/runs'); return; }
  if (s.kind === 'project') { await ok(desk, 'POST', '/projects', { name: `P ${randomUUID().slice(0, 8)}`, timezone: 'UTC' }); return; }
  if (s.kind === 'creator') { const h = randomUUID().slice(0, 8); await ok(desk, 'POST', '/creators', { name: h, handle: `@c${h}` }); return; }
  const creators = await ids(desk, '/creators?limit=100');
  if (creators.length === 0) return;
  const id = creators[s.pick % creators.length];
  if (s.kind === 'patch') await api(desk, 'PATCH', `/creators/${id}`, { body: { name: `n${s.pick}` } });
  else await api(desk, 'DELETE', `/creators/${id}`);
}

beforeAll(async () => {
  [server, desks[0], desks[1]] = await Promise.all([startServer({ env: quiet }), startServer({ env: quiet }), startServer({ env: quiet })]);
  for (const desk of desks) await ok(desk, 'PUT', '/sync', { server_url: server.baseUrl, api_key: TEST_API_KEY });
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.dispose(), ...desks.map((desk) => desk.dispose())]);
});

describe('sync convergence', () => {
  it('random offline commands and cycles of two desktops converge to the server; a further cycle changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 6 }), async (steps) => {
        for (const s of steps) await run(s);
        for (const d of [0, 1, 0, 1] as const) await ok(desks[d]!, 'POST', '/sync/runs');
        const expected = await picture(server);
        for (const desk of desks) {
          expect(await picture(desk)).toEqual(expected);
          expect(await ok(desk, 'GET', '/sync')).toMatchObject({ pending: 0 });
        }
        for (const desk of desks) expect(await ok(desk, 'POST', '/sync/runs')).toMatchObject({ pushed: 0, pulled: 0 });
      }),
      { numRuns: RUNS, verbose: 1 },
    );
  }, 600_000);
});
