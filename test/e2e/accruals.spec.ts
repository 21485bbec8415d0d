import { expect, test, type APIRequestContext } from '@playwright/test';
import { E2E_API_KEY } from '../../playwright.config.ts';
import { AccrualsPage } from './pages/accruals-page.ts';

const DAY = 86_400_000;
const headers = { Authorization: `Bearer ${E2E_API_KEY}` };

async function post(request: APIRequestContext, path: string, data: unknown): Promise<any> {
  const response = await request.post(`/api/v1${path}`, { headers, data });
  const body = await response.json();
  expect(body.error, `POST ${path}`).toBeNull();
  return body.data;
}

/** Monday 00:00 UTC of the week `weeksAgo` weeks before the current one. */
function mondayWeeksAgo(weeksAgo: number): Date {
  const now = new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const sinceMonday = (now.getUTCDay() + 6) % 7;
  return new Date(today - sinceMonday * DAY - weeksAgo * 7 * DAY);
}

const dayOf = (date: Date) => date.toLocaleDateString('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' });

/**
 * A project in UTC whose two creators joined a weekly $60 retainer three whole weeks ago, and a
 * weekly CPM (two tiers, $500 cap) for one of them with one video of 1,840,000 views. Names are
 * unique, so the test does not depend on other spec files sharing the server.
 */
async function seed(request: APIRequestContext, suffix: string) {
  const project = await post(request, '/projects', { name: `Accruals E2E ${suffix}`, timezone: 'UTC' });
  const rhea = await post(request, '/creators', { name: `Rhea ${suffix}`, handle: `@rhea${suffix}` });
  const sami = await post(request, '/creators', { name: `Sami ${suffix}`, handle: `@sami${suffix}` });
  await post(request, `/projects/${project.id}/creators`, { creator_ids: [rhea.id, sami.id] });

  const joined = mondayWeeksAgo(3);
  const retainer = await post(request, '/payout-structures', {
    project_id: project.id,
    name: `Retainer ${suffix}`,
    period: 'weekly',
    amount_cents: 6000,
    currency: 'USD',
    criteria_type: 'recurring',
    criteria_params: {},
    proration_mode: 'prorate',
  });
  const cpm = await post(request, '/payout-structures', {
    project_id: project.id,
    name: `Views CPM ${suffix}`,
    period: 'weekly',
    amount_cents: 0,
    currency: 'USD',
    criteria_type: 'cpm',
    proration_mode: 'prorate',
    criteria_params: {
      source: 'posts_in_period',
      min_impressions: 0,
      max_payout_cents: 50000,
      tiers: [
        { up_to_impressions: 1_000_000, cents_per_thousand: 50 },
        { up_to_impressions: null, cents_per_thousand: 75 },
      ],
    },
  });
  await post(request, `/payout-structures/${retainer.structure_id}/assignments`, { creator_ids: [rhea.id, sami.id], assigned_at: joined.toISOString() });
  await post(request, `/payout-structures/${cpm.structure_id}/assignments`, { creator_ids: [rhea.id], assigned_at: joined.toISOString() });

  // Posted on the Wednesday of the week two weeks ago; its views were captured that Friday.
  const week = mondayWeeksAgo(2);
  await post(request, '/videos', {
    creator_id: rhea.id,
    project_id: project.id,
    platform: 'tiktok',
    url: `https://www.tiktok.com/@rhea${suffix}/video/1`,
    posted_at: new Date(week.getTime() + 2 * DAY + 12 * 3_600_000).toISOString(),
    views: 1_840_000,
    captured_at: new Date(week.getTime() + 4 * DAY).toISOString(),
  });
  const listed = await request.get(`/api/v1/payout-accruals?project_id=${project.id}`, { headers });
  expect((await listed.json()).data).toEqual([]);
  return { project, rhea, sami, cpmWeek: week };
}

test.describe('Accruals', () => {
  test('run the engine from the UI, read an accrual’s explanation, reject one', async ({ page, request }, testInfo) => {
    const suffix = `${testInfo.workerIndex}${Date.now().toString(36)}`;
    const { project, cpmWeek } = await seed(request, suffix);
    const accruals = new AccrualsPage(page);
    await accruals.open();

    // Run: the progress shows while the engine works, then a toast says what the run created.
    // The run's request is held until the progress has been seen: a small run takes milliseconds.
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/v1/accrual-runs', async (route) => {
      await held;
      await route.continue();
    });
    await accruals.runButton.click();
    await expect(page.getByRole('status').filter({ hasText: 'Running accruals' })).toBeVisible();
    await expect(accruals.runButton).toBeDisabled();
    await expect(accruals.runButton).toHaveText('Running accruals…');
    release();
    const toast = page.getByRole('status').filter({ hasText: /new accruals?, \$/ });
    await expect(toast).toBeVisible();
    await expect(toast).toContainText('Recurring');
    await expect(toast).toContainText(/CPM \d+/);
    await expect(accruals.runButton).toHaveText('Run accruals now');

    // Three whole weeks for two creators at $60, and one CPM week capped at $500.
    await accruals.filter('Project', project.name);
    await expect(accruals.rows()).toHaveCount(7);
    await expect(accruals.totals).toHaveText('$860.00 in 7 accruals matching the filters');
    await expect(accruals.rows(`Rhea ${suffix}`, `Retainer ${suffix}`)).toHaveCount(3);
    await expect(accruals.rows(`Sami ${suffix}`, '$60.00', 'Earned')).toHaveCount(3);

    // The CPM accrual explains its amount in words and numbers.
    const cpmRow = accruals.rows(`Views CPM ${suffix}`);
    await expect(cpmRow).toHaveCount(1);
    await expect(cpmRow).toContainText('$500.00');
    await accruals.explain(cpmRow);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Rhea ${suffix} · Views CPM ${suffix}`);
    await expect(page.getByText('1 video posted while assigned, 1,840,000 views: first 1,000,000 at 50¢/k = $500.00, next 840,000 at 75¢/k = $630.00, capped at $500.00.')).toBeVisible();
    const steps = accruals.steps();
    await expect(steps).toContainText([
      '1 video posted while assigned, with 1,840,000 views at the end of the period.',
      'Up to 1,000,000 views: 1,000,000 × 50¢/k = $500.00.',
      'Above 1,000,000 views: 840,000 × 75¢/k = $630.00.',
      'Tiers together: $1,130.00.',
      'Capped at $500.00.',
      new RegExp(`^Period: ${dayOf(cpmWeek)}`),
      'Rule v1, effective from the start.',
      'Exactly $500.00; no rounding needed.',
    ]);
    await expect(steps.filter({ hasText: 'Period:' })).toContainText('(weekly, UTC time).');
    const videos = page.getByRole('table', { name: 'Counted videos' });
    await expect(videos.getByRole('row').filter({ hasText: `@rhea${suffix}/video/1` })).toContainText('1,840,000');

    // Reject one $60 week of Sami's: it leaves the earned total.
    await page.getByRole('link', { name: 'Accruals', exact: true }).first().click();
    await accruals.filter('Status', 'Earned');
    await expect(accruals.totals).toHaveText('$860.00 in 7 earned accruals matching the filters');
    const samiWeek = accruals.rows(`Sami ${suffix}`).first();
    const samiLabel = (await samiWeek.getByRole('checkbox').getAttribute('aria-label'))?.replace(/^Select /, '') ?? '';
    await accruals.select(samiWeek);
    await expect(page.getByText('1 accrual selected')).toBeVisible();
    await page.getByRole('button', { name: 'Reject…' }).click();
    await expect(accruals.dialog.getByRole('heading', { name: 'Reject this accrual?' })).toBeVisible();
    await expect(accruals.dialog).toContainText('$60.00');
    await accruals.dialog.getByRole('button', { name: 'Reject', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Rejected 1 accrual' })).toBeVisible();
    await expect(accruals.totals).toHaveText('$800.00 in 6 earned accruals matching the filters');

    // Among all statuses it shows as rejected, and a second rejection is refused row by row.
    await accruals.filter('Status', 'Rejected');
    const rejected = accruals.rows(`Sami ${suffix}`);
    await expect(rejected).toHaveCount(1);
    await expect(rejected).toContainText('Rejected');
    await expect(rejected.getByRole('checkbox')).toHaveAccessibleName(`Select ${samiLabel}`);
    await accruals.select(rejected);
    await page.getByRole('button', { name: 'Void…' }).click();
    await accruals.dialog.getByRole('button', { name: 'Void', exact: true }).click();
    await expect(accruals.dialog.getByRole('heading', { name: 'Voided 0 of 1 accrual' })).toBeVisible();
    await expect(accruals.dialog).toContainText('Already rejected');
    await accruals.dialog.getByRole('button', { name: 'Done' }).click();

    // The server agrees with the screen.
    const listed = await request.get(`/api/v1/payout-accruals?project_id=${project.id}&status=rejected`, { headers });
    expect(((await listed.json()).data as { amount_cents: number }[]).map((row) => row.amount_cents)).toEqual([6000]);
  });

  test('the dashboard shows what is owed and the engine’s last run', async ({ page, request }, testInfo) => {
    const suffix = `${testInfo.workerIndex}${Date.now().toString(36)}d`;
    await seed(request, suffix);
    await post(request, '/accrual-runs', {});
    await page.goto(`/#key=${E2E_API_KEY}`);
    await page.goto('/#/dashboard');
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
    const engine = page.getByRole('region', { name: 'Accrual engine' });
    await expect(engine).toContainText(/Last run (just now|\d+ minutes? ago)/);
    await expect(engine.getByRole('table', { name: 'Last run by criteria type' })).toContainText('CPM');

    // "Earned, not yet paid" opens the list filtered to earned accruals.
    const owed = page.getByRole('link', { name: /Earned, not yet paid/ });
    await expect(owed).toContainText('$');
    await owed.click();
    await expect(page.getByRole('group', { name: 'Filters' }).getByLabel('Status')).toHaveValue('earned');
    await expect(page.getByTestId('accruals-totals')).toContainText('earned accruals');
    const listPath = testInfo.outputPath('accruals-earned.png');
    await page.screenshot({ path: listPath, fullPage: true });
    await testInfo.attach('accruals-earned', { path: listPath, contentType: 'image/png' });

    const path = testInfo.outputPath('dashboard.png');
    await page.goto('/#/dashboard');
    await expect(engine).toBeVisible();
    await page.screenshot({ path, fullPage: true });
    await testInfo.attach('dashboard', { path, contentType: 'image/png' });
  });
});
