import { useState } from 'react';
import type { Payment } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { useApi } from '../../app/backend-context.ts';
import { pluralize } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { useToast } from '../../ui/toast-context.ts';
import { linesTotal } from './payment-text.ts';

type VoidPaymentDialogProps = {
  payment: Payment;
  /** "Rhea Ortiz, May 12, 2026". */
  label: string;
  onClose(): void;
  onVoided(payment: Payment | null): void;
};

/**
 * Confirms voiding with what it undoes: the accruals it settled return to earned (payable again),
 * the payment stays on record as voided. Voided already (elsewhere, or by another window) → says so.
 */
export function VoidPaymentDialog({ payment, label, onClose, onVoided }: VoidPaymentDialogProps) {
  const api = useApi();
  const toast = useToast();
  const [isVoiding, setIsVoiding] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const lineCount = payment.payout_payment_lines.length;

  async function confirm() {
    if (isVoiding) return;
    setIsVoiding(true);
    setProblem(null);
    const result = await api.call('PATCH /payout-payments/:id', { params: { id: payment.id }, body: { status: 'voided' } });
    setIsVoiding(false);
    if (result.ok) {
      toast.show({
        tone: 'success',
        title: `Voided the ${formatCents(payment.total_amount_cents)} payment`,
        description: lineCount === 0 ? undefined : `${pluralize(lineCount, 'accrual')} (${formatCents(linesTotal(payment))}) earned again.`,
      });
      onVoided(result.data);
      onClose();
      return;
    }
    if (result.error.code === 'already_voided') {
      toast.show({ tone: 'info', title: 'This payment was already voided' });
      onVoided(null);
      onClose();
      return;
    }
    setProblem(result.error.code === 'network_error' ? 'Couldn’t reach the server. Nothing changed; try again.' : result.error.message);
  }

  return (
    <Dialog
      title="Void this payment?"
      size="small"
      onClose={isVoiding ? () => undefined : onClose}
      description={
        <p>
          <strong>{label}</strong>, <strong>{formatCents(payment.total_amount_cents)}</strong>, will be marked voided: it stays on record but no longer counts as paid.
        </p>
      }
    >
      <div className="dialog-body">
        {problem === null ? null : (
          <Banner tone="danger" title="Not voided">
            {problem}
          </Banner>
        )}
        <div className="pay-void-consequence">
          {lineCount === 0 ? (
            <p>It settled no accruals, so nothing else changes.</p>
          ) : (
            <p>
              {lineCount === 1 ? 'The accrual' : `The ${lineCount.toLocaleString()} accruals`} it settled (<strong>{formatCents(linesTotal(payment))}</strong>) {lineCount === 1 ? 'returns' : 'return'} to{' '}
              <strong>earned</strong>: {lineCount === 1 ? 'it shows' : 'they show'} as owed again and can be paid by another payment.
            </p>
          )}
          <p className="pay-void-note">Receipts and notes stay with the voided payment. This can’t be undone.</p>
        </div>
      </div>
      <footer className="dialog-footer">
        {/* Cancel takes the focus: the safe choice is the one Enter picks. */}
        <button type="button" className="button button-secondary" onClick={onClose} disabled={isVoiding} data-autofocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={() => void confirm()} disabled={isVoiding} aria-busy={isVoiding}>
          {isVoiding ? 'Voiding…' : 'Void payment'}
        </button>
      </footer>
    </Dialog>
  );
}
