import { expect, type Locator, type Page } from '@playwright/test';
import { E2E_API_KEY } from '../../../playwright.config.ts';

/** The Tax year screen, as a manager preparing 1099s uses it. */
export class TaxYearPage {
  readonly year: Locator;
  readonly project: Locator;
  readonly totals: Locator;
  readonly download: Locator;

  constructor(readonly page: Page) {
    this.year = page.getByLabel('Year', { exact: true });
    this.project = page.getByLabel('Project', { exact: true });
    this.totals = page.getByTestId('tax-year-totals');
    this.download = page.getByRole('button', { name: 'Download CSV' });
  }

  async open(): Promise<void> {
    await this.page.goto(`/#key=${E2E_API_KEY}`);
    await expect(this.page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tax year' }).click();
    await expect(this.page.getByRole('heading', { name: 'Tax year' })).toBeVisible();
  }

  table(year: number): Locator {
    return this.page.getByRole('table', { name: `Tax year ${year}` });
  }

  /** The body rows of the table, each as the texts of its cells. */
  async rows(year: number): Promise<string[][]> {
    const rows = this.table(year).locator('tbody tr');
    const texts: string[][] = [];
    for (const row of await rows.all()) texts.push((await row.locator('td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim()));
    return texts;
  }
}
