import { expect, type Locator, type Page } from '@playwright/test';
import { E2E_API_KEY } from '../../../playwright.config.ts';

/** The Record payment dialog, as a manager fills it in. */
export class RecordPaymentDialog {
  readonly root: Locator;
  readonly amount: Locator;
  readonly reason: Locator;
  readonly receipts: Locator;
  readonly submit: Locator;
  /** "2 accruals selected … $120.00" under the list of accruals. */
  readonly sum: Locator;
  /** "Overpaid by $30.00" once the amount differs from the ticked accruals. */
  readonly difference: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole('dialog');
    this.amount = this.root.getByLabel('Amount paid');
    this.reason = this.root.getByLabel('Reason for the difference');
    this.receipts = this.root.getByLabel('Receipt files');
    this.submit = this.root.getByRole('button', { name: /^Record/ });
    this.sum = this.root.getByTestId('accruals-sum');
    this.difference = this.root.getByTestId('payment-difference');
  }

  accrual(name: string | RegExp): Locator {
    return this.root.getByRole('checkbox', { name });
  }

  /** The files waiting to be attached, each with its thumbnail or why it was refused. */
  drafts(): Locator {
    return this.root.getByRole('list', { name: 'Receipts to attach' }).getByRole('listitem');
  }
}

/** The Payments screen, a payment's page and a creator's payments, as a manager uses them. */
export class PaymentsPage {
  readonly table: Locator;
  readonly totals: Locator;
  readonly recordDialog: RecordPaymentDialog;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Payments' });
    this.totals = page.getByTestId('payments-totals');
    this.recordDialog = new RecordPaymentDialog(page);
  }

  async signIn(): Promise<void> {
    await this.page.goto(`/#key=${E2E_API_KEY}`);
    await expect(this.page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  }

  async open(): Promise<void> {
    await this.page.goto('/#/payments');
    await expect(this.page.getByRole('heading', { name: 'Payments', level: 1 })).toBeVisible();
  }

  async openCreator(creatorId: string, name: string): Promise<void> {
    await this.page.goto(`/#/creators/${creatorId}`);
    await expect(this.page.getByRole('heading', { name, level: 1 })).toBeVisible();
  }

  async filter(label: 'Project' | 'Creator' | 'Status', option: string): Promise<void> {
    await this.page.getByRole('group', { name: 'Filters' }).getByLabel(label).selectOption({ label: option });
  }

  /** Rows of the payments table showing every one of these texts. */
  rows(...texts: string[]): Locator {
    let rows = this.table.locator('tbody tr');
    for (const text of texts) rows = rows.filter({ hasText: text });
    return rows;
  }

  async openPayment(row: Locator): Promise<void> {
    await row.getByRole('link', { name: /^Open / }).click();
    await expect(this.page.getByRole('heading', { name: /^Payment to |^Ad-hoc payment$/, level: 1 })).toBeVisible();
  }

  /** On a payment's page: "Lines $120.00 + adjustment $30.00 = $150.00". */
  get arithmetic(): Locator {
    return this.page.getByTestId('payment-arithmetic');
  }

  get lines(): Locator {
    return this.page.getByRole('table', { name: 'Lines' }).locator('tbody tr');
  }

  /** A receipt's inline preview on the payment's page. */
  receiptImage(fileName: string): Locator {
    return this.page.getByRole('list', { name: 'Receipts' }).getByAltText(fileName, { exact: true });
  }

  /** Voids the payment shown, through its confirmation. */
  async void(): Promise<void> {
    await this.page.getByRole('button', { name: 'Void…' }).click();
    const dialog = this.page.getByRole('dialog');
    await expect(dialog.getByRole('heading', { name: 'Void this payment?' })).toBeVisible();
    await expect(dialog).toContainText('return to earned');
    await dialog.getByRole('button', { name: 'Void payment' }).click();
    await expect(dialog).toBeHidden();
  }
}
