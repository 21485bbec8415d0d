import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startServer, type RunningServer } from '../support/server.ts';

/**
 * Contract of /api/v1/payout-accruals and /api/v1/accrual-runs over HTTP (seed 000 "Payout
 * Accruals" and "Error codes", SPEC §2 and §5), against the real `npm run serve`.
 *
 * The server runs on the real clock, so the catalog is backdated (assigned_at, posted_at,
 * captured_at in September 2026) and every run passes an as_of in the past. The accrual timer is
 * off, so only the runs this file makes create accruals.
 *
 * Not covered here: 409 cannot_set_status_on_paid_accrual needs an accrual paid through a
 * payment, and payments do not exist yet. Runs being journaled is not observable over HTTP.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

const FIRST_AS_OF = '2026-10-05T00:00:00.000Z'; // a Monday
const SECOND_AS_OF = '2026-10-19T00:00:00.000Z';

let server: RunningServer;

/** The catalog (ids filled in by beforeAll). */
const ids = {
  p1: '',
  p2: '',
  ada: '',
  bo: '',
  cy: '',
  /** P1, recurring weekly 5,000, skip: Ada from 09-07; Bo 09-07 to 09-24 12:00. */
  weekly: '',
  /** P1, recurring monthly 20,000, prorate: Ada from 08-16. */
  monthly: '',
  /** P1, goals weekly 3,000 (all), skip: Ada, goal 1 video a week. */
  goals: '',
  /** P2, cpm weekly, skip: Cy from 09-07. */
  cpm: '',
  /** P2, view_threshold 1k / 10k / 50k, no backfill: Cy from 09-07. */
  milestones: '',
  /** Cy's video in P2 (12,000 views on 09-20 12:00, 60,000 on 10-10). */
  video: '',
};

async function ok(method: string, path: string, body?: unknown): Promise<any> {
  const response = await api(server, method, path, body === undefined ? {} : { body });
  expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  expect(response.body.error).toBeNull();
  return response.body.data;
}

function expectError(response: { status: number; body: any }, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.data).toBeNull();
  expect(response.body.error.code).toBe(code);
  expect(typeof response.body.error.message).toBe('string');
  expect(response.body.error.message.length).toBeGreaterThan(0);
  expect(typeof response.body.meta).toBe('object');
}

function errorPaths(response: { body: any }): string[] {
  expect(Array.isArray(response.body.meta.errors)).toBe(true);
  return response.body.meta.errors.map((issue: { path: string }) => issue.path);
}

async function structure(projectId: string, rule: Record<string, unknown>): Promise<string> {
  const created = await ok('POST', '/payout-structures', { project_id: projectId, name: `S ${Object.values(rule).join(' ').slice(0, 40)}`, currency: 'USD', proration_mode: 'skip', ...rule });
  return created.structure_id;
}

async function assign(structureId: string, creatorIds: string[], assignedAt: string): Promise<void> {
  const result = await ok('POST', `/payout-structures/${structureId}/assignments`, { creator_ids: creatorIds, assigned_at: assignedAt });
  expect(result.assigned).toBe(creatorIds.length);
}

/** GET /payout-accruals with a query string; returns the whole response. */
function listResponse(query = '') {
  return api(server, 'GET', `/payout-accruals${query}`);
}

async function list(query = ''): Promise<any[]> {
  const response = await listResponse(query);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.body.error).toBeNull();
  return response.body.data;
}

/** Every accrual, through the cursor walk at the maximum page size. */
async function all(query = ''): Promise<any[]> {
  const rows: any[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const response = await listResponse(`?limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(response.status).toBe(200);
    rows.push(...response.body.data);
    cursor = response.body.meta.next_cursor;
    if (!cursor) break;
  }
  return rows;
}

const key = (row: any) => `${row.structure_id}|${row.creator_id}|${row.period_start_at}|${row.view_count ?? ''}`;
const sortedIds = (rows: any[]) => rows.map((row) => row.id).sort();

/** The accrual of a structure for a creator and a period start. */
async function accrualOf(structureId: string, creatorId: string, periodStart: string): Promise<any> {
  const rows = await list(`?structure_id=${structureId}&creator_id=${creatorId}&limit=100`);
  const found = rows.find((row) => row.period_start_at === periodStart);
  expect(found, `accrual ${structureId} ${creatorId} ${periodStart}`).toBeDefined();
  return found;
}

beforeAll(async () => {
  server = await startServer({ env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0', PAYOUTS_RATE_PER_MINUTE: '100000' } });
  ids.p1 = (await ok('POST', '/projects', { name: 'Launch', timezone: 'UTC' })).id;
  ids.p2 = (await ok('POST', '/projects', { name: 'Ambassadors', timezone: 'UTC' })).id;
  ids.ada = (await ok('POST', '/creators', { name: 'Ada', handle: '@ada' })).id;
  ids.bo = (await ok('POST', '/creators', { name: 'Bo', handle: '@bo' })).id;
  ids.cy = (await ok('POST', '/creators', { name: 'Cy', handle: '@cy' })).id;
  await ok('POST', `/projects/${ids.p1}/creators`, { creator_ids: [ids.ada, ids.bo] });
  await ok('POST', `/projects/${ids.p2}/creators`, { creator_ids: [ids.cy] });

  ids.weekly = await structure(ids.p1, { period: 'weekly', amount_cents: 5000, criteria_type: 'recurring', criteria_params: {} });
  await assign(ids.weekly, [ids.ada, ids.bo], '2026-09-07T00:00:00.000Z');
  await ok('DELETE', `/payout-structures/${ids.weekly}/assignments`, { creator_ids: [ids.bo], unassigned_at: '2026-09-24T12:00:00.000Z' });

  ids.monthly = await structure(ids.p1, { period: 'monthly', amount_cents: 20000, criteria_type: 'recurring', criteria_params: {}, proration_mode: 'prorate' });
  await assign(ids.monthly, [ids.ada], '2026-08-16T00:00:00.000Z');

  ids.goals = await structure(ids.p1, { period: 'weekly', amount_cents: 3000, criteria_type: 'goals', criteria_params: { mode: 'all' } });
  await assign(ids.goals, [ids.ada], '2026-09-07T00:00:00.000Z');
  await ok('POST', '/creator-goals', { project_id: ids.p1, creator_id: ids.ada, metric: 'videos_posted', target: 1, period: 'weekly' });
  await ok('POST', '/videos', { creator_id: ids.ada, project_id: ids.p1, platform: 'tiktok', url: 'https://www.tiktok.com/@ada/video/1', posted_at: '2026-09-08T10:00:00.000Z' });

  ids.cpm = await structure(ids.p2, {
    period: 'weekly',
    amount_cents: 0,
    criteria_type: 'cpm',
    criteria_params: {
      source: 'posts_in_period',
      min_impressions: 1000,
      max_payout_cents: 100000,
      tiers: [
        { up_to_impressions: 10000, cents_per_thousand: 100 },
        { up_to_impressions: null, cents_per_thousand: 50 },
      ],
    },
  });
  ids.milestones = await structure(ids.p2, {
    period: null,
    amount_cents: null,
    criteria_type: 'view_threshold',
    backfill_on_assignment: false,
    criteria_params: {
      thresholds: [
        { view_count: 1000, amount_cents: 2000, currency: 'USD' },
        { view_count: 10000, amount_cents: 10000, currency: 'USD' },
        { view_count: 50000, amount_cents: 25000, currency: 'USD' },
      ],
    },
  });
  await assign(ids.cpm, [ids.cy], '2026-09-07T00:00:00.000Z');
  await assign(ids.milestones, [ids.cy], '2026-09-07T00:00:00.000Z');
  const video = await ok('POST', '/videos', {
    creator_id: ids.cy,
    project_id: ids.p2,
    platform: 'instagram',
    url: 'https://www.instagram.com/p/cy1',
    posted_at: '2026-09-15T00:00:00.000Z',
    views: 12000,
    captured_at: '2026-09-20T12:00:00.000Z',
  });
  ids.video = video.id;
  await ok('POST', `/videos/${ids.video}/metrics`, { views: 60000, captured_at: '2026-10-10T00:00:00.000Z' });
});

afterAll(async () => {
  await server?.dispose();
});

describe('POST /accrual-runs', () => {
  it('answers 201 with the run and its counts, overall and per criteria type', async () => {
    expect(await list()).toEqual([]);
    const response = await api(server, 'POST', '/accrual-runs', { body: { as_of: FIRST_AS_OF } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.error).toBeNull();
    const run = response.body.data;
    expect(run.id).toMatch(UUID);
    expect(run.as_of).toBe(FIRST_AS_OF);
    expect(run.started_at).toMatch(ISO_MS);
    expect(run.finished_at).toMatch(ISO_MS);
    // weekly: Ada 4 weeks, Bo 2 full weeks + 1 partial week skipped; monthly: Aug (prorated) + Sep;
    // goals: the week of Ada's video met, 3 weeks not; cpm: 1 week over min_impressions, 3 under;
    // milestones: 1k and 10k crossed on 09-20 (50k only on 10-10, after as_of).
    expect(run.by_type).toEqual({
      recurring: { created: 8, already_present: 0, skipped: 1 },
      goals: { created: 1, already_present: 0, skipped: 3 },
      cpm: { created: 1, already_present: 0, skipped: 3 },
      view_threshold: { created: 2, already_present: 0, skipped: 0 },
      commission: { created: 0, already_present: 0, skipped: 0 },
    });
    expect(run).toMatchObject({ created: 12, already_present: 0, skipped: 7 });
    // 6 × 5,000 + (20,000 × 16/31 → 10,323) + 20,000 + 3,000 + 1,100 + 2,000 + 10,000
    expect(run.amount_cents_created).toBe(76423);
    expect(await all()).toHaveLength(12);
  });

  it('creates the accruals the inputs call for, each once, with deterministic fields', async () => {
    const rows = await all();
    expect(new Set(rows.map(key)).size).toBe(rows.length);
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
    const summary = rows.map((row) => [row.structure_id, row.creator_id, row.period_start_at, row.period_end_at, row.amount_cents]);
    const expected = [
      [ids.weekly, ids.ada, '2026-09-07T00:00:00.000Z', '2026-09-14T00:00:00.000Z', 5000],
      [ids.weekly, ids.ada, '2026-09-14T00:00:00.000Z', '2026-09-21T00:00:00.000Z', 5000],
      [ids.weekly, ids.ada, '2026-09-21T00:00:00.000Z', '2026-09-28T00:00:00.000Z', 5000],
      [ids.weekly, ids.ada, '2026-09-28T00:00:00.000Z', '2026-10-05T00:00:00.000Z', 5000],
      [ids.weekly, ids.bo, '2026-09-07T00:00:00.000Z', '2026-09-14T00:00:00.000Z', 5000],
      [ids.weekly, ids.bo, '2026-09-14T00:00:00.000Z', '2026-09-21T00:00:00.000Z', 5000],
      [ids.monthly, ids.ada, '2026-08-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z', 10323],
      [ids.monthly, ids.ada, '2026-09-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z', 20000],
      [ids.goals, ids.ada, '2026-09-07T00:00:00.000Z', '2026-09-14T00:00:00.000Z', 3000],
      [ids.cpm, ids.cy, '2026-09-14T00:00:00.000Z', '2026-09-21T00:00:00.000Z', 1100],
      [ids.milestones, ids.cy, '2026-09-20T12:00:00.000Z', '2026-09-20T12:00:00.000Z', 2000],
      [ids.milestones, ids.cy, '2026-09-20T12:00:00.000Z', '2026-09-20T12:00:00.000Z', 10000],
    ];
    const order = (a: unknown[], b: unknown[]) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);
    expect([...summary].sort(order)).toEqual([...expected].sort(order));
    for (const row of rows) {
      expect(row.id).toMatch(UUID);
      expect(row.status).toBe('earned');
      expect(row.currency).toBe('USD');
      expect(Number.isInteger(row.amount_cents)).toBe(true);
      expect(row.period_start_at).toMatch(ISO_MS);
      expect(row.period_end_at).toMatch(ISO_MS);
      expect(row.project_id).toBe(row.structure_id === ids.cpm || row.structure_id === ids.milestones ? ids.p2 : ids.p1);
    }
    const milestones = rows.filter((row) => row.structure_id === ids.milestones).map((row) => [row.video_id, row.view_count, row.criteria_type]);
    expect(milestones.sort()).toEqual([
      [ids.video, 1000, 'view_threshold'],
      [ids.video, 10000, 'view_threshold'],
    ]);
  });

  it('a repeated run with the same as_of creates nothing and leaves the accruals as they were', async () => {
    const before = await all();
    const response = await api(server, 'POST', '/accrual-runs', { body: { as_of: FIRST_AS_OF } });
    expect(response.status).toBe(201);
    expect(response.body.data.created).toBe(0);
    expect(response.body.data.amount_cents_created).toBe(0);
    for (const counts of Object.values(response.body.data.by_type) as { created: number }[]) expect(counts.created).toBe(0);
    expect(response.body.data.id).not.toBe(undefined);
    expect(await all()).toEqual(before);
  });

  it.each([
    ['as_of in the future', { as_of: '2099-01-01T00:00:00.000Z' }],
    ['as_of without milliseconds', { as_of: '2026-10-05T00:00:00Z' }],
    ['as_of as a date', { as_of: '2026-10-05' }],
    ['as_of that is a number', { as_of: 1780000000000 }],
  ])('rejects %s with 400 invalid_body on path as_of, creating nothing', async (_label, body) => {
    const before = await all();
    const response = await api(server, 'POST', '/accrual-runs', { body });
    expectError(response, 400, 'invalid_body');
    expect(errorPaths(response)).toContain('as_of');
    expect(await all()).toEqual(before);
  });

  it('rejects an unknown body field with 400 invalid_body', async () => {
    const response = await api(server, 'POST', '/accrual-runs', { body: { as_of: FIRST_AS_OF, dry_run: true } });
    expectError(response, 400, 'invalid_body');
    expect(JSON.stringify(response.body.meta.errors)).toContain('dry_run');
  });
});

describe('GET /payout-accruals filters', () => {
  it.each([
    ['project_id (P1)', () => `project_id=${ids.p1}`, 9],
    ['project_id (P2)', () => `project_id=${ids.p2}`, 3],
    ['creator_id', () => `creator_id=${ids.ada}`, 7],
    ['creator_id (unassigned midway)', () => `creator_id=${ids.bo}`, 2],
    ['structure_id', () => `structure_id=${ids.monthly}`, 2],
    ['status=earned', () => 'status=earned', 12],
    ['status=rejected', () => 'status=rejected', 0],
    ['project and creator together', () => `project_id=${ids.p2}&creator_id=${ids.ada}`, 0],
    ['structure and creator together', () => `structure_id=${ids.weekly}&creator_id=${ids.ada}`, 4],
  ])('%s', async (_label, query, count) => {
    const rows = await list(`?limit=100&${query()}`);
    expect(rows).toHaveLength(count);
    const params = new URLSearchParams(query());
    for (const row of rows) {
      for (const [name, value] of params) {
        const field = name === 'status' ? 'status' : name;
        expect(row[field]).toBe(value);
      }
    }
  });

  it('an unknown project, creator or structure lists nothing', async () => {
    for (const name of ['project_id', 'creator_id', 'structure_id']) expect(await list(`?${name}=${UNKNOWN_ID}`)).toEqual([]);
  });

  // from: period start on or after; to: period end on or before (a date means the end of that day).
  it.each([
    ['from a date: period start on or after that day 00:00', 'from=2026-09-14', (row: any) => row.period_start_at >= '2026-09-14T00:00:00.000Z', 7],
    ['from an instant: the bound is that instant', 'from=2026-09-14T00:00:00.001Z', (row: any) => row.period_start_at >= '2026-09-14T00:00:00.001Z', 4],
    ['from an instant equal to a period start includes it', 'from=2026-09-20T12:00:00.000Z', (row: any) => row.period_start_at >= '2026-09-20T12:00:00.000Z', 4],
    ['to a date: period end on or before the end of that day', 'to=2026-09-20', (row: any) => row.period_end_at <= '2026-09-21T00:00:00.000Z', 9],
    ['to a date the day before: milestones of 09-20 fall out', 'to=2026-09-19', (row: any) => row.period_end_at <= '2026-09-20T00:00:00.000Z', 4],
    ['to an instant: the bound is that instant', 'to=2026-09-20T23:59:59.999Z', (row: any) => row.period_end_at <= '2026-09-20T23:59:59.999Z', 6],
    ['to an instant equal to a period end includes it', 'to=2026-09-14T00:00:00.000Z', (row: any) => row.period_end_at <= '2026-09-14T00:00:00.000Z', 4],
    ['from and to together', 'from=2026-09-07&to=2026-09-20', (row: any) => row.period_start_at >= '2026-09-07T00:00:00.000Z' && row.period_end_at <= '2026-09-21T00:00:00.000Z', 8],
    ['from after every period', 'from=2026-10-06', () => false, 0],
    ['to the last day of August includes the month that ends at its midnight', 'to=2026-08-31', (row: any) => row.period_end_at <= '2026-09-01T00:00:00.000Z', 1],
    ['to before every period', 'to=2026-08-30', () => false, 0],
  ])('%s', async (_label, query, predicate, count) => {
    const everything = await all();
    const rows = await list(`?limit=100&${query}`);
    expect(sortedIds(rows)).toEqual(sortedIds(everything.filter(predicate)));
    expect(rows).toHaveLength(count);
  });

  it('combines date filters with the other filters', async () => {
    const rows = await list(`?project_id=${ids.p1}&creator_id=${ids.ada}&from=2026-09-14&to=2026-09-27`);
    expect(rows.map((row) => [row.structure_id, row.period_start_at])).toEqual([
      [ids.weekly, '2026-09-21T00:00:00.000Z'],
      [ids.weekly, '2026-09-14T00:00:00.000Z'],
    ]);
  });

  it.each([
    ['project_id that is not a UUID', 'project_id=launch', 'project_id'],
    ['project_id in upper case', () => `project_id=${ids.p1.toUpperCase()}`, 'project_id'],
    ['creator_id that is not a UUID', 'creator_id=42', 'creator_id'],
    ['structure_id that is empty', 'structure_id=', 'structure_id'],
    ['an unknown status', 'status=pending', 'status'],
    ['a status in another case', 'status=EARNED', 'status'],
    ['from that is not a date', 'from=yesterday', 'from'],
    ['from with a month 13', 'from=2026-13-01', 'from'],
    ['from on February 30th', 'from=2026-02-30', 'from'],
    ['to without milliseconds', 'to=2026-09-20T00:00:00Z', 'to'],
    ['to with an offset', 'to=2026-09-20T00:00:00.000+02:00', 'to'],
    ['to in another date format', 'to=09/20/2026', 'to'],
    ['limit 0', 'limit=0', 'limit'],
    ['limit 101', 'limit=101', 'limit'],
    ['limit that is not a number', 'limit=ten', 'limit'],
    ['a cursor the list did not issue', 'cursor=not-a-cursor', 'cursor'],
    ['an unknown parameter', 'creator=abc', 'creator'],
  ])('rejects %s with 400 invalid_query', async (_label, query, path) => {
    const response = await listResponse(`?${typeof query === 'function' ? query() : query}`);
    expectError(response, 400, 'invalid_query');
    expect(JSON.stringify(response.body.meta.errors)).toContain(path);
  });
});

describe('GET /payout-accruals pagination', () => {
  it('lists newest period first; limit/cursor walk returns every row exactly once', async () => {
    const full = await list('?limit=100');
    expect(full).toHaveLength(12);
    for (let i = 1; i < full.length; i++) expect(full[i - 1].period_end_at >= full[i].period_end_at, `${full[i - 1].period_end_at} then ${full[i].period_end_at}`).toBe(true);
    expect(full[0].period_end_at).toBe('2026-10-05T00:00:00.000Z');
    expect(full.at(-1).period_end_at).toBe('2026-09-01T00:00:00.000Z');

    const pages: any[][] = [];
    let cursor: string | null = null;
    do {
      const response = await listResponse(`?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(response.status).toBe(200);
      pages.push(response.body.data);
      expect(response.body.meta.limit).toBe(5);
      cursor = response.body.meta.next_cursor;
      expect(response.body.meta.has_more).toBe(cursor !== null);
    } while (cursor && pages.length < 10);
    expect(pages.map((page) => page.length)).toEqual([5, 5, 2]);
    expect(pages.flat().map((row) => row.id)).toEqual(full.map((row) => row.id));
  });

  it('walks a filtered list with a page size that divides it exactly: the last full page has no cursor', async () => {
    const full = await list(`?project_id=${ids.p1}&limit=100`);
    expect(full).toHaveLength(9);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await listResponse(`?project_id=${ids.p1}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(response.status).toBe(200);
      for (const row of response.body.data) expect(row.project_id).toBe(ids.p1);
      seen.push(...response.body.data.map((row: any) => row.id));
      cursor = response.body.meta.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(full.map((row) => row.id));
  });

  it('defaults to 50 rows per page and says there is no more', async () => {
    const response = await listResponse();
    expect(response.status).toBe(200);
    expect(response.body.data).toHaveLength(12);
    expect(response.body.meta).toMatchObject({ has_more: false, next_cursor: null });
  });
});

describe('GET /payout-accruals/{id}', () => {
  it('returns the accrual with an inputs_snapshot that explains the amount (prorated month)', async () => {
    const listed = await accrualOf(ids.monthly, ids.ada, '2026-08-01T00:00:00.000Z');
    const response = await api(server, 'GET', `/payout-accruals/${listed.id}`);
    expect(response.status).toBe(200);
    const accrual = response.body.data;
    expect(accrual).toMatchObject({
      id: listed.id,
      project_id: ids.p1,
      structure_id: ids.monthly,
      creator_id: ids.ada,
      criteria_type: 'recurring',
      period_start_at: '2026-08-01T00:00:00.000Z',
      period_end_at: '2026-09-01T00:00:00.000Z',
      amount_cents: 10323,
      currency: 'USD',
      status: 'earned',
      version_number: 1,
    });
    const detail = (await ok('GET', `/payout-structures/${ids.monthly}`)) as { versions: { id: string; version_number: number }[] };
    const v1 = detail.versions.find((version) => version.version_number === 1);
    expect(accrual.version_id).toBe(v1?.id);
    const snapshot = accrual.inputs_snapshot;
    expect(snapshot.version).toMatchObject({ id: v1?.id, number: 1 });
    expect(snapshot.period).toMatchObject({ kind: 'monthly', start: '2026-08-01T00:00:00.000Z', end: '2026-09-01T00:00:00.000Z' });
    // Assigned 16 of August's 31 days.
    expect(snapshot.assignment).toMatchObject({
      intervals: [{ from: '2026-08-16T00:00:00.000Z', to: '2026-09-01T00:00:00.000Z' }],
      assigned_seconds: 16 * 86_400,
      period_seconds: 31 * 86_400,
      fraction: '16/31',
    });
    // 20,000 × 16/31 = 320,000/31 = 10,322.58… → 10,323 (rounded once, half up).
    expect(snapshot.unrounded_cents).toBe('320000/31');
    expect(snapshot.amount_cents).toBe(10323);
  });

  it('the list row and the single fetch agree', async () => {
    const listed = await accrualOf(ids.cpm, ids.cy, '2026-09-14T00:00:00.000Z');
    const fetched = await ok('GET', `/payout-accruals/${listed.id}`);
    expect(fetched).toEqual(listed);
  });

  it('a cpm accrual records the counted videos with their views and the tier breakdown', async () => {
    const listed = await accrualOf(ids.cpm, ids.cy, '2026-09-14T00:00:00.000Z');
    const snapshot = (await ok('GET', `/payout-accruals/${listed.id}`)).inputs_snapshot;
    expect(snapshot.version).toMatchObject({ number: 1 });
    expect(snapshot.period).toMatchObject({ kind: 'weekly', start: '2026-09-14T00:00:00.000Z', end: '2026-09-21T00:00:00.000Z' });
    expect(snapshot.assignment).toMatchObject({ fraction: '1' });
    expect(snapshot.videos).toEqual([{ id: ids.video, url: 'https://www.instagram.com/p/cy1', posted_at: '2026-09-15T00:00:00.000Z', views: 12000 }]);
    expect(snapshot.impressions).toBe(12000);
    expect(snapshot.tiers).toMatchObject([
      { impressions: 10000, cents_per_thousand: 100 },
      { impressions: 2000, cents_per_thousand: 50 },
    ]);
    expect(snapshot.cap_applied).toBe(false);
    expect(snapshot.unrounded_cents).toBe('1100');
  });

  it('a milestone accrual records the version, the crossing snapshot and the assignment', async () => {
    const rows = await list(`?structure_id=${ids.milestones}`);
    const tenK = rows.find((row) => row.view_count === 10000);
    const snapshot = (await ok('GET', `/payout-accruals/${tenK.id}`)).inputs_snapshot;
    expect(snapshot).toMatchObject({
      version: { number: 1 },
      view_count: 10000,
      crossing: { captured_at: '2026-09-20T12:00:00.000Z', views: 12000 },
      backfill: false,
      amount_cents: 10000,
    });
  });

  it('404 not_found for an unknown id', async () => {
    expectError(await api(server, 'GET', `/payout-accruals/${UNKNOWN_ID}`), 404, 'not_found');
  });
});

describe('PATCH /payout-accruals/{id}', () => {
  const patch = (id: string, body: unknown) => api(server, 'PATCH', `/payout-accruals/${id}`, { body });

  it('rejects an earned accrual: 200 with the row, and later reads see it', async () => {
    const target = await accrualOf(ids.weekly, ids.ada, '2026-09-07T00:00:00.000Z');
    const response = await patch(target.id, { status: 'rejected' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.data).toMatchObject({ id: target.id, status: 'rejected', amount_cents: 5000, period_start_at: target.period_start_at });
    expect(response.body.data.updated_at).toMatch(ISO_MS);
    expect((await ok('GET', `/payout-accruals/${target.id}`)).status).toBe('rejected');
  });

  it('voids an earned accrual', async () => {
    const target = await accrualOf(ids.weekly, ids.bo, '2026-09-07T00:00:00.000Z');
    const response = await patch(target.id, { status: 'voided' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.data.status).toBe('voided');
    expect((await ok('GET', `/payout-accruals/${target.id}`)).status).toBe('voided');
  });

  it('the status filter follows the changes', async () => {
    expect((await list('?status=rejected')).map((row) => [row.structure_id, row.creator_id, row.period_start_at])).toEqual([[ids.weekly, ids.ada, '2026-09-07T00:00:00.000Z']]);
    expect((await list('?status=voided')).map((row) => [row.structure_id, row.creator_id, row.period_start_at])).toEqual([[ids.weekly, ids.bo, '2026-09-07T00:00:00.000Z']]);
    expect(await list('?status=earned&limit=100')).toHaveLength(10);
    expect(await list('?status=paid')).toEqual([]);
    expect(await list(`?status=rejected&creator_id=${ids.bo}`)).toEqual([]);
  });

  it('status paid → 400 cannot_set_paid_directly, and the accrual stays earned', async () => {
    const target = await accrualOf(ids.weekly, ids.ada, '2026-09-14T00:00:00.000Z');
    expectError(await patch(target.id, { status: 'paid' }), 400, 'cannot_set_paid_directly');
    expect((await ok('GET', `/payout-accruals/${target.id}`)).status).toBe('earned');
  });

  it.each([
    ['rejected → voided', 'rejected', 'voided'],
    ['rejected → earned', 'rejected', 'earned'],
    ['voided → rejected', 'voided', 'rejected'],
    ['voided → earned', 'voided', 'earned'],
  ])('%s → 409 invalid_transition, nothing changes', async (_label, from, to) => {
    const [target] = await list(`?status=${from}`);
    expectError(await patch(target.id, { status: to }), 409, 'invalid_transition');
    expect((await ok('GET', `/payout-accruals/${target.id}`)).status).toBe(from);
  });

  it('an unknown id → 404 not_found', async () => {
    expectError(await patch(UNKNOWN_ID, { status: 'rejected' }), 404, 'not_found');
  });

  it.each([
    ['an unknown status', { status: 'cancelled' }],
    ['no status', {}],
    ['an extra field', { status: 'rejected', amount_cents: 1 }],
  ])('%s → 400 invalid_body, nothing changes', async (_label, body) => {
    const target = await accrualOf(ids.weekly, ids.ada, '2026-09-21T00:00:00.000Z');
    expectError(await patch(target.id, body), 400, 'invalid_body');
    expect((await ok('GET', `/payout-accruals/${target.id}`)).status).toBe('earned');
  });
});

describe('later runs', () => {
  it('a run with a later as_of adds only what ended or crossed since, and keeps statuses', async () => {
    const before = await all();
    const response = await api(server, 'POST', '/accrual-runs', { body: { as_of: SECOND_AS_OF } });
    expect(response.status).toBe(201);
    const run = response.body.data;
    // weekly: Ada's weeks of 10-05 and 10-12; goals and cpm: two weeks each without videos;
    // milestones: 50k crossed on 10-10.
    expect(run.created).toBe(3);
    expect(run.by_type.recurring.created).toBe(2);
    expect(run.by_type.goals).toMatchObject({ created: 0, skipped: 2 });
    expect(run.by_type.cpm).toMatchObject({ created: 0, skipped: 2 });
    expect(run.by_type.view_threshold.created).toBe(1);
    const after = await all();
    expect(after).toHaveLength(15);
    const added = after.filter((row) => !before.some((old) => old.id === row.id));
    expect(added.map((row) => [row.structure_id, row.period_start_at, row.amount_cents]).sort()).toEqual(
      [
        [ids.weekly, '2026-10-05T00:00:00.000Z', 5000],
        [ids.weekly, '2026-10-12T00:00:00.000Z', 5000],
        [ids.milestones, '2026-10-10T00:00:00.000Z', 25000],
      ].sort(),
    );
    for (const old of before) expect(after.find((row) => row.id === old.id)).toEqual(old);
  });

  it('a run with an earlier as_of than the last one creates nothing', async () => {
    const before = await all();
    const response = await api(server, 'POST', '/accrual-runs', { body: { as_of: FIRST_AS_OF } });
    expect(response.status).toBe(201);
    expect(response.body.data.created).toBe(0);
    expect(await all()).toEqual(before);
  });

  it('without a body the run is as of now', async () => {
    const started = Date.now();
    const response = await api(server, 'POST', '/accrual-runs');
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const asOf = Date.parse(response.body.data.as_of);
    expect(asOf).toBeGreaterThanOrEqual(started - 1000);
    expect(asOf).toBeLessThanOrEqual(Date.now() + 1000);
    expect(response.body.data.created).toBeGreaterThan(0);
    for (const row of await all()) expect(Date.parse(row.period_end_at)).toBeLessThanOrEqual(asOf);
  });
});
