import { fileURLToPath } from 'node:url';
import { expect, test, type APIRequestContext, type Request } from '@playwright/test';
import { E2E_API_KEY } from '../../playwright.config.ts';
import { AccrualsPage } from './pages/accruals-page.ts';
import { PaymentsPage } from './pages/payments-page.ts';

const DAY = 86_400_000;
const headers = { Authorization: `Bearer ${E2E_API_KEY}` };
const RECEIPT = fileURLToPath(new URL('../fixtures/receipts/venmo-receipt.png', import.meta.url));

async function call(request: APIRequestContext, method: 'GET' | 'POST', path: string, data?: unknown): Promise<any> {
  const response = await request.fetch(`/api/v1${path}`, { method, headers, ...(data === undefined ? {} : { data }) });
  const body = await response.json();
  expect(body.error, `${method} ${path}`).toBeNull();
  return body.data;
}

/** Monday 00:00 UTC of the week `weeksAgo` weeks before the current one. */
function mondayWeeksAgo(weeksAgo: number): Date {
  const now = new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const sinceMonday = (now.getUTCDay() + 6) % 7;
  return new Date(today - sinceMonday * DAY - weeksAgo * 7 * DAY);
}

/**
 * A project in UTC whose creator (paid by Venmo) joined a weekly $60 retainer two whole weeks
 * ago, and a run of the engine: two earned $60 accruals. Names are unique per run.
 */
async function seed(request: APIRequestContext, suffix: string) {
  const methods: { id: string; name: string }[] = await call(request, 'GET', '/payout-methods');
  const venmo = methods.find((method) => method.name === 'Venmo');
  const project = await call(request, 'POST', '/projects', { name: `Payments E2E ${suffix}`, timezone: 'UTC' });
  const creator = await call(request, 'POST', '/creators', { name: `Noor ${suffix}`, handle: `@noor${suffix}`, payout_handle: `@noor-${suffix}`, default_method_id: venmo?.id ?? null });
  await call(request, 'POST', `/projects/${project.id}/creators`, { creator_ids: [creator.id] });
  const structure = await call(request, 'POST', '/payout-structures', {
    project_id: project.id,
    name: `Retainer ${suffix}`,
    period: 'weekly',
    amount_cents: 6000,
    currency: 'USD',
    criteria_type: 'recurring',
    criteria_params: {},
    proration_mode: 'prorate',
  });
  await call(request, 'POST', `/payout-structures/${structure.structure_id}/assignments`, { creator_ids: [creator.id], assigned_at: mondayWeeksAgo(2).toISOString() });
  await call(request, 'POST', '/accrual-runs', {});
  const earned = await call(request, 'GET', `/payout-accruals?creator_id=${creator.id}&status=earned`);
  expect(earned).toHaveLength(2);
  return { project, creator };
}

test.describe('Payments', () => {
  test('record a payment with a receipt and an overpayment from the creator page, see it everywhere, void it', async ({ page, request }, testInfo) => {
    const suffix = `${testInfo.workerIndex}${Date.now().toString(36)}`;
    const { creator } = await seed(request, suffix);
    const creatorName = `Noor ${suffix}`;
    const payments = new PaymentsPage(page);
    const dialog = payments.recordDialog;
    await payments.signIn();

    // The creator page shows what they are owed.
    await payments.openCreator(creator.id, creatorName);
    await expect(page.getByTestId('creator-outstanding')).toHaveText('$120.00');
    await expect(page.getByTestId('creator-paid-to-date')).toHaveText('$0.00');

    // Both outstanding accruals start ticked; the amount follows their sum.
    await page.getByRole('button', { name: 'Record payment' }).first().click();
    await expect(dialog.root.getByRole('heading', { name: `Record payment to ${creatorName}` })).toBeVisible();
    await expect(dialog.sum).toContainText('2 accruals selected');
    await expect(dialog.sum).toContainText('$120.00');
    await expect(dialog.amount).toHaveValue('120.00');
    await expect(dialog.root.getByLabel('Payout method').locator('option:checked')).toHaveText('Venmo');

    // The sum is live: unticking one halves it, ticking it again restores it.
    const first = dialog.root.getByRole('checkbox', { name: /\$60\.00$/ }).first();
    await first.uncheck();
    await expect(dialog.sum).toContainText('1 accrual selected');
    await expect(dialog.amount).toHaveValue('60.00');
    await first.check();
    await expect(dialog.amount).toHaveValue('120.00');

    // Paying more needs a reason.
    await expect(dialog.difference).toHaveCount(0);
    await dialog.amount.fill('150');
    await expect(dialog.difference).toContainText('Overpaid by $30.00');
    await dialog.submit.click();
    await expect(dialog.root.getByText(/Say why the amount differs/)).toBeVisible();
    await expect(dialog.reason).toBeFocused();
    await dialog.reason.fill('Bonus for the launch video');

    // A receipt, by the file picker; its thumbnail shows before sending.
    await dialog.receipts.setInputFiles(RECEIPT);
    await expect(dialog.drafts()).toHaveCount(1);
    await expect(dialog.drafts().first()).toContainText('venmo-receipt.png');
    await expect(dialog.drafts().first()).toContainText('Image');

    // The first answer is lost on the way back (the server did record it); the retry carries the
    // dialog's same idempotency key, so it is answered with that payment instead of a second one.
    const sent: Request[] = [];
    page.on('request', (sentRequest) => {
      if (sentRequest.method() === 'POST' && sentRequest.url().endsWith('/api/v1/payout-payments')) sent.push(sentRequest);
    });
    let isFirst = true;
    await page.route('**/api/v1/payout-payments', async (route) => {
      if (route.request().method() !== 'POST' || !isFirst) return route.fallback();
      isFirst = false;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await expect(dialog.submit).toHaveText('Record $150.00');
    await dialog.submit.click();
    await expect(dialog.root.getByRole('alert').filter({ hasText: 'Couldn’t reach the server' })).toBeVisible();
    await dialog.submit.click();
    await expect(page.getByRole('status').filter({ hasText: `Recorded $150.00 to ${creatorName}` })).toBeVisible();
    await expect(dialog.root).toBeHidden();
    expect(sent).toHaveLength(2);
    const keys = await Promise.all(sent.map((sentRequest) => sentRequest.headerValue('idempotency-key')));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    const recorded = await call(request, 'GET', `/payout-payments?creator_id=${creator.id}`);
    expect(recorded).toHaveLength(1);

    // The creator page's balance and history follow.
    await expect(page.getByTestId('creator-outstanding')).toHaveText('$0.00');
    await expect(page.getByTestId('creator-paid-to-date')).toHaveText('$150.00');
    await expect(page.getByRole('table', { name: 'Payment history' }).locator('tbody tr')).toContainText(['$150.00']);

    // Both accruals are paid.
    const accruals = new AccrualsPage(page);
    await page.goto('/#/accruals');
    await accruals.filter('Creator', creatorName);
    await expect(accruals.rows(creatorName)).toHaveCount(2);
    await expect(accruals.rows(creatorName, 'Paid')).toHaveCount(2);

    // The payment in Payments: lines, adjustment, arithmetic, the receipt shown inline.
    await payments.open();
    await payments.filter('Creator', creatorName);
    const row = payments.rows('$150.00');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Venmo');
    await expect(row).toContainText('+$30.00');
    await expect(row).toContainText('Paid');
    await expect(row.getByLabel('1 receipt')).toBeVisible();
    await expect(payments.totals).toContainText('$150.00 paid in 1 payment matching the filters');
    await payments.openPayment(row);
    await expect(page.getByRole('heading', { name: `Payment to ${creatorName}`, level: 1 })).toBeVisible();
    await expect(payments.arithmetic).toHaveText('Lines $120.00 + adjustment $30.00 = $150.00');
    await expect(payments.lines).toHaveCount(2);
    await expect(payments.lines.first()).toContainText(`Retainer ${suffix}`);
    await expect(payments.lines.first().getByRole('link').first()).toHaveAttribute('href', /^#\/accruals\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('region', { name: 'Adjustments' })).toContainText('Overpaid by $30.00');
    await expect(page.getByRole('region', { name: 'Adjustments' })).toContainText('Bonus for the launch video');
    const image = payments.receiptImage('venmo-receipt.png');
    await expect(image).toBeVisible();
    await expect(image).toHaveAttribute('src', /^blob:/);
    await expect.poll(() => image.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth)).toBe(160);

    const shot = testInfo.outputPath('payment-detail.png');
    await page.screenshot({ path: shot, fullPage: true });
    await testInfo.attach('payment detail', { path: shot, contentType: 'image/png' });

    // Void: the accruals go back to earned, the payment shows as voided.
    await payments.void();
    await expect(page.getByRole('status').filter({ hasText: 'Voided the $150.00 payment' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Status' })).toContainText('Voided');
    await expect(page.getByRole('button', { name: 'Void…' })).toHaveCount(0);
    await expect(payments.lines.first()).toContainText('Earned');

    await page.goto('/#/accruals');
    await accruals.filter('Creator', creatorName);
    await expect(accruals.rows(creatorName, 'Earned')).toHaveCount(2);
    await expect(accruals.rows(creatorName, 'Paid')).toHaveCount(0);

    await payments.openCreator(creator.id, creatorName);
    await expect(page.getByTestId('creator-outstanding')).toHaveText('$120.00');
    await expect(page.getByTestId('creator-paid-to-date')).toHaveText('$0.00');
  });

  test('pay ticked accruals from the Accruals list; the Earnings ledger follows', async ({ page, request }, testInfo) => {
    const suffix = `${testInfo.workerIndex}${Date.now().toString(36)}a`;
    const { project } = await seed(request, suffix);
    const creatorName = `Noor ${suffix}`;
    const payments = new PaymentsPage(page);
    const accruals = new AccrualsPage(page);
    await payments.signIn();

    await page.goto('/#/earnings');
    await page.getByRole('group', { name: 'Filters' }).getByLabel('Program').selectOption({ label: project.name });
    const earnings = page.getByRole('table', { name: 'Earnings' }).locator('tbody tr');
    await expect(earnings).toHaveCount(2);
    await expect(earnings.filter({ hasText: 'Pending' })).toHaveCount(2);

    await page.goto('/#/accruals');
    await accruals.filter('Creator', creatorName);
    await expect(accruals.rows(creatorName, 'Earned')).toHaveCount(2);
    await accruals.select(accruals.rows(creatorName).first());
    await page.getByRole('button', { name: 'Record payment…' }).click();
    const dialog = payments.recordDialog;
    await expect(dialog.sum).toContainText('1 accrual selected');
    await expect(dialog.amount).toHaveValue('60.00');
    await dialog.submit.click();
    await expect(page.getByRole('status').filter({ hasText: `Recorded $60.00 to ${creatorName}` })).toBeVisible();
    await expect(accruals.rows(creatorName, 'Paid')).toHaveCount(1);

    // The ledger re-reads when payments change: one paid (with its payment), one pending.
    await page.goto('/#/earnings');
    await expect(earnings.filter({ hasText: 'Paid' })).toHaveCount(1);
    await expect(earnings.filter({ hasText: 'Paid' }).getByRole('link', { name: 'Payment' })).toHaveAttribute('href', /^#\/payments\/[0-9a-f-]{36}$/);
    await expect(earnings.filter({ hasText: 'Pending' })).toHaveCount(1);
  });
});
