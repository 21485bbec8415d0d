import type { Payment } from '../../../../core/api/contracts/index.ts';
import { Icon } from '../../ui/Icon.tsx';
import { PAYMENT_STATUS_LABELS } from './payment-filters.ts';

/** Paid or Voided: a state, so it carries a dot (the accrual badges' colours). */
export function PaymentStatusBadge({ status }: { status: Payment['status'] }) {
  return (
    <span className={`badge ac-status ${status === 'paid' ? 'ac-status-paid' : 'ac-status-voided'}`}>
      <span className="badge-dot" aria-hidden="true" />
      {PAYMENT_STATUS_LABELS[status]}
    </span>
  );
}

/** A payment recorded here whose creating command the team server has not answered yet (SPEC §8). */
export function NotOnServerMark({ changesOnly = false }: { changesOnly?: boolean }) {
  return (
    <span className="sync-pending-mark" title={changesOnly ? 'Changed on this desktop; the change is sent to the team server with the next sync' : 'Recorded on this desktop; it is sent to the team server with the next sync'}>
      <Icon name="clock" size={12} />
      {changesOnly ? 'Changes not yet on the team server' : 'Not yet on the team server'}
    </span>
  );
}
