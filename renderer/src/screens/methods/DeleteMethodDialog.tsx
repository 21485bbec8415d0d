import { useState } from 'react';
import type { PayoutMethod } from '../../../../core/api/contracts/index.ts';
import { useApi } from '../../app/backend-context.ts';
import { quoted } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { useToast } from '../../ui/toast-context.ts';

const EXPLAINED: Partial<Record<string, string>> = {
  default_method: 'Default methods can be disabled but not deleted.',
  not_found: 'This method no longer exists; someone may have deleted it already.',
};

export function DeleteMethodDialog({ method, onClose }: { method: PayoutMethod; onClose(): void }) {
  const api = useApi();
  const toast = useToast();
  const [problem, setProblem] = useState<string | null>(null);
  const [isDeleting, setIsDeleting] = useState(false);

  async function confirm() {
    setIsDeleting(true);
    const result = await api.call('DELETE /payout-methods/:id', { params: { id: method.id } });
    setIsDeleting(false);
    if (result.ok) {
      toast.show({ tone: 'success', title: `Deleted ${quoted(method.name)}` });
      return onClose();
    }
    setProblem(EXPLAINED[result.error.code] ?? result.error.message);
  }

  return (
    <Dialog
      title="Delete payout method?"
      size="small"
      onClose={onClose}
      description={
        <p>
          <strong>{quoted(method.name)}</strong> will be removed from your payout methods. This can’t be undone. To keep it for the
          record but stop using it, disable it instead.
        </p>
      }
    >
      {problem === null ? null : (
        <div className="dialog-body">
          <Banner tone="danger" title="Not deleted">
            {problem}
          </Banner>
        </div>
      )}
      <footer className="dialog-footer">
        {/* Cancel takes the focus: the safe choice is the one Enter picks. */}
        <button type="button" className="button button-secondary" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={() => void confirm()} disabled={isDeleting} aria-busy={isDeleting}>
          Delete
        </button>
      </footer>
    </Dialog>
  );
}
