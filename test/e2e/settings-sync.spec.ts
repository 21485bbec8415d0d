import { expect, test } from '@playwright/test';
import { E2E_API_KEY } from '../../playwright.config.ts';
import { api, startServer, TEST_API_KEY, type RunningServer } from '../support/server.ts';

/** Settings → Sync against a second server (the team server), SPEC §8. */
let team: RunningServer;
test.beforeAll(async () => {
  team = await startServer({ env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0' } });
});
test.afterAll(async () => {
  await team?.dispose();
});

const auth = { Authorization: `Bearer ${E2E_API_KEY}` };

test.describe('Settings → Sync', () => {
  test('set up sync, see a change pending, sync now, and see a refused change in words', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await page.goto(`/#key=${E2E_API_KEY}`);
    await page.goto('/#/settings');
    const panel = page.getByRole('region', { name: 'Sync' });
    await expect(panel.getByRole('group', { name: 'Sync status' })).toContainText('Off');

    // https is required for a host that is not this machine.
    await panel.getByLabel('Team server URL').fill('http://team.example.com');
    await panel.getByLabel('Your API key').fill(TEST_API_KEY);
    await panel.getByRole('button', { name: 'Check and save' }).click();
    await expect(panel).toContainText('must start with https://');

    await panel.getByLabel('Team server URL').fill(team.baseUrl);
    await panel.getByLabel('Your API key').fill(TEST_API_KEY);
    await panel.getByRole('button', { name: 'Check and save' }).click();
    await expect(panel).toContainText(team.baseUrl);
    await expect(panel).toContainText(`Key ${TEST_API_KEY.slice(0, 8)}`);
    await expect(panel).not.toContainText(TEST_API_KEY);

    // A method made here, and one of the same name already on the team server: the server refuses ours.
    const name = `Zelle ${Date.now()}`;
    expect((await api(team, 'POST', '/payout-methods', { body: { name } })).status).toBe(201);
    const made = await page.request.post('/api/v1/payout-methods', { headers: auth, data: { name } });
    expect(made.status()).toBe(201);
    const kept = await page.request.post('/api/v1/payout-methods', { headers: auth, data: { name: `${name} kept` } });
    expect(kept.status()).toBe(201);
    await page.reload();
    await expect(panel.getByRole('group', { name: 'Sync status' })).toContainText(/[1-9]\d* pending/);

    await panel.getByRole('button', { name: 'Sync now' }).click();
    await expect(panel.getByRole('group', { name: 'Sync status' })).toContainText('0 pending');
    const refused = panel.getByRole('list', { name: 'Refused by the team server' });
    await expect(refused).toContainText('Adding a payout method was refused by the team server:');
    await expect(refused).toContainText('POST /payout-methods answered 409 conflict_name');
    await expect(refused).toContainText('Undone on this desktop: payout method');
    await page.screenshot({ path: testInfo.outputPath('settings-sync.png'), fullPage: true });

    // The team server has the kept method once, and one method of the refused name.
    const names = ((await api(team, 'GET', '/payout-methods?limit=100')).body.data as { name: string }[]).map((method) => method.name);
    expect(names.filter((method) => method === `${name} kept`)).toHaveLength(1);
    expect(names.filter((method) => method === name)).toHaveLength(1);
  });
});
