import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type Fault, type FaultProxy } from '../support/fault-proxy.ts';
import { prng } from './durability-check.ts';
import { api, startServer, TEST_API_KEY, type RunningServer } from '../support/server.ts';

/**
 * Sync under faults (docs/sync.md "Faults"): a desktop (`npm run serve`) records commands offline,
 * then syncs with the team server (`npm run serve`) through a loopback proxy that, by a seeded
 * random schedule, drops requests, drops answers after the server committed, duplicates and
 * delays requests, and SIGKILLs the server mid-push (it is restarted on the same data folder).
 * Cycles run until one completes; then the server holds each of the desktop's commands exactly
 * once, none is pending, and both ledger digests are equal.
 *
 * SYNC_FAULT_SCHEDULES (default 200) schedules, each on a fresh project; `npm run stress:sync`
 * runs 2,000. A failure names its seed: SYNC_FAULT_SEED=<seed> replays that schedule alone.
 */

const SCHEDULES = Number(process.env.SYNC_FAULT_SCHEDULES ?? 200);
const REPLAY = process.env.SYNC_FAULT_SEED;
const BASE_SEED = REPLAY ? Number(REPLAY) : Date.now() % 1_000_000_000;
const SEEDS = REPLAY ? [Number(REPLAY)] : Array.from({ length: SCHEDULES }, (_, i) => BASE_SEED + i);
/** Requests of a schedule that may get a fault; later ones pass, so every schedule can end. */
const FAULTY_REQUESTS = 24;
/** A schedule SIGKILLs the server (at one of its first pushes) with this probability. */
const KILL_RATE = 0.05;
const MAX_CYCLES = 60;
const AS_OF = '2026-10-05T00:00:00.000Z';
// Thousands of requests a minute with one key: the rate limit (SPEC §6) is not what this test is about.
const quiet = { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0', PAYOUTS_RATE_PER_MINUTE: '1000000', PAYOUTS_RATE_PER_DAY: '1000000000', PAYOUTS_LIMIT_ACTIVE_STRUCTURES: '1000000' };


type Schedule = { faults: Fault[]; killAtPush: number | null; kill: Fault };

function scheduleOf(seed: number): Schedule {
  const random = prng(seed);
  const faults: Fault[] = [];
  for (let i = 0; i < FAULTY_REQUESTS; i++) {
    const r = random();
    if (r < 0.5) faults.push({ kind: 'pass' });
    else if (r < 0.62) faults.push({ kind: 'delay', ms: 1 + Math.floor(random() * 40) });
    else if (r < 0.74) faults.push({ kind: 'drop-request' });
    else if (r < 0.87) faults.push({ kind: 'drop-response' });
    else faults.push({ kind: 'duplicate', concurrent: random() < 0.5, answer: random() < 0.5 ? 0 : 1 });
  }
  const killAtPush = random() < KILL_RATE ? Math.floor(random() * 8) : null;
  const when = (['before', 'during', 'after'] as const)[Math.floor(random() * 3)] ?? 'during';
  return { faults, killAtPush, kill: { kind: 'kill', when, ms: Math.floor(random() * 15) } };
}

let dataDir: string;
let server: RunningServer;
let desk: RunningServer;
let proxy: FaultProxy;
let serverDown = false;
let restarts = 0;
/** How many requests got each fault, over the run (each kind must have happened). */
const applied: Record<string, number> = {};

async function ok(target: RunningServer, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<any> {
  const answer = await api(target, method, path, { body, ...(path === '/payout-payments' && method === 'POST' && { idem: randomUUID() }) });
  expect(answer.status, `${method} ${path}: ${answer.text}`).toBeLessThan(300);
  return answer.body.data;
}

/** The journal entries after `mark` (seq), oldest first: what each command was and how it was answered. */
async function journalAfter(target: RunningServer, mark: number): Promise<{ seq: number; actor: string; line: string }[]> {
  const rows: { seq: number; actor: string; line: string }[] = [];
  let cursor: string | null = null;
  for (;;) {
    const answer = await api(target, 'GET', `/activity?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(answer.status, answer.text).toBe(200);
    const page = answer.body as { data: { seq: number; actor: string; method: string; path: string; status: number }[]; meta: { has_more: boolean; next_cursor: string | null } };
    for (const entry of page.data) {
      if (entry.seq <= mark) return rows.reverse();
      rows.push({ seq: entry.seq, actor: entry.actor, line: `${entry.method} ${entry.path} ${entry.status}` });
    }
    if (!page.meta.has_more || !page.meta.next_cursor) return rows.reverse();
    cursor = page.meta.next_cursor;
  }
}

async function lastSeq(target: RunningServer): Promise<number> {
  const [top] = await ok(target, 'GET', '/activity?limit=1');
  return (top?.seq as number | undefined) ?? 0;
}

/** The desktop's offline work of one schedule: catalog creates, patches, a method made and deleted, an accrual run and a payment. */
async function workOffline(seed: number): Promise<{ project: string; creators: string[]; payment: string }> {
  const project = (await ok(desk, 'POST', '/projects', { name: `Faults ${seed}`, timezone: 'UTC' })).id as string;
  const creators: string[] = [];
  for (const tag of ['a', 'b']) creators.push((await ok(desk, 'POST', '/creators', { name: `Creator ${seed}${tag}`, handle: `@f${seed}${tag}` })).id);
  await ok(desk, 'PATCH', `/creators/${creators[0]}`, { name: `Renamed ${seed}` });
  const gone = (await ok(desk, 'POST', '/payout-methods', { name: `Gone ${seed}` })).id;
  await ok(desk, 'DELETE', `/payout-methods/${gone}`);
  await ok(desk, 'POST', `/projects/${project}/creators`, { creator_ids: creators });
  const structure = (
    await ok(desk, 'POST', '/payout-structures', { project_id: project, name: 'Weekly', currency: 'USD', period: 'weekly', amount_cents: 5000, criteria_type: 'recurring', criteria_params: {}, proration_mode: 'skip' })
  ).structure_id;
  await ok(desk, 'POST', `/payout-structures/${structure}/assignments`, { creator_ids: creators, assigned_at: '2026-08-31T00:00:00.000Z' });
  await ok(desk, 'POST', '/accrual-runs', { as_of: AS_OF });
  const accruals = await ok(desk, 'GET', `/payout-accruals?project_id=${project}&creator_id=${creators[0]}&limit=2`);
  const payment = (await ok(desk, 'POST', '/payout-payments', { project_id: project, creator_id: creators[0], total_amount_cents: 10000, accrual_ids: accruals.map((row: { id: string }) => row.id) })).id;
  await ok(desk, 'PATCH', `/projects/${project}`, { name: `Faults ${seed} (renamed)` });
  return { project, creators, payment };
}

async function restartIfDown(): Promise<void> {
  if (!serverDown) return;
  server = await startServer({ dataDir, env: quiet });
  proxy.setTarget(server.baseUrl);
  serverDown = false;
  restarts++;
}

/** One schedule: offline work, cycles through the faulty proxy until one completes, then the checks. */
async function runSchedule(seed: number): Promise<{ cycles: number }> {
  const schedule = scheduleOf(seed);
  const serverMark = await lastSeq(server);
  const deskMark = await lastSeq(desk);
  const conflictsBefore = (await ok(desk, 'GET', '/sync')).conflicted as number;
  const work = await workOffline(seed);

  let request = 0;
  let push = 0;
  proxy.setDecide(({ method }) => {
    let fault = schedule.faults[request++] ?? { kind: 'pass' };
    if (method !== 'GET' && push++ === schedule.killAtPush) fault = schedule.kill;
    const kind = fault.kind === 'duplicate' ? `duplicate${fault.concurrent ? ' at once' : ''}` : fault.kind === 'kill' ? `kill ${fault.when}` : fault.kind;
    applied[kind] = (applied[kind] ?? 0) + 1;
    return fault;
  });
  let cycles = 0;
  let last: any = null;
  try {
    while (cycles < MAX_CYCLES) {
      await restartIfDown();
      cycles++;
      last = await ok(desk, 'POST', '/sync/runs');
      if (last.state === 'idle' && last.error === null) break;
    }
  } finally {
    proxy.setDecide(() => ({ kind: 'pass' }));
  }
  await restartIfDown();
  expect(last, `no cycle completed in ${MAX_CYCLES}`).toMatchObject({ state: 'idle', error: null });

  // 0 lost: nothing pending, nothing refused.
  expect(await ok(desk, 'GET', '/sync')).toMatchObject({ pending: 0, conflicted: conflictsBefore, last_error: null });
  // 0 duplicated, 0 lost: the server journaled each of the desktop's commands exactly once, in order, accepted.
  const local = (await journalAfter(desk, deskMark)).filter((entry) => entry.actor !== 'team-server').map((entry) => entry.line);
  const remote = (await journalAfter(server, serverMark)).map((entry) => entry.line);
  expect(local).toHaveLength(12);
  expect(remote).toEqual(local);
  // The same entities on both sides, each once.
  const ids = async (target: RunningServer, path: string) => ((await ok(target, 'GET', path)) as { id: string }[]).map((row) => row.id).sort();
  const creatorsPath = `/creators?project_id=${work.project}&limit=100`;
  const paymentsPath = `/payout-payments?project_id=${work.project}&limit=100`;
  expect(await ids(server, creatorsPath)).toEqual([...work.creators].sort());
  expect(await ids(desk, creatorsPath)).toEqual([...work.creators].sort());
  expect(await ids(server, paymentsPath)).toEqual([work.payment]);
  expect(await ids(desk, paymentsPath)).toEqual([work.payment]);
  expect(await ids(server, `/payout-accruals?project_id=${work.project}&limit=100`)).toEqual(await ids(desk, `/payout-accruals?project_id=${work.project}&limit=100`));
  // Equal ledgers.
  const digest = async (target: RunningServer) => (await ok(target, 'GET', `/ledger-digest?project_id=${work.project}`)) as { digest: string; accruals: number; payments: number };
  const [mine, theirs] = [await digest(desk), await digest(server)];
  expect(theirs.payments).toBe(1);
  expect(mine).toMatchObject({ digest: theirs.digest, accruals: theirs.accruals, payments: 1 });
  return { cycles };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'payouts-faults-'));
  [server, desk] = await Promise.all([startServer({ dataDir, env: quiet }), startServer({ env: quiet })]);
  proxy = await startFaultProxy({
    target: server.baseUrl,
    kill: async () => {
      serverDown = true;
      await server.stop('SIGKILL');
    },
  });
  await ok(desk, 'PUT', '/sync', { server_url: proxy.baseUrl, api_key: TEST_API_KEY, interval_seconds: 86_400 });
  expect(await ok(desk, 'POST', '/sync/runs')).toMatchObject({ state: 'idle' });
}, 180_000);

afterAll(async () => {
  await proxy?.close();
  await Promise.all([server?.dispose(), desk?.dispose()]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('sync through a faulty network and a team server killed mid-push', () => {
  it(
    `over ${SEEDS.length} random fault schedules: each command once on the server, none lost, equal ledger digests`,
    async () => {
      const started = Date.now();
      let cycles = 0;
      for (const seed of SEEDS) {
        proxy.takeLog();
        try {
          cycles += (await runSchedule(seed)).cycles;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          throw new Error(
            `fault schedule with seed ${seed} failed (replay: SYNC_FAULT_SEED=${seed} npx vitest run --project integration test/integration/sync-faults.test.ts)\n${message}\nrequests:\n${proxy.takeLog().join('\n')}`,
            { cause: error },
          );
        }
      }
      console.log(`sync-faults: ${SEEDS.length} schedules from seed ${BASE_SEED}, ${cycles} cycles, ${restarts} server restarts after SIGKILL, ${Math.round((Date.now() - started) / 1000)} s; faults: ${JSON.stringify(applied)}`);
      // Not a fault-free run: at this count every kind of fault happened (a kill in 1 schedule of 20).
      if (SEEDS.length >= 200) {
        for (const kind of ['pass', 'delay', 'drop-request', 'drop-response', 'duplicate', 'duplicate at once']) expect(applied[kind], kind).toBeGreaterThan(0);
        expect(restarts).toBeGreaterThan(0);
      }
    },
    Math.max(120_000, SEEDS.length * 10_000),
  );
});
