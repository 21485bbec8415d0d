import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_API_KEY, startServer, type RunningServer } from '../support/server.ts';

/**
 * `GET /api/v1/earnings` over HTTP (seed 002 "List Earnings", SPEC §2 and §7), against the real
 * `npm run serve` started with a seed-002 style `sk_` key as PAYOUTS_API_KEY: every call here uses
 * that key, so it also proves an `sk_` key works.
 *
 * One earning per accrual. The catalog is backdated and accrued with one `POST /accrual-runs
 * {as_of}` (the timer is off): P1 has a weekly and a daily structure for Ada and Bo (18 + 126
 * accruals), P2 a weekly structure and view milestones for Cy (9 + 1).
 *
 * No referrals here (`referral_id` is null on every earning, so filtering by it is empty):
 * commission earnings, their `type`, `referral_id`, `metadata.commission_rate` and the
 * `referral_id` filter are tested in api-commissions.test.ts. Payout batches (`processing`) are
 * not covered here.
 */

const SK_KEY = 'sk_live_payoutsDeskEarningsTest_0123456789';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const AS_OF = '2026-10-05T00:00:00.000Z';
const PAID_AT = '2026-10-06T08:00:00.000Z';
/** Seed 002's earning fields, in the seed's order. */
const EARNING_FIELDS = ['id', 'referral_id', 'amount', 'currency', 'type', 'description', 'status', 'reference_id', 'created_at', 'paid_at', 'metadata'];
const UNAUTHORIZED = '{"error":"Unauthorized","message":"Invalid or missing API key"}';

let server: RunningServer;
const ids = { p1: '', p2: '', ada: '', bo: '', cy: '', weekly: '', daily: '', p2weekly: '', milestones: '' };
/** Payment that settles two of Ada's weekly accruals, paid_at PAID_AT. */
let payment: any;
const marked = { paid: [] as string[], rejected: '', voided: '', unpaid: '' };

type Sent = { status: number; headers: Headers; text: string; body: any };

async function send(method: string, path: string, options: { body?: unknown; auth?: string | null; idem?: string } = {}): Promise<Sent> {
  const headers: Record<string, string> = {};
  const auth = options.auth === undefined ? `Bearer ${SK_KEY}` : options.auth;
  if (auth !== null) headers.Authorization = auth;
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

async function ok(method: string, path: string, body?: unknown, idem?: string): Promise<any> {
  const response = await send(method, path, { ...(body !== undefined && { body }), ...(idem && { idem }) });
  expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
  return response.body.data;
}

/** GET /earnings with a query string: must answer 200 with seed 002's bare shape. */
async function earnings(query = ''): Promise<any[]> {
  const response = await send('GET', `/earnings${query}`);
  expect(response.status, response.text).toBe(200);
  expect(Object.keys(response.body)).toEqual(['earnings']);
  expect(Array.isArray(response.body.earnings)).toBe(true);
  return response.body.earnings;
}

/** Every earning matching a query, through limit/offset pages of 100. */
async function allEarnings(query = ''): Promise<any[]> {
  const rows: any[] = [];
  for (let offset = 0; offset < 10_000; offset += 100) {
    const page = await earnings(`?limit=100&offset=${offset}${query}`);
    rows.push(...page);
    if (page.length < 100) return rows;
  }
  throw new Error('too many earnings');
}

/** Every accrual, through the cursor walk. */
async function allAccruals(query = ''): Promise<any[]> {
  const rows: any[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const response = await send('GET', `/payout-accruals?limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(response.status).toBe(200);
    rows.push(...response.body.data);
    cursor = response.body.meta.next_cursor;
    if (!cursor) return rows;
  }
  throw new Error('too many accruals');
}

const idSet = (rows: { id: string }[]) => rows.map((row) => row.id).sort();

function expectSeed002Error(response: Sent, status: number, error: string): void {
  expect(response.status, response.text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(Object.keys(response.body)).toEqual(['error', 'message']);
  expect(response.body.error).toBe(error);
  expect(typeof response.body.message).toBe('string');
  expect(response.body.message.length).toBeGreaterThan(0);
}

async function structure(projectId: string, name: string, rule: Record<string, unknown>): Promise<string> {
  return (await ok('POST', '/payout-structures', { project_id: projectId, name, currency: 'USD', proration_mode: 'skip', ...rule })).structure_id;
}

beforeAll(async () => {
  server = await startServer({ env: { PAYOUTS_API_KEY: SK_KEY, PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0', PAYOUTS_RATE_PER_MINUTE: '100000' } });
  ids.p1 = (await ok('POST', '/projects', { name: 'Launch', timezone: 'UTC' })).id;
  ids.p2 = (await ok('POST', '/projects', { name: 'Ambassadors', timezone: 'UTC' })).id;
  ids.ada = (await ok('POST', '/creators', { name: 'Ada', handle: '@ada' })).id;
  ids.bo = (await ok('POST', '/creators', { name: 'Bo', handle: '@bo' })).id;
  ids.cy = (await ok('POST', '/creators', { name: 'Cy', handle: '@cy' })).id;
  await ok('POST', `/projects/${ids.p1}/creators`, { creator_ids: [ids.ada, ids.bo] });
  await ok('POST', `/projects/${ids.p2}/creators`, { creator_ids: [ids.cy] });
  const from = '2026-08-03T00:00:00.000Z';
  ids.weekly = await structure(ids.p1, 'Weekly', { period: 'weekly', amount_cents: 5000, criteria_type: 'recurring', criteria_params: {} });
  await ok('POST', `/payout-structures/${ids.weekly}/assignments`, { creator_ids: [ids.ada, ids.bo], assigned_at: from });
  ids.daily = await structure(ids.p1, 'Daily', { period: 'daily', amount_cents: 100, criteria_type: 'recurring', criteria_params: {} });
  await ok('POST', `/payout-structures/${ids.daily}/assignments`, { creator_ids: [ids.ada, ids.bo], assigned_at: from });
  ids.p2weekly = await structure(ids.p2, 'Ambassador weekly', { period: 'weekly', amount_cents: 3000, criteria_type: 'recurring', criteria_params: {} });
  await ok('POST', `/payout-structures/${ids.p2weekly}/assignments`, { creator_ids: [ids.cy], assigned_at: from });
  ids.milestones = await structure(ids.p2, 'Milestones', {
    period: null,
    amount_cents: null,
    criteria_type: 'view_threshold',
    backfill_on_assignment: false,
    criteria_params: { thresholds: [{ view_count: 1000, amount_cents: 2000, currency: 'USD' }] },
  });
  await ok('POST', `/payout-structures/${ids.milestones}/assignments`, { creator_ids: [ids.cy], assigned_at: from });
  await ok('POST', '/videos', { creator_id: ids.cy, project_id: ids.p2, platform: 'tiktok', url: 'https://www.tiktok.com/@cy/video/1', posted_at: '2026-09-15T00:00:00.000Z', views: 1500, captured_at: '2026-09-20T12:00:00.000Z' });
  const run = await ok('POST', '/accrual-runs', { as_of: AS_OF });
  expect(run.created).toBe(18 + 126 + 9 + 1);

  // Two of Ada's weekly accruals paid, one rejected, one voided; one paid then unpaid by a void.
  const adaWeekly = (await allAccruals(`&structure_id=${ids.weekly}&creator_id=${ids.ada}`)).sort((a, b) => (a.period_start_at < b.period_start_at ? -1 : 1));
  const [first, second, third, fourth, fifth] = adaWeekly;
  payment = await ok('POST', '/payout-payments', { project_id: ids.p1, creator_id: ids.ada, total_amount_cents: 10000, accrual_ids: [first.id, second.id], paid_at: PAID_AT }, randomUUID());
  marked.paid = [first.id, second.id];
  marked.rejected = third.id;
  await ok('PATCH', `/payout-accruals/${third.id}`, { status: 'rejected' });
  marked.voided = fourth.id;
  await ok('PATCH', `/payout-accruals/${fourth.id}`, { status: 'voided' });
  marked.unpaid = fifth.id;
  const undone = await ok('POST', '/payout-payments', { project_id: ids.p1, creator_id: ids.ada, total_amount_cents: 5000, accrual_ids: [fifth.id] }, randomUUID());
  await ok('PATCH', `/payout-payments/${undone.id}`, { status: 'voided' });
});

afterAll(async () => {
  await server?.dispose();
});

describe('GET /earnings: seed 002 shape', () => {
  it('answers exactly { earnings: [...] } with no envelope, each earning with exactly seed 002 fields', async () => {
    const response = await send('GET', '/earnings');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(response.body)).toEqual(['earnings']);
    const rows = response.body.earnings;
    expect(rows).toHaveLength(50);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(EARNING_FIELDS);
      expect(row.id).toMatch(UUID);
      expect(row.referral_id).toBeNull();
      expect(Number.isInteger(row.amount)).toBe(true);
      expect(row.amount).toBeGreaterThan(0);
      expect(row.currency).toBe('USD');
      expect(['recurring', 'goals', 'cpm', 'view_threshold']).toContain(row.type);
      expect(typeof row.description).toBe('string');
      expect(row.description.length).toBeGreaterThan(10);
      expect(['pending', 'processing', 'paid', 'failed']).toContain(row.status);
      expect(row.reference_id === null || UUID.test(row.reference_id)).toBe(true);
      expect(row.created_at).toMatch(ISO_MS);
      expect(row.paid_at === null || ISO_MS.test(row.paid_at)).toBe(true);
      expect(row.metadata !== null && typeof row.metadata === 'object' && !Array.isArray(row.metadata)).toBe(true);
    }
  });

  it('one earning per accrual: same id, amount, currency, type and creation time', async () => {
    const accruals = await allAccruals();
    const rows = await allEarnings();
    expect(rows).toHaveLength(accruals.length);
    expect(idSet(rows)).toEqual(idSet(accruals));
    const byId = new Map(accruals.map((row) => [row.id, row]));
    for (const row of rows) {
      const accrual = byId.get(row.id);
      expect(row).toMatchObject({ amount: accrual.amount_cents, currency: accrual.currency, type: accrual.criteria_type, created_at: accrual.created_at });
      expect(row.metadata).toMatchObject({ project_id: accrual.project_id, creator_id: accrual.creator_id, structure_id: accrual.structure_id });
    }
  });

  it('newest first', async () => {
    const rows = await allEarnings();
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1].created_at >= rows[i].created_at).toBe(true);
  });

  it('description is a sentence a person can read: the structure, the amount, and the period or milestone', async () => {
    const rows = await allEarnings();
    const weekly = rows.find((row) => row.metadata.structure_id === ids.weekly && row.metadata.period_start_at === '2026-09-07T00:00:00.000Z');
    expect(weekly.description).toBe('Weekly: $50.00 payout for 2026-09-07 to 2026-09-13');
    const daily = rows.find((row) => row.metadata.structure_id === ids.daily && row.metadata.period_start_at === '2026-09-07T00:00:00.000Z');
    expect(daily.description).toBe('Daily: $1.00 payout for 2026-09-07 to 2026-09-07');
    const milestone = rows.find((row) => row.type === 'view_threshold');
    expect(milestone.description).toContain('Milestones');
    expect(milestone.description).toContain('$20.00');
    expect(milestone.description).toContain('1,000 views');
  });
});

describe('GET /earnings: status', () => {
  it('maps earned → pending, paid → paid (reference_id = the payment, paid_at = its paid_at), rejected and voided → failed', async () => {
    const byId = new Map((await allEarnings()).map((row) => [row.id, row]));
    for (const id of marked.paid) expect(byId.get(id)).toMatchObject({ status: 'paid', reference_id: payment.id, paid_at: PAID_AT });
    expect(byId.get(marked.rejected)).toMatchObject({ status: 'failed', reference_id: null, paid_at: null });
    expect(byId.get(marked.voided)).toMatchObject({ status: 'failed', reference_id: null, paid_at: null });
    // Paid, then its payment voided: payable again.
    expect(byId.get(marked.unpaid)).toMatchObject({ status: 'pending', reference_id: null, paid_at: null });
    const statusOf = { earned: 'pending', paid: 'paid', rejected: 'failed', voided: 'failed' } as const;
    for (const accrual of await allAccruals()) {
      const row = byId.get(accrual.id);
      expect(row.status).toBe(statusOf[accrual.status as keyof typeof statusOf]);
      expect(row.reference_id).toBe(accrual.payment_id);
      expect(row.paid_at).toBe(accrual.paid_at);
    }
  });

  it.each([
    ['pending', ['earned']],
    ['paid', ['paid']],
    ['failed', ['rejected', 'voided']],
  ])('status=%s lists exactly the accruals that are %j', async (status, accrualStatuses) => {
    const expected = (await allAccruals()).filter((row) => accrualStatuses.includes(row.status));
    const rows = await allEarnings(`&status=${status}`);
    expect(idSet(rows)).toEqual(idSet(expected));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.status).toBe(status);
  });

  it('status=processing is empty: no payout batches yet', async () => {
    expect(await earnings('?status=processing')).toEqual([]);
  });
});

describe('GET /earnings: filters and paging', () => {
  it('program_id is the project id', async () => {
    const p2 = await allEarnings(`&program_id=${ids.p2}`);
    expect(idSet(p2)).toEqual(idSet(await allAccruals(`&project_id=${ids.p2}`)));
    expect(p2).toHaveLength(10);
    const p1 = await allEarnings(`&program_id=${ids.p1}`);
    expect(p1).toHaveLength(144);
    for (const row of p1) expect(row.metadata.project_id).toBe(ids.p1);
  });

  it('program_id and status together', async () => {
    const rows = await allEarnings(`&program_id=${ids.p1}&status=paid`);
    expect(idSet(rows)).toEqual([...marked.paid].sort());
    expect(await earnings(`?program_id=${ids.p2}&status=paid`)).toEqual([]);
  });

  it.each([
    ['an unknown program (a UUID)', '?program_id=00000000-0000-4000-8000-000000000000'],
    ["seed 002's example program id", '?program_id=prog_123abc&status=paid&limit=100'],
    ['a referral (none here)', '?referral_id=ref_123abc'],
    ['a referral within a program', `?referral_id=ref_123abc&program_id=${'p1'}`],
  ])('%s: empty', async (_label, query) => {
    expect(await earnings(query.replace('=p1', `=${ids.p1}`))).toEqual([]);
  });

  it('limit: default 50, up to 100', async () => {
    expect(await earnings()).toHaveLength(50);
    expect(await earnings('?limit=1')).toHaveLength(1);
    expect(await earnings('?limit=25')).toHaveLength(25);
    expect(await earnings('?limit=100')).toHaveLength(100);
  });

  it('offset pages through every earning once, in the order of the full list', async () => {
    const full = await allEarnings();
    expect(full.length).toBe(154);
    const paged: string[] = [];
    for (let offset = 0; offset < full.length + 25; offset += 25) {
      const page = await earnings(`?limit=25&offset=${offset}`);
      expect(page.length).toBe(Math.max(0, Math.min(25, full.length - offset)));
      paged.push(...page.map((row) => row.id));
    }
    expect(paged).toEqual(full.map((row) => row.id));
    expect(await earnings('?offset=100000')).toEqual([]);
    expect((await earnings('?offset=3&limit=2')).map((row) => row.id)).toEqual(full.slice(3, 5).map((row) => row.id));
  });

  it.each([['limit=101'], ['limit=0'], ['limit=abc'], ['limit=1.5'], ['offset=-1'], ['offset=x'], ['status=settled'], ['cursor=abc'], ['limit=10&limit=20']])(
    '?%s is 400 in seed 002 error shape {error, message}',
    async (query) => {
      expectSeed002Error(await send('GET', `/earnings?${query}`), 400, 'Bad Request');
    },
  );
});

describe('GET /earnings: authentication', () => {
  it.each([
    ['no Authorization header', null],
    ['an empty bearer', 'Bearer '],
    ['a malformed key', 'Bearer nope'],
    ['an unknown sk_ key', 'Bearer sk_live_notTheConfiguredKey_0000000000'],
    ['an unknown tga_ key', 'Bearer tga_ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ'],
    ['the test tga_ key (not configured on this server)', `Bearer ${TEST_API_KEY}`],
    ['another scheme', `Basic ${SK_KEY}`],
  ])('%s: 401 {"error":"Unauthorized","message":"Invalid or missing API key"} exactly', async (_label, auth) => {
    const response = await send('GET', '/earnings?status=paid', { auth });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.text).toBe(UNAUTHORIZED);
  });

  it('a bad key is 401 exactly, whatever else is wrong with the request (a repeated query parameter)', async () => {
    const response = await send('GET', '/earnings?limit=10&limit=20', { auth: null });
    expect([response.status, response.text]).toEqual([401, UNAUTHORIZED]);
  });

  it('the sk_ key configured as PAYOUTS_API_KEY works, for earnings and for the other v1 routes', async () => {
    expect((await send('GET', '/earnings', { auth: `Bearer ${SK_KEY}` })).status).toBe(200);
    const projects = await send('GET', '/projects');
    expect(projects.status).toBe(200);
    expect(projects.body.error).toBeNull();
  });

  it('other routes keep the v1 envelope for a bad key', async () => {
    const response = await send('GET', '/payout-payments', { auth: null });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ data: null, error: { code: 'invalid_api_key' } });
  });
});
