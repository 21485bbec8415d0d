import { expect, test, type APIRequestContext } from '@playwright/test';
import { E2E_API_KEY } from '../../playwright.config.ts';
import { StructurePreviewPage } from './pages/structure-preview-page.ts';

const headers = { Authorization: `Bearer ${E2E_API_KEY}` };
const DAY = 86_400_000;
const WEEK = 7 * DAY;

async function call(request: APIRequestContext, method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown): Promise<any> {
  const response = await request.fetch(`/api/v1${path}`, { method, headers, ...(data === undefined ? {} : { data }) });
  const body = await response.json();
  expect(body.error, `${method} ${path}`).toBeNull();
  return body.data;
}

const monthDay = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' });

/** "Nov 23 – 29" / "Nov 30 – Dec 6": how the panel names a UTC week starting at `start`. */
function weekLabel(start: number): string {
  const first = new Date(start);
  const last = new Date(start + 6 * DAY);
  return `${monthDay.format(first)} – ${first.getUTCMonth() === last.getUTCMonth() ? last.getUTCDate() : monthDay.format(last)}`;
}

test.describe('What-if preview in the rule editor', () => {
  test('raising a CPM rate shows each creator’s current and new pay and the difference, and saves nothing', async ({ page, request }, testInfo) => {
    const suffix = `${testInfo.workerIndex}${Date.now().toString(36)}`;
    const now = new Date();
    const currentWeek = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - ((now.getUTCDay() + 6) % 7) * DAY;
    const [w1, w2, w3] = [currentWeek - 3 * WEEK, currentWeek - 2 * WEEK, currentWeek - WEEK];
    const iso = (value: number) => new Date(value).toISOString();

    const project = await call(request, 'POST', '/projects', { name: `What-if ${suffix}`, timezone: 'UTC' });
    const ada = await call(request, 'POST', '/creators', { name: `Ada ${suffix}`, handle: `@ada${suffix}` });
    const bo = await call(request, 'POST', '/creators', { name: `Bo ${suffix}`, handle: `@bo${suffix}` });
    await call(request, 'POST', `/projects/${project.id}/creators`, { creator_ids: [ada.id, bo.id] });
    const { structure_id: structureId } = await call(request, 'POST', '/payout-structures', {
      project_id: project.id,
      name: `Weekly CPM ${suffix}`,
      period: 'weekly',
      amount_cents: 0,
      currency: 'USD',
      criteria_type: 'cpm',
      criteria_params: { source: 'posts_in_period', min_impressions: 0, max_payout_cents: null, tiers: [{ up_to_impressions: null, cents_per_thousand: 200 }] },
      proration_mode: 'full',
    });
    await call(request, 'POST', `/payout-structures/${structureId}/assignments`, { creator_ids: [ada.id, bo.id], assigned_at: iso(w1 - WEEK) });
    const video = (creatorId: string, week: number, views: number, n: number) =>
      call(request, 'POST', '/videos', { creator_id: creatorId, project_id: project.id, platform: 'tiktok', url: `https://tiktok.example/${suffix}/${n}`, posted_at: iso(week + DAY), views, captured_at: iso(week + 2 * DAY) });
    await video(ada.id, w3, 10000, 1);
    await video(bo.id, w2, 3333, 2);
    await call(request, 'POST', '/accrual-runs', {});
    const before = await call(request, 'GET', `/payout-structures/${structureId}`);

    const screen = new StructurePreviewPage(page);
    await screen.openEditor(structureId);
    // The unchanged rule: both columns agree.
    await expect.poll(() => screen.rows()).toEqual([
      [`Ada ${suffix} @ada${suffix}`, '$20.00', '$20.00', '$0.00'],
      [`Bo ${suffix} @bo${suffix}`, '$6.67', '$6.67', '$0.00'],
      ['Total', '$26.67', '$26.67', '$0.00'],
    ]);
    await expect(screen.period('All 3 weeks')).toBeChecked();
    for (const start of [w1, w2, w3]) await expect(screen.period(weekLabel(start))).toBeVisible();

    // 200¢ → 250¢ per 1,000: Ada 10,000 views $20.00 → $25.00; Bo 3,333 views $6.666 → $6.67, $8.3325 → $8.33.
    await screen.tierRate(1).fill('250');
    await expect.poll(() => screen.rows()).toEqual([
      [`Ada ${suffix} @ada${suffix}`, '$20.00', '$25.00', '+$5.00'],
      [`Bo ${suffix} @bo${suffix}`, '$6.67', '$8.33', '+$1.66'],
      ['Total', '$26.67', '$33.33', '+$6.66'],
    ]);
    await expect(screen.table.getByRole('columnheader', { name: 'Version 2' })).toBeVisible();

    // One week at a time.
    await screen.period(weekLabel(w2)).check();
    await expect.poll(() => screen.rows()).toEqual([
      [`Ada ${suffix} @ada${suffix}`, '$0.00', '$0.00', '$0.00'],
      [`Bo ${suffix} @bo${suffix}`, '$6.67', '$8.33', '+$1.66'],
      ['Total', '$6.67', '$8.33', '+$1.66'],
    ]);
    await screen.period('All 3 weeks').check();
    await screen.panel.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => screen.rows()).toContainEqual(['Total', '$26.67', '$33.33', '+$6.66']);

    // Further back: six weeks, with the same figures (nothing was posted earlier).
    await screen.panel.getByLabel('Look back').selectOption({ label: '6 weeks' });
    await expect(screen.period('All 6 weeks')).toBeVisible();
    await expect(screen.period(weekLabel(w1 - 3 * WEEK))).toBeVisible();
    await expect.poll(() => screen.rows()).toContainEqual(['Total', '$26.67', '$33.33', '+$6.66']);
    await screen.panel.getByLabel('Look back').selectOption({ label: '3 weeks' });
    await expect(screen.period('All 3 weeks')).toBeVisible();

    const screenshot = testInfo.outputPath('structure-preview.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    await testInfo.attach('structure-preview', { path: screenshot, contentType: 'image/png' });

    // Previewing saved nothing: still version 1, and the button still offers version 2.
    const after = await call(request, 'GET', `/payout-structures/${structureId}`);
    expect(after.versions).toEqual(before.versions);
    expect(after.updated_at).toBe(before.updated_at);
    await expect(page.getByRole('button', { name: 'Save as version 2' })).toBeEnabled();
  });
});
