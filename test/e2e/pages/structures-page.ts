import { expect, type Locator, type Page } from '@playwright/test';
import { E2E_API_KEY } from '../../../playwright.config.ts';

export type TierInput = { upTo?: string; rate: string };

/** The Payout structures screens (list, new structure, detail, edit rule), as a manager uses them. */
export class StructuresPage {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog');
  }

  async open(): Promise<void> {
    await this.page.goto(`/#key=${E2E_API_KEY}`);
    await this.page.goto('/#/structures');
    await expect(this.page.getByRole('heading', { name: 'Payout structures', level: 1 })).toBeVisible();
  }

  listRow(name: string): Locator {
    return this.page.getByRole('table', { name: 'Payout structures' }).getByRole('row').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  async startNew(): Promise<void> {
    await this.page.getByRole('link', { name: 'New structure' }).first().click();
    await expect(this.page.getByRole('heading', { name: 'New payout structure' })).toBeVisible();
  }

  tierUpTo(number: number): Locator {
    return this.page.getByLabel(`Tier ${number} views up to`);
  }

  tierRate(number: number): Locator {
    return this.page.getByLabel(`Tier ${number} rate in cents per 1,000 views`);
  }

  /** Fills the tiers editor: every tier but the last has an end; the last is "and above". */
  async fillTiers(tiers: TierInput[]): Promise<void> {
    const addTier = this.page.getByRole('button', { name: 'Add tier' });
    while ((await this.page.getByLabel(/^Tier \d+ rate/).count()) < tiers.length) await addTier.click();
    for (const [index, tier] of tiers.entries()) {
      if (tier.upTo !== undefined) await this.tierUpTo(index + 1).fill(tier.upTo);
      await this.tierRate(index + 1).fill(tier.rate);
    }
  }

  async fillCpm(options: { project: string; name: string; period: 'Daily' | 'Weekly' | 'Monthly'; minImpressions: string; cap: string | null; tiers: TierInput[] }): Promise<void> {
    await this.page.getByLabel('Project').selectOption({ label: options.project });
    await this.page.getByLabel('Name', { exact: true }).fill(options.name);
    await this.page.getByRole('radio', { name: 'CPM' }).check();
    await this.page.getByRole('radio', { name: options.period }).check();
    await this.page.getByLabel('Minimum impressions').fill(options.minImpressions);
    await this.page.getByLabel('Cap the payout per period').setChecked(options.cap !== null);
    if (options.cap !== null) await this.page.getByLabel('Cap', { exact: true }).fill(options.cap);
    await this.fillTiers(options.tiers);
  }

  async submitNew(): Promise<void> {
    await this.page.getByRole('button', { name: 'Create structure' }).click();
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { name, level: 1 });
  }

  /** One version in the history: its changes and, on request, its full rule. */
  version(number: number): Locator {
    return this.page.getByRole('article', { name: `Version ${number}`, exact: true });
  }

  async showVersionRule(number: number): Promise<Locator> {
    await this.version(number).getByRole('button', { name: `Show the rule of version ${number}` }).click();
    return this.version(number).getByRole('table', { name: `Tiers of version ${number}` });
  }

  get assignments(): Locator {
    return this.page.getByRole('table', { name: 'Assigned creators' });
  }

  assignmentRow(creator: string): Locator {
    return this.assignments.getByRole('row').filter({ has: this.page.getByRole('link', { name: creator, exact: true }) });
  }

  async assign(creators: string[], joinedOn?: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Assign creators' }).first().click();
    await expect(this.dialog.getByRole('heading', { name: 'Assign creators' })).toBeVisible();
    for (const creator of creators) await this.dialog.getByRole('checkbox', { name: creator }).check();
    if (joinedOn !== undefined) await this.dialog.getByLabel('Joined on').fill(joinedOn);
    await this.dialog.getByRole('button', { name: `Assign ${creators.length} creators` }).click();
  }

  async unassign(creators: string[]): Promise<void> {
    for (const creator of creators) await this.assignments.getByRole('checkbox', { name: `Select ${creator}` }).check();
    await this.page.getByRole('region', { name: 'Selection' }).getByRole('button', { name: 'Unassign' }).click();
    await expect(this.dialog.getByRole('heading', { name: /^Unassign/ })).toBeVisible();
    await this.dialog.getByRole('button', { name: 'Unassign' }).click();
  }

  async setIncludePast(on: boolean): Promise<void> {
    await this.page.getByLabel('Include past').setChecked(on);
  }
}
