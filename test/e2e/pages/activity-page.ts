import { expect, type Locator, type Page } from '@playwright/test';
import { E2E_API_KEY } from '../../../playwright.config.ts';

/** The Activity screen (the audit log) and the History section of detail pages. */
export class ActivityPage {
  readonly entity: Locator;
  readonly who: Locator;
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.entity = page.getByLabel('Entity', { exact: true });
    this.who = page.getByLabel('Who', { exact: true });
    this.table = page.getByRole('table', { name: 'Activity' });
  }

  async open(): Promise<void> {
    await this.page.goto(`/#key=${E2E_API_KEY}`);
    await expect(this.page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
    await expect(this.page.getByRole('heading', { name: 'Activity', level: 1 })).toBeVisible();
  }

  /** The sentences of the rows shown, top to bottom. */
  async sentences(within: Locator = this.table): Promise<string[]> {
    return (await within.locator('tbody tr.activity-row td.activity-what').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
  }

  /** Opens the row with this sentence and answers its before → after region. */
  async expand(sentence: string, within: Locator = this.table): Promise<Locator> {
    await within.getByRole('button', { name: `Show the changes of: ${sentence}` }).click();
    const id = await within.getByRole('button', { name: `Hide the changes of: ${sentence}` }).getAttribute('aria-controls');
    return within.locator(`[id="${id}"]`);
  }

  history(): Locator {
    return this.page.getByRole('region', { name: 'History' });
  }
}
