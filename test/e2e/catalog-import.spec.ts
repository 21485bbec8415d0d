import { expect, test } from '@playwright/test';
import { E2E_API_KEY } from '../../playwright.config.ts';
import { CreatorsPage } from './pages/creators-page.ts';
import { ImportDialog, csvFixture } from './pages/import-dialog.ts';
import { ProjectsPage } from './pages/projects-page.ts';

test.describe('Catalog and CSV import', () => {
  test('create a project, import creators (a bad file imports nothing), videos and views, and read a video’s history', async ({ page }, testInfo) => {
    // Names of this run only, so other spec files (and reruns on the same data) cannot collide.
    const suffix = `${testInfo.workerIndex}${Date.now().toString(36)}`;
    const project = `Spring Launch ${suffix}`;
    const fill = (name: string) => csvFixture(name, { project, suffix });
    const projects = new ProjectsPage(page);
    const creators = new CreatorsPage(page);
    const importDialog = new ImportDialog(page);

    await projects.open();
    await projects.create(project, 'Europe/Paris');
    await expect(page.getByText('Europe/Paris')).toBeVisible();
    await expect(page.getByText('No creators in this project yet')).toBeVisible();

    // A file with one bad row: the check names the line and column, and the import is not offered.
    await importDialog.open();
    await importDialog.chooseKind('Creators');
    await importDialog.chooseFile('creators.csv', fill('creators-with-error.csv'));
    await expect(importDialog.root.getByText('1 problem found — nothing will be imported')).toBeVisible();
    await expect(importDialog.problemRow(3)).toContainText('email');
    await expect(importDialog.problemRow(3)).toContainText('email address');
    await expect(importDialog.importButton).toBeDisabled();
    await page.screenshot({ path: testInfo.outputPath('import-with-error.png') });

    // The corrected file passes and imports all three rows.
    await importDialog.chooseFile('creators-fixed.csv', fill('creators.csv'));
    await expect(importDialog.problems).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('import-ready.png') });
    await importDialog.importAll(3);
    await expect(page.getByText('Imported 3 rows of creators')).toBeVisible();

    // Nothing of the bad attempt was half-imported: exactly the three creators exist, once each.
    const listed = await page.request.get(`/api/v1/creators?q=${suffix}`, { headers: { Authorization: `Bearer ${E2E_API_KEY}` } });
    expect(((await listed.json()).data as { handle: string }[]).map((creator) => creator.handle).sort()).toEqual([`@ana${suffix}`, `@ben${suffix}`, `@chloe${suffix}`]);

    for (const name of ['Ana Díaz', 'Ben Okafor', 'Chloé Martin, PhD']) await expect(projects.member(name)).toBeVisible();

    await importDialog.open();
    await importDialog.chooseKind('Videos');
    await importDialog.chooseFile('videos.csv', fill('videos.csv'));
    await importDialog.importAll(3);
    await expect(projects.videos.getByRole('row')).toHaveCount(4);

    await importDialog.open();
    await importDialog.chooseKind('View snapshots');
    await importDialog.chooseFile('metrics.csv', fill('metrics.csv'));
    await importDialog.importAll(5);
    await expect(page.getByText('Imported 5 rows of view snapshots')).toBeVisible();

    // Ana's TikTok: four counts (one from the videos file, three from the snapshots), newest first.
    await projects.members.getByRole('link', { name: 'Ana Díaz', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Ana Díaz', level: 1 })).toBeVisible();
    await creators.openVideo(`tiktok.com/@ana${suffix}/video/7301`);
    await expect(creators.history.getByRole('row')).toHaveCount(5);
    expect(await creators.historyViews()).toEqual(['15,320', '9,650', '4,800', '1,200']);
    await expect(page.getByRole('img', { name: /^Views over time: 1,200 on .*, 15,320 on / })).toBeVisible();

    await creators.addViews('21,000');
    await expect(creators.history.getByRole('row')).toHaveCount(6);
    expect((await creators.historyViews())[0]).toBe('21,000');
    await page.screenshot({ path: testInfo.outputPath('video-history.png'), fullPage: true });
  });
});
