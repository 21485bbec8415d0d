import { expect, test, type APIRequestContext, type Locator } from '@playwright/test';
import { E2E_API_KEY } from '../../playwright.config.ts';
import { ImportDialog } from './pages/import-dialog.ts';

const headers = { Authorization: `Bearer ${E2E_API_KEY}` };

async function call(request: APIRequestContext, method: 'GET' | 'POST', path: string, data?: unknown): Promise<any> {
  const response = await request.fetch(`/api/v1${path}`, { method, headers, ...(data === undefined ? {} : { data }) });
  const body = await response.json();
  expect(body.error, `${method} ${path}`).toBeNull();
  return body.data;
}

/** The body rows of a table, each as the texts of its cells. */
async function rows(table: Locator): Promise<string[][]> {
  const texts: string[][] = [];
  for (const row of await table.locator('tbody tr').all()) texts.push((await row.locator('td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim()));
  return texts;
}

test.describe('Referrals', () => {
  test('imports referrals and their events from CSV, lists them with spend and refunds, and shows a referral’s events; the creator’s page lists them too', async ({ page, request }, testInfo) => {
    const suffix = `${testInfo.workerIndex}${Date.now().toString(36)}`;
    const projectName = `Shop ${suffix}`;
    const project = await call(request, 'POST', '/projects', { name: projectName, timezone: 'UTC' });
    const ana = await call(request, 'POST', '/creators', { name: `Ana ${suffix}`, handle: `@ana${suffix}` });
    await call(request, 'POST', `/projects/${project.id}/creators`, { creator_ids: [ana.id] });

    await page.goto(`/#key=${E2E_API_KEY}`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Referrals' }).click();
    await expect(page.getByRole('heading', { name: 'Referrals', exact: true })).toBeVisible();

    const dialog = new ImportDialog(page);
    await dialog.open();
    await dialog.chooseKind('Referrals');
    await dialog.chooseFile(
      `referrals-${suffix}.csv`,
      ['project,creator,external_id,referred_at,customer_label', `${projectName},@ana${suffix},cus_1,2026-05-01,Acme Inc.`, `${projectName},@ana${suffix},cus_2,2026-05-02,`].join('\n'),
    );
    await dialog.importAll(2);

    await dialog.open();
    await dialog.chooseKind('Referral events');
    // A refund larger than what is left of its purchase is refused, row and column named, nothing imported.
    await dialog.chooseFile(
      `events-bad-${suffix}.csv`,
      ['project,referral,external_id,type,amount,currency,occurred_at,refund_of', `${projectName},cus_1,ch_1,purchase,123.45,USD,2026-05-03,`, `${projectName},cus_1,re_1,refund,200.00,USD,2026-05-04,ch_1`].join('\n'),
    );
    await expect(dialog.problemRow(3)).toContainText('amount');
    await expect(dialog.problemRow(3)).toContainText('exceeds what is left');
    await dialog.chooseFile(
      `events-${suffix}.csv`,
      [
        'project,referral,external_id,type,amount,currency,occurred_at,refund_of',
        `${projectName},cus_1,ch_1,purchase,123.45,USD,2026-05-03,`,
        `${projectName},cus_1,re_1,refund,23.45,USD,2026-05-04,ch_1`,
        `${projectName},cus_2,sub_1,subscription,10.00,USD,2026-05-05,`,
      ].join('\n'),
    );
    await dialog.importAll(3);

    await page.getByLabel('Project', { exact: true }).selectOption({ label: projectName });
    const table = page.getByRole('table', { name: 'Referrals' });
    await expect.poll(async () => (await rows(table)).map((cells) => cells.slice(1))).toEqual([
      ['cus_2', `Ana ${suffix}`, projectName, '1', '$10.00', '—'],
      ['Acme Inc. cus_1', `Ana ${suffix}`, projectName, '2', '$123.45', '$23.45'],
    ]);
    await page.screenshot({ path: testInfo.outputPath('referrals-list.png'), fullPage: true });

    await table.getByRole('link', { name: 'Acme Inc.' }).click();
    await expect(page.getByRole('heading', { name: 'Acme Inc.' })).toBeVisible();
    const events = page.getByRole('table', { name: 'Events' });
    await expect.poll(async () => (await rows(events)).map((cells) => cells.slice(1))).toEqual([
      ['Purchase', 'ch_1', '$123.45'],
      ['Refund', 're_1 Refund of ch_1', '−$23.45'],
    ]);
    await page.screenshot({ path: testInfo.outputPath('referral-detail.png'), fullPage: true });

    await page.getByRole('link', { name: `Ana ${suffix}` }).first().click();
    await expect(page.getByRole('heading', { name: `Ana ${suffix}` })).toBeVisible();
    const creatorReferrals = page.getByRole('table', { name: 'Referrals' });
    await expect.poll(async () => (await rows(creatorReferrals)).map((cells) => cells[1])).toEqual(['cus_2', 'Acme Inc. cus_1']);
  });
});
