import type { AccrualStatus, CriteriaType } from '../../../../core/api/contracts/index.ts';
import { TYPE_LABELS } from './run-summary.ts';
import { STATUS_LABELS } from './status-change.ts';

/** Earned (owed), Paid, Rejected, Voided: a state, so it carries a dot. */
export function AccrualStatusBadge({ status }: { status: AccrualStatus }) {
  return (
    <span className={`badge ac-status ac-status-${status}`}>
      <span className="badge-dot" aria-hidden="true" />
      {STATUS_LABELS[status]}
    </span>
  );
}

/** The rule's kind, each in its own quiet colour (the same ones the structures list uses). */
export function CriteriaTypeBadge({ type }: { type: CriteriaType }) {
  return <span className={`badge ac-type ac-type-${type}`}>{TYPE_LABELS[type]}</span>;
}
