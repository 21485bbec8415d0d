import { expect, type Locator, type Page } from '@playwright/test';
import { E2E_API_KEY } from '../../../playwright.config.ts';

/** The rule editor's Preview panel, as a manager weighing a rule change uses it. */
export class StructurePreviewPage {
  readonly panel: Locator;
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByRole('region', { name: 'Preview' });
    this.table = this.panel.getByRole('table', { name: 'Preview by creator' });
  }

  async openEditor(structureId: string): Promise<void> {
    await this.page.goto(`/#key=${E2E_API_KEY}`);
    await expect(this.page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await this.page.goto(`/#/structures/${structureId}/rule`);
    await expect(this.page.getByRole('heading', { name: 'Edit rule', level: 1 })).toBeVisible();
  }

  tierRate(number: number): Locator {
    return this.page.getByLabel(`Tier ${number} rate in cents per 1,000 views`);
  }

  period(label: string): Locator {
    return this.panel.getByRole('radio', { name: label, exact: true });
  }

  /** Body and footer rows, each as the texts of its cells. */
  async rows(): Promise<string[][]> {
    const rows = this.table.locator('tbody tr, tfoot tr');
    const result: string[][] = [];
    for (let index = 0; index < (await rows.count()); index++) {
      const cells = rows.nth(index).locator('th, td');
      const texts: string[] = [];
      for (let cell = 0; cell < (await cells.count()); cell++) texts.push((await cells.nth(cell).innerText()).replace(/\s+/g, ' ').trim());
      result.push(texts);
    }
    return result;
  }
}
