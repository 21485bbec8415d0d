import { useId, useState, type ReactNode } from 'react';
import type { BatchLine, PayoutBatch, SettleBatchInput } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { useApi } from '../../app/backend-context.ts';
import { pluralize } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Field } from '../../ui/Field.tsx';
import { useToast } from '../../ui/toast-context.ts';
import { bytesToBase64 } from '../payments/receipt-files.ts';
import { needsNewSettleKey } from './batch-view.ts';

type Settled = { onClose(): void; onSettled(batch: PayoutBatch): void };

/**
 * `POST /payout-batches/{id}/settle` with the dialog's one idempotency key (as the payment dialog
 * does): a retry after a lost answer cannot pay a line twice. The problem comes back in words, the
 * API's message with each problem of a refused result file.
 */
function useSettle(batch: PayoutBatch) {
  const api = useApi();
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [isSending, setIsSending] = useState(false);
  const [problem, setProblem] = useState<ReactNode>(null);
  async function settle(body: SettleBatchInput): Promise<PayoutBatch | null> {
    setIsSending(true);
    setProblem(null);
    const answer = await api.call('POST /payout-batches/:id/settle', { params: { id: batch.id }, body, idempotencyKey });
    setIsSending(false);
    if (answer.ok) return answer.data;
    if (needsNewSettleKey(answer.status, answer.error.code)) setIdempotencyKey(crypto.randomUUID());
    const details = Object.values(answer.fieldErrors);
    setProblem(
      answer.error.code === 'network_error' ? (
        'Couldn’t reach the server. Try again: the retry cannot settle a line twice.'
      ) : (
        <>
          {answer.error.message}
          {details.length > 1 ? (
            <ul className="pb-problems">
              {details.map((detail) => (
                <li key={detail}>{detail}</li>
              ))}
            </ul>
          ) : null}
        </>
      ),
    );
    return null;
  }
  return { settle, isSending, problem, setProblem };
}

function settledToast(batch: PayoutBatch): { title: string; description: string } {
  const paid = batch.lines.filter((line) => line.status === 'paid').length;
  const failed = batch.lines.filter((line) => line.status === 'failed').length;
  const open = batch.lines.length - paid - failed;
  return { title: batch.status === 'settled' ? 'Batch settled' : 'Lines updated', description: `${paid} paid, ${failed} failed, ${open} open.` };
}

export function MarkAllPaidDialog({ batch, openCount, onClose, onSettled }: Settled & { batch: PayoutBatch; openCount: number }) {
  const toast = useToast();
  const { settle, isSending, problem } = useSettle(batch);
  const openTotal = batch.lines.filter((line) => line.status === 'open').reduce((sum, line) => sum + line.amount_cents, 0);
  async function confirm() {
    const next = await settle({ lines: 'all_paid' });
    if (next === null) return;
    toast.show({ tone: 'success', ...settledToast(next) });
    onSettled(next);
    onClose();
  }
  return (
    <Dialog
      title="Mark all paid?"
      size="small"
      onClose={isSending ? () => undefined : onClose}
      description={
        <p>
          {pluralize(openCount, 'open line')}, <strong>{formatCents(openTotal, batch.currency)}</strong>: each becomes one payment, with the batch file as its receipt.
        </p>
      }
    >
      <div className="dialog-body">
        {problem === null ? null : (
          <Banner tone="danger" title="Not settled">
            {problem}
          </Banner>
        )}
        <p>Do this once the provider shows the money sent. A line paid by mistake is undone by voiding its payment.</p>
      </div>
      <footer className="dialog-footer">
        <button type="button" className="button button-secondary" onClick={onClose} disabled={isSending} data-autofocus>
          Cancel
        </button>
        <button type="button" className="button button-primary" onClick={() => void confirm()} disabled={isSending} aria-busy={isSending}>
          {isSending ? 'Recording…' : 'Mark all paid'}
        </button>
      </footer>
    </Dialog>
  );
}

/** One line paid (with the provider's reference, if any) or failed (with the reason, required). */
export function SettleLineDialog({ batch, line, status, onClose, onSettled }: Settled & { batch: PayoutBatch; line: BatchLine; status: 'paid' | 'failed' }) {
  const toast = useToast();
  const { settle, isSending, problem } = useSettle(batch);
  const [text, setText] = useState('');
  const [isSubmitted, setIsSubmitted] = useState(false);
  const isFailed = status === 'failed';
  const reasonMissing = isFailed && text.trim() === '';
  async function confirm() {
    setIsSubmitted(true);
    if (reasonMissing) return;
    const value = text.trim();
    const entry = isFailed ? { line_id: line.id, status, failure_reason: value } : { line_id: line.id, status, ...(value !== '' && { provider_reference: value }) };
    const next = await settle({ lines: [entry] });
    if (next === null) return;
    toast.show({ tone: 'success', title: isFailed ? `${line.creator_name}’s line marked failed` : `${line.creator_name} paid`, description: settledToast(next).description });
    onSettled(next);
    onClose();
  }
  return (
    <Dialog
      title={isFailed ? `Mark ${line.creator_name} failed` : `Mark ${line.creator_name} paid`}
      size="small"
      onClose={isSending ? () => undefined : onClose}
      description={
        <p>
          <strong>{formatCents(line.amount_cents, batch.currency)}</strong> to {line.recipient}.{' '}
          {isFailed ? 'The accruals become payable again, for a later batch or payment.' : 'This becomes one payment, with the batch file as its receipt.'}
        </p>
      }
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void confirm();
        }}
      >
        <div className="dialog-body">
          {problem === null ? null : (
            <Banner tone="danger" title="Not settled">
              {problem}
            </Banner>
          )}
          <Field label={isFailed ? 'Failure reason' : 'Provider reference'} optional={!isFailed} error={isSubmitted && reasonMissing ? 'Say why the payout failed, e.g. “Receiver unregistered”.' : undefined}>
            {(control) => <input {...control} className="input" value={text} maxLength={isFailed ? 2000 : 200} onChange={(event) => setText(event.target.value)} data-autofocus />}
          </Field>
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button button-secondary" onClick={onClose} disabled={isSending}>
            Cancel
          </button>
          <button type="submit" className={isFailed ? 'button button-danger' : 'button button-primary'} disabled={isSending} aria-busy={isSending}>
            {isSending ? 'Recording…' : isFailed ? 'Mark failed' : 'Mark paid'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

/** PayPal's result CSV: its per-item statuses mark the lines paid (SUCCESS), failed, or leave them open. */
export function ResultFileDialog({ batch, onClose, onSettled }: Settled & { batch: PayoutBatch }) {
  const toast = useToast();
  const { settle, isSending, problem, setProblem } = useSettle(batch);
  const [file, setFile] = useState<File | null>(null);
  const inputId = useId();
  async function confirm() {
    if (file === null) return setProblem('Choose the result file you downloaded from PayPal.');
    const data = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
    if (data === '') return setProblem(`${file.name} is empty.`);
    const next = await settle({ result_file: { file_name: file.name, content_type: 'text/csv', data_base64: data } });
    if (next === null) return;
    toast.show({ tone: 'success', ...settledToast(next) });
    onSettled(next);
    onClose();
  }
  return (
    <Dialog
      title="Upload PayPal result file"
      onClose={isSending ? () => undefined : onClose}
      description={<p>The CSV PayPal gives for the payout: SUCCESS marks a line paid, FAILED, RETURNED, BLOCKED, REFUNDED and REVERSED mark it failed, and PENDING, UNCLAIMED and ONHOLD leave it open.</p>}
    >
      <div className="dialog-body">
        {problem === null ? null : (
          <Banner tone="danger" title="Not settled">
            {problem}
          </Banner>
        )}
        <div className="field">
          <label className="field-label" htmlFor={inputId}>
            Result file (CSV)
          </label>
          <input
            id={inputId}
            type="file"
            accept=".csv,text/csv"
            className="pb-file-input"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setProblem(null);
            }}
            data-autofocus
          />
        </div>
      </div>
      <footer className="dialog-footer">
        <button type="button" className="button button-secondary" onClick={onClose} disabled={isSending}>
          Cancel
        </button>
        <button type="button" className="button button-primary" onClick={() => void confirm()} disabled={isSending || file === null} aria-busy={isSending}>
          {isSending ? 'Settling…' : 'Settle from file'}
        </button>
      </footer>
    </Dialog>
  );
}

export function DeleteDraftDialog({ batch, onClose, onDeleted }: { batch: PayoutBatch; onClose(): void; onDeleted(): void }) {
  const api = useApi();
  const toast = useToast();
  const [isDeleting, setIsDeleting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  async function confirm() {
    setIsDeleting(true);
    setProblem(null);
    const answer = await api.call('DELETE /payout-batches/:id', { params: { id: batch.id } });
    setIsDeleting(false);
    if (!answer.ok) return setProblem(answer.error.message);
    toast.show({ tone: 'success', title: 'Draft deleted', description: `${pluralize(batch.accrual_count, 'accrual')} can be paid again.` });
    onClose();
    onDeleted();
  }
  return (
    <Dialog
      title="Delete this draft?"
      size="small"
      onClose={isDeleting ? () => undefined : onClose}
      description={
        <p>
          {pluralize(batch.line_count, 'line')}, {formatCents(batch.total_amount_cents, batch.currency)}. Nothing was paid: the accruals are free for another batch or payment.
        </p>
      }
    >
      <div className="dialog-body">
        {problem === null ? null : (
          <Banner tone="danger" title="Not deleted">
            {problem}
          </Banner>
        )}
      </div>
      <footer className="dialog-footer">
        <button type="button" className="button button-secondary" onClick={onClose} disabled={isDeleting} data-autofocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={() => void confirm()} disabled={isDeleting} aria-busy={isDeleting}>
          {isDeleting ? 'Deleting…' : 'Delete draft'}
        </button>
      </footer>
    </Dialog>
  );
}
