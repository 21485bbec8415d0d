import { expect, test, type APIRequestContext } from '@playwright/test';
import { E2E_API_KEY } from '../../playwright.config.ts';
import { StructuresPage } from './pages/structures-page.ts';

const auth = { Authorization: `Bearer ${E2E_API_KEY}` };

async function post(request: APIRequestContext, path: string, data: unknown): Promise<any> {
  const response = await request.post(`/api/v1${path}`, { headers: auth, data });
  expect(response.ok(), `${path} answered ${response.status()}: ${await response.text()}`).toBe(true);
  return (await response.json()).data;
}

/** A project with four members, through the API: the catalog screens are tested elsewhere. */
async function seedProject(request: APIRequestContext, suffix: string) {
  const project = await post(request, '/projects', { name: `Spring Launch ${suffix}`, timezone: 'America/New_York' });
  const names = [`Ana ${suffix}`, `Ben ${suffix}`, `Chloé ${suffix}`, `Dev ${suffix}`];
  const creators = [];
  for (const name of names) creators.push(await post(request, '/creators', { name }));
  await post(request, `/projects/${project.id}/creators`, { creator_ids: creators.map((creator) => creator.id) });
  return { project, names, creators };
}

test.describe('Payout structures', () => {
  test('create a CPM structure, edit its rule, assign and unassign creators', async ({ page, request }, testInfo) => {
    const suffix = Date.now().toString(36);
    const { project, names } = await seedProject(request, suffix);
    const [ana, ben, chloe, dev] = names as [string, string, string, string];
    const structures = new StructuresPage(page);
    const name = `Weekly CPM ${suffix}`;

    await structures.open();
    await structures.startNew();
    await structures.fillCpm({
      project: project.name,
      name,
      period: 'Weekly',
      minImpressions: '10,000',
      cap: '500',
      tiers: [{ upTo: '1,000,000', rate: '50' }, { rate: '75' }],
    });
    // Validated as you type, next to the tier the error is about: tiers must grow.
    await structures.tierUpTo(1).fill('0');
    await expect(page.getByText('Tier 1 end: Must be at least 1')).toBeVisible();
    await structures.tierUpTo(1).fill('1,000,000');
    await expect(page.getByText(/^Tier 1 end:/)).toHaveCount(0);
    await expect(page.getByRole('complementary', { name: 'Summary' })).toContainText('CPM 2 tiers, cap $500.00');
    await structures.submitNew();

    await expect(structures.heading(name)).toBeVisible();
    await expect(structures.version(1)).toContainText('First version: CPM 2 tiers, cap $500.00');
    await expect(structures.version(2)).toHaveCount(0);

    // The server stored exactly what was typed, in cents and integers.
    const listed = await request.get(`/api/v1/payout-structures?project_id=${project.id}`, { headers: auth });
    const [stored] = (await listed.json()).data;
    expect(stored.current_version).toMatchObject({
      period: 'weekly',
      amount_cents: 0,
      criteria_type: 'cpm',
      criteria_params: {
        source: 'posts_in_period',
        min_impressions: 10000,
        max_payout_cents: 50000,
        tiers: [
          { up_to_impressions: 1000000, cents_per_thousand: 50 },
          { up_to_impressions: null, cents_per_thousand: 75 },
        ],
      },
    });

    // Edit the rule: version 2 appears; version 1 keeps its rule; the diff says what changed.
    await page.getByRole('link', { name: 'Edit rule' }).click();
    await expect(page.getByRole('heading', { name: 'Edit rule', level: 1 })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save as version 2' })).toBeDisabled();
    await structures.tierRate(2).fill('80');
    await page.getByLabel('Cap the payout per period').uncheck();
    const preview = page.getByRole('list', { name: 'Changes in version 2' });
    await expect(preview).toContainText('Rate of tier 2: 75¢/1k → 80¢/1k');
    await page.getByRole('button', { name: 'Save as version 2' }).click();

    await expect(structures.heading(name)).toBeVisible();
    const changes = structures.version(2).getByRole('list', { name: 'Changes from version 1 to 2' });
    await expect(changes.getByRole('listitem')).toHaveText(['Cap: $500.00 → none', 'Rate of tier 2: 75¢/1k → 80¢/1k']);
    await expect(structures.version(2)).toContainText('Current');
    const firstTiers = await structures.showVersionRule(1);
    await expect(firstTiers.getByRole('row')).toHaveText([/Tier.*Views in the period.*Rate/, /1.*Up to 1,000,000.*50¢\/1k/, /2.*Above 1,000,000.*75¢\/1k/]);
    await expect(structures.version(1)).toContainText('$500.00');
    await expect(page.getByRole('table', { name: 'Tiers of version 2' })).toContainText('80¢/1k');

    // Assign three of the four members, backdated to the first of the month.
    await structures.assign([ana, ben, chloe], '2025-01-01');
    await expect(page.getByRole('status').filter({ hasText: '3 assigned · 0 already assigned · 0 not in the project' })).toBeVisible();
    for (const creator of [ana, ben, chloe]) await expect(structures.assignmentRow(creator)).toContainText('Assigned');
    await expect(structures.assignmentRow(dev)).toHaveCount(0);
    await expect(page.getByRole('heading', { name: /Creators\s*3 assigned/ })).toBeVisible();

    // Unassign one: gone from the current list, shown as past with "Include past".
    await structures.unassign([ben]);
    await expect(structures.assignmentRow(ben)).toHaveCount(0);
    await expect(structures.assignmentRow(ana)).toBeVisible();
    await structures.setIncludePast(true);
    await expect(structures.assignmentRow(ben)).toContainText('Past');
    await expect(structures.assignmentRow(ben).getByRole('checkbox')).toHaveCount(0);
    await expect(structures.assignmentRow(ana)).toContainText('Assigned');

    const screenshot = testInfo.outputPath('structure-detail.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    await testInfo.attach('structure-detail', { path: screenshot, contentType: 'image/png' });

    const history = await request.get(`/api/v1/payout-structures/${stored.id}/assignments?include_inactive=true`, { headers: auth });
    const intervals = (await history.json()).data as { assigned_at: string; unassigned_at: string | null }[];
    expect(intervals).toHaveLength(3);
    // Jan 1 in the project's zone (New York) starts at 05:00 UTC.
    expect(intervals.every((interval) => interval.assigned_at === '2025-01-01T05:00:00.000Z')).toBe(true);
    expect(intervals.filter((interval) => interval.unassigned_at !== null)).toHaveLength(1);
  });

  test('archiving blocks new assignments and the list can show it again', async ({ page, request }) => {
    const suffix = Date.now().toString(36);
    const { project, creators } = await seedProject(request, suffix);
    const name = `Monthly base ${suffix}`;
    const created = await post(request, '/payout-structures', {
      project_id: project.id,
      name,
      period: 'monthly',
      amount_cents: 5000,
      currency: 'USD',
      criteria_type: 'recurring',
      criteria_params: {},
      proration_mode: 'skip',
    });
    const structures = new StructuresPage(page);
    await structures.open();
    await page.getByLabel('Project', { exact: true }).selectOption({ label: project.name });
    await expect(structures.listRow(name)).toContainText('$50.00 / month');
    await structures.listRow(name).getByRole('link', { name }).click();

    await page.getByRole('button', { name: 'Archive' }).click();
    await expect(structures.dialog.getByRole('heading', { name: 'Archive structure?' })).toBeVisible();
    await structures.dialog.getByRole('button', { name: 'Archive' }).click();
    await expect(page.getByRole('alert').filter({ hasText: /^Archived on/ })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Assign creators' }).first()).toBeDisabled();
    await expect(page.getByRole('link', { name: 'Edit rule' })).toHaveCount(0);

    const refused = await request.post(`/api/v1/payout-structures/${created.structure_id}/assignments`, {
      headers: auth,
      data: { creator_ids: [creators[0].id] },
    });
    expect(refused.status()).toBe(409);
    expect((await refused.json()).error.code).toBe('structure_archived');

    await page.getByRole('link', { name: 'Structures', exact: true }).first().click();
    await expect(structures.listRow(name)).toHaveCount(0);
    await page.getByLabel('Include archived').check();
    await expect(structures.listRow(name)).toContainText('Archived');
  });
});
