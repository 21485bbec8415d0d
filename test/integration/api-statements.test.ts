import { randomUUID } from 'node:crypto';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../core/domain/csv.ts';
import { api, startServer, type RunningServer } from '../support/server.ts';

/**
 * Creator statements over HTTP against the real `npm run serve` (SPEC §10 "Creator statements").
 *
 * Seed, all through the API: "Launch" in America/New_York with a weekly $50 structure; Ada is
 * assigned from Mon Jan 5, 2026 and earns three weeks (Jan 5–12, 12–19, 19–26); the first two
 * are paid on Jan 20 with $5 more than they come to (an adjustment). Ada also gets a voided
 * payment, which counts for nothing. Bo is in Launch and in "Europe", so his statement needs a
 * project. A second server is another org.
 */

async function ok(server: RunningServer, method: string, path: string, body?: unknown, idem?: string): Promise<any> {
  const response = await api(server, method, path, { ...(body !== undefined && { body }), ...(idem && { idem }) });
  expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
  return response.body.data;
}

let server: RunningServer;
let other: RunningServer;
const ids = { launch: '', europe: '', ada: '', bo: '', weekly: '', payment: '', accruals: [] as string[], otherCreator: '', otherProject: '' };

beforeAll(async () => {
  const env = { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0', PAYOUTS_RATE_PER_MINUTE: '100000' };
  [server, other] = await Promise.all([startServer({ env }), startServer({ env })]);
  ids.launch = (await ok(server, 'POST', '/projects', { name: 'Launch', timezone: 'America/New_York' })).id;
  ids.europe = (await ok(server, 'POST', '/projects', { name: 'Europe', timezone: 'UTC' })).id;
  ids.ada = (await ok(server, 'POST', '/creators', { name: 'Ada Lovelace', handle: '@ada', email: 'ada@example.com' })).id;
  ids.bo = (await ok(server, 'POST', '/creators', { name: 'Bo', handle: '@bo' })).id;
  await ok(server, 'POST', `/projects/${ids.launch}/creators`, { creator_ids: [ids.ada, ids.bo] });
  await ok(server, 'POST', `/projects/${ids.europe}/creators`, { creator_ids: [ids.bo] });
  ids.weekly = (
    await ok(server, 'POST', '/payout-structures', {
      project_id: ids.launch,
      name: 'Weekly',
      currency: 'USD',
      proration_mode: 'skip',
      period: 'weekly',
      amount_cents: 5000,
      criteria_type: 'recurring',
      criteria_params: {},
    })
  ).structure_id;
  await ok(server, 'POST', `/payout-structures/${ids.weekly}/assignments`, { creator_ids: [ids.ada], assigned_at: '2026-01-05T05:00:00.000Z' });
  const run = await ok(server, 'POST', '/accrual-runs', { as_of: '2026-01-26T05:00:00.000Z' });
  expect(run.created).toBe(3);
  const accruals: any[] = await ok(server, 'GET', `/payout-accruals?creator_id=${ids.ada}`);
  ids.accruals = accruals.sort((a, b) => a.period_start_at.localeCompare(b.period_start_at)).map((accrual) => accrual.id);
  ids.payment = (
    await ok(
      server,
      'POST',
      '/payout-payments',
      { project_id: ids.launch, creator_id: ids.ada, total_amount_cents: 10500, accrual_ids: ids.accruals.slice(0, 2), adjustment_reason: 'Launch bonus', paid_at: '2026-01-20T18:00:00.000Z' },
      randomUUID(),
    )
  ).id;
  const voided = await ok(server, 'POST', '/payout-payments', { project_id: ids.launch, creator_id: ids.ada, total_amount_cents: 99900, paid_at: '2026-01-21T18:00:00.000Z' }, randomUUID());
  await ok(server, 'PATCH', `/payout-payments/${voided.id}`, { status: 'voided' });

  ids.otherProject = (await ok(other, 'POST', '/projects', { name: 'Other org', timezone: 'UTC' })).id;
  ids.otherCreator = (await ok(other, 'POST', '/creators', { name: 'Xena', handle: '@x' })).id;
  await ok(other, 'POST', `/projects/${ids.otherProject}/creators`, { creator_ids: [ids.otherCreator] });
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.dispose(), other?.dispose()]);
});

async function statement(query: string): Promise<any> {
  const response = await api(server, 'GET', `/creators/${ids.ada}/statement${query}`);
  expect(response.status, response.text).toBe(200);
  return response.body.data;
}

describe('GET /creators/{id}/statement', () => {
  it('lists the range’s accruals, adjustment and payment with running balances, and reconciles', async () => {
    const data = await statement('?from=2026-01-01&to=2026-01-31');
    expect(data).toMatchObject({
      creator: { id: ids.ada, name: 'Ada Lovelace', email: 'ada@example.com' },
      project: { id: ids.launch, name: 'Launch', timezone: 'America/New_York' },
      from: '2026-01-01',
      to: '2026-01-31',
      start_at: '2026-01-01T05:00:00.000Z',
      end_at: '2026-02-01T05:00:00.000Z',
      currency: 'USD',
      opening_balance_cents: 0,
      accrued_cents: 15000,
      clawbacks_cents: 0,
      paid_cents: 10500,
      adjustments_cents: 500,
      closing_balance_cents: 5000,
    });
    expect(data.entries.map((entry: any) => [entry.date, entry.kind, entry.reference_id, entry.amount_cents, entry.balance_cents])).toEqual([
      ['2026-01-12', 'accrual', ids.accruals[0], 5000, 5000],
      ['2026-01-19', 'accrual', ids.accruals[1], 5000, 10000],
      ['2026-01-20', 'adjustment', ids.payment, 500, 10500],
      ['2026-01-20', 'payment', ids.payment, -10500, 0],
      ['2026-01-26', 'accrual', ids.accruals[2], 5000, 5000],
    ]);
    expect(data.entries[0].description).toMatch(/\$50\.00/);
    expect(data.entries[2].description).toBe('Overpaid by $5.00: Launch bonus');
    expect(data.entries[3].description).toBe('Paid $105.00, settling 2 accruals');
  });

  it('carries the balance in: a range after the payment opens with what was owed before it', async () => {
    const later = await statement('?from=2026-01-21&to=2026-02-28');
    expect(later.opening_balance_cents).toBe(0);
    expect(later.entries.map((entry: any) => entry.kind)).toEqual(['accrual']);
    expect(later.closing_balance_cents).toBe(5000);
    const earlier = await statement('?from=2026-01-01&to=2026-01-20');
    expect(earlier.closing_balance_cents).toBe(0);
    const middle = await statement('?from=2026-01-13&to=2026-01-19');
    expect([middle.opening_balance_cents, middle.closing_balance_cents]).toEqual([5000, 10000]);
  });

  it('as CSV: opening row, one row per entry in dollars, closing row; as a download with a file name', async () => {
    const response = await api(server, 'GET', `/creators/${ids.ada}/statement?from=2026-01-01&to=2026-01-31&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toContain('statement-ada-2026-01-01-to-2026-01-31.csv');
    const { header, rows } = parseCsv(response.text);
    expect(header).toEqual(['date', 'type', 'description', 'reference_id', 'amount', 'balance', 'currency']);
    expect(rows.map(({ values }) => [values[1], values[4], values[5]])).toEqual([
      ['opening_balance', '', '0.00'],
      ['accrual', '50.00', '50.00'],
      ['accrual', '50.00', '100.00'],
      ['adjustment', '5.00', '105.00'],
      ['payment', '-105.00', '0.00'],
      ['accrual', '50.00', '50.00'],
      ['closing_balance', '', '50.00'],
    ]);
  });

  it('as PDF: a PDF file printed by Chromium', async () => {
    const response = await api(server, 'GET', `/creators/${ids.ada}/statement?from=2026-01-01&to=2026-01-31&format=pdf`);
    expect(response.status, response.text.slice(0, 300)).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toContain('statement-ada-2026-01-01-to-2026-01-31.pdf');
    expect(new TextDecoder().decode(response.bytes.slice(0, 5))).toBe('%PDF-');
    expect(response.bytes.length).toBeGreaterThan(2000);
  }, 60_000);

  it('needs a project for a creator in two projects, and answers for the one named', async () => {
    const response = await api(server, 'GET', `/creators/${ids.bo}/statement`);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_query' });
    expect(response.body.error.message).toContain('Bo is in 2 projects');
    const europe = await api(server, 'GET', `/creators/${ids.bo}/statement?project_id=${ids.europe}`);
    expect(europe.status).toBe(200);
    expect(europe.body.data).toMatchObject({ project: { id: ids.europe }, opening_balance_cents: 0, closing_balance_cents: 0, entries: [] });
  });

  it('refuses bad input with the SPEC’s codes and changes nothing', async () => {
    const activityBefore = (await api(server, 'GET', '/activity?limit=100')).text;
    const paymentsBefore = (await api(server, 'GET', '/payout-payments?limit=100')).text;
    const ada = `/creators/${ids.ada}/statement`;
    const cases: [string, number, string, string?][] = [
      [`${ada}?from=2026-02-01&to=2026-01-01`, 400, 'invalid_query', 'from'],
      [`${ada}?from=2026-02-30`, 400, 'invalid_query', 'from'],
      [`${ada}?to=yesterday`, 400, 'invalid_query', 'to'],
      [`${ada}?format=xml`, 400, 'invalid_query', 'format'],
      [`${ada}?month=1`, 400, 'invalid_query', 'month'],
      [`${ada}?project_id=launch`, 400, 'invalid_query', 'project_id'],
      [`${ada}?project_id=${randomUUID()}`, 404, 'not_found', 'project_id'],
      [`${ada}?project_id=${ids.otherProject}`, 404, 'not_found', 'project_id'],
      [`/creators/${randomUUID()}/statement`, 404, 'not_found', 'id'],
      [`/creators/${ids.otherCreator}/statement`, 404, 'not_found', 'id'],
      [`/statements`, 400, 'invalid_query', 'project_id'],
      [`/statements?project_id=${ids.otherProject}`, 404, 'not_found', 'project_id'],
      [`/statements?project_id=${ids.launch}&creator_ids=${ids.otherCreator}`, 404, 'not_found', 'creator_ids'],
      [`/statements?project_id=${ids.launch}&creator_ids=nope`, 400, 'invalid_query', 'creator_ids.0'],
      [`/statements?project_id=${ids.launch}&from=2026-03-01&to=2026-02-01`, 400, 'invalid_query', 'from'],
    ];
    for (const [path, status, code, errorPath] of cases) {
      const response = await api(server, 'GET', path);
      expect(response.status, `${path}: ${response.text}`).toBe(status);
      expect(response.body, path).toMatchObject({ data: null, error: { code } });
      if (errorPath) expect(response.body.meta.errors.map((error: any) => error.path), path).toContain(errorPath);
    }
    const post = await api(server, 'POST', ada, { body: {} });
    expect(post.status).toBe(405);
    expect((await api(server, 'GET', '/activity?limit=100')).text).toBe(activityBefore);
    expect((await api(server, 'GET', '/payout-payments?limit=100')).text).toBe(paymentsBefore);
  });
});

describe('GET /statements', () => {
  it('JSON: one statement per member of the project, in the order they joined', async () => {
    const response = await api(server, 'GET', `/statements?project_id=${ids.launch}&from=2026-01-01&to=2026-01-31`);
    expect(response.status, response.text).toBe(200);
    expect(response.body.meta.count).toBe(2);
    expect(response.body.data.statements.map((s: any) => [s.creator.id, s.closing_balance_cents, s.entries.length])).toEqual([
      [ids.ada, 5000, 5],
      [ids.bo, 0, 0],
    ]);
    const single = await statement('?from=2026-01-01&to=2026-01-31');
    expect({ ...response.body.data.statements[0], generated_at: null }).toEqual({ ...single, generated_at: null });
  });

  it('CSV: a zip with one file per creator named', async () => {
    const response = await api(server, 'GET', `/statements?project_id=${ids.launch}&creator_ids=${ids.ada}&from=2026-01-01&to=2026-01-31&format=csv`);
    expect(response.status, response.text.slice(0, 300)).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(response.bytes);
    expect(Object.keys(files)).toEqual(['statement-ada-2026-01-01-to-2026-01-31.csv']);
    const csv = await api(server, 'GET', `/creators/${ids.ada}/statement?from=2026-01-01&to=2026-01-31&format=csv`);
    expect(strFromU8(files['statement-ada-2026-01-01-to-2026-01-31.csv']!)).toBe(csv.text);
  });

  it('PDF: a zip with one PDF per member', async () => {
    const response = await api(server, 'GET', `/statements?project_id=${ids.launch}&from=2026-01-01&to=2026-01-31&format=pdf`);
    expect(response.status, response.text.slice(0, 300)).toBe(200);
    const files = unzipSync(response.bytes);
    expect(Object.keys(files).sort()).toEqual(['statement-ada-2026-01-01-to-2026-01-31.pdf', 'statement-bo-2026-01-01-to-2026-01-31.pdf']);
    for (const pdf of Object.values(files)) expect(strFromU8(pdf.slice(0, 5))).toBe('%PDF-');
  }, 60_000);
});
