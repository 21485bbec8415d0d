import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { E2E_API_KEY } from '../../playwright.config.ts';
import { parseCsv } from '../../core/domain/csv.ts';
import { StatementPage } from './pages/statement-page.ts';

const headers = { Authorization: `Bearer ${E2E_API_KEY}` };

async function call(request: APIRequestContext, method: 'GET' | 'POST', path: string, data?: unknown, idem?: string): Promise<any> {
  const response = await request.fetch(`/api/v1${path}`, { method, headers: { ...headers, ...(idem && { 'Idempotency-Key': idem }) }, ...(data === undefined ? {} : { data }) });
  const body = await response.json();
  expect(body.error, `${method} ${path}`).toBeNull();
  return body.data;
}

/**
 * Seed (through the API): a UTC project with a weekly $50 structure; the creator is assigned from
 * Mon Jan 5, 2026 and earns the weeks ending Jan 12, 19 and 26; the first two are paid on Jan 20
 * with $105 ($5 over, an adjustment). The statement of Jan 13–31 carries in $50 (the week ending
 * Jan 12), accrues $100, pays $105 with +$5 of adjustment, and carries out $50.
 */
test.describe('Creator statement', () => {
  test('shows the range’s entries between carried in and out, downloads the PDF and CSV, prints only the document, and zips a project’s statements', async ({ page, request }, testInfo) => {
    const suffix = `${testInfo.workerIndex}${Date.now().toString(36)}`;
    const name = `Stella ${suffix}`;
    const project = await call(request, 'POST', '/projects', { name: `Statements ${suffix}`, timezone: 'UTC' });
    const creator = await call(request, 'POST', '/creators', { name, handle: `@stella${suffix}`, email: `stella${suffix}@example.com` });
    await call(request, 'POST', `/projects/${project.id}/creators`, { creator_ids: [creator.id] });
    const structure = await call(request, 'POST', '/payout-structures', {
      project_id: project.id,
      name: `Weekly ${suffix}`,
      currency: 'USD',
      proration_mode: 'skip',
      period: 'weekly',
      amount_cents: 5000,
      criteria_type: 'recurring',
      criteria_params: {},
    });
    await call(request, 'POST', `/payout-structures/${structure.structure_id}/assignments`, { creator_ids: [creator.id], assigned_at: '2026-01-05T00:00:00.000Z' });
    await call(request, 'POST', '/accrual-runs', { as_of: '2026-01-26T00:00:00.000Z' });
    const accruals: any[] = await call(request, 'GET', `/payout-accruals?creator_id=${creator.id}&limit=100`);
    const january = accruals.filter((accrual) => accrual.period_end_at <= '2026-01-26T00:00:00.000Z').sort((a, b) => a.period_start_at.localeCompare(b.period_start_at));
    expect(january.map((accrual) => accrual.period_end_at)).toEqual(['2026-01-12T00:00:00.000Z', '2026-01-19T00:00:00.000Z', '2026-01-26T00:00:00.000Z']);
    await call(
      request,
      'POST',
      '/payout-payments',
      { project_id: project.id, creator_id: creator.id, total_amount_cents: 10500, accrual_ids: [january[0].id, january[1].id], adjustment_reason: 'Launch bonus', paid_at: '2026-01-20T15:00:00.000Z' },
      randomUUID(),
    );

    const screen = new StatementPage(page);
    await screen.openFromCreator(creator.id, name);
    await screen.from.fill('2026-01-13');
    await screen.to.fill('2026-01-31');
    await expect(screen.document).toContainText('Jan 13, 2026 – Jan 31, 2026');
    await expect(screen.figure('Carried in')).toHaveText('$50.00');
    await expect(screen.figure('Accrued')).toHaveText('$100.00');
    await expect(screen.figure('Paid')).toHaveText('$105.00');
    await expect(screen.figure('Adjustments')).toHaveText('$5.00');
    await expect(screen.figure('Carried out')).toHaveText('$50.00');
    const rows = await screen.rows();
    // Type, amount, balance of each row, first and last the balances carried in and out.
    expect(rows.map((cells) => [cells[1], cells.at(-2), cells.at(-1)])).toEqual([
      ['Balance carried in', '', '$50.00'],
      ['Accrued', '+$50.00', '$100.00'],
      ['Adjustment', '+$5.00', '$105.00'],
      ['Payment', '−$105.00', '$0.00'],
      ['Accrued', '+$50.00', '$50.00'],
      ['Balance carried out', '', '$50.00'],
    ]);
    await expect(screen.document).toContainText('Launch bonus');
    await page.screenshot({ path: testInfo.outputPath('statement-screen.png'), fullPage: true });

    const [pdf] = await Promise.all([page.waitForEvent('download'), screen.downloadPdf.click()]);
    expect(pdf.suggestedFilename()).toBe(`statement-stella${suffix}-2026-01-13-to-2026-01-31.pdf`);
    const pdfBytes = await readFile(await pdf.path());
    expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfBytes.length).toBeGreaterThan(2000);

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), screen.downloadCsv.click()]);
    expect(csvDownload.suggestedFilename()).toBe(`statement-stella${suffix}-2026-01-13-to-2026-01-31.csv`);
    const csv = parseCsv(await readFile(await csvDownload.path(), 'utf8'));
    expect(csv.rows.map((row) => [row.values[1], row.values[4], row.values[5]])).toEqual([
      ['opening_balance', '', '50.00'],
      ['accrual', '50.00', '100.00'],
      ['adjustment', '5.00', '105.00'],
      ['payment', '-105.00', '0.00'],
      ['accrual', '50.00', '50.00'],
      ['closing_balance', '', '50.00'],
    ]);

    // Print: the sidebar, header and filters go; the document stays.
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
    await expect(screen.downloadPdf).toBeHidden();
    await expect(screen.document).toBeVisible();
    await page.emulateMedia({ media: 'screen' });

    // The project's page: every member's statement in one zip.
    await page.goto(`/#/projects/${project.id}`);
    await page.getByRole('button', { name: 'Statements' }).click();
    const dialog = page.getByRole('dialog', { name: 'Download statements' });
    await dialog.getByLabel('From').fill('2026-01-13');
    await dialog.getByLabel('To').fill('2026-01-31');
    await dialog.getByLabel('Files').selectOption('csv');
    const [zip] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download zip' }).click()]);
    expect(zip.suggestedFilename()).toBe(`statements-statements-${suffix}-2026-01-13-to-2026-01-31.zip`);
    const files = unzipSync(new Uint8Array(await readFile(await zip.path())));
    expect(Object.keys(files)).toEqual([`statement-stella${suffix}-2026-01-13-to-2026-01-31.csv`]);
    expect(strFromU8(files[`statement-stella${suffix}-2026-01-13-to-2026-01-31.csv`]!)).toBe(await readFile(await csvDownload.path(), 'utf8'));
    await expect(dialog).toBeHidden();
  });
});
