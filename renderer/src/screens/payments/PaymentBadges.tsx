import type { Payment } from '../../../../core/api/contracts/index.ts';
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
