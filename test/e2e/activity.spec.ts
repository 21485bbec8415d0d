import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { E2E_API_KEY } from '../../playwright.config.ts';
import { ActivityPage } from './pages/activity-page.ts';

const headers = { Authorization: `Bearer ${E2E_API_KEY}` };

async function call(request: APIRequestContext, method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown, idem?: string): Promise<any> {
  const response = await request.fetch(`/api/v1${path}`, { method, headers: { ...headers, ...(idem && { 'Idempotency-Key': idem }) }, ...(data === undefined ? {} : { data }) });
  const body = await response.json();
  expect(body.error, `${method} ${path}`).toBeNull();
  return body.data;
}

test.describe('Activity', () => {
  test('lists what was done, filtered by entity, with the before → after of a row; a payment shows its History', async ({ page, request }, testInfo) => {
    const suffix = `${testInfo.workerIndex}${Date.now().toString(36)}`;
    const project = await call(request, 'POST', '/projects', { name: `Activity ${suffix}` });
    const ana = await call(request, 'POST', '/creators', { name: `Ana ${suffix}`, handle: `@ana${suffix}` });
    await call(request, 'POST', `/projects/${project.id}/creators`, { creator_ids: [ana.id] });
    const venmo = (await call(request, 'GET', '/payout-methods')).find((method: any) => method.name === 'Venmo');
    const payment = await call(request, 'POST', '/payout-payments', { project_id: project.id, creator_id: ana.id, method_id: venmo.id, total_amount_cents: 12000 }, randomUUID());
    await call(request, 'PATCH', `/payout-payments/${payment.id}`, { status: 'voided' });
    // The e2e server's key is PAYOUTS_API_KEY: its name is the actor.
    const who = 'PAYOUTS_API_KEY';
    const recorded = `${who} recorded a $120.00 Venmo payment to Ana ${suffix}`;
    const voided = `${who} voided the $120.00 payment to Ana ${suffix}`;

    const screen = new ActivityPage(page);
    await screen.open();
    await expect(screen.table).toContainText(voided);
    await screen.entity.selectOption({ label: 'Payment' });
    await expect.poll(async () => (await screen.sentences()).slice(0, 2)).toEqual([voided, recorded]);
    expect((await screen.sentences()).every((sentence) => /payment/.test(sentence))).toBe(true);
    await screen.who.fill(who);
    await screen.who.press('Enter');
    await expect.poll(async () => (await screen.sentences()).slice(0, 2)).toEqual([voided, recorded]);

    const details = await screen.expand(voided);
    const status = details.getByRole('row', { name: /^status/ });
    await expect(status).toContainText('paid');
    await expect(status).toContainText('voided');
    await expect(details).toContainText(`PATCH /payout-payments/${payment.id}`);
    await page.screenshot({ path: testInfo.outputPath('activity-screen.png'), fullPage: true });

    await screen.who.fill('nobody at all');
    await screen.who.press('Enter');
    await expect(page.getByText('Nothing matches these filters.')).toBeVisible();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(screen.table).toContainText(`${who} added creator Ana ${suffix} (@ana${suffix})`);

    // The payment's own page: its History reads the same route filtered to it.
    await page.goto(`/#/payments/${payment.id}`);
    const history = screen.history();
    await expect(history).toBeVisible();
    await expect.poll(() => screen.sentences(history)).toEqual([voided, recorded]);
    const created = await screen.expand(recorded, history);
    await expect(created.getByRole('row', { name: /^total_amount_cents/ })).toContainText('12000');
    await history.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('payment-history.png'), fullPage: true });

    // And the creator's page.
    await page.goto(`/#/creators/${ana.id}`);
    await expect.poll(() => screen.sentences(screen.history())).toEqual([`${who} added Ana ${suffix} to Activity ${suffix}`, `${who} added creator Ana ${suffix} (@ana${suffix})`]);
  });

  test('a structure and an accrual show their History, the accrual with the run that created it', async ({ page, request }, testInfo) => {
    const suffix = `${testInfo.workerIndex}${Date.now().toString(36)}`;
    const project = await call(request, 'POST', '/projects', { name: `History ${suffix}`, timezone: 'UTC' });
    const bo = await call(request, 'POST', '/creators', { name: `Bo ${suffix}`, handle: `@bo${suffix}` });
    await call(request, 'POST', `/projects/${project.id}/creators`, { creator_ids: [bo.id] });
    const structure = (
      await call(request, 'POST', '/payout-structures', {
        project_id: project.id,
        name: `Weekly ${suffix}`,
        currency: 'USD',
        proration_mode: 'skip',
        period: 'weekly',
        amount_cents: 5000,
        criteria_type: 'recurring',
        criteria_params: {},
      })
    ).structure_id;
    await call(request, 'POST', `/payout-structures/${structure}/assignments`, { creator_ids: [bo.id], assigned_at: '2026-01-05T00:00:00.000Z' });
    await call(request, 'POST', '/accrual-runs', { as_of: '2026-01-12T00:00:00.000Z' });
    const [accrual] = await call(request, 'GET', `/payout-accruals?creator_id=${bo.id}`);
    await call(request, 'PATCH', `/payout-accruals/${accrual.id}`, { status: 'rejected' });
    const who = 'PAYOUTS_API_KEY';
    const screen = new ActivityPage(page);
    await screen.open();

    await page.goto(`/#/structures/${structure}`);
    await expect.poll(() => screen.sentences(screen.page.getByRole('region', { name: 'History', exact: true }))).toEqual([`${who} created payout structure Weekly ${suffix} in History ${suffix}`]);

    await page.goto(`/#/accruals/${accrual.id}`);
    const history = screen.page.getByRole('region', { name: 'History', exact: true });
    await expect.poll(() => screen.sentences(history)).toEqual([
      `${who} rejected Bo ${suffix}'s $50.00 accrual for 2026-01-05 to 2026-01-11`,
      expect.stringMatching(new RegExp(`^${who} ran accruals as of 2026-01-12: \\d+ accruals? created`)),
    ]);
    const rejected = await screen.expand(`${who} rejected Bo ${suffix}'s $50.00 accrual for 2026-01-05 to 2026-01-11`, history);
    await expect(rejected.getByRole('row', { name: /^status/ })).toContainText('rejected');
    await history.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('accrual-history.png'), fullPage: true });
  });
});
