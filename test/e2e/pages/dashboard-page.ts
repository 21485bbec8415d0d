import { expect, type Locator, type Page } from '@playwright/test';
import { E2E_API_KEY } from '../../../playwright.config.ts';

/** The Dashboard's report cards, as a manager reads them. */
export class DashboardPage {
  readonly liabilities: Locator;
  readonly payments: Locator;
  readonly upcoming: Locator;

  constructor(readonly page: Page) {
    this.liabilities = page.getByRole('region', { name: 'Owed to creators' });
    this.payments = page.getByRole('region', { name: 'Payments by method' });
    this.upcoming = page.getByRole('region', { name: 'Closing in the next 7 days' });
  }

  async open(): Promise<void> {
    await this.page.goto(`/#key=${E2E_API_KEY}`);
    await expect(this.page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expect(this.page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  }

  /** A chart's figures (its table for screen readers): header cells, then each row's cells. */
  async chartTable(card: Locator): Promise<{ header: string[]; rows: string[][] }> {
    const table = card.locator('figure table');
    const header = (await table.locator('thead th').allTextContents()).map((text) => text.trim());
    const rows: string[][] = [];
    for (const row of await table.locator('tbody tr').all()) rows.push((await row.locator('th, td').allTextContents()).map((text) => text.trim()));
    return { header, rows };
  }

  /** The value of one series in one period of a chart, as shown ("$120.00"). */
  async chartValue(card: Locator, series: string, period: string): Promise<string | null> {
    const { header, rows } = await this.chartTable(card);
    const column = header.indexOf(series);
    const row = rows.find((cells) => cells[0] === period);
    return column < 0 || !row ? null : (row[column] ?? null);
  }

  upcomingRow(structureName: string): Locator {
    return this.upcoming.locator('tbody tr').filter({ hasText: structureName });
  }
}
