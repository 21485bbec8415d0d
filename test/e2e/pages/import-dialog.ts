import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'csv');

/**
 * A CSV fixture with its placeholders filled in: `{{project}}` (a project name) and `{{suffix}}`
 * (appended to handles and URLs), so every run imports data of its own.
 */
export function csvFixture(name: string, values: { project: string; suffix: string }): string {
  return readFileSync(join(FIXTURES, name), 'utf8').replaceAll('{{project}}', values.project).replaceAll('{{suffix}}', values.suffix);
}

export type ImportKindLabel = 'Creators' | 'Videos' | 'View snapshots' | 'Referrals' | 'Referral events';

/** The "Import CSV" dialog: choose a kind and a file, read the dry-run report, import. */
export class ImportDialog {
  readonly root: Locator;
  readonly problems: Locator;
  readonly importButton: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole('dialog', { name: 'Import CSV' });
    this.problems = this.root.getByRole('table', { name: 'Problems' });
    this.importButton = this.root.getByRole('button', { name: /^Import \d[\d,]* rows?$/ });
  }

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Import CSV' }).click();
    await expect(this.root).toBeVisible();
  }

  async chooseKind(kind: ImportKindLabel): Promise<void> {
    await this.root.getByRole('radio', { name: kind }).check();
  }

  /** Picks a file (the first one, or another one after a report) and waits for the server's check. */
  async chooseFile(name: string, csv: string): Promise<void> {
    const payload = { name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') };
    const another = this.root.getByLabel('Choose another file');
    const input = (await another.count()) > 0 ? another : this.root.getByLabel('CSV file');
    await input.setInputFiles(payload);
    // Give each file its own name: the name showing is how the dialog tells which file it is on.
    await expect(this.root.getByText(name, { exact: true })).toBeVisible();
    await expect(this.root.getByRole('progressbar')).toHaveCount(0, { timeout: 30_000 });
    await expect(this.root.getByRole('definition').first()).toBeVisible();
  }

  /** The problem rows' text, e.g. ["3", "email", "…is not an email address"] per row. */
  problemRow(line: number): Locator {
    return this.problems.getByRole('row').filter({ has: this.page.getByRole('cell', { name: String(line), exact: true }) });
  }

  async importAll(rows: number): Promise<void> {
    await expect(this.root.getByText('Ready to import')).toBeVisible();
    await this.root.getByRole('button', { name: `Import ${rows} ${rows === 1 ? 'row' : 'rows'}` }).click();
    await expect(this.root).toBeHidden({ timeout: 30_000 });
  }
}
