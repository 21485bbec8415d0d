import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, TEST_API_KEY, type RunningServer } from '../support/server.ts';

/**
 * The server side of the sync protocol (SPEC §8, docs/sync.md) over HTTP against the real
 * `npm run serve`: Idempotency-Key on every mutating route and client-chosen ids on creates.
 */

type Sent = { status: number; headers: Headers; text: string; body: any };

let server: RunningServer;

async function send(method: string, path: string, options: { body?: unknown; idem?: string } = {}): Promise<Sent> {
  const headers: Record<string, string> = { Authorization: `Bearer ${TEST_API_KEY}` };
  if (options.idem) headers['Idempotency-Key'] = options.idem;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(`${server.apiUrl}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : null };
}

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
async function retryUntilAnswered(path: string, body: unknown, idem: string): Promise<Sent> {
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
