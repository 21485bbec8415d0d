import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../core/domain/csv.ts';
import { startServer, TEST_API_KEY, type RunningServer } from '../support/server.ts';

/**
 * `GET /api/v1/tax-years/{year}` over HTTP against the real `npm run serve` (SPEC §10 "Tax year").
 *
 * Seed, all through the API: "Launch" in America/Los_Angeles with a weekly structure whose two
 * accruals Ada is paid for, plus ad hoc payments; "Europe" in UTC. Cy has one payment a
 * millisecond before midnight of January 1st in Los Angeles (2025 there, 2026 in UTC), one at
 * midnight exactly, and one in the UTC project that is 2026 there but would be 2025 in Los Angeles.
 * A second server runs with PAYOUTS_TAX_THRESHOLD_CENTS and is also "another org".
 */

type Sent = { status: number; headers: Headers; text: string; body: any };

async function send(server: RunningServer, method: string, path: string, options: { body?: unknown; idem?: string } = {}): Promise<Sent> {
  const headers: Record<string, string> = { Authorization: `Bearer ${TEST_API_KEY}` };
  if (options.idem) headers['Idempotency-Key'] = options.idem;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(`${server.apiUrl}${path}`, { method, headers, body });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').startsWith('application/json');
  return { status: response.status, headers: response.headers, text, body: isJson && text ? JSON.parse(text) : null };
}

async function ok(server: RunningServer, method: string, path: string, body?: unknown, idem?: string): Promise<any> {
  const response = await send(server, method, path, { ...(body !== undefined && { body }), ...(idem && { idem }) });
  expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
  return response.body.data;
}

async function pay(server: RunningServer, body: Record<string, unknown>): Promise<any> {
  return ok(server, 'POST', '/payout-payments', body, randomUUID());
}

async function report(server: RunningServer, year: number | string, query = ''): Promise<any> {
  const response = await send(server, 'GET', `/tax-years/${year}${query}`);
  expect(response.status, response.text).toBe(200);
  expect(response.body.error).toBeNull();
  return response.body.data;
}

let server: RunningServer;
let other: RunningServer;
const ids = { la: '', utc: '', ada: '', bo: '', cy: '', di: '', ed: '', weekly: '', voided: '', otherProject: '', x: '', y: '' };
const BO_NAME = 'Bo "Bobby" Smith, Jr.';

beforeAll(async () => {
  [server, other] = await Promise.all([
    startServer({ env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0', PAYOUTS_RATE_PER_MINUTE: '100000' } }),
    startServer({ env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0', PAYOUTS_RATE_PER_MINUTE: '100000', PAYOUTS_TAX_THRESHOLD_CENTS: '11000' } }),
  ]);
  ids.la = (await ok(server, 'POST', '/projects', { name: 'Launch', timezone: 'America/Los_Angeles' })).id;
  ids.utc = (await ok(server, 'POST', '/projects', { name: 'Europe', timezone: 'UTC' })).id;
  const creator = async (body: Record<string, unknown>) => (await ok(server, 'POST', '/creators', body)).id as string;
  ids.ada = await creator({ name: 'Ada Lovelace', handle: '@ada', email: 'ada@example.com', payout_handle: '@ada-venmo' });
  ids.bo = await creator({ name: BO_NAME, handle: '@bo', email: 'bo@example.com' });
  ids.cy = await creator({ name: 'Cy', handle: '@cy' });
  ids.di = await creator({ name: 'Di', handle: '@di' });
  ids.ed = await creator({ name: 'Ed', handle: '@ed' });
  await ok(server, 'POST', `/projects/${ids.la}/creators`, { creator_ids: [ids.ada, ids.bo, ids.cy, ids.di, ids.ed] });
  await ok(server, 'POST', `/projects/${ids.utc}/creators`, { creator_ids: [ids.cy] });

  // Two weekly accruals of $50 for Ada (weeks start Monday 00:00 in Los Angeles = 08:00 UTC), paid together.
  ids.weekly = (
    await ok(server, 'POST', '/payout-structures', {
      project_id: ids.la,
      name: 'Weekly',
      currency: 'USD',
      proration_mode: 'skip',
      period: 'weekly',
      amount_cents: 5000,
      criteria_type: 'recurring',
      criteria_params: {},
    })
  ).structure_id;
  await ok(server, 'POST', `/payout-structures/${ids.weekly}/assignments`, { creator_ids: [ids.ada], assigned_at: '2026-01-05T08:00:00.000Z' });
  const run = await ok(server, 'POST', '/accrual-runs', { as_of: '2026-01-19T08:00:00.000Z' });
  expect(run.created).toBe(2);
  const accruals = await ok(server, 'GET', `/payout-accruals?creator_id=${ids.ada}`);
  expect(accruals.map((accrual: any) => accrual.amount_cents)).toEqual([5000, 5000]);
  await pay(server, { project_id: ids.la, creator_id: ids.ada, total_amount_cents: 10000, accrual_ids: accruals.map((accrual: any) => accrual.id), paid_at: '2026-01-20T18:00:00.000Z' });

  // 2026: Ada exactly at $2,000 (two payments), Bo one cent below.
  await pay(server, { project_id: ids.la, creator_id: ids.ada, total_amount_cents: 190000, paid_at: '2026-03-01T12:00:00.000Z' });
  await pay(server, { project_id: ids.la, creator_id: ids.bo, total_amount_cents: 199999, paid_at: '2026-06-01T12:00:00.000Z' });
  // Around midnight in Los Angeles (UTC−8 in winter).
  await pay(server, { project_id: ids.la, creator_id: ids.cy, total_amount_cents: 50000, paid_at: '2026-01-01T07:59:59.999Z' });
  await pay(server, { project_id: ids.la, creator_id: ids.cy, total_amount_cents: 10000, paid_at: '2026-01-01T08:00:00.000Z' });
  await pay(server, { project_id: ids.utc, creator_id: ids.cy, total_amount_cents: 1000, paid_at: '2026-01-01T00:30:00.000Z' });
  // Di: a large voided payment and a small one; Ed ties with Di.
  ids.voided = (await pay(server, { project_id: ids.la, creator_id: ids.di, total_amount_cents: 300000, paid_at: '2026-04-01T12:00:00.000Z' })).id;
  await ok(server, 'PATCH', `/payout-payments/${ids.voided}`, { status: 'voided' });
  await pay(server, { project_id: ids.la, creator_id: ids.di, total_amount_cents: 5000, paid_at: '2026-04-02T12:00:00.000Z' });
  await pay(server, { project_id: ids.la, creator_id: ids.ed, total_amount_cents: 5000, paid_at: '2026-04-03T12:00:00.000Z' });
  // A payment without a creator.
  await pay(server, { project_id: ids.la, total_amount_cents: 777, paid_at: '2026-05-01T12:00:00.000Z' });
  // 2025: Ada exactly at $600, Bo one cent below.
  await pay(server, { project_id: ids.la, creator_id: ids.ada, total_amount_cents: 60000, paid_at: '2025-07-01T12:00:00.000Z' });
  await pay(server, { project_id: ids.la, creator_id: ids.bo, total_amount_cents: 59999, paid_at: '2025-07-02T12:00:00.000Z' });

  // The second installation (another org), threshold $110.00 by environment.
  ids.otherProject = (await ok(other, 'POST', '/projects', { name: 'Other org', timezone: 'America/New_York' })).id;
  ids.x = (await ok(other, 'POST', '/creators', { name: 'Xena', handle: '@x' })).id;
  ids.y = (await ok(other, 'POST', '/creators', { name: 'Yuri', handle: '@y' })).id;
  await ok(other, 'POST', `/projects/${ids.otherProject}/creators`, { creator_ids: [ids.x, ids.y] });
  for (const paidAt of ['2024-05-01T12:00:00.000Z', '2026-05-01T12:00:00.000Z']) {
    await pay(other, { project_id: ids.otherProject, creator_id: ids.x, total_amount_cents: 11000, paid_at: paidAt });
    await pay(other, { project_id: ids.otherProject, creator_id: ids.y, total_amount_cents: 10999, paid_at: paidAt });
  }
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.dispose(), other?.dispose()]);
});

/** The fields that matter per row, in the report's order. */
const summary = (data: any) => data.creators.map((row: any) => [row.creator_id, row.total_paid_cents, row.payment_count, row.flagged]);

describe('GET /tax-years/{year}', () => {
  it('totals each creator’s payments of 2026 in the project’s zone, voids excluded, flagged first', async () => {
    const data = await report(server, 2026);
    expect(data).toMatchObject({ year: 2026, project_id: null, currency: 'USD', threshold_cents: 200000 });
    const [first, second] = [ids.di, ids.ed].sort();
    expect(summary(data)).toEqual([
      [ids.ada, 200000, 2, true], // 2 × $50 accruals in one payment + $1,900 = exactly $2,000
      [ids.bo, 199999, 1, false],
      [ids.cy, 11000, 2, false], // Jan 1 00:00 in Los Angeles, and 00:30 UTC in the UTC project
      [first, 5000, 1, false],
      [second, 5000, 1, false],
    ]);
    expect(data.creators[0]).toEqual({
      creator_id: ids.ada,
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      handle: '@ada',
      payout_handle: '@ada-venmo',
      total_paid_cents: 200000,
      payment_count: 2,
      flagged: true,
    });
    expect(data.flagged_count).toBe(1);
    expect(data.unattributed).toEqual({ total_paid_cents: 777, payment_count: 1 });
    expect(data.total_paid_cents).toBe(200000 + 199999 + 11000 + 5000 + 5000 + 777);
    expect(data.payment_count).toBe(2 + 1 + 2 + 1 + 1 + 1);
  });

  it('puts a payment one millisecond before midnight of January 1st in Los Angeles in 2025, with that year’s $600 threshold', async () => {
    const data = await report(server, 2025);
    expect(data.threshold_cents).toBe(60000);
    expect(summary(data)).toEqual([
      [ids.ada, 60000, 1, true],
      [ids.bo, 59999, 1, false],
      [ids.cy, 50000, 1, false],
    ]);
    expect(data.unattributed).toEqual({ total_paid_cents: 0, payment_count: 0 });
    expect(summary(await report(server, 2024))).toEqual([]);
  });

  it('filters by project', async () => {
    const utc = await report(server, 2026, `?project_id=${ids.utc}`);
    expect(utc.project_id).toBe(ids.utc);
    expect(summary(utc)).toEqual([[ids.cy, 1000, 1, false]]);
    const la = await report(server, 2026, `?project_id=${ids.la}&format=json`);
    expect(la.creators.find((row: any) => row.creator_id === ids.cy)).toMatchObject({ total_paid_cents: 10000, payment_count: 1 });
  });

  it('answers the CSV a preparer imports: header row, one row per creator, dollars with two decimals', async () => {
    const response = await send(server, 'GET', '/tax-years/2026?format=csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="tax-year-2026.csv"');
    const table = parseCsv(response.text);
    expect(table.header).toEqual(['creator_id', 'recipient_name', 'recipient_email', 'handle', 'payout_handle', 'tax_year', 'total_paid', 'currency', 'payment_count', 'flagged']);
    const json = await report(server, 2026);
    expect(table.rows.map((row) => row.values.length)).toEqual(json.creators.map(() => 10));
    expect(table.rows[0]?.values).toEqual([ids.ada, 'Ada Lovelace', 'ada@example.com', '@ada', '@ada-venmo', '2026', '2000.00', 'USD', '2', 'yes']);
    expect(table.rows[1]?.values).toEqual([ids.bo, BO_NAME, 'bo@example.com', '@bo', '', '2026', '1999.99', 'USD', '1', 'no']);
    expect(table.rows[2]?.values).toEqual([ids.cy, 'Cy', '', '@cy', '', '2026', '110.00', 'USD', '2', 'no']);
    expect(table.rows.slice(3).map((row) => [row.values[0], row.values[6], row.values[9]])).toEqual([
      [json.creators[3].creator_id, '50.00', 'no'],
      [json.creators[4].creator_id, '50.00', 'no'],
    ]);
    const empty = parseCsv((await send(server, 'GET', '/tax-years/2024?format=csv')).text);
    expect(empty.header).toHaveLength(10);
    expect(empty.rows).toEqual([]);
  });

  it('uses PAYOUTS_TAX_THRESHOLD_CENTS for every year when set', async () => {
    for (const year of [2024, 2026]) {
      const data = await report(other, year);
      expect(data.threshold_cents).toBe(11000);
      expect(summary(data)).toEqual([
        [ids.x, 11000, 1, true],
        [ids.y, 10999, 1, false],
      ]);
    }
    const csv = parseCsv((await send(other, 'GET', '/tax-years/2026?format=csv')).text);
    expect(csv.rows.map((row) => [row.values[6], row.values[9]])).toEqual([
      ['110.00', 'yes'],
      ['109.99', 'no'],
    ]);
  });

  it('refuses bad input with the API’s codes and changes nothing', async () => {
    const before = await report(server, 2026);
    const paymentsBefore = (await send(server, 'GET', '/payout-payments?limit=100')).text;
    const nextYear = new Date().getUTCFullYear() + 2;
    const cases: [string, number, string, string?][] = [
      ['/tax-years/26', 400, 'invalid_query', 'year'],
      ['/tax-years/20266', 400, 'invalid_query', 'year'],
      ['/tax-years/abcd', 400, 'invalid_query', 'year'],
      ['/tax-years/2026.5', 400, 'invalid_query', 'year'],
      ['/tax-years/-202', 400, 'invalid_query', 'year'],
      ['/tax-years/1969', 400, 'invalid_query', 'year'],
      [`/tax-years/${nextYear}`, 400, 'invalid_query', 'year'],
      ['/tax-years/2026?format=xml', 400, 'invalid_query', 'format'],
      ['/tax-years/2026?format=csv&format=json', 400, 'invalid_query'],
      ['/tax-years/2026?year=2025', 400, 'invalid_query', 'year'],
      ['/tax-years/2026?projectid=x', 400, 'invalid_query', 'projectid'],
      ['/tax-years/2026?project_id=launch', 400, 'invalid_query', 'project_id'],
      [`/tax-years/2026?project_id=${randomUUID()}`, 404, 'not_found', 'project_id'],
      [`/tax-years/2026?project_id=${ids.otherProject}`, 404, 'not_found', 'project_id'],
      ['/tax-years', 404, 'not_found'],
    ];
    for (const [path, status, code, errorPath] of cases) {
      const response = await send(server, 'GET', path);
      expect(response.status, `${path}: ${response.text}`).toBe(status);
      expect(response.body, path).toMatchObject({ data: null, error: { code } });
      if (errorPath) expect(response.body.meta.errors.map((error: any) => error.path), path).toContain(errorPath);
    }
    const post = await send(server, 'POST', '/tax-years/2026', { body: {} });
    expect(post.status).toBe(405);
    expect(post.body.error.code).toBe('method_not_allowed');
    expect(await report(server, 2026)).toEqual(before);
    expect((await send(server, 'GET', '/payout-payments?limit=100')).text).toBe(paymentsBefore);
  });
});
