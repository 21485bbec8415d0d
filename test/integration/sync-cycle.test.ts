import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { storePath } from '../../core/node/services.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startServer, TEST_API_KEY, type RunningServer } from '../support/server.ts';

/**
 * The sync cycle end to end (SPEC §8, docs/sync.md "The cycle"): a team server and two desktops,
 * each a real `npm run serve` process with its own store (a desktop's service host is the same
 * code), real HTTP on loopback. The desktops work "offline" (no cycle run) and then sync.
 */

const AS_OF = '2026-10-05T00:00:00.000Z';
let server: RunningServer;
type Desk = RunningServer;
const desks: { a?: Desk; b?: Desk } = {};

type Answer = { status: number; body: any };

/** A request to a desktop's local API, as its window makes them. */
async function local(desk: Desk, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<Answer> {
  const response = await api(desk, method, path, { body, ...(path === '/payout-payments' && method === 'POST' && { idem: randomUUID() }) });
  return { status: response.status, body: response.body };
}

async function ok(desk: Desk, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<any> {
  const answer = await local(desk, method, path, body);
  expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
  return answer.body.data;
}

async function onServer(path: string): Promise<any> {
  const answer = await api(server, 'GET', path);
  expect(answer.status, answer.text).toBe(200);
  return answer.body.data;
}

const sortedIds = (rows: { id: string }[]) => rows.map((row) => row.id).sort();

/** Everything both sides must agree on: the ids of each list and the ledger digest of each project. */
async function picture(read: (path: string) => Promise<any>): Promise<Record<string, unknown>> {
  const projects = await read('/projects?limit=100');
  const structures = await read('/payout-structures?limit=100');
  const assignments: { id: string }[] = [];
  for (const structure of structures) assignments.push(...(await read(`/payout-structures/${structure.id}/assignments?limit=100`)));
  const out: Record<string, unknown> = {
    methods: sortedIds(await read('/payout-methods?limit=100')),
    projects: sortedIds(projects),
    creators: sortedIds(await read('/creators?limit=100')),
    structures: sortedIds(structures),
    // Assignments get the server's own ids: a desktop's copies are replaced by the pull.
    assignments: sortedIds(assignments),
    accruals: sortedIds(await read('/payout-accruals?limit=100')),
    payments: sortedIds(await read('/payout-payments?limit=100')),
  };
  for (const project of projects) out[`digest ${project.name}`] = (await read(`/ledger-digest?project_id=${project.id}`)).digest;
  return out;
}

/** A project with creators on a weekly $50 structure since 2026-08-03, evaluated to AS_OF, and one payment of the first creator's first two accruals. */
async function buildOffline(desk: Desk, name: string, handles: string[]): Promise<{ project: string; creators: string[] }> {
  const project = (await ok(desk, 'POST', '/projects', { name, timezone: 'UTC' })).id as string;
  const creators: string[] = [];
  for (const handle of handles) creators.push((await ok(desk, 'POST', '/creators', { name: handle.slice(1), handle })).id);
  await ok(desk, 'POST', `/projects/${project}/creators`, { creator_ids: creators });
  const structure = (await ok(desk, 'POST', '/payout-structures', { project_id: project, name: 'Weekly', currency: 'USD', period: 'weekly', amount_cents: 5000, criteria_type: 'recurring', criteria_params: {}, proration_mode: 'skip' })).structure_id;
  await ok(desk, 'POST', `/payout-structures/${structure}/assignments`, { creator_ids: creators, assigned_at: '2026-08-03T00:00:00.000Z' });
  await ok(desk, 'POST', '/accrual-runs', { as_of: AS_OF });
  const accruals = await ok(desk, 'GET', `/payout-accruals?project_id=${project}&creator_id=${creators[0]}&limit=2`);
  await ok(desk, 'POST', '/payout-payments', { project_id: project, creator_id: creators[0], total_amount_cents: 10000, accrual_ids: accruals.map((row: { id: string }) => row.id) });
  return { project, creators };
}

const quiet = { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0' };

beforeAll(async () => {
  [server, desks.a, desks.b] = await Promise.all([startServer({ env: quiet }), startServer({ env: quiet }), startServer({ env: quiet })]);
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.dispose(), desks.a?.dispose(), desks.b?.dispose()]);
});

describe('sync configuration (local API)', () => {
  it('is off until configured; https is required except on loopback; a refused key saves nothing; the key is shown only as its prefix', async () => {
    const a = desks.a as Desk;
    expect(await ok(a, 'GET', '/sync')).toMatchObject({ state: 'off', server_url: null, key_prefix: null, interval_seconds: 300 });
    const run = await local(a, 'POST', '/sync/runs');
    expect([run.status, run.body.error.code]).toEqual([409, 'sync_not_configured']);

    const insecure = await local(a, 'PUT', '/sync', { server_url: 'http://team.example.com', api_key: TEST_API_KEY });
    expect([insecure.status, insecure.body.error.code, insecure.body.meta.errors[0].path]).toEqual([400, 'invalid_body', 'server_url']);
    const refused = await local(a, 'PUT', '/sync', { server_url: server.baseUrl, api_key: 'tga_WrongWrongWrongWrongWrongWrong01' });
    expect([refused.status, refused.body.meta.errors[0].path]).toEqual([400, 'api_key']);
    expect((await ok(a, 'GET', '/sync')).state).toBe('off');

    const saved = await ok(a, 'PUT', '/sync', { server_url: `${server.baseUrl}/`, api_key: TEST_API_KEY, interval_seconds: 60 });
    expect(saved).toMatchObject({ server_url: server.baseUrl, interval_seconds: 60, state: 'idle', cursor: null });
    expect(saved.key_prefix).toBe(TEST_API_KEY.slice(0, saved.key_prefix.length));
    expect(JSON.stringify(await ok(a, 'GET', '/sync'))).not.toContain(TEST_API_KEY);

    expect((await ok(a, 'DELETE', '/sync')).state).toBe('off');
  });
});

describe('two desktops offline, then sync', () => {
  let first: { project: string; creators: string[] };

  it('after both sync, the server and both desktops hold the same ids and the same ledger digests; a second cycle changes nothing', async () => {
    const a = desks.a as Desk;
    const b = desks.b as Desk;
    first = await buildOffline(a, 'Launch', ['@ada', '@bo']);
    await buildOffline(b, 'Spring', ['@cy']);
    expect((await ok(a, 'GET', '/sync')).pending).toBeGreaterThan(0);

    for (const desk of [a, b]) await ok(desk, 'PUT', '/sync', { server_url: server.baseUrl, api_key: TEST_API_KEY });
    const runA = await ok(a, 'POST', '/sync/runs');
    expect(runA).toMatchObject({ conflicted: 0, state: 'idle', error: null });
    expect(runA.pushed).toBeGreaterThan(5);
    const runB = await ok(b, 'POST', '/sync/runs');
    expect(runB).toMatchObject({ conflicted: 0, state: 'idle' });
    await ok(a, 'POST', '/sync/runs');

    const truth = await picture(onServer);
    expect((truth.projects as string[]).length).toBe(2);
    expect((truth.payments as string[]).length).toBe(2);
    expect((truth.methods as string[]).length).toBe(3);
    expect((truth.assignments as string[]).length).toBe(3);
    expect(await picture((path) => ok(a, 'GET', path))).toEqual(truth);
    expect(await picture((path) => ok(b, 'GET', path))).toEqual(truth);
    for (const desk of [a, b]) expect(await ok(desk, 'GET', '/sync')).toMatchObject({ state: 'idle', pending: 0, conflicted: 0, last_error: null });

    // Again: nothing to push, nothing new to pull, nothing journaled.
    const activity = [(await ok(a, 'GET', '/activity?limit=100')).length, (await ok(b, 'GET', '/activity?limit=100')).length];
    for (const desk of [a, b]) expect(await ok(desk, 'POST', '/sync/runs')).toMatchObject({ pushed: 0, conflicted: 0, pulled: 0 });
    expect([(await ok(a, 'GET', '/activity?limit=100')).length, (await ok(b, 'GET', '/activity?limit=100')).length]).toEqual(activity);
    expect(await picture(onServer)).toEqual(truth);
  });

  it('both pay the same accrual offline: one payment on the server, the other desktop\'s command conflicted in words and its payment gone after the pull', async () => {
    const a = desks.a as Desk;
    const b = desks.b as Desk;
    const bo = first.creators[1] as string;
    const [open] = await ok(a, 'GET', `/payout-accruals?project_id=${first.project}&creator_id=${bo}&status=earned&limit=1`);
    const pay = { project_id: first.project, creator_id: bo, total_amount_cents: open.amount_cents, accrual_ids: [open.id] };
    const paidOnA = await ok(a, 'POST', '/payout-payments', pay);
    const paidOnB = await ok(b, 'POST', '/payout-payments', pay);
    expect(paidOnA.id).not.toBe(paidOnB.id);

    expect(await ok(a, 'POST', '/sync/runs')).toMatchObject({ pushed: 1, conflicted: 0, state: 'idle' });
    const runB = await ok(b, 'POST', '/sync/runs');
    expect(runB).toMatchObject({ pushed: 0, conflicted: 1, state: 'idle' });

    const onTeam = await onServer(`/payout-payments?project_id=${first.project}&creator_id=${bo}&limit=100`);
    expect(onTeam.map((payment: { id: string }) => payment.id)).toEqual([paidOnA.id]);

    const conflicts = await ok(b, 'GET', '/sync/conflicts');
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ method: 'POST', path: '/payout-payments', status: 409, code: 'accrual_in_other_payment' });
    expect(conflicts[0].message).toContain(paidOnA.id);
    expect(conflicts[0].undone).toEqual([`payment ${paidOnB.id} removed`]);
    expect(conflicts[0].text).toContain(`The team server refused POST /payout-payments (409 accrual_in_other_payment): Accrual ${open.id} is settled by payment ${paidOnA.id}`);
    expect((await local(b, 'GET', `/payout-payments/${paidOnB.id}`)).status).toBe(404);
    expect(await ok(b, 'GET', `/payout-accruals/${open.id}`)).toMatchObject({ status: 'paid', payment_id: paidOnA.id });
    expect(await ok(b, 'GET', '/sync')).toMatchObject({ pending: 0, conflicted: 1 });

    await ok(a, 'POST', '/sync/runs');
    const truth = await picture(onServer);
    expect(await picture((path) => ok(a, 'GET', path))).toEqual(truth);
    expect(await picture((path) => ok(b, 'GET', path))).toEqual(truth);

    // The refused command is not pushed again; dismissing the conflict removes it from the list.
    expect(await ok(b, 'POST', '/sync/runs')).toMatchObject({ pushed: 0, conflicted: 0, pulled: 0 });
    await ok(b, 'DELETE', `/sync/conflicts/${conflicts[0].id}`);
    expect(await ok(b, 'GET', '/sync/conflicts')).toEqual([]);
    expect((await local(b, 'DELETE', `/sync/conflicts/${randomUUID()}`)).status).toBe(404);
  });

  it('the team server stopped: the cycle stops offline and the command stays pending; once the server is back it is pushed once', async () => {
    const a = desks.a as Desk;
    const [open] = await ok(a, 'GET', `/payout-accruals?project_id=${first.project}&status=earned&limit=1`);
    const paid = await ok(a, 'POST', '/payout-payments', { project_id: first.project, creator_id: open.creator_id, total_amount_cents: open.amount_cents, accrual_ids: [open.id] });
    await server.stop();
    const down = await ok(a, 'POST', '/sync/runs');
    expect(down).toMatchObject({ pushed: 0, conflicted: 0, pulled: 0, state: 'offline' });
    expect(down.error).toContain('could not be reached');
    expect(await ok(a, 'GET', '/sync')).toMatchObject({ state: 'offline', pending: 1 });

    server = await startServer({ dataDir: server.dataDir, env: quiet });
    await ok(a, 'PUT', '/sync', { server_url: server.baseUrl, api_key: TEST_API_KEY });
    expect(await ok(a, 'POST', '/sync/runs')).toMatchObject({ pushed: 1, conflicted: 0, state: 'idle' });
    // Recorded offline, pushed later: the server keeps the time it was recorded, not the push's.
    expect(await onServer(`/payout-payments/${paid.id}`)).toMatchObject({ id: paid.id, status: 'paid', paid_at: paid.paid_at });
    expect(await ok(a, 'GET', '/sync')).toMatchObject({ state: 'idle', pending: 0, last_error: null });
    expect(await picture((path) => ok(a, 'GET', path))).toEqual(await picture(onServer));
  });

  it('a payout batch drafted, exported and settled offline is the same batch on the server: same lines, a payment per paid line with the same id, the failed line payable again', async () => {
    const a = desks.a as Desk;
    const paypal = (await ok(a, 'GET', '/payout-methods')).find((method: { name: string }) => method.name === 'PayPal').id;
    const project = (await ok(a, 'POST', '/projects', { name: 'Batches', timezone: 'UTC' })).id;
    const creators: string[] = [];
    for (const handle of ['@eve', '@fay']) creators.push((await ok(a, 'POST', '/creators', { name: handle.slice(1), handle, email: `${handle.slice(1)}@example.com` })).id);
    await ok(a, 'POST', `/projects/${project}/creators`, { creator_ids: creators });
    const structure = (await ok(a, 'POST', '/payout-structures', { project_id: project, name: 'Weekly', currency: 'USD', period: 'weekly', amount_cents: 2500, criteria_type: 'recurring', criteria_params: {}, proration_mode: 'skip' })).structure_id;
    await ok(a, 'POST', `/payout-structures/${structure}/assignments`, { creator_ids: creators, assigned_at: '2026-08-03T00:00:00.000Z' });
    await ok(a, 'POST', '/accrual-runs', { as_of: AS_OF });
    const batch = await ok(a, 'POST', '/payout-batches', { project_id: project, method_id: paypal });
    await ok(a, 'POST', `/payout-batches/${batch.id}/export`);
    const [paidLine, failedLine] = batch.lines;
    const settle = await api(a, 'POST', `/payout-batches/${batch.id}/settle`, { body: { lines: [{ line_id: paidLine.id, status: 'paid', provider_reference: 'TX-1' }, { line_id: failedLine.id, status: 'failed', failure_reason: 'Returned' }] }, idem: randomUUID() });
    expect(settle.status, settle.text).toBe(200);
    const local = settle.body.data;

    expect(await ok(a, 'POST', '/sync/runs')).toMatchObject({ conflicted: 0, state: 'idle' });
    const remote = await onServer(`/payout-batches/${batch.id}`);
    expect(remote.lines.map((line: any) => [line.id, line.creator_id, line.status, line.payment_id, line.amount_cents, line.accrual_ids])).toEqual(
      local.lines.map((line: any) => [line.id, line.creator_id, line.status, line.payment_id, line.amount_cents, line.accrual_ids]),
    );
    expect(remote.status).toBe('settled');
    expect(await onServer(`/payout-payments/${local.lines[0].payment_id}`)).toMatchObject({ total_amount_cents: paidLine.amount_cents, metadata: { payout_batch_id: batch.id, provider_reference: 'TX-1' } });
    // The pull brings the server's batch (in the desktop's org).
    expect(await ok(a, 'GET', `/payout-batches/${batch.id}`)).toEqual({ ...remote, org_id: local.org_id });
    const again = await onServer(`/payout-batches/preview?project_id=${project}&method_id=${paypal}`);
    expect(again.lines.map((line: any) => [line.creator_id, line.accrual_ids])).toEqual([[failedLine.creator_id, failedLine.accrual_ids]]);
    expect(await picture((path) => ok(a, 'GET', path))).toEqual(await picture(onServer));
  });

  it('an accrual run made offline over an assignment the server had already ended: after the pull the desktop holds only the accruals the server made', async () => {
    const a = desks.a as Desk;
    const b = desks.b as Desk;
    for (const desk of [a, b]) await ok(desk, 'PUT', '/sync', { server_url: server.baseUrl, api_key: TEST_API_KEY });
    const project = (await ok(a, 'POST', '/projects', { name: 'Ended', timezone: 'UTC' })).id;
    const gus = (await ok(a, 'POST', '/creators', { name: 'gus', handle: '@gus' })).id;
    await ok(a, 'POST', `/projects/${project}/creators`, { creator_ids: [gus] });
    const structure = (await ok(a, 'POST', '/payout-structures', { project_id: project, name: 'Weekly', currency: 'USD', period: 'weekly', amount_cents: 1000, criteria_type: 'recurring', criteria_params: {}, proration_mode: 'skip' })).structure_id;
    await ok(a, 'POST', `/payout-structures/${structure}/assignments`, { creator_ids: [gus], assigned_at: '2026-08-03T00:00:00.000Z' });
    await ok(a, 'POST', '/sync/runs');
    await ok(b, 'POST', '/sync/runs');

    // A ends the assignment on 09-14 and syncs; B, not knowing, evaluates to 10-05 offline.
    await ok(a, 'DELETE', `/payout-structures/${structure}/assignments`, { creator_ids: [gus], unassigned_at: '2026-09-14T00:00:00.000Z' });
    await ok(a, 'POST', '/sync/runs');
    await ok(b, 'POST', '/accrual-runs', { as_of: AS_OF });
    const offline = await ok(b, 'GET', `/payout-accruals?creator_id=${gus}&limit=100`);
    expect(offline).toHaveLength(9);

    expect(await ok(b, 'POST', '/sync/runs')).toMatchObject({ pushed: 1, conflicted: 0, state: 'idle' });
    const team = await onServer(`/payout-accruals?creator_id=${gus}&limit=100`);
    expect(team).toHaveLength(6);
    expect(sortedIds(await ok(b, 'GET', `/payout-accruals?creator_id=${gus}&limit=100`))).toEqual(sortedIds(team));
    expect(await picture((path) => ok(b, 'GET', path))).toEqual(await picture(onServer));
    expect(await ok(b, 'POST', '/sync/runs')).toMatchObject({ pushed: 0, conflicted: 0, pulled: 0 });
  });
});

describe('files by content hash', () => {
  /** A receipt's bytes (a PDF header and random content) and its upload. */
  function receiptFile(name: string): { bytes: Uint8Array; sha256: string; upload: { file_name: string; content_type: 'application/pdf'; data_base64: string } } {
    const bytes = new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(3000)]));
    return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), upload: { file_name: name, content_type: 'application/pdf', data_base64: Buffer.from(bytes).toString('base64') } };
  }

  async function download(desk: Desk, paymentId: string): Promise<{ status: number; bytes: Uint8Array; type: string | null }> {
    const payment = await ok(desk, 'GET', `/payout-payments/${paymentId}`);
    const answer = await api(desk, 'GET', `/payout-payments/${paymentId}/receipts/${payment.receipts[0].id}`);
    return { status: answer.status, bytes: answer.bytes, type: answer.headers.get('content-type') };
  }

  it('GET /blobs/{sha256} answers the bytes to a key; an unknown hash is not_found, a malformed one invalid_query', async () => {
    const unknown = createHash('sha256').update('nothing stored').digest('hex');
    const missing = await api(server, 'GET', `/blobs/${unknown}`);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
    for (const bad of ['abc', unknown.toUpperCase(), `${unknown}0`]) {
      const answer = await api(server, 'GET', `/blobs/${bad}`);
      expect([answer.status, answer.body.error.code, answer.body.meta.errors[0].path]).toEqual([400, 'invalid_query', 'sha256']);
    }
    expect((await api(server, 'GET', `/blobs/${unknown}`, { key: null })).status).toBe(401);
  });

  it('a receipt recorded offline on one desktop is on the server after its push and downloaded with the same bytes on the other desktop, once; a file the server lacks stays missing and is fetched when it is back', async () => {
    const a = desks.a as Desk;
    const b = desks.b as Desk;
    // The server was restarted on another port above: both desktops point at it again.
    for (const desk of [a, b]) await ok(desk, 'PUT', '/sync', { server_url: server.baseUrl, api_key: TEST_API_KEY });
    await ok(a, 'POST', '/sync/runs');
    await ok(b, 'POST', '/sync/runs');

    const project = (await ok(a, 'POST', '/projects', { name: 'Receipts', timezone: 'UTC' })).id;
    const first = receiptFile('transfer.pdf');
    const paid = await ok(a, 'POST', '/payout-payments', { project_id: project, total_amount_cents: 1234, adjustment_reason: 'Bonus', receipts: [first.upload] });
    expect(paid.receipts[0].sha256).toBe(first.sha256);

    // The push carries the bytes: the server holds the receipt under the same SHA-256.
    expect(await ok(a, 'POST', '/sync/runs')).toMatchObject({ conflicted: 0, state: 'idle', blobs_fetched: 0, blobs_missing: 0 });
    const onTeam = await download(server, paid.id);
    expect(onTeam.status).toBe(200);
    expect(Buffer.from(onTeam.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    const byHash = await api(server, 'GET', `/blobs/${first.sha256}`);
    expect([byHash.status, byHash.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect(Buffer.from(byHash.bytes).equals(Buffer.from(first.bytes))).toBe(true);

    const runB = await ok(b, 'POST', '/sync/runs');
    expect(runB).toMatchObject({ state: 'idle', blobs_missing: 0 });
    expect(runB.blobs_fetched).toBeGreaterThanOrEqual(1);
    const onB = await download(b, paid.id);
    expect([onB.status, onB.type]).toEqual([200, 'application/pdf']);
    expect(Buffer.from(onB.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    const fetchedByB = (await ok(b, 'GET', '/sync')).blobs_fetched;
    expect(fetchedByB).toBeGreaterThanOrEqual(runB.blobs_fetched);
    // Once: another cycle fetches nothing.
    expect(await ok(b, 'POST', '/sync/runs')).toMatchObject({ pulled: 0, blobs_fetched: 0, blobs_missing: 0 });

    // A receipt whose file the team server lost (its row removed from the server's store file).
    const second = receiptFile('lost.pdf');
    const lost = await ok(a, 'POST', '/payout-payments', { project_id: project, total_amount_cents: 500, adjustment_reason: 'Bonus', receipts: [second.upload] });
    await ok(a, 'POST', '/sync/runs');
    await server.stop();
    const file = new DatabaseSync(storePath(server.dataDir));
    expect(file.prepare('DELETE FROM blobs WHERE sha256 = ?').run(second.sha256).changes).toBe(1);
    file.close();
    server = await startServer({ dataDir: server.dataDir, env: quiet });
    for (const desk of [a, b]) await ok(desk, 'PUT', '/sync', { server_url: server.baseUrl, api_key: TEST_API_KEY });

    // A new server URL pulls everything again: the files B holds are not fetched again; the lost one stays missing.
    const missing = await ok(b, 'POST', '/sync/runs');
    expect(missing).toMatchObject({ state: 'idle', error: null, blobs_fetched: 0, blobs_missing: 1 });
    expect(missing.pulled).toBeGreaterThan(0);
    expect((await download(b, lost.id)).status).toBe(404);
    expect(await ok(b, 'POST', '/sync/runs')).toMatchObject({ pulled: 0, blobs_fetched: 0, blobs_missing: 1 });
    expect(await ok(b, 'GET', '/sync')).toMatchObject({ blobs_missing: 1, blobs_fetched: fetchedByB });

    // The same bytes uploaded again on the team server: the next cycle fetches them, verified, once.
    expect((await api(server, 'POST', `/payout-payments/${paid.id}/receipts`, { body: second.upload })).status).toBeLessThan(300);
    expect(await ok(b, 'POST', '/sync/runs')).toMatchObject({ state: 'idle', blobs_fetched: 1, blobs_missing: 0 });
    const found = await download(b, lost.id);
    expect(found.status).toBe(200);
    expect(Buffer.from(found.bytes).equals(Buffer.from(second.bytes))).toBe(true);
    expect(await ok(b, 'POST', '/sync/runs')).toMatchObject({ pulled: 0, blobs_fetched: 0, blobs_missing: 0 });
    expect(await ok(b, 'GET', '/sync')).toMatchObject({ blobs_missing: 0, blobs_fetched: fetchedByB + 1 });
  });
});
