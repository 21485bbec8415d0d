import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { E2E_API_KEY } from '../../playwright.config.ts';
import { api, startServer, TEST_API_KEY, type RunningServer } from '../support/server.ts';

/** The sidebar's sync chip, the pending marks on payments and the Conflicts list (SPEC §8), against a second server as the team server. */
let team: RunningServer;
test.beforeAll(async () => {
  team = await startServer({ env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0' } });
});
test.afterAll(async () => {
  await team?.dispose();
});

const auth = { Authorization: `Bearer ${E2E_API_KEY}` };

async function local(request: APIRequestContext, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, data?: unknown, headers: Record<string, string> = {}) {
  const response = await request.fetch(`/api/v1${path}`, { method, headers: { ...auth, ...headers }, ...(data === undefined ? {} : { data }) });
  expect(response.status(), `${method} ${path}: ${await response.text()}`).toBeLessThan(300);
  return ((await response.json()) as { data: any }).data;
}

/** This desktop syncs with the team server; what earlier specs left is sent first, and their refusals dismissed. */
async function connectToTeam(request: APIRequestContext, settings: Record<string, unknown> = {}) {
  await local(request, 'PUT', '/sync', { server_url: team.baseUrl, api_key: TEST_API_KEY, ...settings });
  await local(request, 'POST', '/sync/runs');
  for (const conflict of await local(request, 'GET', '/sync/conflicts')) await local(request, 'DELETE', `/sync/conflicts/${conflict.id}`);
}

test.describe('Sync status', () => {
  test('the chip shows pending after a payment is recorded and synced after Sync now; a refused change is listed in words and dismissed', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    const request = page.request;
    await connectToTeam(request);

    await page.goto(`/#key=${E2E_API_KEY}`);
    await page.goto('/#/payments');
    const chip = page.getByTestId('sync-chip');
    await expect(chip).toHaveText('Synced');

    // A payment recorded here is pending, and marked as not yet on the team server.
    const project = await local(request, 'POST', '/projects', { name: `Sync chip ${Date.now()}`, timezone: 'UTC' });
    const payment = await local(request, 'POST', '/payout-payments', { project_id: project.id, total_amount_cents: 4321, note: 'sync chip' }, { 'Idempotency-Key': randomUUID() });
    await page.reload();
    await expect(chip).toHaveText(/^[1-9]\d* pending$/);
    const row = page.getByRole('table', { name: 'Payments' }).getByRole('row').filter({ hasText: '$43.21' });
    await expect(row).toContainText('Not yet on the team server');
    await page.screenshot({ path: testInfo.outputPath('sync-pending-list.png') });
    await page.goto(`/#/payments/${payment.id}`);
    await expect(page.locator('.ac-detail-meta')).toContainText('Not yet on the team server');
    await page.screenshot({ path: testInfo.outputPath('sync-pending-payment.png'), fullPage: true });

    // The chip leads to Settings → Sync; Sync now sends it, and the chip and the marks follow.
    await chip.click();
    await expect(page).toHaveURL(/#\/settings\/sync$/);
    const panel = page.getByRole('region', { name: 'Sync' });
    await panel.getByRole('button', { name: 'Sync now' }).click();
    await expect(chip).toHaveText('Synced');
    expect((await api(team, 'GET', `/payout-payments/${payment.id}`)).status).toBe(200);
    await page.goto(`/#/payments/${payment.id}`);
    await expect(page.locator('.ac-detail-meta')).toContainText('$43.21');
    await expect(page.locator('.ac-detail-meta')).not.toContainText('Not yet on the team server');
    await page.goto('/#/payments');
    await expect(page.getByRole('table', { name: 'Payments' }).getByRole('row').filter({ hasText: '$43.21' })).not.toContainText('Not yet on the team server');

    // A method of a name the team server already has: refused, shown in words, and dismissed.
    const name = `Wise ${Date.now()}`;
    expect((await api(team, 'POST', '/payout-methods', { body: { name } })).status).toBe(201);
    await local(request, 'POST', '/payout-methods', { name });
    await page.goto('/#/settings');
    await panel.getByRole('button', { name: 'Sync now' }).click();
    await expect(chip).toHaveText('1 conflict');
    await page.goto('/#/payments');
    await chip.click();
    await expect(page).toHaveURL(/#\/settings\/sync-conflicts$/);
    const refused = panel.getByRole('list', { name: 'Refused by the team server' });
    await expect(refused).toContainText(`Adding a payout method was refused by the team server: `);
    await expect(refused).toContainText(name);
    await expect(refused).toContainText('Undone on this desktop: payout method');
    await expect(refused).toContainText('POST /payout-methods answered 409 conflict_name');
    await page.screenshot({ path: testInfo.outputPath('sync-conflict.png'), fullPage: true });

    await refused.getByRole('button', { name: 'Dismiss' }).click();
    await expect(refused).toHaveCount(0);
    await expect(chip).toHaveText('Synced');
    await page.screenshot({ path: testInfo.outputPath('sync-synced.png') });

    // Sync off: no chip.
    await panel.getByRole('button', { name: 'Turn sync off' }).click();
    await expect(chip).toHaveCount(0);
  });

  test('coming back online runs a cycle at once: a payment recorded while the window was offline is on the team server without Sync now', async ({ page }) => {
    test.setTimeout(60_000);
    const request = page.request;
    await connectToTeam(request, { interval_seconds: 86400 });
    await page.goto(`/#key=${E2E_API_KEY}`);
    await page.goto('/#/payments');
    const chip = page.getByTestId('sync-chip');
    await expect(chip).toHaveText('Synced');

    await page.context().setOffline(true);
    const project = await local(request, 'POST', '/projects', { name: `Back online ${Date.now()}`, timezone: 'UTC' });
    const payment = await local(request, 'POST', '/payout-payments', { project_id: project.id, total_amount_cents: 1717, note: 'back online' }, { 'Idempotency-Key': randomUUID() });
    expect((await api(team, 'GET', `/payout-payments/${payment.id}`)).status).toBe(404);
    await page.context().setOffline(false);

    await expect.poll(async () => (await api(team, 'GET', `/payout-payments/${payment.id}`)).status, { timeout: 20_000 }).toBe(200);
    await expect(chip).toHaveText('Synced');
    await local(request, 'DELETE', '/sync');
  });
});
