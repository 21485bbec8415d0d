import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startServer, type RunningServer } from '../support/server.ts';

/**
 * Contract of /api/v1/payout-methods as a client sees it over HTTP (seed 000 "Payout Methods",
 * SPEC §2 and §4): status, envelope and the state a later GET observes.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SEED_FIELDS = ['id', 'org_id', 'name', 'icon_url', 'is_default', 'is_active', 'metadata', 'readme', 'created_at'];
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.dispose();
});

async function list(query = ''): Promise<any[]> {
  const response = await api(server, 'GET', `/payout-methods${query}`);
  expect(response.status).toBe(200);
  expect(response.body.error).toBeNull();
  return response.body.data;
}

async function listAll(): Promise<any[]> {
  return list('?include_disabled=1&limit=100');
}

async function create(body: Record<string, unknown>): Promise<any> {
  const response = await api(server, 'POST', '/payout-methods', { body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.data;
}

async function get(id: string): Promise<any> {
  const response = await api(server, 'GET', `/payout-methods/${id}`);
  expect(response.status).toBe(200);
  return response.body.data;
}

async function byName(name: string): Promise<any> {
  const found = (await listAll()).find((row) => row.name === name);
  expect(found, `method ${name}`).toBeDefined();
  return found;
}

function expectError(response: { status: number; body: any }, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.data).toBeNull();
  expect(response.body.error.code).toBe(code);
  expect(typeof response.body.error.message).toBe('string');
  expect(response.body.error.message.length).toBeGreaterThan(0);
  expect(typeof response.body.meta).toBe('object');
  expect(response.body.meta).not.toBeNull();
}

function errorPaths(response: { body: any }): string[] {
  expect(Array.isArray(response.body.meta.errors)).toBe(true);
  for (const issue of response.body.meta.errors) {
    expect(typeof issue.path).toBe('string');
    expect(typeof issue.message).toBe('string');
  }
  return response.body.meta.errors.map((issue: { path: string }) => issue.path);
}

function expectMethodRow(row: any): void {
  for (const field of SEED_FIELDS) expect(row, `field ${field}`).toHaveProperty(field);
  expect(row.id).toMatch(UUID);
  expect(row.org_id).toMatch(UUID);
  expect(row.created_at).toMatch(ISO_MS);
  expect(typeof row.name).toBe('string');
  expect(typeof row.is_default).toBe('boolean');
  expect(typeof row.is_active).toBe('boolean');
  expect(row.icon_url === null || typeof row.icon_url === 'string').toBe(true);
  expect(row.readme === null || typeof row.readme === 'string').toBe(true);
  expect(typeof row.metadata).toBe('object');
  expect(row.metadata).not.toBeNull();
  expect(Array.isArray(row.metadata)).toBe(false);
}

describe('GET /payout-methods on a fresh install', () => {
  it('lists the defaults Venmo, Cash App, PayPal in that order, all default and active', async () => {
    const response = await api(server, 'GET', '/payout-methods');
    expect(response.status).toBe(200);
    expect(response.body.error).toBeNull();
    expect(response.body.data.map((row: any) => row.name)).toEqual(['Venmo', 'Cash App', 'PayPal']);
    for (const row of response.body.data) {
      expectMethodRow(row);
      expect(row.is_default).toBe(true);
      expect(row.is_active).toBe(true);
      expect(row.metadata).toEqual({});
      expect(row.readme).toBeNull();
      expect(row.icon_url).toBeNull();
    }
    expect(new Set(response.body.data.map((row: any) => row.org_id)).size).toBe(1);
    expect(new Set(response.body.data.map((row: any) => row.id)).size).toBe(3);
    expect(response.body.meta.has_more).toBe(false);
    expect(response.body.meta.next_cursor).toBeNull();
  });
});

describe('POST /payout-methods', () => {
  it('creates a custom method: 201 with every response field of the seed', async () => {
    const [venmo] = await list();
    const response = await api(server, 'POST', '/payout-methods', { body: { name: 'Zelle' } });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body.error).toBeNull();
    const row = response.body.data;
    expectMethodRow(row);
    expect(row).toMatchObject({
      name: 'Zelle',
      org_id: venmo.org_id,
      is_default: false,
      is_active: true,
      metadata: {},
      readme: null,
      icon_url: null,
    });
    expect(await get(row.id)).toEqual(row);
    const names = (await list()).map((method) => method.name);
    expect(names).toEqual(['Venmo', 'Cash App', 'PayPal', 'Zelle']);
  });

  it('stores icon_path, metadata and readme and returns them on later reads', async () => {
    const metadata = {
      external_id: 'wise-42',
      fees: { percent: 1.5, fixed_cents: 30 },
      regions: ['US', 'EU'],
      verified: true,
      note: null,
      label: 'Überweisung ✓',
    };
    const readme = '# Wise\n\n- pay **weekly**\n- `USD` only\n';
    const row = await create({ name: 'Wise', icon_path: 'icons/wise.png', metadata, readme });
    expect(row.metadata).toEqual(metadata);
    expect(row.readme).toBe(readme);
    expect(typeof row.icon_url).toBe('string');
    expect(row.icon_url).toContain('wise.png');
    const fetched = await get(row.id);
    expect(fetched).toEqual(row);
    expect((await listAll()).find((method) => method.id === row.id)).toEqual(row);
  });

  it('accepts a name of exactly 100 characters', async () => {
    const name = `M${'x'.repeat(99)}`;
    const row = await create({ name });
    expect(row.name).toBe(name);
    expect((await get(row.id)).name).toBe(name);
  });

  it.each([
    ['missing name', {}],
    ['empty name', { name: '' }],
    ['whitespace name', { name: '   \t ' }],
    ['name of 101 characters', { name: 'n'.repeat(101) }],
    ['name that is not a string', { name: 123 }],
    ['null name', { name: null }],
  ])('rejects %s with 400 invalid_body on path "name", creating nothing', async (_label, body) => {
    const before = await listAll();
    const response = await api(server, 'POST', '/payout-methods', { body });
    expectError(response, 400, 'invalid_body');
    expect(errorPaths(response)).toContain('name');
    expect(await listAll()).toEqual(before);
  });

  it.each([
    ['an unknown field', { name: 'Payoneer', color: 'blue' }, 'color'],
    ['is_default (not settable by clients)', { name: 'Payoneer', is_default: true }, 'is_default'],
  ])('rejects %s with 400 invalid_body naming it', async (_label, body, field) => {
    const before = await listAll();
    const response = await api(server, 'POST', '/payout-methods', { body });
    expectError(response, 400, 'invalid_body');
    const issues = JSON.stringify(response.body.meta.errors);
    expect(issues).toContain(field);
    expect(await listAll()).toEqual(before);
  });

  it.each([
    ['metadata that is an array', { name: 'Payoneer', metadata: ['a'] }, 'metadata'],
    ['metadata that is a string', { name: 'Payoneer', metadata: 'x' }, 'metadata'],
    ['readme that is a number', { name: 'Payoneer', readme: 5 }, 'readme'],
    ['icon_path that is a number', { name: 'Payoneer', icon_path: 5 }, 'icon_path'],
  ])('rejects %s with 400 invalid_body on that path', async (_label, body, path) => {
    const response = await api(server, 'POST', '/payout-methods', { body });
    expectError(response, 400, 'invalid_body');
    expect(errorPaths(response)).toContain(path);
  });

  it('rejects a missing body and a JSON body that is not an object with 400 invalid_body', async () => {
    const before = await listAll();
    const empty = await api(server, 'POST', '/payout-methods');
    expectError(empty, 400, 'invalid_body');
    expect(errorPaths(empty).length).toBeGreaterThan(0);
    const array = await api(server, 'POST', '/payout-methods', { body: [{ name: 'Payoneer' }] });
    expectError(array, 400, 'invalid_body');
    expect(errorPaths(array).length).toBeGreaterThan(0);
    expect(await listAll()).toEqual(before);
  });

  it.each([' zelle ', 'ZELLE', 'zelle'])('refuses %j with 409 conflict_name when "Zelle" exists', async (name) => {
    const response = await api(server, 'POST', '/payout-methods', { body: { name } });
    expectError(response, 409, 'conflict_name');
    const zelles = (await listAll()).filter((row) => row.name.trim().toLowerCase() === 'zelle');
    expect(zelles).toHaveLength(1);
  });

  it('refuses the name of a default method, case-insensitively', async () => {
    const response = await api(server, 'POST', '/payout-methods', { body: { name: 'cash app' } });
    expectError(response, 409, 'conflict_name');
    expect((await listAll()).filter((row) => row.name.toLowerCase() === 'cash app')).toHaveLength(1);
  });
});

describe('GET /payout-methods/{id}', () => {
  it('returns the row seen in the list', async () => {
    for (const row of await listAll()) expect(await get(row.id)).toEqual(row);
  });

  it('answers 404 not_found for an unknown uuid', async () => {
    expectError(await api(server, 'GET', `/payout-methods/${UNKNOWN_ID}`), 404, 'not_found');
  });

  it.each(['not-a-uuid', '123', 'zelle'])('answers 404 not_found for the non-uuid id %j', async (id) => {
    expectError(await api(server, 'GET', `/payout-methods/${id}`), 404, 'not_found');
  });
});

describe('PATCH /payout-methods/{id}', () => {
  it('renames a method and keeps its id and created_at', async () => {
    const row = await create({ name: 'Payoneer' });
    const response = await api(server, 'PATCH', `/payout-methods/${row.id}`, { body: { name: 'Payoneer Business' } });
    expect(response.status).toBe(200);
    expect(response.body.error).toBeNull();
    expect(response.body.data).toMatchObject({ id: row.id, name: 'Payoneer Business', created_at: row.created_at, is_default: false });
    const fetched = await get(row.id);
    expect(fetched).toEqual(response.body.data);
    const names = (await listAll()).map((method) => method.name);
    expect(names).toContain('Payoneer Business');
    expect(names).not.toContain('Payoneer');
  });

  it('lets a method change the case of its own name', async () => {
    const row = await byName('Payoneer Business');
    const response = await api(server, 'PATCH', `/payout-methods/${row.id}`, { body: { name: 'PAYONEER Business' } });
    expect(response.status).toBe(200);
    expect((await get(row.id)).name).toBe('PAYONEER Business');
  });

  it('refuses a rename onto another method\'s name with 409 conflict_name and keeps the old name', async () => {
    const row = await byName('PAYONEER Business');
    for (const name of ['zelle', ' Venmo ', 'WISE']) {
      const response = await api(server, 'PATCH', `/payout-methods/${row.id}`, { body: { name } });
      expectError(response, 409, 'conflict_name');
    }
    expect((await get(row.id)).name).toBe('PAYONEER Business');
  });

  it('updates is_active, icon_path, metadata and readme one at a time', async () => {
    const row = await create({ name: 'Revolut', metadata: { a: 1 }, readme: 'first' });

    let response = await api(server, 'PATCH', `/payout-methods/${row.id}`, { body: { is_active: false } });
    expect(response.status).toBe(200);
    expect((await get(row.id)).is_active).toBe(false);

    response = await api(server, 'PATCH', `/payout-methods/${row.id}`, { body: { icon_path: 'icons/revolut.svg' } });
    expect(response.status).toBe(200);
    expect((await get(row.id)).icon_url).toContain('revolut.svg');

    response = await api(server, 'PATCH', `/payout-methods/${row.id}`, { body: { metadata: { b: { c: [1, 2] } } } });
    expect(response.status).toBe(200);
    expect((await get(row.id)).metadata).toEqual({ b: { c: [1, 2] } });

    response = await api(server, 'PATCH', `/payout-methods/${row.id}`, { body: { readme: '## Updated\n' } });
    expect(response.status).toBe(200);
    expect((await get(row.id)).readme).toBe('## Updated\n');

    response = await api(server, 'PATCH', `/payout-methods/${row.id}`, { body: { readme: null, icon_path: null } });
    expect(response.status).toBe(200);

    response = await api(server, 'PATCH', `/payout-methods/${row.id}`, { body: { is_active: true } });
    expect(response.status).toBe(200);

    const final = await get(row.id);
    expect(final).toMatchObject({
      id: row.id,
      name: 'Revolut',
      created_at: row.created_at,
      is_default: false,
      is_active: true,
      icon_url: null,
      metadata: { b: { c: [1, 2] } },
      readme: null,
    });
  });

  it('requires at least one field: {} → 400 invalid_body', async () => {
    const row = await byName('Revolut');
    const response = await api(server, 'PATCH', `/payout-methods/${row.id}`, { body: {} });
    expectError(response, 400, 'invalid_body');
    expect(errorPaths(response).length).toBeGreaterThan(0);
    expect(await get(row.id)).toEqual(row);
  });

  it.each([
    ['empty name', { name: '' }, 'name'],
    ['name of 101 characters', { name: 'r'.repeat(101) }, 'name'],
    ['is_active as a string', { is_active: 'false' }, 'is_active'],
    ['metadata as an array', { metadata: [] }, 'metadata'],
  ])('rejects %s with 400 invalid_body on that path and changes nothing', async (_label, body, path) => {
    const row = await byName('Revolut');
    const response = await api(server, 'PATCH', `/payout-methods/${row.id}`, { body });
    expectError(response, 400, 'invalid_body');
    expect(errorPaths(response)).toContain(path);
    expect(await get(row.id)).toEqual(row);
  });

  it.each([
    ['an unknown field', { nickname: 'x' }, 'nickname'],
    ['is_default', { is_default: true }, 'is_default'],
  ])('rejects %s with 400 invalid_body and changes nothing', async (_label, body, field) => {
    const row = await byName('Revolut');
    const response = await api(server, 'PATCH', `/payout-methods/${row.id}`, { body });
    expectError(response, 400, 'invalid_body');
    expect(JSON.stringify(response.body.meta.errors)).toContain(field);
    expect(await get(row.id)).toEqual(row);
  });

  it('answers 404 not_found for an unknown uuid and a non-uuid id', async () => {
    expectError(await api(server, 'PATCH', `/payout-methods/${UNKNOWN_ID}`, { body: { name: 'Ghost' } }), 404, 'not_found');
    expectError(await api(server, 'PATCH', '/payout-methods/ghost', { body: { name: 'Ghost' } }), 404, 'not_found');
    expect((await listAll()).map((row) => row.name)).not.toContain('Ghost');
  });

  it('disables and re-enables a default method; disabled methods are hidden unless include_disabled', async () => {
    const venmo = await byName('Venmo');
    const disabled = await api(server, 'PATCH', `/payout-methods/${venmo.id}`, { body: { is_active: false } });
    expect(disabled.status).toBe(200);
    expect(disabled.body.data).toMatchObject({ id: venmo.id, name: 'Venmo', is_default: true, is_active: false });

    for (const query of ['', '?include_disabled=0', '?include_disabled=false']) {
      expect((await list(query)).map((row) => row.name), query).not.toContain('Venmo');
    }
    for (const query of ['?include_disabled=1', '?include_disabled=true']) {
      const rows = await list(query);
      expect(rows.find((row) => row.name === 'Venmo'), query).toMatchObject({ id: venmo.id, is_active: false, is_default: true });
    }
    expect((await get(venmo.id)).is_active).toBe(false);

    const enabled = await api(server, 'PATCH', `/payout-methods/${venmo.id}`, { body: { is_active: true } });
    expect(enabled.status).toBe(200);
    const rows = await list();
    expect(rows[0]).toMatchObject({ id: venmo.id, name: 'Venmo', is_active: true, is_default: true });
  });

  it('keeps a disabled custom method\'s name taken', async () => {
    const row = await create({ name: 'Skrill' });
    expect((await api(server, 'PATCH', `/payout-methods/${row.id}`, { body: { is_active: false } })).status).toBe(200);
    expect((await list()).map((method) => method.name)).not.toContain('Skrill');
    expectError(await api(server, 'POST', '/payout-methods', { body: { name: 'skrill' } }), 409, 'conflict_name');
  });

  it('rejects include_disabled values other than 1 | true | 0 | false with 400 invalid_query', async () => {
    const response = await api(server, 'GET', '/payout-methods?include_disabled=yes');
    expectError(response, 400, 'invalid_query');
    expect(errorPaths(response)).toContain('include_disabled');
  });
});

describe('DELETE /payout-methods/{id}', () => {
  it('deletes a custom method: 200, then 404 and gone from every list', async () => {
    const row = await create({ name: 'Paysend' });
    const response = await api(server, 'DELETE', `/payout-methods/${row.id}`);
    expect(response.status).toBe(200);
    expect(response.body.error).toBeNull();
    expect(response.body.data).toMatchObject({ id: row.id });
    expectError(await api(server, 'GET', `/payout-methods/${row.id}`), 404, 'not_found');
    expect((await listAll()).map((method) => method.id)).not.toContain(row.id);
    expectError(await api(server, 'DELETE', `/payout-methods/${row.id}`), 404, 'not_found');
  });

  it('frees the name of a deleted method', async () => {
    const zelle = await byName('Zelle');
    expect((await api(server, 'DELETE', `/payout-methods/${zelle.id}`)).status).toBe(200);
    const again = await create({ name: 'zelle' });
    expect(again.id).not.toBe(zelle.id);
    expect((await get(again.id)).name).toBe('zelle');
  });

  it.each(['Venmo', 'Cash App', 'PayPal'])('refuses to delete the default %s with 409 default_method; it stays', async (name) => {
    const before = await byName(name);
    expectError(await api(server, 'DELETE', `/payout-methods/${before.id}`), 409, 'default_method');
    expect(await get(before.id)).toEqual(before);
    expect((await list()).map((row) => row.id)).toContain(before.id);
  });

  it('answers 404 not_found for an unknown uuid and a non-uuid id', async () => {
    const before = await listAll();
    expectError(await api(server, 'DELETE', `/payout-methods/${UNKNOWN_ID}`), 404, 'not_found');
    expectError(await api(server, 'DELETE', '/payout-methods/venmo'), 404, 'not_found');
    expect(await listAll()).toEqual(before);
  });
});

describe('pagination of GET /payout-methods', () => {
  async function walk(query: string, limit: number): Promise<any[]> {
    const seen: any[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const params = new URLSearchParams(query);
      params.set('limit', String(limit));
      if (cursor !== null) params.set('cursor', cursor);
      const response = await api(server, 'GET', `/payout-methods?${params}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const { data, meta } = response.body;
      expect(data.length).toBeLessThanOrEqual(limit);
      seen.push(...data);
      if (!meta.has_more) {
        expect(meta.next_cursor).toBeNull();
        return seen;
      }
      expect(data.length).toBe(limit);
      expect(typeof meta.next_cursor).toBe('string');
      cursor = meta.next_cursor;
    }
    throw new Error('pagination did not end within 100 pages');
  }

  beforeAll(async () => {
    for (const name of ['Page A', 'Page B', 'Page C', 'Page D']) await create({ name });
    const d = await byName('Page D');
    expect((await api(server, 'PATCH', `/payout-methods/${d.id}`, { body: { is_active: false } })).status).toBe(200);
  });

  it('walks every active method exactly once with limit=2, in list order', async () => {
    const full = await list('?limit=100');
    expect(full.length).toBeGreaterThan(6);
    const walked = await walk('', 2);
    expect(walked.map((row) => row.id)).toEqual(full.map((row) => row.id));
    expect(new Set(walked.map((row) => row.id)).size).toBe(walked.length);
    expect(walked.map((row) => row.name)).not.toContain('Page D');
  });

  it('walks every method, disabled ones included, with include_disabled=1', async () => {
    const full = await listAll();
    const walked = await walk('include_disabled=1', 2);
    expect(walked).toEqual(full);
    expect(walked.map((row) => row.name)).toContain('Page D');
    expect(walked.map((row) => row.name)).toContain('Skrill');
  });

  it('answers the first page with has_more and a cursor, and limit=1 pages one by one', async () => {
    const full = await list('?limit=100');
    const first = await api(server, 'GET', '/payout-methods?limit=1');
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual([full[0]]);
    expect(first.body.meta.has_more).toBe(true);
    const second = await api(server, 'GET', `/payout-methods?limit=1&cursor=${encodeURIComponent(first.body.meta.next_cursor)}`);
    expect(second.status).toBe(200);
    expect(second.body.data).toEqual([full[1]]);
    expect(await walk('', 1)).toEqual(full);
  });

  it('keeps walking correctly when a method is created mid-walk', async () => {
    const first = await api(server, 'GET', '/payout-methods?limit=2');
    expect(first.body.meta.has_more).toBe(true);
    const created = await create({ name: 'Page E' });
    const seen = [...first.body.data];
    let cursor: string | null = first.body.meta.next_cursor;
    while (cursor !== null) {
      const response = await api(server, 'GET', `/payout-methods?limit=2&cursor=${encodeURIComponent(cursor)}`);
      expect(response.status).toBe(200);
      seen.push(...response.body.data);
      cursor = response.body.meta.next_cursor;
    }
    const ids = seen.map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual((await list('?limit=100')).map((row) => row.id));
    expect(ids).toContain(created.id);
  });

  it('answers a single last page with has_more false and next_cursor null', async () => {
    const response = await api(server, 'GET', '/payout-methods?limit=100');
    expect(response.status).toBe(200);
    expect(response.body.meta.has_more).toBe(false);
    expect(response.body.meta.next_cursor).toBeNull();
  });

  it.each(['0', '101', 'abc', '-1', '1.5', ''])('rejects limit=%j with 400 invalid_query on path "limit"', async (limit) => {
    const response = await api(server, 'GET', `/payout-methods?limit=${limit}`);
    expectError(response, 400, 'invalid_query');
    expect(errorPaths(response)).toContain('limit');
  });

  it.each([
    ['garbage', 'garbage'],
    ['not base64', '!!!'],
    ['empty', ''],
    ['a well-formed cursor of another shape', Buffer.from('[1]').toString('base64url')],
  ])('rejects a bad cursor (%s) with 400 invalid_query', async (_label, cursor) => {
    const response = await api(server, 'GET', `/payout-methods?cursor=${encodeURIComponent(cursor)}`);
    expectError(response, 400, 'invalid_query');
    expect(errorPaths(response).length).toBeGreaterThan(0);
  });

  it('rejects an unknown query parameter with 400 invalid_query naming it', async () => {
    const response = await api(server, 'GET', '/payout-methods?sort=name');
    expectError(response, 400, 'invalid_query');
    expect(errorPaths(response).length).toBeGreaterThan(0);
    expect(JSON.stringify(response.body.meta.errors)).toContain('sort');
  });
});
