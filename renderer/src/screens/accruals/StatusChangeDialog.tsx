import { useState } from 'react';
import type { Accrual } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { useApi } from '../../app/backend-context.ts';
import { pluralize } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ProgressBar } from '../../ui/ProgressBar.tsx';
import { useToast } from '../../ui/toast-context.ts';
import { ACTION_WORDS, failureReason, summarizeSelection, type StatusAction } from './status-change.ts';

type StatusChangeDialogProps = {
  action: StatusAction;
  rows: Accrual[];
  /** "Maya Chen, Nov 9 – 15, 2026": how a row is named in the list of failures. */
  labelOf(accrual: Accrual): string;
  onClose(): void;
  /** After the run, with the ids that changed. */
  onFinished(changedIds: string[]): void;
};

type Failure = { accrual: Accrual; reason: string };
type Phase = { kind: 'confirm' } | { kind: 'running'; done: number } | { kind: 'finished'; changed: Accrual[]; failures: Failure[] };

const CONSEQUENCES: Record<StatusAction, string> = {
  rejected: 'Rejected accruals stay on record but are never paid.',
  voided: 'Voided accruals stay on record as cancelled and are never paid.',
};

/**
 * Confirms a bulk Reject or Void with how many and how much, sends one PATCH per accrual, and
 * reports each one that could not change and why (a paid one needs its payment voided first).
 */
export function StatusChangeDialog({ action, rows: openedWith, labelOf, onClose, onFinished }: StatusChangeDialogProps) {
  // The selection is cleared once the changes are made; the dialog keeps the rows it was opened with.
  const [rows] = useState(openedWith);
  const api = useApi();
  const toast = useToast();
  const [phase, setPhase] = useState<Phase>({ kind: 'confirm' });
  const words = ACTION_WORDS[action];
  const summary = summarizeSelection(rows);
  const unchangeable = summary.paid + summary.closed;
  const noun = (count: number) => pluralize(count, 'accrual');
  const isSingle = rows.length === 1;

  async function confirm() {
    const changed: Accrual[] = [];
    const failures: Failure[] = [];
    setPhase({ kind: 'running', done: 0 });
    // One at a time: the server runs commands in order anyway, and the progress stays honest.
    for (const accrual of rows) {
      const result = await api.call('PATCH /payout-accruals/:id', { params: { id: accrual.id }, body: { status: action } });
      if (result.ok) changed.push(result.data);
      else failures.push({ accrual, reason: failureReason(result.error, accrual.status) });
      setPhase({ kind: 'running', done: changed.length + failures.length });
    }
    onFinished(changed.map((accrual) => accrual.id));
    const changedCents = changed.reduce((sum, accrual) => sum + accrual.amount_cents, 0);
    if (failures.length === 0) {
      toast.show({ tone: 'success', title: `${words.done} ${noun(changed.length)}`, description: `${formatCents(changedCents)} will not be paid.` });
      onClose();
      return;
    }
    setPhase({ kind: 'finished', changed, failures });
  }

  const title = isSingle ? `${words.verb} this accrual?` : `${words.verb} ${noun(rows.length)}?`;

  if (phase.kind === 'finished') {
    const changedCents = phase.changed.reduce((sum, accrual) => sum + accrual.amount_cents, 0);
    return (
      <Dialog title={`${words.done} ${phase.changed.length.toLocaleString()} of ${noun(rows.length)}`} onClose={onClose}>
        <div className="dialog-body">
          {phase.changed.length === 0 ? null : (
            <p className="ac-dialog-lead">
              {words.done} {noun(phase.changed.length)} ({formatCents(changedCents)}).
            </p>
          )}
          <Banner tone="warning" title={`${noun(phase.failures.length)} could not be ${action}`}>
            <ul className="ac-failures">
              {phase.failures.map(({ accrual, reason }) => (
                <li key={accrual.id}>
                  <span className="ac-failure-name">{labelOf(accrual)}</span>
                  <span className="ac-failure-amount">{formatCents(accrual.amount_cents)}</span>
                  <span className="ac-failure-reason">{reason}</span>
                </li>
              ))}
            </ul>
          </Banner>
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button button-primary" onClick={onClose} data-autofocus>
            Done
          </button>
        </footer>
      </Dialog>
    );
  }

  const isRunning = phase.kind === 'running';
  return (
    <Dialog
      title={title}
      size="small"
      onClose={isRunning ? () => undefined : onClose}
      description={
        <p>
          {isSingle ? (
            <>
              <strong>{labelOf(rows[0] as Accrual)}</strong>, <strong>{formatCents(summary.totalCents)}</strong>, will be {action}.
            </>
          ) : (
            <>
              <strong>{noun(summary.count)}</strong> totalling <strong>{formatCents(summary.totalCents)}</strong> will be {action}.
            </>
          )}{' '}
          {CONSEQUENCES[action]} This can’t be undone.
        </p>
      }
    >
      <div className="dialog-body">
        {unchangeable === 0 || isSingle ? null : (
          <Banner tone="warning">
            Only earned accruals can be {action}: {summary.changeable.count} of {summary.count} ({formatCents(summary.changeable.totalCents)}).
            {summary.paid > 0 ? ` ${summary.paid} ${summary.paid === 1 ? 'is' : 'are'} paid (void the payment first).` : ''}
            {summary.closed > 0 ? ` ${summary.closed} ${summary.closed === 1 ? 'is' : 'are'} already rejected or voided.` : ''}
          </Banner>
        )}
        {isRunning ? (
          <div className="ac-dialog-progress">
            <span>
              {words.doing} {Math.min(phase.done + 1, rows.length)} of {rows.length}…
            </span>
            <ProgressBar label={`${words.doing} accruals`} value={phase.done / rows.length} />
          </div>
        ) : null}
      </div>
      <footer className="dialog-footer">
        {/* Cancel takes the focus: the safe choice is the one Enter picks. */}
        <button type="button" className="button button-secondary" onClick={onClose} disabled={isRunning} data-autofocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={() => void confirm()} disabled={isRunning} aria-busy={isRunning}>
          {isSingle ? words.verb : `${words.verb} ${noun(rows.length)}`}
        </button>
      </footer>
    </Dialog>
  );
}
