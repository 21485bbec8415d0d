import { expect, test } from '@playwright/test';
import { E2E_API_KEY } from '../../playwright.config.ts';
import { MethodsPage } from './pages/methods-page.ts';

test.describe('Payout methods', () => {
  test('create, rename, conflict, disable, enable and delete a method', async ({ page }, testInfo) => {
    const methods = new MethodsPage(page);
    await methods.open();
    for (const name of ['Venmo', 'Cash App', 'PayPal']) await expect(methods.row(name)).toBeVisible();

    const suffix = testInfo.workerIndex + '-' + Date.now().toString(36);
    const zelle = `Zelle ${suffix}`;
    await methods.create(zelle);
    await expect(methods.dialog).toBeHidden();
    await expect(methods.row(zelle)).toContainText('Custom');

    // A name that differs only by case is refused, next to the field, and nothing is created.
    await methods.create(zelle.toUpperCase());
    await expect(methods.dialog.getByText('already exists')).toBeVisible();
    await methods.dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(methods.row(zelle.toUpperCase())).toHaveCount(0);

    const renamed = `Wise ${suffix}`;
    await methods.rename(zelle, renamed);
    await expect(methods.row(renamed)).toBeVisible();
    await expect(methods.row(zelle)).toHaveCount(0);

    await page.getByRole('button', { name: `Disable ${renamed}` }).click();
    await expect(methods.row(renamed)).toHaveCount(0);
    await methods.setIncludeDisabled(true);
    await expect(methods.row(renamed)).toContainText('Disabled');
    await page.getByRole('button', { name: `Enable ${renamed}` }).click();
    await expect(methods.row(renamed)).toContainText('Active');

    // Defaults cannot be deleted; a custom method can, after confirmation.
    await expect(page.getByRole('button', { name: 'Delete Venmo' })).toBeDisabled();
    await page.getByRole('button', { name: `Delete ${renamed}` }).click();
    const confirm = page.getByRole('dialog');
    await expect(confirm.getByRole('heading', { name: 'Delete payout method?' })).toBeVisible();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect(methods.row(renamed)).toHaveCount(0);

    // The server agrees with what the screen shows.
    const listed = await page.request.get('/api/v1/payout-methods?include_disabled=1', { headers: { Authorization: `Bearer ${E2E_API_KEY}` } });
    const names = ((await listed.json()).data as { name: string }[]).map((method) => method.name);
    expect(names).not.toContain(renamed);
    expect(names).not.toContain(zelle);
  });

  test('a method created through the API appears without reloading', async ({ page }) => {
    const methods = new MethodsPage(page);
    await methods.open();
    const name = `Apple Cash ${Date.now().toString(36)}`;
    const created = await page.request.post('/api/v1/payout-methods', {
      headers: { Authorization: `Bearer ${E2E_API_KEY}` },
      data: { name },
    });
    expect(created.status()).toBe(201);
    await expect(methods.row(name)).toBeVisible();
  });

  test('screenshot of the Payout methods screen', async ({ page }, testInfo) => {
    const methods = new MethodsPage(page);
    await methods.open();
    await methods.setIncludeDisabled(true);
    await expect(methods.row('Venmo')).toBeVisible();
    const path = testInfo.outputPath('payout-methods.png');
    await page.screenshot({ path, fullPage: true });
    await testInfo.attach('payout-methods', { path, contentType: 'image/png' });
  });
});
