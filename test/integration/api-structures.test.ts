import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startServer, type RunningServer } from '../support/server.ts';

/**
 * Contract of /api/v1/payout-structures and their assignments over HTTP (seed 000 "Payout
 * Structures" and "Assignments", SPEC §4): versions, archive and hard delete, validation paths per
 * criteria type, assignment intervals, and the plan limit on active structures.
 * (The validation tables themselves are unit-tested in core/domain/payout-structure.test.ts.)
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const FUTURE = '2099-01-01T00:00:00.000Z';
const BEGINNING = '1970-01-01T00:00:00.000Z';

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

/** Seed 000's four examples, as rule bodies. */
const RULES = {
  recurring: { period: 'monthly', amount_cents: 5000, currency: 'USD', criteria_type: 'recurring', criteria_params: {}, proration_mode: 'skip' },
  goals: {
    period: 'monthly',
    amount_cents: 50000,
    currency: 'USD',
    criteria_type: 'goals',
    criteria_params: { mode: 'all', partial_allowed: true, partial_multiplier: 1.0, min_completion_pct: 50 },
    proration_mode: 'skip',
  },
  cpm: {
    period: 'weekly',
    amount_cents: 0,
    currency: 'USD',
    criteria_type: 'cpm',
    criteria_params: {
      source: 'posts_in_period',
      min_impressions: 10000,
      max_payout_cents: 50000,
      tiers: [
        { up_to_impressions: 1000000, cents_per_thousand: 50 },
        { up_to_impressions: null, cents_per_thousand: 75 },
      ],
    },
    proration_mode: 'prorate',
  },
  view_threshold: {
    period: null,
    amount_cents: null,
    currency: 'USD',
    criteria_type: 'view_threshold',
    criteria_params: {
      thresholds: [
        { view_count: 1000000, amount_cents: 2000, currency: 'USD' },
        { view_count: 5000000, amount_cents: 10000, currency: 'USD' },
      ],
    },
    proration_mode: 'skip',
    backfill_on_assignment: false,
  },
} as const;
type CriteriaType = keyof typeof RULES;

let server: RunningServer;
let project: any;
let otherProject: any;
let members: any[];
let outsider: any;

async function ok(method: string, path: string, body?: unknown, status = 200): Promise<any> {
  const response = await api(server, method, path, body === undefined ? {} : { body });
  expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBe(status);
  expect(response.body.error).toBeNull();
  return response.body.data;
}

async function list(path: string, query: Record<string, string> = {}): Promise<any[]> {
  const params = new URLSearchParams({ limit: '100', ...query });
  const response = await api(server, 'GET', `${path}?${params}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.body.meta.has_more).toBe(false);
  return response.body.data;
}

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
    cursor = meta.next_cursor;
  }
  throw new Error('pagination did not end within 200 pages');
}

async function createStructure(type: CriteriaType, overrides: Record<string, unknown> = {}, projectId = project.id): Promise<string> {
  const data = await ok('POST', '/payout-structures', { project_id: projectId, name: `${type} structure`, ...RULES[type], ...overrides }, 201);
  return data.structure_id;
}

const detail = (id: string) => ok('GET', `/payout-structures/${id}`);
const assign = (id: string, body: Record<string, unknown>) => api(server, 'POST', `/payout-structures/${id}/assignments`, { body });
const unassign = (id: string, body: Record<string, unknown>) => api(server, 'DELETE', `/payout-structures/${id}/assignments`, { body });

/** UTC midnight `days` days before the day this file started (fixed, so a run across midnight stays consistent). */
const TODAY = new Date();
function daysAgo(days: number): string {
  return new Date(Date.UTC(TODAY.getUTCFullYear(), TODAY.getUTCMonth(), TODAY.getUTCDate() - days)).toISOString();
}

beforeAll(async () => {
  server = await startServer({ env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0' } });
  project = await ok('POST', '/projects', { name: 'Structures Project' }, 201);
  otherProject = await ok('POST', '/projects', { name: 'Structures Other' }, 201);
  members = [];
  for (const name of ['Ana', 'Ben', 'Chloe', 'Dev']) members.push(await ok('POST', '/creators', { name, handle: `@s-${name.toLowerCase()}` }, 201));
  outsider = await ok('POST', '/creators', { name: 'Outsider', handle: '@s-outsider' }, 201);
  await ok('POST', `/projects/${project.id}/creators`, { creator_ids: members.map((creator) => creator.id) });
  await ok('POST', `/projects/${otherProject.id}/creators`, { creator_ids: [outsider.id] });
});

afterAll(async () => {
  await server?.dispose();
});

describe('POST /payout-structures', () => {
  it.each(Object.keys(RULES) as CriteriaType[])('creates a %s structure: 201 with exactly { structure_id, version_id }', async (type) => {
    const response = await api(server, 'POST', '/payout-structures', {
      body: { project_id: project.id, name: `Seed ${type}`, ...RULES[type], metadata: { source: 'seed' }, readme: `# ${type}` },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.error).toBeNull();
    expect(Object.keys(response.body.data).sort()).toEqual(['structure_id', 'version_id']);
    const { structure_id, version_id } = response.body.data;
    expect(structure_id).toMatch(UUID);
    expect(version_id).toMatch(UUID);

    const row = await detail(structure_id);
    const { backfill_on_assignment: _backfill, ...rule } = RULES[type] as Record<string, unknown>;
    expect(row).toMatchObject({
      id: structure_id,
      project_id: project.id,
      name: `Seed ${type}`,
      currency: 'USD',
      criteria_type: type,
      is_active: true,
      archived_at: null,
      metadata: { source: 'seed' },
      readme: `# ${type}`,
      assignment_count: 0,
    });
    expect(row.created_at).toMatch(ISO_MS);
    expect(row.current_version).toMatchObject({ ...rule, id: version_id, structure_id, version_number: 1, effective_from: BEGINNING, backfill_on_assignment: false });
    expect(row.versions).toEqual([row.current_version]);
  });

  it('stores backfill_on_assignment for view_threshold structures', async () => {
    const id = await createStructure('view_threshold', { backfill_on_assignment: true });
    expect((await detail(id)).current_version.backfill_on_assignment).toBe(true);
  });

  const invalidExamples: [string, CriteriaType, Record<string, unknown>, string][] = [
    ['recurring with an unknown criteria_params field', 'recurring', { criteria_params: { bonus: 1 } }, 'criteria_params.bonus'],
    ['recurring without a period', 'recurring', { period: null }, 'period'],
    ['recurring with amount_cents 0', 'recurring', { amount_cents: 0 }, 'amount_cents'],
    ['recurring with a fractional amount', 'recurring', { amount_cents: 49.5 }, 'amount_cents'],
    ['recurring with backfill_on_assignment', 'recurring', { backfill_on_assignment: true }, 'backfill_on_assignment'],
    ['goals n_of_m without n', 'goals', { criteria_params: { mode: 'n_of_m' } }, 'criteria_params.n'],
    ['goals partial fields with mode any', 'goals', { criteria_params: { mode: 'any', partial_allowed: true } }, 'criteria_params.partial_allowed'],
    ['goals min_completion_pct over 100', 'goals', { criteria_params: { mode: 'all', min_completion_pct: 101 } }, 'criteria_params.min_completion_pct'],
    ['goals without mode', 'goals', { criteria_params: {} }, 'criteria_params.mode'],
    [
      'cpm tiers not ascending',
      'cpm',
      {
        criteria_params: {
          ...RULES.cpm.criteria_params,
          tiers: [
            { up_to_impressions: 1000000, cents_per_thousand: 50 },
            { up_to_impressions: 500000, cents_per_thousand: 60 },
            { up_to_impressions: null, cents_per_thousand: 75 },
          ],
        },
      },
      'criteria_params.tiers.1.up_to_impressions',
    ],
    [
      'cpm last tier with a bound',
      'cpm',
      { criteria_params: { ...RULES.cpm.criteria_params, tiers: [{ up_to_impressions: 1000, cents_per_thousand: 50 }, { up_to_impressions: 2000, cents_per_thousand: 75 }] } },
      'criteria_params.tiers.1.up_to_impressions',
    ],
    ['cpm without tiers', 'cpm', { criteria_params: { ...RULES.cpm.criteria_params, tiers: [] } }, 'criteria_params.tiers'],
    ['cpm with another source', 'cpm', { criteria_params: { ...RULES.cpm.criteria_params, source: 'all_posts' } }, 'criteria_params.source'],
    ['cpm with a negative rate', 'cpm', { criteria_params: { ...RULES.cpm.criteria_params, tiers: [{ up_to_impressions: null, cents_per_thousand: -1 }] } }, 'criteria_params.tiers.0.cents_per_thousand'],
    [
      'view_threshold with a repeated view_count',
      'view_threshold',
      {
        criteria_params: {
          thresholds: [
            { view_count: 1000, amount_cents: 100, currency: 'USD' },
            { view_count: 1000, amount_cents: 200, currency: 'USD' },
          ],
        },
      },
      'criteria_params.thresholds.1.view_count',
    ],
    [
      'view_threshold with 11 thresholds',
      'view_threshold',
      { criteria_params: { thresholds: Array.from({ length: 11 }, (_, i) => ({ view_count: (i + 1) * 1000, amount_cents: 100, currency: 'USD' })) } },
      'criteria_params.thresholds',
    ],
    ['view_threshold without thresholds', 'view_threshold', { criteria_params: { thresholds: [] } }, 'criteria_params.thresholds'],
    ['view_threshold with a period', 'view_threshold', { period: 'weekly' }, 'period'],
    ['view_threshold with amount_cents', 'view_threshold', { amount_cents: 2000 }, 'amount_cents'],
    ['view_threshold with proration prorate', 'view_threshold', { proration_mode: 'prorate' }, 'proration_mode'],
    [
      'view_threshold with a EUR threshold',
      'view_threshold',
      { criteria_params: { thresholds: [{ view_count: 1000, amount_cents: 100, currency: 'EUR' }] } },
      'criteria_params.thresholds.0.currency',
    ],
    ['any type with currency EUR', 'recurring', { currency: 'EUR' }, 'currency'],
    ['an unknown criteria_type', 'recurring', { criteria_type: 'bonus' }, 'criteria_type'],
    ['an unknown proration_mode', 'recurring', { proration_mode: 'half' }, 'proration_mode'],
    ['a blank name', 'recurring', { name: '  ' }, 'name'],
    ['a missing criteria_params', 'recurring', { criteria_params: undefined }, 'criteria_params'],
  ];
  it.each(invalidExamples.map(([label, type, overrides, path]) => [label, path, type, overrides] as const))(
    'refuses %s with 400 invalid_body at meta.errors path %j, creating nothing',
    async (_label, path, type, overrides) => {
      const before = await list('/payout-structures');
      const response = await api(server, 'POST', '/payout-structures', { body: { project_id: project.id, name: 'Invalid', ...RULES[type], ...overrides } });
      expectInvalid(response, path);
      expect(await list('/payout-structures')).toEqual(before);
    },
  );

  it('answers 404 not_found for an unknown project, creating nothing', async () => {
    const before = await list('/payout-structures');
    expectError(await api(server, 'POST', '/payout-structures', { body: { project_id: UNKNOWN_ID, name: 'Orphan', ...RULES.recurring } }), 404, 'not_found');
    expect(await list('/payout-structures')).toEqual(before);
  });
});

describe('GET /payout-structures', () => {
  let elsewhere: string;

  beforeAll(async () => {
    elsewhere = await createStructure('recurring', { name: 'Elsewhere' }, otherProject.id);
  });

  it('lists structure rows with current_version, filtered by project_id', async () => {
    const all = await list('/payout-structures');
    expect(all.length).toBeGreaterThan(4);
    for (const row of all) {
      expect(row.current_version.structure_id).toBe(row.id);
      expect(row).not.toHaveProperty('versions');
    }
    const inProject = await list('/payout-structures', { project_id: project.id });
    expect(inProject.every((row) => row.project_id === project.id)).toBe(true);
    expect(inProject.map((row) => row.id)).not.toContain(elsewhere);
    expect((await list('/payout-structures', { project_id: otherProject.id })).map((row) => row.id)).toEqual([elsewhere]);
    expect(inProject.length + 1).toBe(all.length);
  });

  it('walks the list with limit and cursor', async () => {
    const all = await list('/payout-structures');
    expect((await walk('/payout-structures', {}, 2)).map((row) => row.id)).toEqual(all.map((row) => row.id));
    expect((await walk('/payout-structures', { project_id: project.id }, 3)).map((row) => row.id)).toEqual(
      (await list('/payout-structures', { project_id: project.id })).map((row) => row.id),
    );
  });

  it.each([
    ['is_active=yes', 'is_active'],
    ['project_id=abc', 'project_id'],
    ['limit=101', 'limit'],
    ['mode=hard', 'mode'],
  ])('refuses the query %s with 400 invalid_query', async (query, path) => {
    const response = await api(server, 'GET', `/payout-structures?${query}`);
    expectError(response, 400, 'invalid_query');
    expect(JSON.stringify(response.body.meta.errors)).toContain(path);
  });

  it('answers 404 not_found for an unknown structure', async () => {
    expectError(await api(server, 'GET', `/payout-structures/${UNKNOWN_ID}`), 404, 'not_found');
    expectError(await api(server, 'PATCH', `/payout-structures/${UNKNOWN_ID}`, { body: { kind: 'cosmetic', name: 'X' } }), 404, 'not_found');
    expectError(await api(server, 'DELETE', `/payout-structures/${UNKNOWN_ID}`), 404, 'not_found');
    expectError(await api(server, 'GET', `/payout-structures/${UNKNOWN_ID}/assignments`), 404, 'not_found');
    expectError(await assign(UNKNOWN_ID, { creator_ids: [members[0].id] }), 404, 'not_found');
    expectError(await unassign(UNKNOWN_ID, { creator_ids: [members[0].id] }), 404, 'not_found');
  });
});

describe('PATCH /payout-structures/{id}', () => {
  let id: string;
  let original: any;

  beforeAll(async () => {
    id = await createStructure('recurring', { name: 'Monthly base', metadata: { v: 1 } });
    original = await detail(id);
  });

  it('cosmetic: returns the updated structure row and creates no version', async () => {
    const response = await api(server, 'PATCH', `/payout-structures/${id}`, { body: { kind: 'cosmetic', name: 'Monthly base v2', metadata: { owner: 'growth-team' } } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const row = response.body.data;
    expect(row).toMatchObject({ id, name: 'Monthly base v2', metadata: { owner: 'growth-team' }, project_id: project.id, criteria_type: 'recurring', is_active: true });
    expect(row.current_version).toEqual(original.current_version);
    expect(row).not.toHaveProperty('version_number');

    const after = await detail(id);
    expect(after.versions).toEqual(original.versions);
    expect(after).toMatchObject({ name: 'Monthly base v2', metadata: { owner: 'growth-team' }, readme: original.readme });
    const { versions: _versions, assignment_count: _count, ...asRow } = after;
    expect(asRow).toEqual(row);
  });

  it('rule: creates version 2 and answers { version_id, version_number: 2 }; version 1 stays as it was', async () => {
    const response = await api(server, 'PATCH', `/payout-structures/${id}`, { body: { kind: 'rule', ...RULES.recurring, amount_cents: 7500 } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(Object.keys(response.body.data).sort()).toEqual(['version_id', 'version_number']);
    expect(response.body.data.version_number).toBe(2);
    expect(response.body.data.version_id).toMatch(UUID);

    const after = await detail(id);
    expect(after.versions).toHaveLength(2);
    expect(after.versions[0]).toEqual(original.versions[0]);
    expect(after.current_version).toEqual(after.versions[1]);
    expect(after.current_version).toMatchObject({ id: response.body.data.version_id, version_number: 2, amount_cents: 7500, structure_id: id });
    expect(after.current_version.id).not.toBe(original.current_version.id);
    expect(after.current_version.effective_from).toMatch(ISO_MS);
    expect(after.current_version.effective_from > BEGINNING).toBe(true);
    expect(after.name).toBe('Monthly base v2');

    const third = await ok('PATCH', `/payout-structures/${id}`, { kind: 'rule', ...RULES.recurring, proration_mode: 'prorate' });
    expect(third.version_number).toBe(3);
    const latest = await detail(id);
    expect(latest.versions.map((version: any) => version.version_number)).toEqual([1, 2, 3]);
    expect(latest.versions.slice(0, 2)).toEqual(after.versions);
    expect(latest.current_version).toMatchObject({ period: 'monthly', proration_mode: 'prorate', amount_cents: 5000 });
  });

  it('refuses a rule PATCH that changes the period: 400 on path "period", no new version', async () => {
    const before = await detail(id);
    expectInvalid(await api(server, 'PATCH', `/payout-structures/${id}`, { body: { kind: 'rule', ...RULES.recurring, period: 'weekly' } }), 'period');
    expect(await detail(id)).toEqual(before);
  });

  it('refuses a rule PATCH that changes criteria_type: 400 on path "criteria_type", no new version', async () => {
    const before = await detail(id);
    for (const type of ['goals', 'cpm', 'view_threshold'] as const) {
      expectInvalid(await api(server, 'PATCH', `/payout-structures/${id}`, { body: { kind: 'rule', ...RULES[type] } }), 'criteria_type');
    }
    expect(await detail(id)).toEqual(before);
  });

  it('validates a rule PATCH like a create, at the same paths', async () => {
    const cpm = await createStructure('cpm');
    const before = await detail(cpm);
    const badTiers = { ...RULES.cpm.criteria_params, tiers: [{ up_to_impressions: 5000, cents_per_thousand: 10 }] };
    expectInvalid(await api(server, 'PATCH', `/payout-structures/${cpm}`, { body: { kind: 'rule', ...RULES.cpm, criteria_params: badTiers } }), 'criteria_params.tiers.0.up_to_impressions');
    const { proration_mode: _omitted, ...incomplete } = RULES.cpm;
    expectInvalid(await api(server, 'PATCH', `/payout-structures/${cpm}`, { body: { kind: 'rule', ...incomplete } }), 'proration_mode');
    expect(await detail(cpm)).toEqual(before);
  });

  it.each([
    ['no kind', { name: 'X' }, 'kind'],
    ['an unknown kind', { kind: 'rename', name: 'X' }, 'kind'],
    ['a cosmetic PATCH carrying rule fields', { kind: 'cosmetic', amount_cents: 1 }, 'amount_cents'],
    ['a cosmetic PATCH with a blank name', { kind: 'cosmetic', name: ' ' }, 'name'],
  ])('refuses %s with 400 invalid_body', async (_label, body, path) => {
    const before = await detail(id);
    expectInvalid(await api(server, 'PATCH', `/payout-structures/${id}`, { body }), path);
    expect(await detail(id)).toEqual(before);
  });

  it('refuses a cosmetic PATCH with nothing to change', async () => {
    const before = await detail(id);
    expectError(await api(server, 'PATCH', `/payout-structures/${id}`, { body: { kind: 'cosmetic' } }), 400, 'invalid_body');
    expect(await detail(id)).toEqual(before);
  });
});

describe('assignments', () => {
  let id: string;
  let ana: any;
  let ben: any;
  let chloe: any;

  beforeAll(async () => {
    id = await createStructure('recurring', { name: 'Assignments' });
    [ana, ben, chloe] = members;
  });

  it('bulk-assigns and counts assigned / already_assigned / not_in_project, with a result per creator', async () => {
    const response = await assign(id, { creator_ids: [ana.id, ben.id, outsider.id, UNKNOWN_ID, ana.id] });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const data = response.body.data;
    expect(data).toMatchObject({ assigned: 2, already_assigned: 0, not_in_project: 2 });
    expect(data.results).toHaveLength(4);
    const byCreator = Object.fromEntries(data.results.map((result: any) => [result.creator_id, result]));
    expect(byCreator[ana.id]).toMatchObject({ status: 'assigned' });
    expect(byCreator[ana.id].assignment_id).toMatch(UUID);
    expect(byCreator[ben.id]).toMatchObject({ status: 'assigned' });
    expect(byCreator[outsider.id]).toEqual({ creator_id: outsider.id, status: 'not_in_project', assignment_id: null });
    expect(byCreator[UNKNOWN_ID]).toEqual({ creator_id: UNKNOWN_ID, status: 'not_in_project', assignment_id: null });

    const again = await ok('POST', `/payout-structures/${id}/assignments`, { creator_ids: [ana.id, ben.id] });
    expect(again).toMatchObject({ assigned: 0, already_assigned: 2, not_in_project: 0 });
    expect(again.results.find((result: any) => result.creator_id === ana.id).assignment_id).toBe(byCreator[ana.id].assignment_id);

    const active = await list(`/payout-structures/${id}/assignments`);
    expect(active.map((row) => row.creator_id).sort()).toEqual([ana.id, ben.id].sort());
    for (const row of active) {
      expect(row).toMatchObject({ structure_id: id, project_id: project.id, unassigned_at: null, is_active: true });
      expect(row.assigned_at).toMatch(ISO_MS);
      expect(row.id).toBe(byCreator[row.creator_id].assignment_id);
    }
    expect((await detail(id)).assignment_count).toBe(2);
  });

  it('takes a backdated assigned_at and refuses one in the future (400 on "assigned_at", nothing assigned)', async () => {
    expectInvalid(await assign(id, { creator_ids: [chloe.id], assigned_at: FUTURE }), 'assigned_at');
    expect((await list(`/payout-structures/${id}/assignments`)).map((row) => row.creator_id)).not.toContain(chloe.id);

    const assignedAt = daysAgo(20);
    expect((await ok('POST', `/payout-structures/${id}/assignments`, { creator_ids: [chloe.id], assigned_at: assignedAt })).assigned).toBe(1);
    const row = (await list(`/payout-structures/${id}/assignments`)).find((assignment) => assignment.creator_id === chloe.id);
    expect(row.assigned_at).toBe(assignedAt);
    expect((await detail(id)).assignment_count).toBe(3);
  });

  it.each([
    ['assigned_at without milliseconds', { assigned_at: '2025-01-01T00:00:00Z' }, 'assigned_at'],
    ['an empty creator_ids', { creator_ids: [] }, 'creator_ids'],
    ['a non-uuid creator id', { creator_ids: ['ana'] }, 'creator_ids.0'],
    ['an unknown field', { unassigned_at: '2025-01-01T00:00:00.000Z' }, 'unassigned_at'],
  ])('refuses %s with 400 invalid_body', async (_label, overrides, path) => {
    const before = await list(`/payout-structures/${id}/assignments`, { include_inactive: '1' });
    expectInvalid(await assign(id, { creator_ids: [members[3].id], ...overrides }), path);
    expect(await list(`/payout-structures/${id}/assignments`, { include_inactive: '1' })).toEqual(before);
  });

  it('refuses an unassigned_at before assigned_at or in the future (400 on "unassigned_at"), changing nothing', async () => {
    const before = await list(`/payout-structures/${id}/assignments`, { include_inactive: '1' });
    expectInvalid(await unassign(id, { creator_ids: [chloe.id], unassigned_at: daysAgo(25) }), 'unassigned_at');
    expectInvalid(await unassign(id, { creator_ids: [chloe.id, ana.id], unassigned_at: FUTURE }), 'unassigned_at');
    expect(await list(`/payout-structures/${id}/assignments`, { include_inactive: '1' })).toEqual(before);
  });

  it('bulk-unassigns with an optional unassigned_at: { unassigned, not_assigned }; history stays visible with include_inactive', async () => {
    const unassignedAt = daysAgo(10);
    const response = await unassign(id, { creator_ids: [chloe.id, members[3].id, UNKNOWN_ID], unassigned_at: unassignedAt });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.data).toMatchObject({ unassigned: 1, not_assigned: 2 });
    expect(response.body.data.results).toHaveLength(3);
    expect(response.body.data.results.find((result: any) => result.creator_id === chloe.id)).toMatchObject({ status: 'unassigned' });
    expect(response.body.data.results.find((result: any) => result.creator_id === UNKNOWN_ID)).toEqual({ creator_id: UNKNOWN_ID, status: 'not_assigned', assignment_id: null });

    const active = await list(`/payout-structures/${id}/assignments`);
    expect(active.map((row) => row.creator_id)).not.toContain(chloe.id);
    expect((await detail(id)).assignment_count).toBe(2);
    for (const flag of ['1', 'true']) {
      const history = await list(`/payout-structures/${id}/assignments`, { include_inactive: flag });
      expect(history).toHaveLength(3);
      expect(history.find((row) => row.creator_id === chloe.id)).toMatchObject({ assigned_at: daysAgo(20), unassigned_at: unassignedAt, is_active: false });
    }
    for (const flag of ['0', 'false']) expect(await list(`/payout-structures/${id}/assignments`, { include_inactive: flag })).toEqual(active);

    const now = await ok('DELETE', `/payout-structures/${id}/assignments`, { creator_ids: [ben.id] });
    expect(now).toMatchObject({ unassigned: 1, not_assigned: 0 });
    const closed = (await list(`/payout-structures/${id}/assignments`, { include_inactive: '1' })).find((row) => row.creator_id === ben.id);
    expect(closed.unassigned_at).toMatch(ISO_MS);
    expect(closed.unassigned_at >= closed.assigned_at).toBe(true);
  });

  it('re-assigning opens a new interval; an assigned_at inside an earlier interval is refused', async () => {
    const before = await list(`/payout-structures/${id}/assignments`, { include_inactive: '1' });
    // Chloé was assigned from 20 days ago to 10 days ago.
    expectInvalid(await assign(id, { creator_ids: [chloe.id], assigned_at: daysAgo(15) }), 'assigned_at');
    expectInvalid(await assign(id, { creator_ids: [chloe.id], assigned_at: daysAgo(30) }), 'assigned_at');
    expect(await list(`/payout-structures/${id}/assignments`, { include_inactive: '1' })).toEqual(before);

    const reassigned = await ok('POST', `/payout-structures/${id}/assignments`, { creator_ids: [chloe.id], assigned_at: daysAgo(5) });
    expect(reassigned.assigned).toBe(1);
    const intervals = (await list(`/payout-structures/${id}/assignments`, { include_inactive: '1' })).filter((row) => row.creator_id === chloe.id);
    expect(intervals.map((row) => [row.assigned_at, row.unassigned_at])).toEqual([
      [daysAgo(20), daysAgo(10)],
      [daysAgo(5), null],
    ]);
    expect(intervals[1].id).toBe(reassigned.results[0].assignment_id);
    expect(intervals[0].id).not.toBe(intervals[1].id);
    expect((await list(`/payout-structures/${id}/assignments`)).filter((row) => row.creator_id === chloe.id)).toHaveLength(1);
  });

  it('orders intervals by assigned_at and walks them with limit and cursor', async () => {
    const history = await list(`/payout-structures/${id}/assignments`, { include_inactive: '1' });
    const starts = history.map((row) => row.assigned_at);
    expect([...starts].sort()).toEqual(starts);
    expect((await walk(`/payout-structures/${id}/assignments`, { include_inactive: '1' }, 1)).map((row) => row.id)).toEqual(history.map((row) => row.id));
  });

  it('refuses include_inactive values other than 1 | true | 0 | false', async () => {
    expectInvalid(await api(server, 'GET', `/payout-structures/${id}/assignments?include_inactive=yes`), 'include_inactive', 'invalid_query');
  });
});

describe('DELETE /payout-structures/{id}', () => {
  it('archives by default: is_active false, archived_at set, history kept; then assignments are refused (409 structure_archived)', async () => {
    const id = await createStructure('recurring', { name: 'To archive' });
    await ok('POST', `/payout-structures/${id}/assignments`, { creator_ids: [members[0].id] });
    const response = await api(server, 'DELETE', `/payout-structures/${id}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.data).toMatchObject({ id, is_active: false });
    expect(response.body.data.archived_at).toMatch(ISO_MS);

    const row = await detail(id);
    expect(row).toMatchObject({ is_active: false, archived_at: response.body.data.archived_at, name: 'To archive' });
    expect(row.versions).toHaveLength(1);
    expect((await list('/payout-structures', { is_active: 'false' })).map((structure) => structure.id)).toContain(id);
    expect((await list('/payout-structures', { is_active: 'true' })).map((structure) => structure.id)).not.toContain(id);
    expect((await list('/payout-structures')).map((structure) => structure.id)).toContain(id);
    expect((await list(`/payout-structures/${id}/assignments`, { include_inactive: '1' })).map((assignment) => assignment.creator_id)).toEqual([members[0].id]);

    const before = await list(`/payout-structures/${id}/assignments`, { include_inactive: '1' });
    expectError(await assign(id, { creator_ids: [members[1].id] }), 409, 'structure_archived');
    expect(await list(`/payout-structures/${id}/assignments`, { include_inactive: '1' })).toEqual(before);

    // Archiving again changes nothing.
    const again = await ok('DELETE', `/payout-structures/${id}`);
    expect(again.archived_at).toBe(response.body.data.archived_at);
  });

  it('filters the list by is_active', async () => {
    const active = await list('/payout-structures', { is_active: 'true' });
    const archived = await list('/payout-structures', { is_active: 'false' });
    expect(active.length).toBeGreaterThan(0);
    expect(archived.length).toBeGreaterThan(0);
    expect(active.every((row) => row.is_active === true && row.archived_at === null)).toBe(true);
    expect(archived.every((row) => row.is_active === false && typeof row.archived_at === 'string')).toBe(true);
    expect(active.length + archived.length).toBe((await list('/payout-structures')).length);
  });

  it('hard-deletes with ?mode=hard a structure without accruals: { id, deleted: true }, then 404 everywhere', async () => {
    const id = await createStructure('cpm', { name: 'To delete' });
    await ok('POST', `/payout-structures/${id}/assignments`, { creator_ids: [members[0].id] });
    expect(await ok('DELETE', `/payout-structures/${id}?mode=hard`)).toEqual({ id, deleted: true });
    expectError(await api(server, 'GET', `/payout-structures/${id}`), 404, 'not_found');
    expectError(await api(server, 'GET', `/payout-structures/${id}/assignments`), 404, 'not_found');
    expect((await list('/payout-structures')).map((row) => row.id)).not.toContain(id);
    expectError(await api(server, 'DELETE', `/payout-structures/${id}?mode=hard`), 404, 'not_found');
  });

  it('refuses to hard-delete a structure that has accruals: 409 has_accruals, structure and accruals kept', async () => {
    const id = await createStructure('recurring', { name: 'Has accruals', period: 'daily', amount_cents: 100, proration_mode: 'full' });
    await ok('POST', `/payout-structures/${id}/assignments`, { creator_ids: [members[1].id], assigned_at: daysAgo(3) });
    const run = await ok('POST', '/accrual-runs', {}, 201);
    expect(run.created).toBeGreaterThan(0);
    const accruals = await list('/payout-accruals', { structure_id: id });
    expect(accruals.length).toBeGreaterThan(0);

    expectError(await api(server, 'DELETE', `/payout-structures/${id}?mode=hard`), 409, 'has_accruals');
    expect((await detail(id)).is_active).toBe(true);
    expect(await list('/payout-accruals', { structure_id: id })).toEqual(accruals);
    expect((await list(`/payout-structures/${id}/assignments`)).map((row) => row.creator_id)).toEqual([members[1].id]);
  });

  it('refuses an unknown mode with 400 invalid_query, changing nothing', async () => {
    const id = await createStructure('recurring', { name: 'Mode check' });
    expectInvalid(await api(server, 'DELETE', `/payout-structures/${id}?mode=purge`), 'mode', 'invalid_query');
    expect((await detail(id)).is_active).toBe(true);
  });
});

describe('plan limit on active structures (PAYOUTS_LIMIT_ACTIVE_STRUCTURES=1)', () => {
  let limited: RunningServer;
  let limitedProject: any;

  beforeAll(async () => {
    limited = await startServer({ env: { PAYOUTS_LIMIT_ACTIVE_STRUCTURES: '1', PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0' } });
    const response = await api(limited, 'POST', '/projects', { body: { name: 'Limited' } });
    expect(response.status).toBe(201);
    limitedProject = response.body.data;
  });

  afterAll(async () => {
    await limited?.dispose();
  });

  const post = (name: string) => api(limited, 'POST', '/payout-structures', { body: { project_id: limitedProject.id, name, ...RULES.recurring } });
  const names = async () => (await api(limited, 'GET', '/payout-structures?limit=100')).body.data.map((row: any) => row.name);

  it('allows one active structure, answers the second with 402 limit_reached, and counts only active ones', async () => {
    const first = await post('First');
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expectError(await post('Second'), 402, 'limit_reached');
    expect(await names()).toEqual(['First']);

    const archived = await api(limited, 'DELETE', `/payout-structures/${first.body.data.structure_id}`);
    expect(archived.status).toBe(200);
    const third = await post('Third');
    expect(third.status, JSON.stringify(third.body)).toBe(201);
    expect(await names()).toEqual(['First', 'Third']);
    expectError(await post('Fourth'), 402, 'limit_reached');

    // Edits of the active structure are not creations.
    const rule = await api(limited, 'PATCH', `/payout-structures/${third.body.data.structure_id}`, { body: { kind: 'rule', ...RULES.recurring, amount_cents: 6000 } });
    expect(rule.status, JSON.stringify(rule.body)).toBe(200);
  });
});
