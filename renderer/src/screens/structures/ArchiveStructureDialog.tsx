import { useState } from 'react';
import type { StructureDetail } from '../../../../core/api/contracts/index.ts';
import { useApi } from '../../app/backend-context.ts';
import { quoted } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { useToast } from '../../ui/toast-context.ts';

/** DELETE archives: no earnings for periods ending later, no new creators; history stays. */
export function ArchiveStructureDialog({ structure, onClose, onDone }: { structure: StructureDetail; onClose(): void; onDone(): void }) {
  const api = useApi();
  const toast = useToast();
  const [problem, setProblem] = useState<string | null>(null);
  const [isArchiving, setIsArchiving] = useState(false);

  async function confirm() {
    setIsArchiving(true);
    const result = await api.call('DELETE /payout-structures/:id', { params: { id: structure.id }, query: { mode: 'archive' } });
    setIsArchiving(false);
    if (result.ok) {
      toast.show({ tone: 'success', title: `Archived ${quoted(structure.name)}`, description: 'It no longer earns; its history stays.' });
      onDone();
      onClose();
      return;
    }
    setProblem(result.error.message);
  }

  return (
    <Dialog
      title="Archive structure?"
      size="small"
      onClose={onClose}
      description={
        <>
          <p>
            <strong>{quoted(structure.name)}</strong> stops earning: periods that end after now aren’t paid under it, and no one can be assigned to it.
          </p>
          <p className="st-dialog-note">Its versions, assignments and earnings stay for the record. Archiving can’t be undone.</p>
        </>
      }
    >
      {problem === null ? null : (
        <div className="dialog-body">
          <Banner tone="danger" title="Not archived">
            {problem}
          </Banner>
        </div>
      )}
      <footer className="dialog-footer">
        <button type="button" className="button button-secondary" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={() => void confirm()} disabled={isArchiving} aria-busy={isArchiving}>
          Archive
        </button>
      </footer>
    </Dialog>
  );
}
