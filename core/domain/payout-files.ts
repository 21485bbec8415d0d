import { csvRows, parseCsv, toCsv } from './csv.ts';
import { formatDecimalCents } from './money.ts';

/**
 * The files a payout batch is paid with (SPEC §7): PayPal Payouts' web upload (wallet PAYPAL or
 * VENMO), Wise's batch payment CSV, and a generic CSV; and the reading of PayPal's result file.
 * Pure: lines in, file texts out, so the same batch always makes the same bytes.
 */

export const PAYOUT_FILE_FORMATS = ['paypal', 'venmo', 'wise', 'csv'] as const;
export type PayoutFileFormat = (typeof PAYOUT_FILE_FORMATS)[number];

/** One creator's line of a batch, with what a file needs to pay it. */
export type PayoutFileLine = {
  line_id: string;
  creator_name: string;
  handle: string | null;
  email: string | null;
  payout_handle: string | null;
  amount_cents: number;
  currency: string;
  accrual_count: number;
};

/** Most rows a provider takes in one file (PayPal Payouts Web: 5,000; Wise batch: 1,000). */
export const FILE_ROW_LIMITS: Record<PayoutFileFormat, number> = { paypal: 5000, venmo: 5000, wise: 1000, csv: 100_000 };

/** PayPal's note to the recipient is at most this long. */
export const MAX_NOTE_LENGTH = 400;

export const WISE_HEADER = ['name', 'recipientEmail', 'paymentReference', 'receiverType', 'amountCurrency', 'amount', 'sourceCurrency', 'targetCurrency'] as const;
export const GENERIC_HEADER = ['creator', 'handle', 'payout_handle', 'amount', 'currency', 'reference', 'accrual_count'] as const;

/**
 * The line's reference in a provider's file: its id without dashes, cut to 30 characters (PayPal's
 * Customer ID limit; no spaces). 120 bits of a random UUID: two lines of one org sharing a
 * reference is not a practical event, and `payoutFiles` refuses a batch in which they would.
 */
export function lineReference(lineId: string): string {
  return lineId.replace(/-/g, '').slice(0, 30);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A US mobile number: 10 digits, optionally +1 / 1 first, with the usual separators. */
const US_PHONE = /^(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}$/;
/** A PayPal PayerID: 13 upper-case letters and digits. */
const PAYER_ID = /^[A-Z0-9]{13}$/;
/** A Venmo username: @ then 5–30 letters, digits, - or _. */
const VENMO_HANDLE = /^@[A-Za-z0-9_-]{5,30}$/;

/**
 * Who a line pays on the rail, as the provider wants it written, or why the line cannot be paid
 * that way: PayPal takes an email, a phone number or a PayerID; Venmo a US phone number or an
 * @username; Wise an email. The payout handle comes first; PayPal and Wise fall back on the
 * creator's email. A generic CSV takes anything.
 */
export function recipientFor(format: PayoutFileFormat, line: Pick<PayoutFileLine, 'payout_handle' | 'email'>): { recipient: string } | { problem: string } {
  const handle = line.payout_handle?.trim() || null;
  switch (format) {
    case 'paypal': {
      const recipient = handle ?? line.email;
      if (recipient === null) return { problem: 'has no payout handle or email for PayPal' };
      if (EMAIL.test(recipient) || US_PHONE.test(recipient) || PAYER_ID.test(recipient)) return { recipient: US_PHONE.test(recipient) ? digitsOf(recipient) : recipient };
      return { problem: `has a payout handle PayPal cannot pay ("${recipient}": an email, a phone number or a PayPal PayerID is needed)` };
    }
    case 'venmo': {
      if (handle === null) return { problem: 'has no payout handle for Venmo (a US phone number or a @username)' };
      if (US_PHONE.test(handle)) return { recipient: digitsOf(handle) };
      if (VENMO_HANDLE.test(handle)) return { recipient: handle.slice(1) };
      return { problem: `has a payout handle Venmo cannot pay ("${handle}": a US phone number or a @username is needed)` };
    }
    case 'wise': {
      const recipient = handle !== null && EMAIL.test(handle) ? handle : line.email;
      if (recipient === null || !EMAIL.test(recipient)) return { problem: 'has no email for Wise (as payout handle or as the creator’s email)' };
      return { recipient };
    }
    case 'csv':
      return { recipient: handle ?? '' };
  }
}

/** "(555) 123-4567" → "5551234567": PayPal wants the domestic digits. */
function digitsOf(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length === 11 ? digits.slice(1) : digits;
}

export type PayoutFile = { name: string; text: string; rows: number; total_cents: number; currency: string };

export class PayoutFileProblem extends Error {
  constructor(
    message: string,
    readonly lineIds: readonly string[] = [],
  ) {
    super(message);
  }
}

/**
 * The batch as one or more files of `format`: one currency per file, at most the provider's rows
 * per file (`stem-1.csv`, `stem-2.csv`, … when it takes several; one file keeps `stem.csv`), lines
 * in the order given. Throws {@link PayoutFileProblem} for a line the rail cannot pay, a missing
 * or long note, or two lines with one reference.
 */
export function payoutFiles(format: PayoutFileFormat, lines: readonly PayoutFileLine[], options: { stem: string; note: string; sourceCurrency?: string }): PayoutFile[] {
  const note = options.note.trim();
  if ((format === 'paypal' || format === 'venmo') && note.length > MAX_NOTE_LENGTH) throw new PayoutFileProblem(`The note to recipients is ${note.length} characters; PayPal takes at most ${MAX_NOTE_LENGTH}`);
  if (format === 'venmo' && note === '') throw new PayoutFileProblem('Venmo payouts need a note to the recipients');
  const problems = lines.flatMap((line) => {
    const recipient = recipientFor(format, line);
    return 'problem' in recipient ? [{ line, problem: recipient.problem }] : [];
  });
  if (problems.length > 0) {
    throw new PayoutFileProblem(
      problems.map(({ line, problem }) => `${line.creator_name} ${problem}`).join('; '),
      problems.map(({ line }) => line.line_id),
    );
  }
  const seen = new Map<string, string>();
  for (const line of lines) {
    if (line.amount_cents <= 0) throw new PayoutFileProblem(`${line.creator_name}'s line is ${formatDecimalCents(line.amount_cents)}: only amounts above zero are paid`, [line.line_id]);
    const reference = lineReference(line.line_id);
    const other = seen.get(reference);
    if (other !== undefined) throw new PayoutFileProblem(`Two lines share the reference ${reference}`, [other, line.line_id]);
    seen.set(reference, line.line_id);
  }
  const byCurrency = new Map<string, PayoutFileLine[]>();
  for (const line of lines) byCurrency.set(line.currency, [...(byCurrency.get(line.currency) ?? []), line]);
  const chunks: { currency: string; lines: PayoutFileLine[] }[] = [];
  for (const [currency, group] of [...byCurrency].sort(([a], [b]) => a.localeCompare(b))) {
    for (let start = 0; start < group.length; start += FILE_ROW_LIMITS[format]) chunks.push({ currency, lines: group.slice(start, start + FILE_ROW_LIMITS[format]) });
  }
  const isMultiCurrency = byCurrency.size > 1;
  return chunks.map((chunk, index) => ({
    name: chunks.length === 1 ? `${options.stem}.csv` : `${options.stem}${isMultiCurrency ? `-${chunk.currency.toLowerCase()}` : ''}-${index + 1}.csv`,
    text: fileText(format, chunk.lines, note, options.sourceCurrency ?? chunk.currency),
    rows: chunk.lines.length,
    total_cents: chunk.lines.reduce((sum, line) => sum + line.amount_cents, 0),
    currency: chunk.currency,
  }));
}

function fileText(format: PayoutFileFormat, lines: readonly PayoutFileLine[], note: string, sourceCurrency: string): string {
  const recipient = (line: PayoutFileLine) => {
    const found = recipientFor(format, line);
    return 'recipient' in found ? found.recipient : '';
  };
  switch (format) {
    case 'paypal':
    case 'venmo':
      // Recipient, amount, currency, customer ID (≤ 30, no spaces), note, wallet; no header row.
      return csvRows(lines.map((line) => [recipient(line), formatDecimalCents(line.amount_cents), line.currency, lineReference(line.line_id), note, format === 'venmo' ? 'VENMO' : 'PAYPAL']));
    case 'wise':
      return toCsv(
        WISE_HEADER,
        lines.map((line) => [line.creator_name, recipient(line), lineReference(line.line_id), 'PERSON', line.currency, formatDecimalCents(line.amount_cents), sourceCurrency, line.currency]),
      );
    case 'csv':
      return toCsv(
        GENERIC_HEADER,
        lines.map((line) => [line.creator_name, line.handle, line.payout_handle, formatDecimalCents(line.amount_cents), line.currency, lineReference(line.line_id), line.accrual_count]),
      );
  }
}

/** PayPal's per-item statuses, and what each means for the batch line (SPEC §7). */
export const PAYPAL_ITEM_STATUSES = ['SUCCESS', 'FAILED', 'PENDING', 'UNCLAIMED', 'RETURNED', 'ONHOLD', 'BLOCKED', 'REFUNDED', 'REVERSED'] as const;
export type PaypalItemStatus = (typeof PAYPAL_ITEM_STATUSES)[number];
export type LineOutcome = 'paid' | 'failed' | 'open';

/**
 * SUCCESS is paid; FAILED, RETURNED, BLOCKED, REFUNDED and REVERSED are final failures (the money
 * did not arrive or came back); PENDING, UNCLAIMED (the recipient has 30 days to claim) and ONHOLD
 * may still go either way, so the line stays open.
 */
export const PAYPAL_OUTCOMES: Record<PaypalItemStatus, LineOutcome> = {
  SUCCESS: 'paid',
  FAILED: 'failed',
  RETURNED: 'failed',
  BLOCKED: 'failed',
  REFUNDED: 'failed',
  REVERSED: 'failed',
  PENDING: 'open',
  UNCLAIMED: 'open',
  ONHOLD: 'open',
};

/** Header names PayPal's reports use for each column we read (lower case; the first present wins). */
const RESULT_COLUMNS = {
  reference: ['customer id', 'sender item id', 'reference id', 'reference', 'custom id'],
  status: ['status', 'transaction status', 'payout item status', 'item status'],
  itemId: ['transaction id', 'payout item id', 'item id'],
  reason: ['failure reason', 'reason', 'errors', 'error'],
} as const;

export type PaypalResultItem = { line: number; reference: string; status: PaypalItemStatus; outcome: LineOutcome; provider_reference: string | null; failure_reason: string | null };
export type PaypalResult = { items: PaypalResultItem[]; problems: { line: number; message: string }[] };

/**
 * Reads PayPal's Payouts result (or report) CSV: per item, our reference (the Customer ID we
 * wrote), its status and PayPal's item id. Column names are matched case-insensitively against
 * the names PayPal's reports use; a file without a reference or status column, or a row with an
 * unknown status, is a problem named by line.
 */
export function parsePaypalResult(csv: string): PaypalResult {
  const table = parseCsv(csv.replace(/^\uFEFF/, ''));
  const column = (names: readonly string[]) => names.map((name) => table.header.indexOf(name)).find((index) => index >= 0) ?? -1;
  const at = { reference: column(RESULT_COLUMNS.reference), status: column(RESULT_COLUMNS.status), itemId: column(RESULT_COLUMNS.itemId), reason: column(RESULT_COLUMNS.reason) };
  const problems: PaypalResult['problems'] = [];
  if (at.reference < 0) problems.push({ line: 1, message: `no reference column (one of: ${RESULT_COLUMNS.reference.join(', ')})` });
  if (at.status < 0) problems.push({ line: 1, message: `no status column (one of: ${RESULT_COLUMNS.status.join(', ')})` });
  if (problems.length > 0) return { items: [], problems };
  const items: PaypalResultItem[] = [];
  for (const row of table.rows) {
    const value = (index: number) => (index < 0 ? '' : (row.values[index] ?? '').trim());
    const status = value(at.status).toUpperCase().replace(/[\s_-]/g, '');
    const reference = value(at.reference);
    if (reference === '') {
      problems.push({ line: row.line, message: 'the reference is empty' });
      continue;
    }
    if (!(PAYPAL_ITEM_STATUSES as readonly string[]).includes(status)) {
      problems.push({ line: row.line, message: `unknown status "${value(at.status)}" (expected one of ${PAYPAL_ITEM_STATUSES.join(', ')})` });
      continue;
    }
    const known = status as PaypalItemStatus;
    items.push({
      line: row.line,
      reference,
      status: known,
      outcome: PAYPAL_OUTCOMES[known],
      provider_reference: value(at.itemId) || null,
      failure_reason: PAYPAL_OUTCOMES[known] === 'failed' ? value(at.reason) || `PayPal: ${known}` : null,
    });
  }
  return { items, problems };
}
