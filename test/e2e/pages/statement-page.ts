import { expect, type Locator, type Page } from '@playwright/test';
import { E2E_API_KEY } from '../../../playwright.config.ts';

/** A creator's statement screen, as a manager sending a creator what they were owed and paid. */
export class StatementPage {
  readonly from: Locator;
  readonly to: Locator;
  readonly document: Locator;
  readonly downloadPdf: Locator;
  readonly downloadCsv: Locator;
  readonly print: Locator;

  constructor(readonly page: Page) {
    this.from = page.getByLabel('From', { exact: true });
    this.to = page.getByLabel('To', { exact: true });
    this.document = page.getByRole('article', { name: /^Statement for / });
    this.downloadPdf = page.getByRole('button', { name: 'Download PDF' });
    this.downloadCsv = page.getByRole('button', { name: 'Download CSV' });
    this.print = page.getByRole('button', { name: 'Print' });
  }

  /** Signs in, opens the creator's page and follows its Statement button. */
  async openFromCreator(creatorId: string, creatorName: string): Promise<void> {
    await this.page.goto(`/#key=${E2E_API_KEY}`);
    await expect(this.page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await this.page.goto(`/#/creators/${creatorId}`);
    await expect(this.page.getByRole('heading', { name: creatorName })).toBeVisible();
    await this.page.getByRole('link', { name: 'Statement', exact: true }).click();
    await expect(this.page.getByRole('heading', { name: `Statement for ${creatorName}` })).toBeVisible();
  }

  /** The summary figure under a label ("Carried in" → "$50.00"). */
  figure(label: string): Locator {
    return this.document.locator('.st-figure').filter({ has: this.page.locator('dt', { hasText: label }) }).locator('dd');
  }

  /** The rows of the document's table, each as the texts of its cells. */
  async rows(): Promise<string[][]> {
    const texts: string[][] = [];
    for (const row of await this.document.locator('tbody tr').all()) texts.push((await row.locator('td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim()));
    return texts;
  }
}
