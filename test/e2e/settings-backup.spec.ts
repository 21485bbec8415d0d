import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { E2E_API_KEY } from '../../playwright.config.ts';

test.describe('Settings → Backup', () => {
  test('back up now shows the backup, its path, and downloads a SQLite file', async ({ page }, testInfo) => {
    await page.goto(`/#key=${E2E_API_KEY}`);
    await page.goto('/#/settings');
    const panel = page.getByRole('region', { name: 'Backup' });
    await expect(panel).toBeVisible();
    const before = await panel.getByRole('list', { name: 'Backups' }).getByRole('listitem').count().catch(() => 0);

    await panel.getByRole('button', { name: 'Back up now' }).click();
    const items = panel.getByRole('list', { name: 'Backups' }).getByRole('listitem');
    await expect(items).toHaveCount(before + 1);
    const newest = items.first();
    await expect(newest.getByRole('button', { name: 'Download' })).toBeVisible();
    await expect(newest).toContainText(/\d+(\.\d)? (KB|MB)/);
    await expect(newest.locator('code')).toContainText('backups/payouts-');
    await expect(panel).toContainText('npm run payouts -- restore FILE');
    await page.screenshot({ path: testInfo.outputPath('settings-backup.png'), fullPage: true });

    const downloaded = page.waitForEvent('download');
    await newest.getByRole('button', { name: 'Download' }).click();
    const download = await downloaded;
    expect(download.suggestedFilename()).toMatch(/^payouts-.*\.sqlite$/);
    const bytes = readFileSync(await download.path());
    expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000');

    // The server lists the same backup.
    const listed = await page.request.get('/api/v1/backups', { headers: { Authorization: `Bearer ${E2E_API_KEY}` } });
    const rows = (await listed.json()).data as { file_name: string; status: string }[];
    expect(rows[0]).toMatchObject({ status: 'completed', file_name: download.suggestedFilename() });
  });
});
