import { expect, type Locator, type Page } from '@playwright/test';
import { E2E_API_KEY } from '../../../playwright.config.ts';

/** The Accruals screen and an accrual's explanation, as a manager uses them. */
export class AccrualsPage {
  readonly table: Locator;
  readonly dialog: Locator;
  /** The sum of the filtered accruals and how many there are. */
  readonly totals: Locator;
  readonly runButton: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Accruals' });
    this.dialog = page.getByRole('dialog');
    this.totals = page.getByTestId('accruals-totals');
    this.runButton = page.getByRole('button', { name: /Run accruals now|Running accruals/ }).first();
  }

  async open(): Promise<void> {
    await this.page.goto(`/#key=${E2E_API_KEY}`);
    await this.page.goto('/#/accruals');
    await expect(this.page.getByRole('heading', { name: 'Accruals', level: 1 })).toBeVisible();
  }

  async filter(label: 'Project' | 'Creator' | 'Structure' | 'Status', option: string): Promise<void> {
    await this.page.getByRole('group', { name: 'Filters' }).getByLabel(label).selectOption({ label: option });
  }

  /** Rows of the table showing every one of these texts. */
  rows(...texts: string[]): Locator {
    let rows = this.table.locator('tbody tr');
    for (const text of texts) rows = rows.filter({ hasText: text });
    return rows;
  }

  async select(row: Locator): Promise<void> {
    await row.getByRole('checkbox').check();
  }

  /** Opens the accrual's explanation from its row. */
  async explain(row: Locator): Promise<void> {
    await row.getByRole('link', { name: /^Explain / }).click();
    await expect(this.page.getByRole('heading', { name: 'How this amount was calculated' })).toBeVisible();
  }

  /** The explanation's steps, as shown. */
  steps(): Locator {
    return this.page.getByRole('region', { name: 'How this amount was calculated' }).getByRole('listitem');
  }
}
