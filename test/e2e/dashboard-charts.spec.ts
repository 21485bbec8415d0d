import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { E2E_API_KEY } from '../../playwright.config.ts';
import { DashboardPage } from './pages/dashboard-page.ts';

const headers = { Authorization: `Bearer ${E2E_API_KEY}` };

async function call(request: APIRequestContext, method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown, idem?: string): Promise<any> {
  const response = await request.fetch(`/api/v1${path}`, { method, headers: { ...headers, ...(idem && { 'Idempotency-Key': idem }) }, ...(data === undefined ? {} : { data }) });
  const body = await response.json();
  expect(body.error, `${method} ${path}`).toBeNull();
  return body.data;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** The first instant of the UTC month `offset` months from now's, and how the charts name that month. */
function month(offset: number): { start: string; name: string } {
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return { start: start.toISOString(), name: `${MONTHS[start.getUTCMonth()]} ${start.getUTCFullYear()}` };
}

test.describe('Dashboard charts', () => {
  test('shows what is owed by project, payments by method and the periods about to close, following the ledger', async ({ page, request }, testInfo) => {
    const suffix = `${testInfo.workerIndex}${Date.now().toString(36)}`;
    const projectName = `Charts E2E ${suffix}`;
    const project = await call(request, 'POST', '/projects', { name: projectName, timezone: 'UTC' });
    const ada = await call(request, 'POST', '/creators', { name: `Ada ${suffix}`, handle: `@ada${suffix}` });
    await call(request, 'POST', `/projects/${project.id}/creators`, { creator_ids: [ada.id] });
    const methods = await call(request, 'GET', '/payout-methods');
    const methodId = (name: string) => methods.find((method: any) => method.name === name).id as string;

    // $120.00 a month for Ada over the last four closed months.
    const [m1, m2, m3, m4, current] = [month(-4), month(-3), month(-2), month(-1), month(0)];
    const monthly = await call(request, 'POST', '/payout-structures', {
      project_id: project.id,
      name: `Retainer ${suffix}`,
      currency: 'USD',
      period: 'monthly',
      amount_cents: 12000,
      criteria_type: 'recurring',
      criteria_params: {},
      proration_mode: 'skip',
    });
    await call(request, 'POST', `/payout-structures/${monthly.structure_id}/assignments`, { creator_ids: [ada.id], assigned_at: m1.start });
    await call(request, 'POST', '/accrual-runs', { as_of: current.start });
    const accruals = await call(request, 'GET', `/payout-accruals?project_id=${project.id}`);
    expect(accruals).toHaveLength(4);
    const first = accruals.find((accrual: any) => accrual.period_start_at === m1.start);
    // The first month paid by Venmo a day into the second: owed at the first month's end, not after.
    const paidAt = new Date(Date.parse(m2.start) + 86_400_000).toISOString();
    await call(request, 'POST', '/payout-payments', { project_id: project.id, creator_id: ada.id, method_id: methodId('Venmo'), total_amount_cents: 12000, accrual_ids: [first.id], paid_at: paidAt }, randomUUID());
    await call(request, 'POST', '/payout-payments', { project_id: project.id, method_id: methodId('PayPal'), total_amount_cents: 4550 }, randomUUID());

    // $25.00 a week from this week's Monday: the week closes within 7 days.
    const now = new Date();
    const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7)));
    const weekly = await call(request, 'POST', '/payout-structures', {
      project_id: project.id,
      name: `Weekly stipend ${suffix}`,
      currency: 'USD',
      period: 'weekly',
      amount_cents: 2500,
      criteria_type: 'recurring',
      criteria_params: {},
      proration_mode: 'full',
    });
    await call(request, 'POST', `/payout-structures/${weekly.structure_id}/assignments`, { creator_ids: [ada.id], assigned_at: monday.toISOString() });

    const dashboard = new DashboardPage(page);
    await dashboard.open();

    // Owed: $120.00 at the end of the first month, $120.00 (the first paid), $240.00, $360.00.
    await expect(dashboard.liabilities.getByRole('figure', { name: /Earned and not paid at the end of each of the last 12 months, by project/ })).toBeVisible();
    await expect.poll(() => dashboard.chartValue(dashboard.liabilities, projectName, m1.name)).toBe('$120.00');
    expect(await dashboard.chartValue(dashboard.liabilities, projectName, m2.name)).toBe('$120.00');
    expect(await dashboard.chartValue(dashboard.liabilities, projectName, m3.name)).toBe('$240.00');
    expect(await dashboard.chartValue(dashboard.liabilities, projectName, m4.name)).toBe('$360.00');
    expect((await dashboard.chartTable(dashboard.liabilities)).rows).toHaveLength(12);
    await expect(dashboard.liabilities.locator('.recharts-bar-rectangle').first()).toBeVisible();

    // Payments: Venmo in the second month, PayPal this month.
    await expect(dashboard.payments.getByRole('figure', { name: /Payments by payout method in each of the last 12 months/ })).toBeVisible();
    await expect.poll(() => dashboard.chartValue(dashboard.payments, 'Venmo', m2.name)).toBe('$120.00');
    expect(await dashboard.chartValue(dashboard.payments, 'PayPal', current.name)).toBe('$45.50');

    // Upcoming: this week of the weekly stipend, $25.00 for Ada.
    const row = dashboard.upcomingRow(`Weekly stipend ${suffix}`);
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(projectName);
    await expect(row).toContainText('1 / 1');
    await expect(row).toContainText('$25.00');

    // A payment recorded elsewhere: the chart follows.
    await call(request, 'POST', '/payout-payments', { project_id: project.id, method_id: methodId('PayPal'), total_amount_cents: 1000 }, randomUUID());
    await expect.poll(() => dashboard.chartValue(dashboard.payments, 'PayPal', current.name)).toBe('$55.50');

    // The dashboard scrolls inside its frame: a tall window shows all of it in one picture.
    await page.setViewportSize({ width: 1360, height: 1900 });
    await expect(dashboard.upcoming).toBeInViewport();
    await page.screenshot({ path: testInfo.outputPath('dashboard-charts.png'), fullPage: true });
    // The tooltip of the latest month's bar in the liabilities chart.
    const bars = dashboard.liabilities.locator('.recharts-bar-rectangle');
    await bars.last().hover();
    await expect(dashboard.liabilities.locator('.bar-tooltip')).toContainText(m4.name);
    await expect(dashboard.liabilities.locator('.bar-tooltip')).toContainText('$360.00');
    await dashboard.liabilities.screenshot({ path: testInfo.outputPath('dashboard-liabilities-tooltip.png') });

    // By week instead: twelve weeks, named by their Mondays.
    await dashboard.liabilities.getByLabel('Periods').selectOption('weekly');
    await expect(dashboard.liabilities.getByRole('figure', { name: /at the end of each of the last 12 weeks/ })).toBeVisible();
    await expect.poll(async () => (await dashboard.chartTable(dashboard.liabilities)).rows.map((row) => row[0]?.startsWith('week of '))).toEqual(Array(12).fill(true));
  });
});
