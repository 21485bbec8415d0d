import { expect, type Locator, type Page } from '@playwright/test';
import { E2E_API_KEY } from '../../../playwright.config.ts';

/** The Projects list and one project's page, as a manager uses them. */
export class ProjectsPage {
  readonly dialog: Locator;
  readonly members: Locator;
  readonly videos: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog');
    this.members = page.getByRole('table', { name: 'Members' });
    this.videos = page.getByRole('table', { name: 'Videos' });
  }

  async open(): Promise<void> {
    await this.page.goto(`/#key=${E2E_API_KEY}`);
    await this.page.goto('/#/projects');
    await expect(this.page.getByRole('heading', { name: 'Projects', level: 1 })).toBeVisible();
  }

  row(name: string): Locator {
    return this.page.getByRole('table', { name: 'Projects' }).getByRole('row').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  /** Creates a project through the dialog; the app then opens it. */
  async create(name: string, timeZone: string): Promise<void> {
    await this.page.getByRole('button', { name: 'New project' }).click();
    await expect(this.dialog.getByRole('heading', { name: 'New project' })).toBeVisible();
    await this.dialog.getByLabel('Name').fill(name);
    await this.dialog.getByLabel('Search time zones').fill(timeZone.split('/').pop()?.replace(/_/g, ' ') ?? timeZone);
    await this.dialog.getByLabel('Time zone', { exact: true }).selectOption(timeZone);
    await this.dialog.getByRole('button', { name: 'Create project' }).click();
    await expect(this.dialog).toBeHidden();
    await expect(this.page.getByRole('heading', { name, level: 1 })).toBeVisible();
  }

  member(name: string): Locator {
    return this.members.getByRole('row').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }
}
