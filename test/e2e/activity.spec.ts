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
});
