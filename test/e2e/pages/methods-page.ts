import { expect, type Locator, type Page } from '@playwright/test';
import { E2E_API_KEY } from '../../../playwright.config.ts';

/** The Payout methods screen, as a manager uses it. */
export class MethodsPage {
  readonly table: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table');
    this.dialog = page.getByRole('dialog');
  }

  async open(): Promise<void> {
    await this.page.goto(`/#key=${E2E_API_KEY}`);
    await this.page.goto('/#/methods');
    await expect(this.page.getByRole('heading', { name: 'Payout methods' })).toBeVisible();
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByText(name, { exact: true }) });
  }

  async create(name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'New method' }).click();
    await expect(this.dialog.getByRole('heading', { name: 'New payout method' })).toBeVisible();
    await this.dialog.getByLabel('Name').fill(name);
    await this.dialog.getByRole('button', { name: 'Save' }).click();
  }

  async rename(from: string, to: string): Promise<void> {
    await this.page.getByRole('button', { name: `Edit ${from}` }).click();
    await expect(this.dialog.getByRole('heading', { name: 'Edit payout method' })).toBeVisible();
    await this.dialog.getByLabel('Name').fill(to);
    await this.dialog.getByRole('button', { name: 'Save' }).click();
  }

  async setIncludeDisabled(on: boolean): Promise<void> {
    await this.page.getByLabel('Include disabled').setChecked(on);
  }
}
