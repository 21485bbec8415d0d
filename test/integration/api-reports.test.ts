import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, TEST_API_KEY, type RunningServer } from '../support/server.ts';

/**
 * The dashboard's reports over HTTP against the real `npm run serve`: `GET /reports/liabilities`,
 * `GET /reports/payments-by-method` and `GET /reports/upcoming-accruals` (issue 12, item 5).
 *
 * Seed, all through the API: "Launch" in America/New_York (months end at 05:00 UTC in winter,
 * 04:00 UTC from March 8th) with two monthly recurring structures — "Retainer" $100.00 for Ada
 * from January 1st, "Ambassador" $33.33 prorated for Bo from February 15th (so February is
 * 14/28 × 3333 = 1666.5 → $16.67) — run through April; "Europe" in UTC with a weekly cpm
 * structure. Payments exercise every edge of "paid by the end of the period": one a millisecond
 * before a month's end, one exactly at it, one voided, and a rejected accrual.
 */

type Sent = { status: number; text: string; body: any };

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
  return { status: response.status, text, body: text ? JSON.parse(text) : null };
}

async function ok(server: RunningServer, method: string, path: string, body?: unknown, idem?: string): Promise<any> {
  const response = await send(server, method, path, { ...(body !== undefined && { body }), ...(idem && { idem }) });
  expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
  return response.body.data;
}

const pay = (server: RunningServer, body: Record<string, unknown>) => ok(server, 'POST', '/payout-payments', body, randomUUID());

async function report(path: string): Promise<any> {
  const response = await send(server, 'GET', path);
  expect(response.status, response.text).toBe(200);
  expect(response.body.error).toBeNull();
  return response.body.data;
}

const AS_OF = '2026-05-15T12:00:00.000Z'; // a Friday
let server: RunningServer;
let other: RunningServer;
const ids = { launch: '', europe: '', ada: '', bo: '', cy: '', di: '', retainer: '', ambassador: '', bonus: '', views: '', venmo: '', cashApp: '', payPal: '', otherProject: '' };

function accrualOf(accruals: any[], creatorId: string, periodStart: string): any {
  const found = accruals.find((accrual) => accrual.creator_id === creatorId && accrual.period_start_at === periodStart);
  expect(found, `accrual of ${creatorId} for ${periodStart}`).toBeDefined();
  return found;
}

beforeAll(async () => {
  [server, other] = await Promise.all([
    startServer({ env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0', PAYOUTS_RATE_PER_MINUTE: '100000' } }),
    startServer({ env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0', PAYOUTS_RATE_PER_MINUTE: '100000' } }),
  ]);
  const methods = await ok(server, 'GET', '/payout-methods');
  const methodId = (name: string) => methods.find((method: any) => method.name === name).id as string;
  ids.venmo = methodId('Venmo');
  ids.cashApp = methodId('Cash App');
  ids.payPal = methodId('PayPal');

  ids.launch = (await ok(server, 'POST', '/projects', { name: 'Launch', timezone: 'America/New_York' })).id;
  ids.europe = (await ok(server, 'POST', '/projects', { name: 'Europe', timezone: 'UTC' })).id;
  const creator = async (name: string, handle: string) => (await ok(server, 'POST', '/creators', { name, handle })).id as string;
  ids.ada = await creator('Ada', '@ada');
  ids.bo = await creator('Bo', '@bo');
  ids.cy = await creator('Cy', '@cy');
  ids.di = await creator('Di', '@di');
  await ok(server, 'POST', `/projects/${ids.launch}/creators`, { creator_ids: [ids.ada, ids.bo] });
  await ok(server, 'POST', `/projects/${ids.europe}/creators`, { creator_ids: [ids.cy, ids.di] });

  const structure = async (body: Record<string, unknown>) =>
    (await ok(server, 'POST', '/payout-structures', { currency: 'USD', criteria_params: {}, ...body })).structure_id as string;
  const assign = (structureId: string, creatorId: string, assignedAt: string) =>
    ok(server, 'POST', `/payout-structures/${structureId}/assignments`, { creator_ids: [creatorId], assigned_at: assignedAt });
  ids.retainer = await structure({ project_id: ids.launch, name: 'Retainer', period: 'monthly', amount_cents: 10000, criteria_type: 'recurring', proration_mode: 'skip' });
  ids.ambassador = await structure({ project_id: ids.launch, name: 'Ambassador', period: 'monthly', amount_cents: 3333, criteria_type: 'recurring', proration_mode: 'prorate' });
  await assign(ids.retainer, ids.ada, '2026-01-01T05:00:00.000Z'); // January 1st, 00:00 in New York
  await assign(ids.ambassador, ids.bo, '2026-02-15T05:00:00.000Z'); // February 15th, 00:00 in New York

  // January to April in New York: Ada 4 × $100.00, Bo $16.67 (half of February), $33.33, $33.33.
  const run = await ok(server, 'POST', '/accrual-runs', { as_of: '2026-05-01T04:00:00.000Z' });
  expect(run.created).toBe(7);
  const accruals = await ok(server, 'GET', `/payout-accruals?project_id=${ids.launch}&limit=100`);
  const ada = (start: string) => accrualOf(accruals, ids.ada, start);
  const bo = (start: string) => accrualOf(accruals, ids.bo, start);
  expect([ada('2026-01-01T05:00:00.000Z'), ada('2026-02-01T05:00:00.000Z'), ada('2026-03-01T05:00:00.000Z'), ada('2026-04-01T04:00:00.000Z')].map((a) => a.amount_cents)).toEqual([10000, 10000, 10000, 10000]);
  expect([bo('2026-02-01T05:00:00.000Z'), bo('2026-03-01T05:00:00.000Z'), bo('2026-04-01T04:00:00.000Z')].map((a) => a.amount_cents)).toEqual([1667, 3333, 3333]);

  // Ada's January, paid on February 10th by Venmo.
  await pay(server, { project_id: ids.launch, creator_id: ids.ada, method_id: ids.venmo, total_amount_cents: 10000, accrual_ids: [ada('2026-01-01T05:00:00.000Z').id], paid_at: '2026-02-10T12:00:00.000Z' });
  // Ada's February and March, paid by PayPal one millisecond before March ends in New York.
  await pay(server, {
    project_id: ids.launch,
    creator_id: ids.ada,
    method_id: ids.payPal,
    total_amount_cents: 20000,
    accrual_ids: [ada('2026-02-01T05:00:00.000Z').id, ada('2026-03-01T05:00:00.000Z').id],
    paid_at: '2026-04-01T03:59:59.999Z',
  });
  // Bo's February, paid by Cash App exactly at the end of February in New York (March 1st, 00:00).
  await pay(server, { project_id: ids.launch, creator_id: ids.bo, method_id: ids.cashApp, total_amount_cents: 1667, accrual_ids: [bo('2026-02-01T05:00:00.000Z').id], paid_at: '2026-03-01T05:00:00.000Z' });
  // Bo's March: paid, then the payment voided (the accrual is earned again, the payment never counts).
  const voided = await pay(server, { project_id: ids.launch, creator_id: ids.bo, method_id: ids.venmo, total_amount_cents: 3333, accrual_ids: [bo('2026-03-01T05:00:00.000Z').id], paid_at: '2026-04-10T12:00:00.000Z' });
  await ok(server, 'PATCH', `/payout-payments/${voided.id}`, { status: 'voided' });
  // Bo's April: rejected, never a liability.
  await ok(server, 'PATCH', `/payout-accruals/${bo('2026-04-01T04:00:00.000Z').id}`, { status: 'rejected' });
  // Ad hoc: January 31st by Venmo in New York; April 1st 02:00 UTC in the UTC project without a method
  // (still March 31st in New York, but Europe's months are cut in UTC).
  await pay(server, { project_id: ids.launch, method_id: ids.venmo, total_amount_cents: 2500, paid_at: '2026-01-31T12:00:00.000Z' });
  await pay(server, { project_id: ids.europe, total_amount_cents: 500, paid_at: '2026-04-01T02:00:00.000Z' });

  // What is about to close on Friday May 15th, 12:00 UTC.
  ids.bonus = await structure({ project_id: ids.launch, name: 'Weekly bonus', period: 'weekly', amount_cents: 2500, criteria_type: 'recurring', proration_mode: 'prorate' });
  await assign(ids.bonus, ids.ada, '2026-05-13T04:00:00.000Z'); // Wednesday 00:00 in New York: 5 of the week's 7 days
  ids.views = await structure({
    project_id: ids.europe,
    name: 'Views',
    period: 'weekly',
    amount_cents: 0,
    criteria_type: 'cpm',
    proration_mode: 'prorate',
    criteria_params: {
      source: 'posts_in_period',
      min_impressions: 1000,
      max_payout_cents: null,
      tiers: [
        { up_to_impressions: 2000, cents_per_thousand: 300 },
        { up_to_impressions: null, cents_per_thousand: 150 },
      ],
    },
  });
  await assign(ids.views, ids.cy, '2026-05-01T00:00:00.000Z');
  await assign(ids.views, ids.di, '2026-05-14T00:00:00.000Z'); // Thursday: 4 of 7 days
  const video = async (creatorId: string, url: string, postedAt: string, snapshots: [number, string][]) => {
    const [first, ...rest] = snapshots;
    const created = await ok(server, 'POST', '/videos', { creator_id: creatorId, project_id: ids.europe, platform: 'tiktok', url, posted_at: postedAt, views: first?.[0], captured_at: first?.[1] });
    for (const [views, capturedAt] of rest) await ok(server, 'POST', `/videos/${created.id}/metrics`, { views, captured_at: capturedAt });
  };
  // Cy: 4,000 views by Friday noon (a later snapshot is after as_of); an older video of the week before.
  await video(ids.cy, 'https://tiktok.com/@cy/1', '2026-05-12T10:00:00.000Z', [[1000, '2026-05-13T00:00:00.000Z'], [4000, '2026-05-14T00:00:00.000Z'], [9000, '2026-05-16T00:00:00.000Z']]);
  await video(ids.cy, 'https://tiktok.com/@cy/0', '2026-05-09T10:00:00.000Z', [[50000, '2026-05-10T00:00:00.000Z']]);
  // Di: 7,000 views.
  await video(ids.di, 'https://tiktok.com/@di/1', '2026-05-14T06:00:00.000Z', [[7000, '2026-05-15T00:00:00.000Z']]);

  ids.otherProject = (await ok(other, 'POST', '/projects', { name: 'Other org', timezone: 'UTC' })).id;
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.dispose(), other?.dispose()]);
});

const points = (series: any) => series.points.map((point: any) => [point.label, point.liability_cents, point.accrual_count]);

describe('GET /reports/liabilities', () => {
  it('owes, at the end of each New York month, what was earned by then and not paid by then', async () => {
    const data = await report(`/reports/liabilities?periods=4&as_of=${AS_OF}`);
    expect(data).toMatchObject({ as_of: AS_OF, period: 'monthly', periods: 4, project_id: null, currency: 'USD' });
    expect(data.projects.map((series: any) => series.project_name)).toEqual(['Europe', 'Launch']);
    const launch = data.projects[1];
    expect(launch).toMatchObject({ project_id: ids.launch, timezone: 'America/New_York' });
    expect(launch.points.map((point: any) => [point.period_start_at, point.period_end_at])).toEqual([
      ['2026-01-01T05:00:00.000Z', '2026-02-01T05:00:00.000Z'],
      ['2026-02-01T05:00:00.000Z', '2026-03-01T05:00:00.000Z'],
      ['2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z'],
      ['2026-04-01T04:00:00.000Z', '2026-05-01T04:00:00.000Z'],
    ]);
    expect(points(launch)).toEqual([
      ['2026-01-01', 10000, 1], // Ada's January, paid on February 10th
      ['2026-02-01', 10000, 1], // Ada's February (paid in April); Bo's February was paid at the very end of February
      ['2026-03-01', 3333, 1], // Ada's February and March were paid a millisecond before; Bo's March (its payment voided)
      ['2026-04-01', 13333, 2], // Ada's April and Bo's March; Bo's April was rejected
    ]);
    // Europe has no accruals: a flat zero, its months cut in UTC.
    expect(data.projects[0].points.map((point: any) => [point.period_start_at, point.liability_cents])).toEqual([
      ['2026-01-01T00:00:00.000Z', 0],
      ['2026-02-01T00:00:00.000Z', 0],
      ['2026-03-01T00:00:00.000Z', 0],
      ['2026-04-01T00:00:00.000Z', 0],
    ]);
  });

  it('cuts weeks Monday to Monday in the project’s zone, and takes one project', async () => {
    const data = await report(`/reports/liabilities?project_id=${ids.launch}&period=weekly&periods=2&as_of=${AS_OF}`);
    expect(data.project_id).toBe(ids.launch);
    expect(data.projects).toHaveLength(1);
    expect(data.projects[0].points).toEqual([
      { period_start_at: '2026-04-27T04:00:00.000Z', period_end_at: '2026-05-04T04:00:00.000Z', label: '2026-04-27', liability_cents: 13333, accrual_count: 2 },
      { period_start_at: '2026-05-04T04:00:00.000Z', period_end_at: '2026-05-11T04:00:00.000Z', label: '2026-05-04', liability_cents: 13333, accrual_count: 2 },
    ]);
  });

  it('agrees with the definition worked out from the full accrual and payment lists, for every period kind and several instants', async () => {
    const accruals = await ok(server, 'GET', `/payout-accruals?project_id=${ids.launch}&limit=100`);
    const payments = await ok(server, 'GET', `/payout-payments?project_id=${ids.launch}&limit=100`);
    const paidAt = new Map<string, string>(payments.filter((payment: any) => payment.status === 'paid').map((payment: any) => [payment.id, payment.paid_at]));
    const owedAt = (end: string) => {
      const owed = accruals.filter((accrual: any) => {
        if (accrual.status !== 'earned' && accrual.status !== 'paid') return false;
        if (accrual.period_end_at > end) return false;
        return accrual.status === 'earned' || (paidAt.get(accrual.payment_id) ?? '') > end;
      });
      return [owed.reduce((sum: number, accrual: any) => sum + accrual.amount_cents, 0), owed.length];
    };
    const cases: [string, number, string][] = [
      ['monthly', 6, AS_OF],
      ['monthly', 3, '2026-03-01T05:00:00.000Z'], // exactly the end of February in New York: February is closed
      ['weekly', 20, AS_OF],
      ['daily', 36, '2026-04-05T00:00:00.000Z'],
    ];
    for (const [period, count, asOf] of cases) {
      const data = await report(`/reports/liabilities?project_id=${ids.launch}&period=${period}&periods=${count}&as_of=${asOf}`);
      const series = data.projects[0].points;
      expect(series).toHaveLength(count);
      expect(series[count - 1].period_end_at <= asOf).toBe(true);
      for (const item of series) expect([item.liability_cents, item.accrual_count], `${period} ending ${item.period_end_at}`).toEqual(owedAt(item.period_end_at));
    }
    const february = await report(`/reports/liabilities?project_id=${ids.launch}&periods=1&as_of=2026-03-01T05:00:00.000Z`);
    expect(february.projects[0].points[0].label).toBe('2026-02-01');
  });

  it('defaults to the last 12 closed months as of now', async () => {
    const data = await report(`/reports/liabilities?project_id=${ids.launch}`);
    expect(data).toMatchObject({ period: 'monthly', periods: 12 });
    const series = data.projects[0].points;
    expect(series).toHaveLength(12);
    expect(Date.parse(series[11].period_end_at)).toBeLessThanOrEqual(Date.parse(data.as_of));
    // Every earned accrual has ended by now and is owed at the latest end: Ada's April, Bo's March.
    expect(series[11].liability_cents).toBe(13333);
  });
});

describe('GET /reports/payments-by-method', () => {
  it('totals non-voided payments per method and month in each project’s zone', async () => {
    const data = await report('/reports/payments-by-method?from=2026-01&to=2026-04');
    expect(data).toMatchObject({ from: '2026-01', to: '2026-04', project_id: null, currency: 'USD', months: ['2026-01', '2026-02', '2026-03', '2026-04'] });
    expect(data.methods).toEqual([
      { method_id: ids.payPal, name: 'PayPal', total_cents: 20000, payment_count: 1, by_month: [0, 0, 20000, 0] }, // 03:59:59.999 UTC on April 1st is March 31st in New York
      { method_id: ids.venmo, name: 'Venmo', total_cents: 12500, payment_count: 2, by_month: [2500, 10000, 0, 0] }, // the voided $33.33 not counted
      { method_id: ids.cashApp, name: 'Cash App', total_cents: 1667, payment_count: 1, by_month: [0, 0, 1667, 0] }, // March 1st 00:00 in New York
      { method_id: null, name: 'No method', total_cents: 500, payment_count: 1, by_month: [0, 0, 0, 500] }, // April 1st in UTC
    ]);
    expect(data.month_totals).toEqual([2500, 10000, 21667, 500]);
    expect(data.total_cents).toBe(34667);
    expect(data.payment_count).toBe(5);
  });

  it('takes one project and one month', async () => {
    const europe = await report(`/reports/payments-by-method?project_id=${ids.europe}&from=2026-01&to=2026-04`);
    expect(europe.methods.map((row: any) => [row.name, row.total_cents])).toEqual([['No method', 500]]);
    const march = await report('/reports/payments-by-method?from=2026-03&to=2026-03');
    expect(march.months).toEqual(['2026-03']);
    expect(march.methods.map((row: any) => [row.name, row.by_month])).toEqual([
      ['PayPal', [20000]],
      ['Cash App', [1667]],
    ]);
    expect(march.total_cents).toBe(21667);
  });

  it('defaults to the 12 months ending this month', async () => {
    const before = new Date().toISOString().slice(0, 7);
    const data = await report('/reports/payments-by-method');
    const after = new Date().toISOString().slice(0, 7);
    expect(data.months).toHaveLength(12);
    expect([before, after]).toContain(data.to);
    const fromOnly = await report('/reports/payments-by-method?from=2026-01');
    expect([fromOnly.from, fromOnly.to]).toEqual(['2026-01', '2026-12']);
  });
});

describe('GET /reports/upcoming-accruals', () => {
  it('estimates the periods closing in the next 7 days with the engine’s rules over the activity so far', async () => {
    const data = await report(`/reports/upcoming-accruals?as_of=${AS_OF}`);
    expect(data).toMatchObject({ as_of: AS_OF, until: '2026-05-22T12:00:00.000Z', days: 7, project_id: null, currency: 'USD' });
    expect(data.periods).toEqual([
      {
        structure_id: ids.views,
        structure_name: 'Views',
        project_id: ids.europe,
        project_name: 'Europe',
        timezone: 'UTC',
        criteria_type: 'cpm',
        period: 'weekly',
        period_start_at: '2026-05-11T00:00:00.000Z',
        period_end_at: '2026-05-18T00:00:00.000Z',
        label: '2026-05-11',
        version_number: 1,
        creators_assigned: 2,
        creators_accruing: 2,
        // Cy: 2,000 × $3/1000 + 2,000 × $1.50/1000 = 900; Di: (600 + 5,000 × 1.5) × 4/7 = 1350 × 4/7 = 771.43 → 771
        estimated_cents: 1671,
      },
      {
        structure_id: ids.bonus,
        structure_name: 'Weekly bonus',
        project_id: ids.launch,
        project_name: 'Launch',
        timezone: 'America/New_York',
        criteria_type: 'recurring',
        period: 'weekly',
        period_start_at: '2026-05-11T04:00:00.000Z',
        period_end_at: '2026-05-18T04:00:00.000Z',
        label: '2026-05-11',
        version_number: 1,
        creators_assigned: 1,
        creators_accruing: 1,
        estimated_cents: 1786, // 2500 × 5/7 = 1785.71
      },
    ]);
    expect(data.estimated_cents).toBe(3457);
  });

  it('reaches the months ending within 31 days, and takes one project', async () => {
    const data = await report(`/reports/upcoming-accruals?project_id=${ids.launch}&days=31&as_of=${AS_OF}`);
    expect(data.periods.map((row: any) => [row.structure_name, row.label, row.estimated_cents])).toEqual([
      ['Weekly bonus', '2026-05-11', 1786],
      ['Weekly bonus', '2026-05-18', 2500],
      // June 1st, 00:00 in New York: both months and a week end together, by structure name.
      ['Ambassador', '2026-05-01', 3333],
      ['Retainer', '2026-05-01', 10000],
      ['Weekly bonus', '2026-05-25', 2500],
      ['Weekly bonus', '2026-06-01', 2500],
      ['Weekly bonus', '2026-06-08', 2500], // ends June 15th 04:00 UTC, before until (12:00)
    ]);
  });
});

describe('bad input', () => {
  const refused = async (path: string, code: string, status = 400) => {
    const response = await send(server, 'GET', path);
    expect(response.status, `${path}: ${response.text}`).toBe(status);
    expect(response.body.data).toBeNull();
    expect(response.body.error.code).toBe(code);
    return response.body;
  };

  it('refuses unknown parameters, bad numbers and ranges with invalid_query, changing nothing', async () => {
    const journalBefore = await ok(server, 'GET', '/payout-accruals?limit=100');
    for (const path of [
      '/reports/liabilities?bogus=1',
      '/reports/liabilities?periods=0',
      '/reports/liabilities?periods=37',
      '/reports/liabilities?periods=twelve',
      '/reports/liabilities?periods=1.5',
      '/reports/liabilities?period=yearly',
      '/reports/liabilities?as_of=2026-05-15',
      '/reports/liabilities?periods=3&periods=4',
      '/reports/payments-by-method?from=2026-05&to=2026-01',
      '/reports/payments-by-method?from=2026-13',
      '/reports/payments-by-method?to=2026-1',
      '/reports/payments-by-method?from=2023-01&to=2026-01',
      '/reports/payments-by-method?method_id=x',
      '/reports/upcoming-accruals?days=0',
      '/reports/upcoming-accruals?days=32',
      '/reports/upcoming-accruals?project_id=LAUNCH',
    ]) {
      await refused(path, 'invalid_query');
    }
    const reversed = await refused('/reports/payments-by-method?from=2026-05&to=2026-01', 'invalid_query');
    expect(reversed.meta.errors).toEqual([{ path: 'from', message: 'must not be after to (2026-05 > 2026-01)' }]);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const ahead = await refused(`/reports/upcoming-accruals?as_of=${future}`, 'invalid_query');
    expect(ahead.meta.errors).toEqual([{ path: 'as_of', message: 'must not be in the future' }]);
    await refused(`/reports/liabilities?as_of=${future}`, 'invalid_query');
    expect(await ok(server, 'GET', '/payout-accruals?limit=100')).toEqual(journalBefore);
  });

  it('answers not_found for another org’s project, and 401 without a key', async () => {
    for (const route of ['liabilities', 'payments-by-method', 'upcoming-accruals']) {
      await refused(`/reports/${route}?project_id=${ids.otherProject}`, 'not_found', 404);
      const response = await fetch(`${server.apiUrl}/reports/${route}`);
      expect(response.status).toBe(401);
    }
  });
});
