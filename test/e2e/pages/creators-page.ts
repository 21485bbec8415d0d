import { expect, type Locator, type Page } from '@playwright/test';
import { E2E_API_KEY } from '../../../playwright.config.ts';

/** The Creators list, a creator's page and a video's view history. */
export class CreatorsPage {
  readonly dialog: Locator;
  readonly videos: Locator;
  readonly history: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog');
    this.videos = page.getByRole('table', { name: 'Videos' });
    this.history = page.getByRole('table', { name: 'View history' });
  }

  async open(): Promise<void> {
    await this.page.goto(`/#key=${E2E_API_KEY}`);
    await this.page.goto('/#/creators');
    await expect(this.page.getByRole('heading', { name: 'Creators', level: 1 })).toBeVisible();
  }

  row(name: string): Locator {
    return this.page.getByRole('table', { name: 'Creators' }).getByRole('row').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  async openVideo(shortUrl: string): Promise<void> {
    await this.videos.getByRole('link', { name: shortUrl, exact: true }).click();
    await expect(this.page.getByRole('heading', { name: shortUrl, level: 1 })).toBeVisible();
  }

  /** The view history's "Views" cells, newest first. */
  async historyViews(): Promise<string[]> {
    const rows = this.history.getByRole('row');
    const count = await rows.count();
    const views: string[] = [];
    // Row 0 is the header.
    for (let index = 1; index < count; index++) views.push(((await rows.nth(index).getByRole('cell').nth(1).textContent()) ?? '').trim());
    return views;
  }

  async addViews(views: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Add views' }).first().click();
    await expect(this.dialog.getByRole('heading', { name: 'Add views' })).toBeVisible();
    await this.dialog.getByLabel('Views').fill(views);
    await this.dialog.getByRole('button', { name: 'Add views' }).click();
    await expect(this.dialog).toBeHidden();
  }
}
