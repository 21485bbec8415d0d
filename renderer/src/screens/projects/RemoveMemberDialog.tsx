import { useState } from 'react';
import type { Creator, Project } from '../../../../core/api/contracts/index.ts';
import { useApi } from '../../app/backend-context.ts';
import { pluralize, quoted } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { useToast } from '../../ui/toast-context.ts';

type RemoveMemberDialogProps = {
  project: Pick<Project, 'id' | 'name'>;
  creator: Pick<Creator, 'id' | 'name'>;
  onClose(): void;
  onRemoved?(): void;
};

/** Confirms taking a creator out of a project, and says what that ends. */
export function RemoveMemberDialog({ project, creator, onClose, onRemoved }: RemoveMemberDialogProps) {
  const api = useApi();
  const toast = useToast();
  const [problem, setProblem] = useState<string | null>(null);
  const [isRemoving, setIsRemoving] = useState(false);

  async function confirm() {
    setIsRemoving(true);
    const result = await api.call('DELETE /projects/:id/creators', { params: { id: project.id }, body: { creator_ids: [creator.id] } });
    setIsRemoving(false);
    if (!result.ok) return setProblem(result.error.message);
    const closed = result.data.assignments_closed;
    toast.show({
      tone: 'success',
      title: `Removed ${quoted(creator.name)} from ${quoted(project.name)}`,
      ...(closed > 0 ? { description: `${pluralize(closed, 'open assignment')} ended today.` } : {}),
    });
    onClose();
    onRemoved?.();
  }

  return (
    <Dialog
      title="Remove from project?"
      size="small"
      onClose={onClose}
      description={
        <>
          <p>
            <strong>{creator.name}</strong> will leave <strong>{project.name}</strong>.
          </p>
          <ul className="dialog-list">
            <li>Their open assignments to this project’s payout structures end today, so they stop earning there.</li>
            <li>What they already earned, their videos and their view history stay.</li>
            <li>You can add them back at any time; ended assignments are not reopened.</li>
          </ul>
        </>
      }
    >
      {problem === null ? null : (
        <div className="dialog-body">
          <Banner tone="danger" title="Not removed">
            {problem}
          </Banner>
        </div>
      )}
      <footer className="dialog-footer">
        <button type="button" className="button button-secondary" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={() => void confirm()} disabled={isRemoving} aria-busy={isRemoving}>
          Remove
        </button>
      </footer>
    </Dialog>
  );
}
