import type { BadgeTone } from '../../ui/Badge.tsx';

type BatchStatus = 'draft' | 'exported' | 'settled';
type LineStatus = 'open' | 'paid' | 'failed';
type FileFormat = 'paypal' | 'venmo' | 'wise' | 'csv';

export const BATCH_STATUS_LABELS: Record<BatchStatus, string> = { draft: 'Draft', exported: 'Exported', settled: 'Settled' };
export const BATCH_STATUS_TONES: Record<BatchStatus, BadgeTone> = { draft: 'neutral', exported: 'accent', settled: 'success' };
export const LINE_STATUS_LABELS: Record<LineStatus, string> = { open: 'Processing', paid: 'Paid', failed: 'Failed' };
export const LINE_STATUS_TONES: Record<LineStatus, BadgeTone> = { open: 'accent', paid: 'success', failed: 'muted' };

/** What file a batch is paid with, as the manager knows it. */
export const FORMAT_LABELS: Record<FileFormat, string> = {
  paypal: 'PayPal Payouts file',
  venmo: 'Venmo (PayPal Payouts) file',
  wise: 'Wise batch payment file',
  csv: 'CSV file',
};

/** PayPal's result file settles batches paid through PayPal Payouts (PayPal and Venmo wallets). */
export function takesPaypalResult(format: FileFormat): boolean {
  return format === 'paypal' || format === 'venmo';
}

/** `#/payouts/new?project=<id>`: the project the flow starts with, if the link names one. */
export function projectFromLink(hash: string): string {
  const query = hash.split('?')[1] ?? '';
  return new URLSearchParams(query).get('project') ?? '';
}

/**
 * The creators a draft is asked for when the manager leaves out those the rail cannot pay: every
 * other creator of the preview (those paid and those skipped, who are reported again on the draft).
 */
export function creatorsLeftIn(plan: { lines: readonly { creator_id: string }[]; skipped: readonly { creator_id: string }[] }): string[] {
  return [...plan.lines.map((line) => line.creator_id), ...plan.skipped.map((skipped) => skipped.creator_id)];
}

/**
 * Settlement refusals the server keeps under the idempotency key (every refusal but a 400 and the
 * key's own conflicts): the same key would get the same answer forever, so the dialog takes a new
 * one. A lost answer or a key in use keeps it, so a retry cannot settle twice.
 */
export function needsNewSettleKey(status: number, code: string): boolean {
  if (code === 'idempotency_key_in_use' || code === 'idempotency_key_reused') return false;
  return status > 400 && status < 500;
}
