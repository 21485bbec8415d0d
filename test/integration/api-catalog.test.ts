import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startServer, type RunningServer } from '../support/server.ts';

/**
 * Contract of the catalog over HTTP (SPEC §3): projects, creators and their project membership,
 * videos with their view snapshots, and creator goals. Each test asserts what a client observes:
 * status, envelope, `meta.errors[].path`, and the state a later GET returns.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const FUTURE = '2099-01-01T00:00:00.000Z';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0' } });
});

afterAll(async () => {
  await server?.dispose();
});

type Response = { status: number; body: any };

function expectError(response: Response, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.data).toBeNull();
  expect(response.body.error.code).toBe(code);
  expect(typeof response.body.error.message).toBe('string');
  expect(response.body.error.message.length).toBeGreaterThan(0);
  expect(typeof response.body.meta).toBe('object');
  expect(response.body.meta).not.toBeNull();
}

function errorPaths(response: Response): string[] {
  expect(Array.isArray(response.body.meta.errors), JSON.stringify(response.body)).toBe(true);
  for (const issue of response.body.meta.errors) {
    expect(typeof issue.path).toBe('string');
    expect(typeof issue.message).toBe('string');
  }
  return response.body.meta.errors.map((issue: { path: string }) => issue.path);
}

function expectInvalid(response: Response, path: string, code: 'invalid_body' | 'invalid_query' = 'invalid_body'): void {
  expectError(response, 400, code);
  expect(errorPaths(response)).toContain(path);
}

async function ok(method: string, path: string, body?: unknown, status = 200): Promise<any> {
  const response = await api(server, method, path, body === undefined ? {} : { body });
  expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBe(status);
  expect(response.body.error).toBeNull();
  return response.body.data;
}

const createProject = (body: Record<string, unknown>) => ok('POST', '/projects', body, 201);
const createCreator = (body: Record<string, unknown>) => ok('POST', '/creators', body, 201);
const createVideo = (body: Record<string, unknown>) => ok('POST', '/videos', body, 201);
const createGoal = (body: Record<string, unknown>) => ok('POST', '/creator-goals', body, 201);

async function addMembers(projectId: string, creatorIds: string[]): Promise<any> {
  return ok('POST', `/projects/${projectId}/creators`, { creator_ids: creatorIds });
}

/** Every row of a list, read page by page with `limit`, checking the cursor contract on the way. */
async function walk(path: string, query: Record<string, string>, limit: number): Promise<any[]> {
  const seen: any[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 200; page++) {
    const params = new URLSearchParams(query);
    params.set('limit', String(limit));
    if (cursor !== null) params.set('cursor', cursor);
    const response = await api(server, 'GET', `${path}?${params}`);
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
  throw new Error('pagination did not end within 200 pages');
}

async function list(path: string, query: Record<string, string> = {}): Promise<any[]> {
  const params = new URLSearchParams({ limit: '100', ...query });
  const response = await api(server, 'GET', `${path}?${params}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.body.error).toBeNull();
  expect(response.body.meta.has_more).toBe(false);
  return response.body.data;
}

function ids(rows: { id: string }[]): string[] {
  return rows.map((row) => row.id);
}

/** The same ids in any order (rows created within one millisecond are ordered by id). */
function sorted(values: string[]): string[] {
  return [...values].sort();
}

async function methodId(name: string): Promise<string> {
  const methods = await list('/payout-methods', { include_disabled: '1' });
  const found = methods.find((method) => method.name === name);
  expect(found, name).toBeDefined();
  return found.id;
}

describe('projects', () => {
  it('creates a project with timezone UTC by default: 201 with the full row, equal to a later GET', async () => {
    const response = await api(server, 'POST', '/projects', { body: { name: 'Launch Alpha' } });
    expect(response.status).toBe(201);
    expect(response.body.error).toBeNull();
    const row = response.body.data;
    expect(Object.keys(row).sort()).toEqual(['created_at', 'id', 'metadata', 'min_payout_cents', 'name', 'org_id', 'readme', 'timezone', 'updated_at']);
    expect(row).toMatchObject({ name: 'Launch Alpha', timezone: 'UTC', metadata: {}, readme: null });
    expect(row.id).toMatch(UUID);
    expect(row.org_id).toMatch(UUID);
    expect(row.created_at).toMatch(ISO_MS);
    expect(row.updated_at).toMatch(ISO_MS);
    expect(await ok('GET', `/projects/${row.id}`)).toEqual(row);
  });

  it('stores an IANA timezone, metadata and readme', async () => {
    const metadata = { owner: 'growth', budget: { cents: 500000 } };
    const row = await createProject({ name: 'Launch NYC', timezone: 'America/New_York', metadata, readme: '# NYC\n' });
    expect(row).toMatchObject({ timezone: 'America/New_York', metadata, readme: '# NYC\n' });
    expect(await ok('GET', `/projects/${row.id}`)).toEqual(row);
  });

  it.each([
    ['an unknown zone', 'Mars/Olympus'],
    ['a zone with a space', 'America/New York'],
    ['an empty string', ''],
    ['a UTC offset', '+05:00'],
    ['a number', 5],
  ])('refuses %s as timezone with 400 invalid_body on path "timezone", creating nothing', async (_label, timezone) => {
    const before = await list('/projects');
    expectInvalid(await api(server, 'POST', '/projects', { body: { name: 'Bad zone', timezone } }), 'timezone');
    expect(await list('/projects')).toEqual(before);
  });

  it.each([
    ['missing name', {}, 'name'],
    ['blank name', { name: '   ' }, 'name'],
    ['name of 201 characters', { name: 'p'.repeat(201) }, 'name'],
    ['metadata that is an array', { name: 'X', metadata: [1] }, 'metadata'],
    ['an unknown field', { name: 'X', color: 'red' }, 'color'],
  ])('refuses %s with 400 invalid_body on path %j', async (_label, body, path) => {
    const before = await list('/projects');
    expectInvalid(await api(server, 'POST', '/projects', { body }), path as string);
    expect(await list('/projects')).toEqual(before);
  });

  it('lists oldest first and filters by q (case-insensitive substring of the name)', async () => {
    const springA = await createProject({ name: 'Spring Launch' });
    const springB = await createProject({ name: 'spring sale' });
    const autumn = await createProject({ name: 'Autumn Drop' });
    const all = await list('/projects');
    const created = all.map((row) => row.created_at);
    expect([...created].sort()).toEqual(created);
    expect(sorted(ids(all).slice(-3))).toEqual(sorted([springA.id, springB.id, autumn.id]));
    const springs = await list('/projects', { q: 'SPRING' });
    expect(sorted(ids(springs))).toEqual(sorted([springA.id, springB.id]));
    expect(ids(springs)).toEqual(ids(all).filter((id) => id === springA.id || id === springB.id));
    expect(ids(await list('/projects', { q: 'drop' }))).toEqual([autumn.id]);
    expect(await list('/projects', { q: 'no such project' })).toEqual([]);
    // Regular-expression characters are matched literally.
    expect(await list('/projects', { q: '.*' })).toEqual([]);
  });

  it('walks every project exactly once with limit and cursor', async () => {
    const all = await list('/projects');
    expect(all.length).toBeGreaterThan(4);
    for (const limit of [1, 2, 3]) expect(ids(await walk('/projects', {}, limit))).toEqual(ids(all));
    expect(ids(await walk('/projects', { q: 'spring' }, 1))).toEqual(ids(await list('/projects', { q: 'spring' })));
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['cursor=garbage', 'cursor'],
    ['sort=name', 'sort'],
  ])('refuses the query %s with 400 invalid_query', async (query, path) => {
    const response = await api(server, 'GET', `/projects?${query}`);
    expectError(response, 400, 'invalid_query');
    expect(JSON.stringify(response.body.meta.errors)).toContain(path);
  });

  it('patches name, metadata and readme; a later GET shows them and keeps id and created_at', async () => {
    const row = await createProject({ name: 'Patch me', metadata: { a: 1 } });
    const patched = await ok('PATCH', `/projects/${row.id}`, { name: 'Patched', metadata: { b: 2 }, readme: 'notes' });
    expect(patched).toMatchObject({ id: row.id, name: 'Patched', metadata: { b: 2 }, readme: 'notes', timezone: 'UTC', created_at: row.created_at });
    expect(patched.updated_at >= row.updated_at).toBe(true);
    expect(await ok('GET', `/projects/${row.id}`)).toEqual(patched);
    expect(ids(await list('/projects', { q: 'patched' }))).toEqual([row.id]);
  });

  it('refuses an empty PATCH and an invalid timezone in PATCH, changing nothing', async () => {
    const row = await createProject({ name: 'Patch guard' });
    expectError(await api(server, 'PATCH', `/projects/${row.id}`, { body: {} }), 400, 'invalid_body');
    expectInvalid(await api(server, 'PATCH', `/projects/${row.id}`, { body: { timezone: 'Europe/Atlantis' } }), 'timezone');
    expect(await ok('GET', `/projects/${row.id}`)).toEqual(row);
  });

  it('changes the timezone freely until the project has a structure, then answers 409 invalid_transition', async () => {
    const row = await createProject({ name: 'Zone lock' });
    expect((await ok('PATCH', `/projects/${row.id}`, { timezone: 'Europe/Paris' })).timezone).toBe('Europe/Paris');
    expect((await ok('GET', `/projects/${row.id}`)).timezone).toBe('Europe/Paris');

    await ok(
      'POST',
      '/payout-structures',
      { project_id: row.id, name: 'Base', period: 'monthly', amount_cents: 5000, currency: 'USD', criteria_type: 'recurring', criteria_params: {}, proration_mode: 'skip' },
      201,
    );
    const refused = await api(server, 'PATCH', `/projects/${row.id}`, { body: { timezone: 'Asia/Tokyo' } });
    expectError(refused, 409, 'invalid_transition');
    expect(errorPaths(refused)).toContain('timezone');
    const after = await ok('GET', `/projects/${row.id}`);
    expect(after.timezone).toBe('Europe/Paris');

    // Everything else stays editable.
    expect((await ok('PATCH', `/projects/${row.id}`, { name: 'Zone lock (renamed)' })).timezone).toBe('Europe/Paris');
  });

  it('answers 404 not_found for unknown and non-uuid project ids', async () => {
    for (const id of [UNKNOWN_ID, 'nope']) {
      expectError(await api(server, 'GET', `/projects/${id}`), 404, 'not_found');
      expectError(await api(server, 'PATCH', `/projects/${id}`, { body: { name: 'Ghost' } }), 404, 'not_found');
      expectError(await api(server, 'POST', `/projects/${id}/creators`, { body: { creator_ids: [UNKNOWN_ID] } }), 404, 'not_found');
      expectError(await api(server, 'DELETE', `/projects/${id}/creators`, { body: { creator_ids: [UNKNOWN_ID] } }), 404, 'not_found');
    }
    expect(await list('/projects', { q: 'ghost' })).toEqual([]);
  });
});

describe('creators', () => {
  it('creates a creator with every field: 201, and GET adds goals []', async () => {
    const venmo = await methodId('Venmo');
    const body = {
      name: 'Maya Chen',
      handle: '@Maya',
      email: 'maya@example.com',
      default_method_id: venmo,
      payout_handle: '@maya-venmo',
      metadata: { tier: 'gold' },
      readme: 'Prefers weekly payouts',
    };
    const row = await createCreator(body);
    expect(row).toMatchObject({ ...body, project_ids: [] });
    expect(row.id).toMatch(UUID);
    expect(row.created_at).toMatch(ISO_MS);
    const fetched = await ok('GET', `/creators/${row.id}`);
    expect(fetched).toEqual({ ...row, goals: [] });
  });

  it('creates a creator with only a name; optional fields are null', async () => {
    const row = await createCreator({ name: 'Nameonly Person' });
    expect(row).toMatchObject({ handle: null, email: null, default_method_id: null, payout_handle: null, metadata: {}, readme: null, project_ids: [] });
    // Handles are unique, but "no handle" is not a handle.
    expect((await createCreator({ name: 'Nameonly Twin' })).handle).toBeNull();
  });

  it.each(['maya', '@MAYA', ' @maya ', 'MaYa'])('refuses the handle %j with 409 conflict_handle while "@Maya" exists', async (handle) => {
    const before = await list('/creators');
    const response = await api(server, 'POST', '/creators', { body: { name: 'Other Maya', handle } });
    expectError(response, 409, 'conflict_handle');
    expect(errorPaths(response)).toContain('handle');
    expect(await list('/creators')).toEqual(before);
  });

  it('refuses a PATCH onto another creator\'s handle, and lets a creator change the case of its own', async () => {
    const maya = (await list('/creators', { q: 'maya chen' }))[0];
    const leo = await createCreator({ name: 'Leo Park', handle: 'leo' });
    const response = await api(server, 'PATCH', `/creators/${leo.id}`, { body: { handle: 'MAYA' } });
    expectError(response, 409, 'conflict_handle');
    expect(errorPaths(response)).toContain('handle');
    expect((await ok('GET', `/creators/${leo.id}`)).handle).toBe('leo');

    expect((await ok('PATCH', `/creators/${maya.id}`, { handle: 'maya' })).handle).toBe('maya');
    expect((await ok('PATCH', `/creators/${maya.id}`, { handle: '@Maya' })).handle).toBe('@Maya');
    expect((await ok('GET', `/creators/${maya.id}`)).handle).toBe('@Maya');
  });

  it('frees a handle when its owner changes it', async () => {
    const row = await createCreator({ name: 'Rename Handle', handle: '@oldhandle' });
    await ok('PATCH', `/creators/${row.id}`, { handle: '@newhandle' });
    const taker = await createCreator({ name: 'Taker', handle: 'OldHandle' });
    expect(taker.handle).toBe('OldHandle');
  });

  it.each(['not-an-email', 'a@', '@example.com', 'two words@example.com'])('refuses the email %j with 400 on path "email" (create and patch)', async (email) => {
    expectInvalid(await api(server, 'POST', '/creators', { body: { name: 'Bad Mail', email } }), 'email');
    const leo = (await list('/creators', { q: 'leo park' }))[0];
    expectInvalid(await api(server, 'PATCH', `/creators/${leo.id}`, { body: { email } }), 'email');
    expect((await ok('GET', `/creators/${leo.id}`)).email).toBeNull();
    expect(await list('/creators', { q: 'bad mail' })).toEqual([]);
  });

  it('requires default_method_id to name a payout method', async () => {
    expectInvalid(await api(server, 'POST', '/creators', { body: { name: 'No Method', default_method_id: UNKNOWN_ID } }), 'default_method_id');
    expectInvalid(await api(server, 'POST', '/creators', { body: { name: 'No Method', default_method_id: 'venmo' } }), 'default_method_id');
    expect(await list('/creators', { q: 'no method' })).toEqual([]);

    const leo = (await list('/creators', { q: 'leo park' }))[0];
    expectInvalid(await api(server, 'PATCH', `/creators/${leo.id}`, { body: { default_method_id: UNKNOWN_ID } }), 'default_method_id');
    const paypal = await methodId('PayPal');
    expect((await ok('PATCH', `/creators/${leo.id}`, { default_method_id: paypal })).default_method_id).toBe(paypal);
    expect((await ok('GET', `/creators/${leo.id}`)).default_method_id).toBe(paypal);
    expect((await ok('PATCH', `/creators/${leo.id}`, { default_method_id: null })).default_method_id).toBeNull();
  });

  it.each([
    ['missing name', {}, 'name'],
    ['blank name', { name: ' ' }, 'name'],
    ['handle of 101 characters', { name: 'Long', handle: 'h'.repeat(101) }, 'handle'],
    ['an unknown field', { name: 'X', instagram: '@x' }, 'instagram'],
    ['project_ids (membership has its own route)', { name: 'X', project_ids: [] }, 'project_ids'],
  ])('refuses %s with 400 invalid_body on path %j', async (_label, body, path) => {
    const before = await list('/creators');
    expectInvalid(await api(server, 'POST', '/creators', { body }), path as string);
    expect(await list('/creators')).toEqual(before);
  });

  it('patches fields one at a time; an empty PATCH is 400', async () => {
    const row = await createCreator({ name: 'Patchy', handle: '@patchy', email: 'p@example.com' });
    expectError(await api(server, 'PATCH', `/creators/${row.id}`, { body: {} }), 400, 'invalid_body');
    await ok('PATCH', `/creators/${row.id}`, { name: 'Patchy McPatch' });
    await ok('PATCH', `/creators/${row.id}`, { payout_handle: '$patchy' });
    await ok('PATCH', `/creators/${row.id}`, { email: null, metadata: { k: 'v' } });
    const fetched = await ok('GET', `/creators/${row.id}`);
    expect(fetched).toMatchObject({ id: row.id, name: 'Patchy McPatch', handle: '@patchy', email: null, payout_handle: '$patchy', metadata: { k: 'v' }, created_at: row.created_at });
  });

  it('filters the list by q over name and handle, ignoring case and a leading @', async () => {
    const maya = (await list('/creators', { q: 'maya chen' }))[0];
    for (const q of ['maya', '@maya', 'MAYA', 'chen']) expect(ids(await list('/creators', { q })), q).toContain(maya.id);
    expect(ids(await list('/creators', { q: '@maya' }))).not.toContain((await list('/creators', { q: 'leo park' }))[0].id);
    expect(await list('/creators', { q: 'zzz-nobody' })).toEqual([]);
  });

  it('walks every creator exactly once with limit and cursor, oldest first', async () => {
    const all = await list('/creators');
    expect(all.length).toBeGreaterThan(5);
    const created = all.map((row) => row.created_at);
    expect([...created].sort()).toEqual(created);
    expect(ids(await walk('/creators', {}, 2))).toEqual(ids(all));
  });

  it('answers 404 not_found for unknown creator ids', async () => {
    expectError(await api(server, 'GET', `/creators/${UNKNOWN_ID}`), 404, 'not_found');
    expectError(await api(server, 'PATCH', `/creators/${UNKNOWN_ID}`, { body: { name: 'Ghost' } }), 404, 'not_found');
    expectError(await api(server, 'GET', '/creators/ghost'), 404, 'not_found');
  });
});

describe('project membership', () => {
  let project: any;
  let other: any;
  let a: any;
  let b: any;
  let c: any;

  beforeAll(async () => {
    project = await createProject({ name: 'Members Club' });
    other = await createProject({ name: 'Other Club' });
    a = await createCreator({ name: 'Member A', handle: '@member-a' });
    b = await createCreator({ name: 'Member B', handle: '@member-b' });
    c = await createCreator({ name: 'Member C', handle: '@member-c' });
  });

  it('adds creators and counts added / already_member / not_found, each id once', async () => {
    const first = await addMembers(project.id, [a.id, b.id, a.id]);
    expect(first).toMatchObject({ added: 2, already_member: 0, not_found: 0 });
    expect(first.results).toEqual(
      expect.arrayContaining([
        { creator_id: a.id, status: 'added' },
        { creator_id: b.id, status: 'added' },
      ]),
    );
    expect(first.results).toHaveLength(2);

    const second = await addMembers(project.id, [a.id, c.id, UNKNOWN_ID]);
    expect(second).toMatchObject({ added: 1, already_member: 1, not_found: 1 });
    expect(second.results).toEqual(
      expect.arrayContaining([
        { creator_id: a.id, status: 'already_member' },
        { creator_id: c.id, status: 'added' },
        { creator_id: UNKNOWN_ID, status: 'not_found' },
      ]),
    );

    expect((await ok('GET', `/creators/${a.id}`)).project_ids).toEqual([project.id]);
    expect(sorted(ids(await list('/creators', { project_id: project.id })))).toEqual(sorted([a.id, b.id, c.id]));
    expect(await list('/creators', { project_id: other.id })).toEqual([]);
  });

  it('lists a creator in each of its projects', async () => {
    await addMembers(other.id, [b.id]);
    expect((await ok('GET', `/creators/${b.id}`)).project_ids).toEqual([project.id, other.id]);
    expect(ids(await list('/creators', { project_id: other.id }))).toEqual([b.id]);
    expect(ids(await list('/creators', { project_id: project.id, q: 'member-b' }))).toEqual([b.id]);
    expect(ids(await walk('/creators', { project_id: project.id }, 1))).toEqual(ids(await list('/creators', { project_id: project.id })));
    expect(sorted(ids(await list('/creators', { project_id: project.id })))).toEqual(sorted([a.id, b.id, c.id]));
  });

  it.each([
    ['an empty list', { creator_ids: [] }, 'creator_ids'],
    ['a non-uuid id', { creator_ids: ['abc'] }, 'creator_ids.0'],
    ['no creator_ids', {}, 'creator_ids'],
  ])('refuses %s with 400 invalid_body', async (_label, body, path) => {
    expectInvalid(await api(server, 'POST', `/projects/${project.id}/creators`, { body }), path);
    expectInvalid(await api(server, 'DELETE', `/projects/${project.id}/creators`, { body }), path);
  });

  it('removes a member, closing its open assignments in this project\'s structures only', async () => {
    const rule = { period: 'monthly', amount_cents: 1000, currency: 'USD', criteria_type: 'recurring', criteria_params: {}, proration_mode: 'skip' };
    const here = await ok('POST', '/payout-structures', { project_id: project.id, name: 'Here', ...rule }, 201);
    const there = await ok('POST', '/payout-structures', { project_id: other.id, name: 'There', ...rule }, 201);
    expect((await ok('POST', `/payout-structures/${here.structure_id}/assignments`, { creator_ids: [a.id, b.id] })).assigned).toBe(2);
    expect((await ok('POST', `/payout-structures/${there.structure_id}/assignments`, { creator_ids: [b.id] })).assigned).toBe(1);

    const removal = await ok('DELETE', `/projects/${project.id}/creators`, { creator_ids: [b.id, UNKNOWN_ID] });
    expect(removal).toMatchObject({ removed: 1, not_member: 1, assignments_closed: 1 });
    expect(removal.results).toEqual(
      expect.arrayContaining([
        { creator_id: b.id, status: 'removed' },
        { creator_id: UNKNOWN_ID, status: 'not_member' },
      ]),
    );

    expect((await ok('GET', `/creators/${b.id}`)).project_ids).toEqual([other.id]);
    expect(sorted(ids(await list('/creators', { project_id: project.id })))).toEqual(sorted([a.id, c.id]));

    const active = await list(`/payout-structures/${here.structure_id}/assignments`);
    expect(active.map((row) => row.creator_id)).toEqual([a.id]);
    const history = await list(`/payout-structures/${here.structure_id}/assignments`, { include_inactive: '1' });
    const closed = history.find((row) => row.creator_id === b.id);
    expect(closed).toMatchObject({ is_active: false });
    expect(closed.unassigned_at).toMatch(ISO_MS);
    expect((await ok('GET', `/payout-structures/${here.structure_id}`)).assignment_count).toBe(1);
    // The other project's assignment stays open.
    expect((await list(`/payout-structures/${there.structure_id}/assignments`)).map((row) => row.creator_id)).toEqual([b.id]);

    // Removing again: not a member any more, nothing to close.
    expect(await ok('DELETE', `/projects/${project.id}/creators`, { creator_ids: [b.id] })).toMatchObject({ removed: 0, not_member: 1, assignments_closed: 0 });
    // And a non-member cannot be assigned.
    expect(await ok('POST', `/payout-structures/${here.structure_id}/assignments`, { creator_ids: [b.id] })).toMatchObject({ assigned: 0, not_in_project: 1 });
  });
});

describe('videos', () => {
  let spring: any;
  let summer: any;
  let ana: any;
  let ben: any;
  let outsider: any;

  beforeAll(async () => {
    spring = await createProject({ name: 'Video Spring' });
    summer = await createProject({ name: 'Video Summer' });
    ana = await createCreator({ name: 'Video Ana', handle: '@v-ana' });
    ben = await createCreator({ name: 'Video Ben', handle: '@v-ben' });
    outsider = await createCreator({ name: 'Video Outsider', handle: '@v-out' });
    await addMembers(spring.id, [ana.id, ben.id]);
    await addMembers(summer.id, [ana.id]);
  });

  const video = (overrides: Record<string, unknown>) => ({
    creator_id: ana.id,
    project_id: spring.id,
    platform: 'tiktok',
    url: 'https://www.tiktok.com/@v-ana/video/1',
    posted_at: '2025-03-01T15:00:00.000Z',
    ...overrides,
  });

  it('requires the creator to be a member of the project: 409 not_in_project, nothing created', async () => {
    const response = await api(server, 'POST', '/videos', { body: video({ creator_id: outsider.id, url: 'https://www.tiktok.com/@v-out/video/1' }) });
    expectError(response, 409, 'not_in_project');
    expect(await list('/videos', { creator_id: outsider.id })).toEqual([]);
    const wrongProject = await api(server, 'POST', '/videos', { body: video({ creator_id: ben.id, project_id: summer.id, url: 'https://youtu.be/ben' }) });
    expectError(wrongProject, 409, 'not_in_project');
    expect(await list('/videos', { creator_id: ben.id })).toEqual([]);
  });

  it('answers 404 not_found for an unknown project or creator', async () => {
    expectError(await api(server, 'POST', '/videos', { body: video({ project_id: UNKNOWN_ID }) }), 404, 'not_found');
    expectError(await api(server, 'POST', '/videos', { body: video({ creator_id: UNKNOWN_ID }) }), 404, 'not_found');
    expect(await list('/videos', { creator_id: ana.id })).toEqual([]);
  });

  it('creates a video with views and captured_at as its first snapshot', async () => {
    const response = await api(server, 'POST', '/videos', { body: video({ views: 1200, captured_at: '2025-03-02T09:00:00.000Z' }) });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const row = response.body.data;
    expect(row).toMatchObject({
      creator_id: ana.id,
      project_id: spring.id,
      platform: 'tiktok',
      url: 'https://www.tiktok.com/@v-ana/video/1',
      posted_at: '2025-03-01T15:00:00.000Z',
      views: 1200,
      views_captured_at: '2025-03-02T09:00:00.000Z',
      snapshots: [{ captured_at: '2025-03-02T09:00:00.000Z', views: 1200 }],
    });
    expect(row.id).toMatch(UUID);
    expect(await ok('GET', `/videos/${row.id}`)).toEqual(row);
  });

  it('creates a video without views (no snapshot) and one with views captured now', async () => {
    const bare = await createVideo(video({ platform: 'instagram', url: 'https://www.instagram.com/reel/v-ana-1', posted_at: '2025-03-04T18:30:00.000Z' }));
    expect(bare).toMatchObject({ views: null, views_captured_at: null, snapshots: [] });

    const now = await createVideo(video({ creator_id: ben.id, platform: 'youtube', url: 'https://www.youtube.com/watch?v=vben1', posted_at: '2025-03-05T12:00:00.000Z', views: 5400 }));
    expect(now.snapshots).toHaveLength(1);
    expect(now.snapshots[0].views).toBe(5400);
    expect(now.snapshots[0].captured_at).toMatch(ISO_MS);
    // "Captured now": the time of the request that recorded it.
    expect(now.snapshots[0].captured_at).toBe(now.created_at);
    expect(now.views_captured_at).toBe(now.created_at);
  });

  it.each([
    ['the same URL', 'https://www.tiktok.com/@v-ana/video/1'],
    ['the host in upper case', 'https://WWW.TIKTOK.COM/@v-ana/video/1'],
    ['a trailing slash', 'https://www.tiktok.com/@v-ana/video/1/'],
    ['a fragment', 'https://www.tiktok.com/@v-ana/video/1#comments'],
    ['surrounding spaces', '  https://www.tiktok.com/@v-ana/video/1 '],
  ])('refuses %s in the same project with 409 conflict_video, pointing at the existing video', async (_label, url) => {
    const [existing] = await list('/videos', { project_id: spring.id, platform: 'tiktok' });
    const before = await list('/videos');
    const response = await api(server, 'POST', '/videos', { body: video({ url }) });
    expectError(response, 409, 'conflict_video');
    expect(errorPaths(response)).toContain('url');
    expect(response.body.meta.existing_id).toBe(existing.id);
    expect(await list('/videos')).toEqual(before);
  });

  it('keeps URLs that differ in their path case distinct, and the same URL in another project is another video', async () => {
    const [original] = await list('/videos', { project_id: spring.id, platform: 'tiktok' });
    const upperPath = await createVideo(video({ url: 'https://www.tiktok.com/@V-ANA/video/1' }));
    expect(upperPath.id).not.toBe(original.id);
    const elsewhere = await createVideo(video({ project_id: summer.id }));
    expect(elsewhere.id).not.toBe(original.id);
    expect(elsewhere.project_id).toBe(summer.id);
  });

  it.each([
    ['captured_at in the future', { views: 10, captured_at: FUTURE }, 'captured_at'],
    ['captured_at without views', { captured_at: '2025-03-02T09:00:00.000Z' }, 'captured_at'],
    ['negative views', { views: -1 }, 'views'],
    ['fractional views', { views: 1.5 }, 'views'],
    ['an unknown platform', { platform: 'vimeo' }, 'platform'],
    ['a URL that is not http(s)', { url: 'ftp://example.com/v' }, 'url'],
    ['posted_at without milliseconds', { posted_at: '2025-03-01T15:00:00Z' }, 'posted_at'],
    ['a non-uuid creator_id', { creator_id: 'ana' }, 'creator_id'],
  ])('refuses %s with 400 invalid_body on that path, creating nothing', async (_label, overrides, path) => {
    const before = await list('/videos');
    expectInvalid(await api(server, 'POST', '/videos', { body: video({ url: 'https://www.tiktok.com/@v-ana/video/new', ...overrides }) }), path);
    expect(await list('/videos')).toEqual(before);
  });

  it('lists newest posted first and filters by project_id, creator_id, platform, posted_from and posted_to (inclusive)', async () => {
    const all = await list('/videos');
    const posted = all.map((row) => row.posted_at);
    expect([...posted].sort().reverse()).toEqual(posted);

    const inSpring = await list('/videos', { project_id: spring.id });
    expect(inSpring.length).toBeGreaterThan(2);
    expect(inSpring.every((row) => row.project_id === spring.id)).toBe(true);
    expect(ids(inSpring)).toEqual(ids(all.filter((row) => row.project_id === spring.id)));

    const bens = await list('/videos', { creator_id: ben.id });
    expect(bens.map((row) => row.url)).toEqual(['https://www.youtube.com/watch?v=vben1']);

    const reels = await list('/videos', { platform: 'instagram' });
    expect(reels.map((row) => row.url)).toEqual(['https://www.instagram.com/reel/v-ana-1']);

    const window = await list('/videos', { posted_from: '2025-03-04T18:30:00.000Z', posted_to: '2025-03-05T12:00:00.000Z' });
    expect(window.map((row) => row.posted_at)).toEqual(['2025-03-05T12:00:00.000Z', '2025-03-04T18:30:00.000Z']);
    expect(await list('/videos', { posted_from: '2025-03-06T00:00:00.000Z' })).toEqual([]);
    expect(ids(await list('/videos', { project_id: spring.id, creator_id: ana.id, platform: 'tiktok' }))).toEqual(
      ids(inSpring.filter((row) => row.creator_id === ana.id && row.platform === 'tiktok')),
    );
  });

  it('walks the video list with limit and cursor in the same order', async () => {
    const all = await list('/videos');
    expect(ids(await walk('/videos', {}, 1))).toEqual(ids(all));
    expect(ids(await walk('/videos', { project_id: spring.id }, 2))).toEqual(ids(await list('/videos', { project_id: spring.id })));
  });

  it.each([
    ['platform=vimeo', 'platform'],
    ['posted_from=2025-03-01', 'posted_from'],
    ['project_id=abc', 'project_id'],
  ])('refuses the query %s with 400 invalid_query on that path', async (query, path) => {
    expectInvalid(await api(server, 'GET', `/videos?${query}`), path, 'invalid_query');
  });

  describe('POST /videos/{id}/metrics', () => {
    let id: string;

    beforeAll(async () => {
      id = (await createVideo(video({ url: 'https://www.tiktok.com/@v-ana/video/metrics', views: 100, captured_at: '2025-03-02T00:00:00.000Z' }))).id;
    });

    it('appends snapshots; the array is ordered by captured_at and views is the latest one, whatever the order of arrival', async () => {
      const later = await api(server, 'POST', `/videos/${id}/metrics`, { body: { views: 900, captured_at: '2025-03-05T00:00:00.000Z' } });
      expect(later.status, JSON.stringify(later.body)).toBe(201);
      expect(later.body.data).toMatchObject({ views: 900, views_captured_at: '2025-03-05T00:00:00.000Z' });

      // A snapshot from between the two arrives last: it slots in, it does not become "the latest".
      const between = await ok('POST', `/videos/${id}/metrics`, { views: 400, captured_at: '2025-03-03T00:00:00.000Z' }, 201);
      expect(between.snapshots).toEqual([
        { captured_at: '2025-03-02T00:00:00.000Z', views: 100 },
        { captured_at: '2025-03-03T00:00:00.000Z', views: 400 },
        { captured_at: '2025-03-05T00:00:00.000Z', views: 900 },
      ]);
      expect(between).toMatchObject({ views: 900, views_captured_at: '2025-03-05T00:00:00.000Z' });
      expect(await ok('GET', `/videos/${id}`)).toEqual(between);
    });

    it('accepts the same snapshot twice without change', async () => {
      const before = await ok('GET', `/videos/${id}`);
      const again = await api(server, 'POST', `/videos/${id}/metrics`, { body: { views: 400, captured_at: '2025-03-03T00:00:00.000Z' } });
      expect(again.status, JSON.stringify(again.body)).toBe(200);
      expect(again.body.data.snapshots).toEqual(before.snapshots);
      expect(await ok('GET', `/videos/${id}`)).toEqual(before);
    });

    it('refuses a different value at the same instant with 400 on path "captured_at"', async () => {
      const before = await ok('GET', `/videos/${id}`);
      expectInvalid(await api(server, 'POST', `/videos/${id}/metrics`, { body: { views: 401, captured_at: '2025-03-03T00:00:00.000Z' } }), 'captured_at');
      expect(await ok('GET', `/videos/${id}`)).toEqual(before);
    });

    it('records views captured now when captured_at is omitted', async () => {
      const row = await ok('POST', `/videos/${id}/metrics`, { views: 1000 }, 201);
      expect(row.views).toBe(1000);
      expect(row.views_captured_at).toBe(row.updated_at);
      expect(row.snapshots).toHaveLength(4);
    });

    it.each([
      ['captured_at in the future', { views: 5, captured_at: FUTURE }, 'captured_at'],
      ['missing views', { captured_at: '2025-03-04T00:00:00.000Z' }, 'views'],
      ['negative views', { views: -5 }, 'views'],
      ['views as a string', { views: '5' }, 'views'],
      ['an unknown field', { views: 5, likes: 3 }, 'likes'],
    ])('refuses %s with 400 invalid_body, changing nothing', async (_label, body, path) => {
      const before = await ok('GET', `/videos/${id}`);
      expectInvalid(await api(server, 'POST', `/videos/${id}/metrics`, { body }), path);
      expect(await ok('GET', `/videos/${id}`)).toEqual(before);
    });

    it('answers 404 not_found for an unknown video', async () => {
      expectError(await api(server, 'POST', `/videos/${UNKNOWN_ID}/metrics`, { body: { views: 1 } }), 404, 'not_found');
      expectError(await api(server, 'GET', `/videos/${UNKNOWN_ID}`), 404, 'not_found');
    });
  });
});

describe('creator goals', () => {
  let project: any;
  let second: any;
  let ana: any;
  let ben: any;
  let outsider: any;

  beforeAll(async () => {
    project = await createProject({ name: 'Goals Project' });
    second = await createProject({ name: 'Goals Second' });
    ana = await createCreator({ name: 'Goal Ana', handle: '@g-ana' });
    ben = await createCreator({ name: 'Goal Ben', handle: '@g-ben' });
    outsider = await createCreator({ name: 'Goal Outsider', handle: '@g-out' });
    await addMembers(project.id, [ana.id, ben.id]);
    await addMembers(second.id, [ana.id]);
  });

  it('creates a goal: 201 with the full row; GET and the creator detail show it', async () => {
    const body = { project_id: project.id, creator_id: ana.id, metric: 'videos_posted', target: 4, period: 'weekly' };
    const response = await api(server, 'POST', '/creator-goals', { body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const goal = response.body.data;
    expect(goal).toMatchObject(body);
    expect(goal.id).toMatch(UUID);
    expect(goal.org_id).toMatch(UUID);
    expect(goal.created_at).toMatch(ISO_MS);
    expect(await ok('GET', `/creator-goals/${goal.id}`)).toEqual(goal);
    expect((await ok('GET', `/creators/${ana.id}`)).goals).toEqual([goal]);
  });

  it.each([
    ['target 0', { target: 0 }, 'target'],
    ['a negative target', { target: -3 }, 'target'],
    ['a fractional target', { target: 1.5 }, 'target'],
    ['an unknown metric', { metric: 'likes' }, 'metric'],
    ['an unknown period', { period: 'yearly' }, 'period'],
    ['a missing creator_id', { creator_id: undefined }, 'creator_id'],
  ])('refuses %s with 400 invalid_body on that path', async (_label, overrides, path) => {
    const before = await list('/creator-goals');
    const body = { project_id: project.id, creator_id: ben.id, metric: 'views', target: 10000, period: 'monthly', ...overrides };
    expectInvalid(await api(server, 'POST', '/creator-goals', { body }), path);
    expect(await list('/creator-goals')).toEqual(before);
  });

  it('requires membership (409 not_in_project) and existing ids (404 not_found)', async () => {
    const before = await list('/creator-goals');
    const base = { metric: 'views', target: 100, period: 'daily' };
    expectError(await api(server, 'POST', '/creator-goals', { body: { ...base, project_id: project.id, creator_id: outsider.id } }), 409, 'not_in_project');
    expectError(await api(server, 'POST', '/creator-goals', { body: { ...base, project_id: second.id, creator_id: ben.id } }), 409, 'not_in_project');
    expectError(await api(server, 'POST', '/creator-goals', { body: { ...base, project_id: UNKNOWN_ID, creator_id: ben.id } }), 404, 'not_found');
    expectError(await api(server, 'POST', '/creator-goals', { body: { ...base, project_id: project.id, creator_id: UNKNOWN_ID } }), 404, 'not_found');
    expect(await list('/creator-goals')).toEqual(before);
  });

  it('lists goals filtered by creator_id and project_id, and walks them with a cursor', async () => {
    const anaViews = await createGoal({ project_id: project.id, creator_id: ana.id, metric: 'views', target: 50000, period: 'monthly' });
    const anaSecond = await createGoal({ project_id: second.id, creator_id: ana.id, metric: 'videos_posted', target: 1, period: 'daily' });
    const benGoal = await createGoal({ project_id: project.id, creator_id: ben.id, metric: 'videos_posted', target: 2, period: 'weekly' });
    const all = await list('/creator-goals');
    expect(all).toHaveLength(4);
    const first = all.find((goal) => goal.metric === 'videos_posted' && goal.creator_id === ana.id && goal.project_id === project.id);
    expect(first).toBeDefined();
    const created = all.map((goal) => goal.created_at);
    expect([...created].sort()).toEqual(created);
    /** A filtered list: exactly the expected goals, in the order of the full list. */
    const expectFiltered = async (query: Record<string, string>, expected: string[]) => {
      const rows = await list('/creator-goals', query);
      expect(sorted(ids(rows))).toEqual(sorted(expected));
      expect(ids(rows)).toEqual(ids(all).filter((id) => expected.includes(id)));
      for (const [key, value] of Object.entries(query)) expect(rows.every((goal) => goal[key] === value)).toBe(true);
    };

    await expectFiltered({ creator_id: ana.id }, [first.id, anaViews.id, anaSecond.id]);
    await expectFiltered({ project_id: project.id }, [first.id, anaViews.id, benGoal.id]);
    await expectFiltered({ project_id: second.id }, [anaSecond.id]);
    await expectFiltered({ project_id: project.id, creator_id: ana.id }, [first.id, anaViews.id]);
    expect(await list('/creator-goals', { creator_id: outsider.id })).toEqual([]);
    expect(ids(await walk('/creator-goals', {}, 1))).toEqual(ids(all));
    expect(ids(await walk('/creator-goals', { project_id: project.id }, 2))).toEqual(ids(await list('/creator-goals', { project_id: project.id })));
  });

  it('patches metric, target and period; refuses an empty PATCH and target 0', async () => {
    const [goal] = await list('/creator-goals', { creator_id: ben.id });
    const patched = await ok('PATCH', `/creator-goals/${goal.id}`, { target: 3, period: 'monthly' });
    expect(patched).toMatchObject({ id: goal.id, creator_id: ben.id, project_id: project.id, metric: 'videos_posted', target: 3, period: 'monthly', created_at: goal.created_at });
    expect(await ok('GET', `/creator-goals/${goal.id}`)).toEqual(patched);
    expect((await ok('GET', `/creators/${ben.id}`)).goals).toEqual([patched]);

    expectError(await api(server, 'PATCH', `/creator-goals/${goal.id}`, { body: {} }), 400, 'invalid_body');
    expectInvalid(await api(server, 'PATCH', `/creator-goals/${goal.id}`, { body: { target: 0 } }), 'target');
    expectInvalid(await api(server, 'PATCH', `/creator-goals/${goal.id}`, { body: { project_id: second.id } }), 'project_id');
    expect(await ok('GET', `/creator-goals/${goal.id}`)).toEqual(patched);
  });

  it('deletes a goal: then 404, gone from lists and from the creator detail', async () => {
    const [goal] = await list('/creator-goals', { creator_id: ben.id });
    expect(await ok('DELETE', `/creator-goals/${goal.id}`)).toEqual({ id: goal.id, deleted: true });
    expectError(await api(server, 'GET', `/creator-goals/${goal.id}`), 404, 'not_found');
    expectError(await api(server, 'PATCH', `/creator-goals/${goal.id}`, { body: { target: 9 } }), 404, 'not_found');
    expectError(await api(server, 'DELETE', `/creator-goals/${goal.id}`), 404, 'not_found');
    expect(await list('/creator-goals', { creator_id: ben.id })).toEqual([]);
    expect((await ok('GET', `/creators/${ben.id}`)).goals).toEqual([]);
    expect(await list('/creator-goals', { creator_id: ana.id })).toHaveLength(3);
  });
});
