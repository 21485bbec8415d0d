import type { Accrual, AccrualStatus } from '../../../../core/api/contracts/index.ts';
import type { ClientError } from '../../api/client.ts';

/** The two statuses a manager may set by hand; `paid` comes only from a payment. */
export type StatusAction = 'rejected' | 'voided';

export const ACTION_WORDS: Record<StatusAction, { verb: string; doing: string; done: string; noun: string }> = {
  rejected: { verb: 'Reject', doing: 'Rejecting', done: 'Rejected', noun: 'rejection' },
  voided: { verb: 'Void', doing: 'Voiding', done: 'Voided', noun: 'void' },
};

export const STATUS_LABELS: Record<AccrualStatus, string> = { earned: 'Earned', paid: 'Paid', rejected: 'Rejected', voided: 'Voided' };

/** What a selection adds up to, and how much of it can actually change (only earned accruals can). */
export type SelectionSummary = {
  count: number;
  totalCents: number;
  changeable: { count: number; totalCents: number };
  paid: number;
  /** Already rejected or voided. */
  closed: number;
};

export function summarizeSelection(rows: readonly Pick<Accrual, 'status' | 'amount_cents'>[]): SelectionSummary {
  const summary: SelectionSummary = { count: 0, totalCents: 0, changeable: { count: 0, totalCents: 0 }, paid: 0, closed: 0 };
  for (const row of rows) {
    summary.count++;
    summary.totalCents += row.amount_cents;
    if (row.status === 'earned') {
      summary.changeable.count++;
      summary.changeable.totalCents += row.amount_cents;
    } else if (row.status === 'paid') {
      summary.paid++;
    } else {
      summary.closed++;
    }
  }
  return summary;
}

/**
 * Why one accrual's status could not be changed, in a manager's words. `status` is what the
 * screen last knew of it, to say "already rejected" rather than quote the API.
 */
export function failureReason(error: Pick<ClientError, 'code' | 'message'>, status: AccrualStatus): string {
  switch (error.code) {
    case 'cannot_set_status_on_paid_accrual':
      return 'Paid: void the payment first';
    case 'invalid_transition':
      return status === 'rejected' ? 'Already rejected' : status === 'voided' ? 'Already voided' : 'Only earned accruals can change';
    case 'cannot_set_paid_directly':
      return 'Accruals become paid through a payment';
    case 'not_found':
      return 'No longer exists';
    case 'network_error':
      return 'Couldn’t reach the server';
    default:
      return error.message;
  }
}
