import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, runCli, startServer, TEST_API_KEY, type RunningServer } from '../support/server.ts';

/**
 * The server side of the sync protocol (SPEC §8, docs/sync.md) over HTTP against the real
 * `npm run serve`: Idempotency-Key on every mutating route and client-chosen ids on creates.
 */

let server: RunningServer;

/** A request to the server under test, with the test key. */
const send = (method: string, path: string, options: { body?: unknown; idem?: string } = {}) => api(server, method, path, options);

async function projectsNamed(name: string): Promise<any[]> {
  const listed = await send('GET', `/projects?q=${encodeURIComponent(name)}&limit=100`);
  expect(listed.status, listed.text).toBe(200);
  return listed.body.data.filter((project: { name: string }) => project.name === name);
}

/** Sends a request and closes the connection as soon as it is written: the client never sees the answer. */
function sendAndLoseAnswer(path: string, body: unknown, idem: string): Promise<void> {
  const payload = Buffer.from(JSON.stringify(body));
  const url = new URL(`${server.apiUrl}${path}`);
  return new Promise((done) => {
    const req = httpRequest({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      agent: false,
      headers: { Authorization: `Bearer ${TEST_API_KEY}`, 'Content-Type': 'application/json', 'Content-Length': payload.length, 'Idempotency-Key': idem },
    });
    req.on('error', () => done());
    req.on('finish', () => {
      req.destroy();
      done();
    });
    req.end(payload);
  });
}

/** Retries until the first attempt is no longer in flight (bounded). */
async function retryUntilAnswered(path: string, body: unknown, idem: string): ReturnType<typeof send> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await send('POST', path, { body, idem });
    if (!(response.status === 409 && response.body.error.code === 'idempotency_key_in_use')) return response;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the first attempt stayed in flight');
}

beforeAll(async () => {
  server = await startServer({ env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0' } });
});

afterAll(async () => {
  await server?.dispose();
});

describe('Idempotency-Key on routes other than payments', () => {
  it('a create whose answer was lost is answered on retry by replay, and exists once', async () => {
    const idem = randomUUID();
    const body = { name: `Lost answer ${idem.slice(0, 8)}` };
    await sendAndLoseAnswer('/projects', body, idem);
    const retried = await retryUntilAnswered('/projects', body, idem);
    expect(retried.status, retried.text).toBe(201);
    const again = await send('POST', '/projects', { body, idem });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.text).toBe(retried.text);
    const found = await projectsNamed(body.name);
    expect(found.map((project) => project.id)).toEqual([retried.body.data.id]);
  });

  it('PATCH and DELETE replay their first answer instead of acting again', async () => {
    const created = await send('POST', '/payout-methods', { body: { name: 'Zelle idem' } });
    expect(created.status, created.text).toBe(201);
    const id = created.body.data.id;
    const patchKey = randomUUID();
    const renamed = await send('PATCH', `/payout-methods/${id}`, { body: { name: 'Zelle renamed' }, idem: patchKey });
    expect(renamed.status, renamed.text).toBe(200);
    const deleteKey = randomUUID();
    const deleted = await send('DELETE', `/payout-methods/${id}`, { idem: deleteKey });
    expect(deleted.status, deleted.text).toBe(200);
    // The method is gone: without the key a second delete is not_found; with it, the first answer.
    expect((await send('DELETE', `/payout-methods/${id}`)).status).toBe(404);
    const replayed = await send('DELETE', `/payout-methods/${id}`, { idem: deleteKey });
    expect(replayed.status).toBe(200);
    expect(replayed.text).toBe(deleted.text);
    const patchReplay = await send('PATCH', `/payout-methods/${id}`, { body: { name: 'Zelle renamed' }, idem: patchKey });
    expect(patchReplay.status).toBe(200);
    expect(patchReplay.text).toBe(renamed.text);
  });

  it('the same key with another body is 422 idempotency_key_reused and changes nothing', async () => {
    const idem = randomUUID();
    const first = await send('POST', '/projects', { body: { name: 'Reuse A' }, idem });
    expect(first.status, first.text).toBe(201);
    const reused = await send('POST', '/projects', { body: { name: 'Reuse B' }, idem });
    expect(reused.status, reused.text).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    expect(await projectsNamed('Reuse B')).toEqual([]);
  });

  it('a refusal is stored and replayed; a 400 is not, so a corrected retry may reuse the key', async () => {
    const taken = await send('POST', '/payout-methods', { body: { name: 'Taken name' } });
    expect(taken.status).toBe(201);
    const idem = randomUUID();
    const refused = await send('POST', '/payout-methods', { body: { name: 'Taken name' }, idem });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('conflict_name');
    // The name is free now, yet the retry with the key gets the first answer.
    expect((await send('DELETE', `/payout-methods/${taken.body.data.id}`)).status).toBe(200);
    const replayed = await send('POST', '/payout-methods', { body: { name: 'Taken name' }, idem });
    expect(replayed.status).toBe(409);
    expect(replayed.text).toBe(refused.text);

    const fixKey = randomUUID();
    const invalid = await send('POST', '/projects', { body: { name: '' }, idem: fixKey });
    expect(invalid.status).toBe(400);
    const corrected = await send('POST', '/projects', { body: { name: 'Corrected' }, idem: fixKey });
    expect(corrected.status, corrected.text).toBe(201);
  });

  it('identical requests at once: one creates, the others replay or are 409 idempotency_key_in_use', async () => {
    const idem = randomUUID();
    const body = { name: `Together ${idem.slice(0, 8)}` };
    const answers = await Promise.all(Array.from({ length: 6 }, () => send('POST', '/projects', { body, idem })));
    for (const answer of answers) {
      if (answer.status === 409) expect(answer.body.error.code).toBe('idempotency_key_in_use');
      else expect(answer.status, answer.text).toBe(201);
    }
    expect((await projectsNamed(body.name)).length).toBe(1);
  });
});

describe('client-chosen ids on create routes', () => {
  it('creates with the client id; the same id and body again answers as the first time and creates nothing', async () => {
    const id = randomUUID();
    const body = { id, name: `Client id ${id.slice(0, 8)}`, timezone: 'Europe/Paris' };
    const created = await send('POST', '/projects', { body });
    expect(created.status, created.text).toBe(201);
    expect(created.body.data.id).toBe(id);
    const again = await send('POST', '/projects', { body: { timezone: 'Europe/Paris', name: body.name, id } });
    expect(again.status).toBe(201);
    expect(again.text).toBe(created.text);
    expect((await projectsNamed(body.name)).length).toBe(1);
  });

  it('the same id with another body is 409 conflict_id, also on another route, and changes nothing', async () => {
    const id = randomUUID();
    const created = await send('POST', '/projects', { body: { id, name: 'Conflict original' } });
    expect(created.status, created.text).toBe(201);
    const other = await send('POST', '/projects', { body: { id, name: 'Conflict other' } });
    expect(other.status, other.text).toBe(409);
    expect(other.body.error.code).toBe('conflict_id');
    expect(await projectsNamed('Conflict other')).toEqual([]);
    const stored = await send('GET', `/projects/${id}`);
    expect(stored.body.data.name).toBe('Conflict original');
    const creator = await send('POST', '/creators', { body: { id, name: 'Same id, other kind' } });
    expect(creator.status, creator.text).toBe(201);
  });

  it('an id stays taken after what it created was deleted', async () => {
    const id = randomUUID();
    const body = { id, name: 'Short-lived method' };
    expect((await send('POST', '/payout-methods', { body })).status).toBe(201);
    expect((await send('DELETE', `/payout-methods/${id}`)).status).toBe(200);
    const other = await send('POST', '/payout-methods', { body: { id, name: 'Another method' } });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('conflict_id');
    const listed = await send('GET', '/payout-methods?limit=100');
    expect(listed.body.data.map((row: { id: string }) => row.id)).not.toContain(id);
  });

  it('refuses an id that is not a lowercase UUID', async () => {
    const refused = await send('POST', '/projects', { body: { id: randomUUID().toUpperCase(), name: 'Upper' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid_body');
    expect(refused.body.meta.errors[0].path).toBe('id');
  });
});

/** Two more servers that build the same ledger with client-chosen ids (SPEC §8: both sides use the same ids). */
describe('GET /changes and GET /ledger-digest', () => {
  const AS_OF = '2026-10-05T00:00:00.000Z';
  const ids = { project: randomUUID(), ada: randomUUID(), bo: randomUUID(), structure: randomUUID(), payment: randomUUID(), method: randomUUID() };
  let a: RunningServer;
  let b: RunningServer;

  const on = (target: RunningServer, method: string, path: string, body?: unknown, idem?: string) =>
    api(target, method, path, { ...(body !== undefined && { body }), ...(idem && { idem }) });

  async function ok(target: RunningServer, method: string, path: string, body?: unknown, idem?: string): Promise<any> {
    const response = await on(target, method, path, body, idem);
    expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
    return response.body;
  }

  async function buildLedger(target: RunningServer): Promise<void> {
    await ok(target, 'POST', '/projects', { id: ids.project, name: 'Launch', timezone: 'UTC' });
    await ok(target, 'POST', '/creators', { id: ids.ada, name: 'Ada', handle: '@ada' });
    await ok(target, 'POST', '/creators', { id: ids.bo, name: 'Bo', handle: '@bo' });
    await ok(target, 'POST', `/projects/${ids.project}/creators`, { creator_ids: [ids.ada, ids.bo] });
    await ok(target, 'POST', '/payout-structures', { id: ids.structure, project_id: ids.project, name: 'Weekly', currency: 'USD', period: 'weekly', amount_cents: 5000, criteria_type: 'recurring', criteria_params: {}, proration_mode: 'skip' });
    await ok(target, 'POST', `/payout-structures/${ids.structure}/assignments`, { creator_ids: [ids.ada, ids.bo], assigned_at: '2026-08-03T00:00:00.000Z' });
    await ok(target, 'POST', '/accrual-runs', { as_of: AS_OF });
  }

  async function digest(target: RunningServer): Promise<any> {
    return (await ok(target, 'GET', `/ledger-digest?project_id=${ids.project}`)).data;
  }

  async function allChanges(target: RunningServer, limit: number, cursor?: string): Promise<{ changes: any[]; pages: number; cursor: string }> {
    const changes: any[] = [];
    let pages = 0;
    let next = cursor;
    for (;;) {
      const page = await ok(target, 'GET', `/changes?limit=${limit}${next ? `&cursor=${next}` : ''}`);
      pages++;
      expect(page.data.length).toBeLessThanOrEqual(limit);
      expect(typeof page.meta.next_cursor).toBe('string');
      changes.push(...page.data);
      next = page.meta.next_cursor;
      if (!page.meta.has_more) break;
      expect(pages).toBeLessThan(1000);
    }
    return { changes, pages, cursor: next as string };
  }

  beforeAll(async () => {
    [a, b] = await Promise.all([startServer({ env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0' } }), startServer({ env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0' } })]);
    await Promise.all([buildLedger(a), buildLedger(b)]);
  });

  afterAll(async () => {
    await Promise.all([a?.dispose(), b?.dispose()]);
  });

  it('the digest is equal for two stores with the same ledger, differs after a payment, and is equal again once both have it', async () => {
    const before = [await digest(a), await digest(b)];
    expect(before[0].digest).toMatch(/^[0-9a-f]{64}$/);
    expect(before[0].accruals).toBe(18);
    expect(before[0].payments).toBe(0);
    expect(before[1].digest).toBe(before[0].digest);

    const accruals = (await ok(a, 'GET', `/payout-accruals?project_id=${ids.project}&creator_id=${ids.ada}&limit=2`)).data;
    const payment = { id: ids.payment, project_id: ids.project, creator_id: ids.ada, total_amount_cents: 10500, accrual_ids: accruals.map((row: { id: string }) => row.id), adjustment_reason: 'bonus' };
    await ok(a, 'POST', '/payout-payments', payment, randomUUID());
    const paidOnA = await digest(a);
    expect(paidOnA.payments).toBe(1);
    expect(paidOnA.digest).not.toBe(before[0].digest);
    expect((await digest(b)).digest).toBe(before[1].digest);

    await ok(b, 'POST', '/payout-payments', payment, randomUUID());
    expect((await digest(b)).digest).toBe(paidOnA.digest);
  });

  it('the digest of an unknown project is not_found', async () => {
    const missing = await on(a, 'GET', `/ledger-digest?project_id=${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });

  it('pages through every document in commit order, whole, with a deletion as a tombstone and documents of the same millisecond each once', async () => {
    await ok(a, 'POST', '/payout-methods', { id: ids.method, name: 'Zelle' });
    await ok(a, 'DELETE', `/payout-methods/${ids.method}`);
    const { changes, pages } = await allChanges(a, 4);
    expect(pages).toBeGreaterThan(2);
    const keys = changes.map((change) => `${change.collection}/${change.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(changes.some((change) => change.collection === 'commands')).toBe(false);

    const position = (collection: string, id: string) => keys.indexOf(`${collection}/${id}`);
    // Commit order: what was written later comes later.
    expect(position('creators', ids.ada)).toBeLessThan(position('payout_structures', ids.structure));
    expect(position('payout_structures', ids.structure)).toBeLessThan(position('payments', ids.payment));

    const project = changes[position('projects', ids.project)];
    expect(project).toMatchObject({ deleted: false, document: { id: ids.project, name: 'Launch', timezone: 'UTC' } });
    expect(Object.keys(project.document).some((field) => field.startsWith('_'))).toBe(false);

    // The deleted method: one tombstone, last, and no document of it.
    expect(changes[changes.length - 1]).toEqual({ collection: 'payout_methods', id: ids.method, deleted: true });

    // One run wrote every accrual in the same millisecond; the feed has each once, across pages.
    const listed = [
      ...(await ok(a, 'GET', `/payout-accruals?project_id=${ids.project}&limit=100`)).data,
    ].map((row: { id: string }) => row.id);
    const fed = changes.filter((change) => change.collection === 'accruals');
    expect(fed.map((change) => change.id).sort()).toEqual([...listed].sort());
    const stamps = new Set(fed.map((change) => change.document.created_at));
    expect(stamps.size).toBe(1);
    expect(fed.length).toBeGreaterThan(4);
    const paid = fed.filter((change) => change.document.status === 'paid');
    expect(paid.map((change) => change.document.payment_id)).toEqual([ids.payment, ids.payment]);
  });

  it('the cursor is monotonic: from the end, only what is written next', async () => {
    const end = await allChanges(a, 1000);
    const empty = await ok(a, 'GET', `/changes?cursor=${end.cursor}`);
    expect(empty.data).toEqual([]);
    expect(empty.meta).toMatchObject({ has_more: false, next_cursor: end.cursor });
    await ok(a, 'PATCH', `/creators/${ids.bo}`, { name: 'Bo Renamed' });
    const next = await allChanges(a, 1000, end.cursor);
    expect(next.changes).toHaveLength(1);
    expect(next.changes[0]).toMatchObject({ collection: 'creators', id: ids.bo, deleted: false, document: { name: 'Bo Renamed' } });
  });

  it('a bad cursor or limit is invalid_query', async () => {
    for (const query of ['cursor=nope', `cursor=${Buffer.from('["x"]').toString('base64url')}`, `cursor=${Buffer.from('[-1]').toString('base64url')}`, 'limit=0', 'limit=1001', 'since=1']) {
      const refused = await on(a, 'GET', `/changes?${query}`);
      expect(refused.status, query).toBe(400);
      expect(refused.body.error.code, query).toBe('invalid_query');
    }
  });
});

describe('one key per team member', () => {
  it('a key made with keys create --name "Dana" is the actor of what it does, by name, in GET /activity', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'payouts-test-sync-keys-'));
    let team: RunningServer | undefined;
    try {
      const created = await runCli(dataDir, ['keys', 'create', '--name', 'Dana']);
      expect(created.code, created.stderr).toBe(0);
      const key = /\b(tga_[0-9A-Za-z]{32})\b/.exec(created.stdout)?.[1] as string;
      expect(key).toBeDefined();
      team = await startServer({ dataDir, env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0' } });
      const headers = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() };
      const project = await fetch(`${team.apiUrl}/projects`, { method: 'POST', headers, body: JSON.stringify({ id: randomUUID(), name: 'Dana project' }) });
      expect(project.status).toBe(201);
      const log = await fetch(`${team.apiUrl}/activity?limit=1`, { headers: { Authorization: `Bearer ${TEST_API_KEY}` } });
      const [latest] = ((await log.json()) as { data: any[] }).data;
      expect(latest).toMatchObject({ actor_name: 'Dana', method: 'POST', path: '/projects', status: 201 });
      expect(latest.actor).toMatch(/^key:[0-9a-f-]{36}$/);
      const byName = ((await (await fetch(`${team.apiUrl}/activity?actor=dana`, { headers: { Authorization: `Bearer ${TEST_API_KEY}` } })).json()) as { data: any[] }).data;
      expect(byName.map((item) => item.path)).toEqual(['/projects']);
    } finally {
      await team?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
