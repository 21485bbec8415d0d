import { readFile } from 'node:fs/promises';
import { expect, test, type APIRequestContext, type Locator } from '@playwright/test';
import { E2E_API_KEY } from '../../playwright.config.ts';

const DAY = 86_400_000;
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

/**
 * A project with a $10.00 minimum and a 10% commission (no hold): Ana referred $200.00 of sales
 * ($20.00), Dee $200.00 of which $50.00 was refunded ($20.00 less a $5.00 clawback), Bo $300.00
 * but has neither a payout handle nor an email PayPal could pay, and Cy $50.00 ($5.00, below the
 * minimum). Names are unique per run.
 */
async function seed(request: APIRequestContext, suffix: string) {
  const yesterday = new Date(Date.now() - DAY).toISOString();
  const lastWeek = new Date(Date.now() - 7 * DAY).toISOString();
  const project = await call(request, 'POST', '/projects', { name: `Spring ${suffix}`, timezone: 'UTC', min_payout_cents: 1000 });
  const ana = await call(request, 'POST', '/creators', { name: `Ana ${suffix}`, handle: `@ana${suffix}`, payout_handle: `ana-${suffix}@example.com` });
  const dee = await call(request, 'POST', '/creators', { name: `Dee ${suffix}`, handle: `@dee${suffix}`, email: `dee-${suffix}@example.com` });
  const bo = await call(request, 'POST', '/creators', { name: `Bo ${suffix}`, handle: `@bo${suffix}` });
  const cy = await call(request, 'POST', '/creators', { name: `Cy ${suffix}`, handle: `@cy${suffix}`, email: `cy-${suffix}@example.com` });
  const members = [ana.id, dee.id, bo.id, cy.id];
  await call(request, 'POST', `/projects/${project.id}/creators`, { creator_ids: members });
  const structure = await call(request, 'POST', '/payout-structures', {
    project_id: project.id,
    name: `Ten percent ${suffix}`,
    currency: 'USD',
    proration_mode: 'skip',
    period: null,
    amount_cents: null,
    criteria_type: 'commission',
    criteria_params: { rate_bps: 1000 },
  });
  await call(request, 'POST', `/payout-structures/${structure.structure_id}/assignments`, { creator_ids: members, assigned_at: lastWeek });
  const purchases = new Map<string, string>();
  for (const [creator, name, amount] of [[ana, 'ana', 20000], [dee, 'dee', 20000], [bo, 'bo', 30000], [cy, 'cy', 5000]] as const) {
    const referral = await call(request, 'POST', '/referrals', { project_id: project.id, creator_id: creator.id, external_id: `cus_${name}_${suffix}`, referred_at: lastWeek });
    const event = await call(request, 'POST', `/referrals/${referral.id}/events`, { type: 'purchase', external_id: `ch_${name}`, amount_cents: amount, occurred_at: yesterday });
    purchases.set(name, `${referral.id}:${event.id}`);
  }
  const [deeReferral, deePurchase] = purchases.get('dee')!.split(':');
  await call(request, 'POST', `/referrals/${deeReferral}/events`, { type: 'refund', external_id: 're_dee', amount_cents: 5000, occurred_at: new Date(Date.now() - DAY / 2).toISOString(), refund_of: deePurchase });
  await call(request, 'POST', '/accrual-runs', {});
  return { project, ana, dee, bo, cy };
}

test.describe('Pay creators', () => {
  test('preview with clawbacks netted, skipped and missing creators; leave out, draft, export and download the PayPal file; settle by PayPal’s result file', async ({ page, request }, testInfo) => {
    const suffix = `${testInfo.workerIndex}${Date.now().toString(36)}`;
    const { project } = await seed(request, suffix);

    await page.goto(`/#key=${E2E_API_KEY}`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payouts' }).click();
    await expect(page.getByRole('heading', { name: 'Payouts', exact: true })).toBeVisible();
    await page.getByRole('link', { name: 'Pay creators' }).first().click();
    await expect(page.getByRole('heading', { name: 'Pay creators' })).toBeVisible();
    await page.getByLabel('Project', { exact: true }).selectOption({ label: project.name });
    await page.getByLabel('Payout method', { exact: true }).selectOption({ label: 'PayPal' });

    const toPay = page.getByRole('table', { name: 'Creators to pay' });
    await expect.poll(() => rows(toPay)).toEqual([
      [`Ana ${suffix}`, `ana-${suffix}@example.com`, '1', '—', '$20.00'],
      [`Dee ${suffix}`, `dee-${suffix}@example.com`, '2', '−$5.00', '$15.00'],
    ]);
    await expect(page.getByTestId('preview-total')).toHaveText('$35.00');
    const skipped = await rows(page.getByRole('table', { name: 'Skipped creators' }));
    expect(skipped).toEqual([[`Cy ${suffix}`, 'Below minimum', '$5.00 payable is below the $10.00 minimum; it carries forward', '$5.00']]);
    const missing = page.getByRole('table', { name: 'Creators missing a payout handle' });
    const [boRow] = await rows(missing);
    expect(boRow?.[0]).toBe(`Bo ${suffix}`);
    expect(boRow?.[2]).toContain('payout handle');
    expect(boRow?.[3]).toBe('$30.00');
    await expect(missing.getByRole('link', { name: `Bo ${suffix}` })).toHaveAttribute('href', /^#\/creators\//);

    const create = page.getByRole('button', { name: /Create draft batch/ });
    await expect(create).toBeDisabled();
    await page.getByLabel(/Leave them out of this batch/).check();
    await page.screenshot({ path: testInfo.outputPath('pay-creators-preview.png'), fullPage: true });
    await create.click();

    await expect(page.getByRole('heading', { name: `${project.name} · PayPal` })).toBeVisible();
    const batchId = /#\/payouts\/([0-9a-f-]{36})/.exec(page.url())?.[1];
    expect(batchId).toBeDefined();
    const lines = page.getByRole('table', { name: 'Batch lines' });
    await expect.poll(async () => (await rows(lines)).map((cells) => [cells[0], cells[2], cells[3]])).toEqual([
      [`Ana ${suffix}`, '$20.00', 'Processing'],
      [`Dee ${suffix}`, '$15.00 after −$5.00 clawbacks', 'Processing'],
    ]);

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export & download' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const text = await readFile(await download.path(), 'utf8');
    const fileRows = text.trimEnd().split(/\r?\n/).map((row) => row.split(','));
    expect(fileRows.map((row) => [row[0], row[1], row[2], row[5]])).toEqual([
      [`ana-${suffix}@example.com`, '20.00', 'USD', 'PAYPAL'],
      [`dee-${suffix}@example.com`, '15.00', 'USD', 'PAYPAL'],
    ]);
    const [anaReference, deeReference] = fileRows.map((row) => row[3]!);
    expect(anaReference).toMatch(/^[0-9a-f]{30}$/);
    await expect(page.getByText('Exported', { exact: true })).toBeVisible();

    const result = `Transaction ID,Customer ID,Status,Failure Reason\nTX-ANA-${suffix},${anaReference},SUCCESS,\n,${deeReference},FAILED,Receiver unregistered\n`;
    await page.getByRole('button', { name: 'Upload PayPal result file…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Upload PayPal result file' });
    await dialog.getByLabel('Result file (CSV)').setInputFiles({ name: 'paypal-result.csv', mimeType: 'text/csv', buffer: Buffer.from(result) });
    await dialog.getByRole('button', { name: 'Settle from file' }).click();
    await expect(dialog).toBeHidden();

    await expect.poll(async () => (await rows(lines)).map((cells) => [cells[0], cells[3], cells[4]])).toEqual([
      [`Ana ${suffix}`, 'Paid', `Payment TX-ANA-${suffix}`],
      [`Dee ${suffix}`, 'Failed', 'Receiver unregistered'],
    ]);
    await expect(page.getByText('Settled', { exact: true })).toBeVisible();
    await expect(lines.getByRole('link', { name: 'Payment' })).toHaveAttribute('href', /^#\/payments\/[0-9a-f-]{36}$/);
    const screenshot = testInfo.outputPath('pay-creators-settled.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    await testInfo.attach('pay-creators-settled', { path: screenshot, contentType: 'image/png' });

    // The list shows the batch with its counts; Dee's balance is payable again.
    await page.getByRole('link', { name: 'Payouts', exact: true }).first().click();
    await page.getByLabel('Project', { exact: true }).selectOption({ label: project.name });
    await expect.poll(async () => (await rows(page.getByRole('table', { name: 'Payout batches' }))).map((cells) => cells.slice(1))).toEqual([
      [project.name, 'PayPal', 'Settled', '$35.00', '2', '1', '1', '0'],
    ]);
    const again = await call(request, 'GET', `/payout-batches/preview?project_id=${project.id}&method_id=${(await call(request, 'GET', `/payout-batches/${batchId}`)).method_id}`);
    expect(again.lines.map((line: any) => [line.creator_name, line.amount_cents])).toEqual([[`Dee ${suffix}`, 1500]]);
  });

  test('from the project page: delete a draft; a refused result file in words; a line failed (reason required), the rest marked all paid', async ({ page, request }, testInfo) => {
    const suffix = `${testInfo.workerIndex}${Date.now().toString(36)}`;
    const { project } = await seed(request, suffix);
    await page.goto(`/#key=${E2E_API_KEY}`);
    await page.goto(`/#/projects/${project.id}`);
    await page.getByRole('link', { name: 'Pay creators' }).click();
    await expect(page.getByLabel('Project', { exact: true })).toHaveValue(project.id);
    await page.getByLabel('Payout method', { exact: true }).selectOption({ label: 'PayPal' });
    await page.getByLabel(/Leave them out of this batch/).check();
    await page.getByRole('button', { name: 'Create draft batch ($35.00)' }).click();

    await page.getByRole('button', { name: 'Delete draft…' }).click();
    await page.getByRole('dialog', { name: 'Delete this draft?' }).getByRole('button', { name: 'Delete draft' }).click();
    await expect(page.getByRole('heading', { name: 'Payouts', exact: true })).toBeVisible();
    await page.getByLabel('Project', { exact: true }).selectOption({ label: project.name });
    await expect(page.getByText('No payout batches')).toBeVisible();

    await page.getByRole('link', { name: 'Pay creators' }).first().click();
    await page.getByLabel('Project', { exact: true }).selectOption({ label: project.name });
    await page.getByLabel('Payout method', { exact: true }).selectOption({ label: 'PayPal' });
    await page.getByLabel(/Leave them out of this batch/).check();
    await page.getByRole('button', { name: 'Create draft batch ($35.00)' }).click();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export & download' }).click();
    await downloading;
    await expect(page.getByText('Exported', { exact: true })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('pay-creators-exported.png'), fullPage: true });

    await page.getByRole('button', { name: 'Upload PayPal result file…' }).click();
    const upload = page.getByRole('dialog', { name: 'Upload PayPal result file' });
    await upload.getByLabel('Result file (CSV)').setInputFiles({ name: 'wrong.csv', mimeType: 'text/csv', buffer: Buffer.from('Customer ID,Status\nNOTAREFERENCE,SUCCESS\n') });
    await upload.getByRole('button', { name: 'Settle from file' }).click();
    await expect(upload.getByRole('alert')).toContainText('NOTAREFERENCE');
    await upload.getByRole('button', { name: 'Cancel' }).click();

    const lines = page.getByRole('table', { name: 'Batch lines' });
    await lines.getByRole('button', { name: `Mark Ana ${suffix} failed` }).click();
    const failed = page.getByRole('dialog', { name: `Mark Ana ${suffix} failed` });
    await failed.getByRole('button', { name: 'Mark failed' }).click();
    await expect(failed.getByText('Say why the payout failed')).toBeVisible();
    await failed.getByLabel('Failure reason').fill('Account closed');
    await failed.getByRole('button', { name: 'Mark failed' }).click();
    await expect(failed).toBeHidden();
    await expect.poll(async () => (await rows(lines)).map((cells) => [cells[0], cells[3], cells[4]])).toEqual([
      [`Ana ${suffix}`, 'Failed', 'Account closed'],
      [`Dee ${suffix}`, 'Processing', '—'],
    ]);

    await page.getByRole('button', { name: 'Mark all paid…' }).click();
    const allPaid = page.getByRole('dialog', { name: 'Mark all paid?' });
    await expect(allPaid).toContainText('1 open line, $15.00');
    await allPaid.getByRole('button', { name: 'Mark all paid' }).click();
    await expect(allPaid).toBeHidden();
    await expect.poll(async () => (await rows(lines)).map((cells) => [cells[0], cells[3], cells[4]])).toEqual([
      [`Ana ${suffix}`, 'Failed', 'Account closed'],
      [`Dee ${suffix}`, 'Paid', 'Payment'],
    ]);
    await expect(page.getByText('Settled', { exact: true })).toBeVisible();
    const screenshot = testInfo.outputPath('pay-creators-by-lines.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    await testInfo.attach('pay-creators-by-lines', { path: screenshot, contentType: 'image/png' });
  });
});
