import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { E2E_API_KEY } from '../../playwright.config.ts';
import { parseCsv } from '../../core/domain/csv.ts';
import { TaxYearPage } from './pages/tax-year-page.ts';

const headers = { Authorization: `Bearer ${E2E_API_KEY}` };

async function call(request: APIRequestContext, method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown, idem?: string): Promise<any> {
  const response = await request.fetch(`/api/v1${path}`, { method, headers: { ...headers, ...(idem && { 'Idempotency-Key': idem }) }, ...(data === undefined ? {} : { data }) });
  const body = await response.json();
  expect(body.error, `${method} ${path}`).toBeNull();
  return body.data;
}

test.describe('Tax year', () => {
  test('shows 2025’s payments per creator with the flagged one first, and downloads the CSV', async ({ page, request }, testInfo) => {
    const suffix = `${testInfo.workerIndex}${Date.now().toString(36)}`;
    const project = await call(request, 'POST', '/projects', { name: `Tax E2E ${suffix}`, timezone: 'America/New_York' });
    const below = await call(request, 'POST', '/creators', { name: `Bea ${suffix}`, handle: `@bea${suffix}`, email: `bea${suffix}@example.com` });
    const flagged = await call(request, 'POST', '/creators', { name: `Zed ${suffix}`, handle: `@zed${suffix}` });
    await call(request, 'POST', `/projects/${project.id}/creators`, { creator_ids: [below.id, flagged.id] });
    const pay = (creatorId: string, cents: number, paidAt: string) =>
      call(request, 'POST', '/payout-payments', { project_id: project.id, creator_id: creatorId, total_amount_cents: cents, paid_at: paidAt }, randomUUID());
    await pay(below.id, 59999, '2025-06-01T12:00:00.000Z');
    await pay(flagged.id, 40000, '2025-03-01T12:00:00.000Z');
    // 23:30 on December 31st in New York: still 2025 there.
    await pay(flagged.id, 20000, '2026-01-01T04:30:00.000Z');
    const voided = await pay(below.id, 100000, '2025-07-01T12:00:00.000Z');
    await call(request, 'PATCH', `/payout-payments/${voided.id}`, { status: 'voided' });

    const screen = new TaxYearPage(page);
    await screen.open();
    await screen.year.selectOption('2025');
    await screen.project.selectOption({ label: `Tax E2E ${suffix}` });
    await expect(screen.totals).toContainText('$1,199.99');
    await expect(screen.totals).toContainText('3 payments');
    await expect(screen.totals).toContainText('1 creator at or above $600.00');
    await expect.poll(() => screen.rows(2025)).toEqual([
      [`Z Zed ${suffix} @zed${suffix}`, '—', '2', '$600.00', 'At or above threshold'],
      [`B Bea ${suffix} @bea${suffix}`, `bea${suffix}@example.com`, '1', '$599.99', 'Below'],
    ]);

    const [download] = await Promise.all([page.waitForEvent('download'), screen.download.click()]);
    expect(download.suggestedFilename()).toBe(`tax-year-2025-tax-e2e-${suffix}.csv`);
    const csv = parseCsv(await readFile(await download.path(), 'utf8'));
    expect(csv.header).toEqual(['creator_id', 'recipient_name', 'recipient_email', 'handle', 'payout_handle', 'tax_year', 'total_paid', 'currency', 'payment_count', 'flagged']);
    expect(csv.rows.map((row) => row.values)).toEqual([
      [flagged.id, `Zed ${suffix}`, '', `@zed${suffix}`, '', '2025', '600.00', 'USD', '2', 'yes'],
      [below.id, `Bea ${suffix}`, `bea${suffix}@example.com`, `@bea${suffix}`, '', '2025', '599.99', 'USD', '1', 'no'],
    ]);

    // One more cent for Bea, recorded elsewhere: the screen follows the ledger.
    await pay(below.id, 1, '2025-12-31T12:00:00.000Z');
    await expect(screen.totals).toContainText('2 creators at or above $600.00');
    await expect(screen.table(2025).getByText('At or above threshold')).toHaveCount(2);
  });
});
