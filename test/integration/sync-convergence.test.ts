import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startServer, TEST_API_KEY, type RunningServer } from '../support/server.ts';

/**
 * Convergence of sync (docs/sync.md "Convergence"), in the style of a model-free property test:
 * random interleavings of two desktops' offline commands (catalog, payout methods, structures and
 * assignments, videos and views, accrual runs, payments, voids, patches and deletes, both desktops
 * paying the same accrual) and sync cycles of either always end, after A, B, A sync, with the
 * server and both desktops holding the same documents in every list the API has (read to the end
 * with the cursor) and the same ledger digest per project; nothing pending; each payment made on a
 * desktop either on the server or refused with its local copy removed (never two paid payments of
 * one accrual); and one more cycle on each pushing and pulling nothing.
 *
 * One team server and two desktops (`npm run serve` children) serve every run; each run works in
 * its own project(s) and names (a tag), so runs do not meet, while the full comparison covers
 * everything the stores hold. Each run starts from a catalog desktop A made and both synced, so
 * the random steps have shared accruals to pay twice.
 */

const RUNS = Number(process.env.SYNC_CONVERGENCE_RUNS ?? 30);
const MAX_STEPS = Number(process.env.SYNC_CONVERGENCE_STEPS ?? 24);
// Thousands of requests a minute and hundreds of structures and methods: the key's rate limit and the plan's limits raised (the test is about convergence, not limits).
const quiet = { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0', PAYOUTS_RATE_PER_MINUTE: '1000000', PAYOUTS_RATE_PER_DAY: '1000000000', PAYOUTS_LIMIT_ACTIVE_STRUCTURES: '100000', PAYOUTS_LIMIT_CUSTOM_METHODS: '100000' };
const AS_OFS = ['2026-08-24T00:00:00.000Z', '2026-09-14T00:00:00.000Z', '2026-10-05T00:00:00.000Z'];
const SINCE = '2026-08-03T00:00:00.000Z';
let server: RunningServer;
/** What the runs did, printed at the end: each command's [accepted, refused] locally, and the conflicts the cycles met. */
const tally = { runs: 0, steps: 0, commands: {} as Record<string, [number, number]>, conflicted: 0, pairs: 0, refusedPayments: 0 };
const desks: RunningServer[] = [];
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Row = { id: string; [key: string]: any };

async function ok(desk: RunningServer, method: Method, path: string, body?: unknown): Promise<any> {
  const answer = await api(desk, method, path, { body });
  expect(answer.status, `${method} ${path}: ${answer.text}`).toBeLessThan(300);
  return answer.body.data;
}

/** A random command: refusals (4xx) are part of the game, a 5xx never is. */
async function command(desk: RunningServer, method: Method, path: string, body?: unknown): Promise<{ status: number; data: any }> {
  const answer = await api(desk, method, path, { body, ...(method === 'POST' && path === '/payout-payments' && { idem: randomUUID() }) });
  expect(answer.status, `${method} ${path}: ${answer.text}`).toBeLessThan(500);
  const kind = `${method} ${path.replace(/[0-9a-f-]{36}/g, ':id').replace(/\?.*/, '')}`;
  const counts = (tally.commands[kind] ??= [0, 0]);
  counts[answer.status < 300 ? 0 : 1]++;
  return { status: answer.status, data: answer.body?.data };
}

/** Every row of a list, page after page with the cursor (never capped at one page). */
async function all(desk: RunningServer, path: string): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  do {
    const answer = await api(desk, 'GET', `${path}${path.includes('?') ? '&' : '?'}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(answer.status, `GET ${path}: ${answer.text}`).toBe(200);
    rows.push(...answer.body.data);
    cursor = answer.body.meta.has_more ? answer.body.meta.next_cursor : null;
  } while (cursor);
  return rows;
}

/** The org is each store's own (a pull gives a document this desktop's org): compared without it. */
function withoutOrg(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutOrg);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'org_id').map(([key, inner]) => [key, withoutOrg(inner)]));
  return value;
}
const byId = (rows: Row[]) => (withoutOrg(rows) as Row[]).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** What differs between two pictures, in words: ids only on one side, and fields that differ (a failure stays readable). */
function differences(truth: Record<string, unknown>, other: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [name, rows] of Object.entries(truth)) {
    if (!Array.isArray(rows)) {
      for (const [key, value] of Object.entries(rows as Record<string, string>)) if ((other[name] as Record<string, string>)[key] !== value) out.push(`${name} ${key}: ${(other[name] as Record<string, string>)[key]} ≠ server ${value}`);
      continue;
    }
    const mine = new Map((other[name] as Row[]).map((row) => [row.id, row]));
    const theirs = new Map((rows as Row[]).map((row) => [row.id, row]));
    for (const id of theirs.keys()) if (!mine.has(id)) out.push(`${name} ${id}: only on the server`);
    for (const [id, row] of mine) {
      const server = theirs.get(id);
      if (!server) out.push(`${name} ${id}: only here`);
      else for (const key of new Set([...Object.keys(row), ...Object.keys(server)])) {
        if (JSON.stringify(row[key]) !== JSON.stringify(server[key])) out.push(`${name} ${id} .${key}: ${JSON.stringify(row[key]).slice(0, 300)} ≠ server ${JSON.stringify(server[key]).slice(0, 300)}`);
      }
    }
  }
  return out;
}

/** Everything a client can list, whole rows, and each project's ledger digest. */
async function picture(desk: RunningServer): Promise<Record<string, unknown>> {
  const projects = await all(desk, '/projects');
  const structures = await all(desk, '/payout-structures');
  const assignments: Row[] = [];
  for (const structure of structures) assignments.push(...(await all(desk, `/payout-structures/${structure.id}/assignments?include_inactive=true`)));
  const referrals = await all(desk, '/referrals');
  const events: Row[] = [];
  for (const referral of referrals) events.push(...(await all(desk, `/referrals/${referral.id}/events`)));
  const digests: Record<string, string> = {};
  for (const project of projects) digests[project.id] = (await ok(desk, 'GET', `/ledger-digest?project_id=${project.id}`)).digest;
  return {
    methods: byId(await all(desk, '/payout-methods?include_disabled=true')),
    projects: byId(projects),
    creators: byId(await all(desk, '/creators')),
    goals: byId(await all(desk, '/creator-goals')),
    videos: byId(await all(desk, '/videos')),
    structures: byId(structures),
    assignments: byId(assignments),
    accruals: byId(await all(desk, '/payout-accruals')),
    payments: byId(await all(desk, '/payout-payments')),
    referrals: byId(referrals),
    referral_events: byId(events),
    batches: byId(await all(desk, '/payout-batches')),
    digests,
  };
}

const KINDS = [
  'project', 'project-patch', 'creator', 'creator-patch', 'join', 'leave', 'goal', 'goal-delete',
  'method', 'method-patch', 'method-delete', 'structure', 'structure-patch', 'structure-archive', 'structure-delete',
  'assign', 'unassign', 'video', 'views', 'accrual-run', 'accrual-reject', 'pay', 'pay-both', 'void', 'sync',
] as const;
type Step = { desk: 0 | 1; kind: (typeof KINDS)[number]; pick: number };
const step: fc.Arbitrary<Step> = fc.record({ desk: fc.constantFrom<0 | 1>(0, 1), kind: fc.constantFrom(...KINDS), pick: fc.nat(999) });

/** What one run made and must find again at the end. */
type World = { tag: string; payments: { desk: number; id: string }[]; pairs: [string, string][] };

const pickOf = <T,>(rows: T[], pick: number): T | undefined => rows[pick % Math.max(rows.length, 1)];
const sortedById = (rows: Row[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));

async function mine(desk: RunningServer, world: World, what: 'projects' | 'creators' | 'methods'): Promise<Row[]> {
  const path = what === 'projects' ? '/projects' : what === 'creators' ? '/creators' : '/payout-methods?include_disabled=true';
  return sortedById((await all(desk, path)).filter((row) => String(row.name).includes(world.tag)));
}
async function inProjects(desk: RunningServer, world: World, path: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (const project of await mine(desk, world, 'projects')) rows.push(...(await all(desk, `${path}${path.includes('?') ? '&' : '?'}project_id=${project.id}`)));
  return sortedById(rows);
}

const weekly = (amount: number) => ({ currency: 'USD', period: 'weekly', amount_cents: amount, criteria_type: 'recurring', criteria_params: {}, proration_mode: 'skip' });
const milestones = { currency: 'USD', period: null, amount_cents: null, criteria_type: 'view_threshold', proration_mode: 'skip', criteria_params: { thresholds: [{ view_count: 1000, amount_cents: 2000, currency: 'USD' }, { view_count: 10000, amount_cents: 7000, currency: 'USD' }] } };

async function pay(desk: RunningServer, accrual: Row): Promise<string | null> {
  const answer = await command(desk, 'POST', '/payout-payments', { project_id: accrual.project_id, creator_id: accrual.creator_id, total_amount_cents: accrual.amount_cents, accrual_ids: [accrual.id] });
  return answer.status === 201 || answer.status === 200 ? (answer.data.id as string) : null;
}

async function run(world: World, s: Step): Promise<void> {
  const desk = desks[s.desk]!;
  const other = desks[1 - s.desk]!;
  const name = (what: string) => `${what} ${world.tag} ${s.pick}`;
  switch (s.kind) {
    case 'sync':
      tally.conflicted += (await ok(desk, 'POST', '/sync/runs')).conflicted;
      return;
    case 'project':
      await command(desk, 'POST', '/projects', { name: name('P'), timezone: 'UTC' });
      return;
    case 'creator': {
      const handle = `@${world.tag}${randomUUID().slice(0, 6)}`;
      await command(desk, 'POST', '/creators', { name: name('C'), handle });
      return;
    }
    case 'method':
      await command(desk, 'POST', '/payout-methods', { name: name('M') });
      return;
  }
  const projects = await mine(desk, world, 'projects');
  const project = pickOf(projects, s.pick);
  if (!project) return;
  switch (s.kind) {
    case 'project-patch':
      await command(desk, 'PATCH', `/projects/${project.id}`, { name: name('P'), min_payout_cents: (s.pick % 3) * 1000 });
      return;
    case 'creator-patch': {
      const creator = pickOf(await mine(desk, world, 'creators'), s.pick);
      if (creator) await command(desk, 'PATCH', `/creators/${creator.id}`, { name: name('C') });
      return;
    }
    case 'join':
    case 'leave': {
      const creator = pickOf(await mine(desk, world, 'creators'), s.pick >> 3);
      if (creator) await command(desk, s.kind === 'join' ? 'POST' : 'DELETE', `/projects/${project.id}/creators`, { creator_ids: [creator.id] });
      return;
    }
    case 'goal': {
      const creator = pickOf(await mine(desk, world, 'creators'), s.pick >> 3);
      if (creator) await command(desk, 'POST', '/creator-goals', { project_id: project.id, creator_id: creator.id, metric: 'views', target: 1000 + s.pick, period: 'weekly' });
      return;
    }
    case 'goal-delete': {
      const goal = pickOf(await inProjects(desk, world, '/creator-goals'), s.pick);
      if (goal) await command(desk, 'DELETE', `/creator-goals/${goal.id}`);
      return;
    }
    case 'method-patch':
    case 'method-delete': {
      const method = pickOf(await mine(desk, world, 'methods'), s.pick);
      if (!method) return;
      if (s.kind === 'method-delete') await command(desk, 'DELETE', `/payout-methods/${method.id}`);
      else await command(desk, 'PATCH', `/payout-methods/${method.id}`, s.pick % 2 ? { is_active: !method.is_active } : { name: name('M') });
      return;
    }
    case 'structure':
      await command(desk, 'POST', '/payout-structures', { project_id: project.id, name: name('S'), ...(s.pick % 3 === 0 ? milestones : weekly(1000 + (s.pick % 5) * 500)) });
      return;
  }
  const structure = pickOf(await inProjects(desk, world, '/payout-structures'), s.pick);
  switch (s.kind) {
    case 'structure-patch':
      if (structure) await command(desk, 'PATCH', `/payout-structures/${structure.id}`, { kind: 'cosmetic', name: name('S') });
      return;
    case 'structure-archive':
      if (structure) await command(desk, 'DELETE', `/payout-structures/${structure.id}`);
      return;
    case 'structure-delete':
      if (structure) await command(desk, 'DELETE', `/payout-structures/${structure.id}?mode=hard`);
      return;
    case 'assign':
    case 'unassign': {
      const creator = pickOf(await all(desk, `/creators?project_id=${structure?.project_id ?? project.id}`), s.pick >> 3);
      if (!structure || !creator) return;
      if (s.kind === 'assign') await command(desk, 'POST', `/payout-structures/${structure.id}/assignments`, { creator_ids: [creator.id], assigned_at: SINCE });
      else await command(desk, 'DELETE', `/payout-structures/${structure.id}/assignments`, { creator_ids: [creator.id], unassigned_at: AS_OFS[s.pick % 2] });
      return;
    }
    case 'video': {
      const creator = pickOf(await all(desk, `/creators?project_id=${project.id}`), s.pick >> 3);
      // Three addresses per run: a video's id is derived from (project, URL), so both desktops may make the same one.
      if (creator) await command(desk, 'POST', '/videos', { creator_id: creator.id, project_id: project.id, platform: 'tiktok', url: `https://www.tiktok.com/@${world.tag}/video/${s.pick % 3}`, posted_at: '2026-08-10T00:00:00.000Z', views: 500 + (s.pick % 4) * 1500, captured_at: '2026-08-12T00:00:00.000Z' });
      return;
    }
    case 'views': {
      const video = pickOf(await inProjects(desk, world, '/videos'), s.pick);
      if (video) await command(desk, 'POST', `/videos/${video.id}/metrics`, { views: 1000 * (s.pick % 15), captured_at: AS_OFS[s.pick % 3] });
      return;
    }
    case 'accrual-run':
      await command(desk, 'POST', '/accrual-runs', { as_of: AS_OFS[s.pick % 3] });
      return;
  }
  const earned = await inProjects(desk, world, '/payout-accruals?status=earned');
  const accrual = pickOf(earned, s.pick);
  switch (s.kind) {
    case 'accrual-reject':
      if (accrual) await command(desk, 'PATCH', `/payout-accruals/${accrual.id}`, { status: 'rejected' });
      return;
    case 'pay': {
      const id = accrual && (await pay(desk, accrual));
      if (id) world.payments.push({ desk: s.desk, id });
      return;
    }
    case 'pay-both': {
      // Both desktops pay the same accrual before either syncs it.
      if (!accrual || (await api(other, 'GET', `/payout-accruals/${accrual.id}`)).body?.data?.status !== 'earned') return;
      const first = await pay(desk, accrual);
      const second = await pay(other, accrual);
      if (first) world.payments.push({ desk: s.desk, id: first });
      if (second) world.payments.push({ desk: 1 - s.desk, id: second });
      if (first && second) world.pairs.push([first, second]);
      return;
    }
    case 'void': {
      const payment = pickOf((await inProjects(desk, world, '/payout-payments')).filter((row) => row.status === 'paid'), s.pick);
      if (payment) await command(desk, 'PATCH', `/payout-payments/${payment.id}`, { status: 'voided' });
      return;
    }
  }
}

/** Desktop A makes a project with two creators on a weekly and a milestone structure and accrues, a payout method and a structure nobody is on; both desktops sync. */
async function prelude(world: World): Promise<void> {
  const [a, b] = desks as [RunningServer, RunningServer];
  const project = (await ok(a, 'POST', '/projects', { name: `P ${world.tag} base`, timezone: 'UTC' })).id;
  const creators: string[] = [];
  for (const n of [1, 2]) creators.push((await ok(a, 'POST', '/creators', { name: `C ${world.tag} ${n}`, handle: `@${world.tag}base${n}` })).id);
  await ok(a, 'POST', `/projects/${project}/creators`, { creator_ids: creators });
  for (const rule of [weekly(5000), milestones]) {
    const structure = (await ok(a, 'POST', '/payout-structures', { project_id: project, name: `S ${world.tag} base ${rule.criteria_type}`, ...rule })).structure_id;
    await ok(a, 'POST', `/payout-structures/${structure}/assignments`, { creator_ids: creators, assigned_at: SINCE });
  }
  await ok(a, 'POST', '/videos', { creator_id: creators[0], project_id: project, platform: 'youtube', url: `https://www.youtube.com/watch?v=${world.tag}`, posted_at: '2026-08-10T00:00:00.000Z', views: 4000, captured_at: '2026-08-20T00:00:00.000Z' });
  await ok(a, 'POST', '/accrual-runs', { as_of: AS_OFS[1] });
  // Both desktops hold these before any step, so a step's delete or patch of them is one the other desktop must pull.
  await ok(a, 'POST', '/payout-methods', { name: `M ${world.tag} base` });
  await ok(a, 'POST', '/payout-structures', { project_id: project, name: `S ${world.tag} spare`, ...weekly(2500) });
  await ok(a, 'POST', '/sync/runs');
  await ok(b, 'POST', '/sync/runs');
}

beforeAll(async () => {
  [server, desks[0], desks[1]] = await Promise.all([startServer({ env: quiet }), startServer({ env: quiet }), startServer({ env: quiet })]);
  for (const desk of desks) await ok(desk, 'PUT', '/sync', { server_url: server.baseUrl, api_key: TEST_API_KEY });
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.dispose(), ...desks.map((desk) => desk.dispose())]);
});

/** Both desktops paying the same accrual, each offline, then the rest of the catalog on both; a pinned first example. */
const pinned: Step[] = [
  { desk: 0, kind: 'pay-both', pick: 0 },
  { desk: 1, kind: 'creator', pick: 1 },
  { desk: 1, kind: 'join', pick: 0 },
  { desk: 0, kind: 'structure', pick: 1 },
  { desk: 0, kind: 'assign', pick: 0 },
  { desk: 1, kind: 'method', pick: 2 },
  { desk: 1, kind: 'method-delete', pick: 0 },
  { desk: 0, kind: 'accrual-run', pick: 2 },
  { desk: 1, kind: 'accrual-run', pick: 2 },
  { desk: 0, kind: 'pay', pick: 3 },
  { desk: 1, kind: 'pay', pick: 3 },
  { desk: 0, kind: 'sync', pick: 0 },
  { desk: 1, kind: 'void', pick: 0 },
];

describe('sync convergence', () => {
  it('random offline commands and cycles of two desktops converge to the server: every list and ledger digest equal, nothing pending, no accrual paid twice, a further cycle changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: MAX_STEPS, size: 'max' }), async (steps) => {
        const world: World = { tag: `r${(tally.runs++).toString(36)}${randomUUID().slice(0, 4)}`, payments: [], pairs: [] };
        await prelude(world);
        for (const s of steps) await run(world, s);
        for (const d of [0, 1, 0] as const) {
          const cycle = await ok(desks[d]!, 'POST', '/sync/runs');
          expect(cycle).toMatchObject({ state: 'idle', error: null });
          tally.conflicted += cycle.conflicted;
        }

        const truth = await picture(server);
        for (const desk of desks) {
          const seen = await picture(desk);
          expect(differences(truth, seen), `desk ${desks.indexOf(desk)}`).toEqual([]);
          expect(seen).toEqual(truth);
          expect(await ok(desk, 'GET', '/sync')).toMatchObject({ pending: 0, state: 'idle' });
        }
        // Never two paid payments of one accrual on the server.
        const paidAccruals = (truth.payments as Row[]).filter((payment) => payment.status === 'paid').flatMap((payment) => payment.payout_payment_lines.map((line: Row) => line.accrual_id));
        expect(new Set(paidAccruals).size).toBe(paidAccruals.length);
        // Each payment made on a desktop is on the server, or was refused and removed there (the conflict says so).
        const onServer = new Map((truth.payments as Row[]).map((payment) => [payment.id, payment]));
        const conflicts = await Promise.all(desks.map((desk) => ok(desk, 'GET', '/sync/conflicts') as Promise<Row[]>));
        for (const { desk, id } of world.payments) {
          if (onServer.has(id)) continue;
          tally.refusedPayments++;
          expect(conflicts[desk]!.some((conflict) => conflict.path === '/payout-payments' && conflict.undone.includes(`payment ${id} removed`)), `payment ${id} of desk ${desk}`).toBe(true);
        }
        for (const pair of world.pairs) {
          expect(pair.filter((id) => onServer.get(id)?.status === 'paid').length).toBeLessThanOrEqual(1);
          tally.pairs++;
        }
        for (const desk of desks) expect(await ok(desk, 'POST', '/sync/runs')).toMatchObject({ pushed: 0, conflicted: 0, pulled: 0 });
        tally.steps += steps.length;
      }),
      { numRuns: RUNS, examples: [[pinned]], endOnFailure: true },
    );
    const commands = Object.entries(tally.commands).sort().map(([kind, [accepted, refused]]) => `  ${kind}: ${accepted} accepted, ${refused} refused locally`);
    console.log([`sync convergence: ${tally.runs} runs, ${tally.steps} steps, ${tally.conflicted} commands refused by the server, ${tally.pairs} accruals paid on both desktops, ${tally.refusedPayments} payments refused and removed`, ...commands].join('\n'));
  }, 900_000);
});
