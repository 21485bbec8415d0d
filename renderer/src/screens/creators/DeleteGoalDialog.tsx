import { useState } from 'react';
import type { CreatorGoal } from '../../../../core/api/contracts/index.ts';
import { useApi } from '../../app/backend-context.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { useToast } from '../../ui/toast-context.ts';
import { describeGoal } from './goal-form.ts';

type DeleteGoalDialogProps = { goal: CreatorGoal; projectName: string; onClose(): void; onDeleted(): void };

export function DeleteGoalDialog({ goal, projectName, onClose, onDeleted }: DeleteGoalDialogProps) {
  const api = useApi();
  const toast = useToast();
  const [problem, setProblem] = useState<string | null>(null);
  const [isDeleting, setIsDeleting] = useState(false);

  async function confirm() {
    setIsDeleting(true);
    const result = await api.call('DELETE /creator-goals/:id', { params: { id: goal.id } });
    setIsDeleting(false);
    if (!result.ok) return setProblem(result.error.message);
    toast.show({ tone: 'success', title: `Deleted the goal: ${describeGoal(goal)}` });
    onClose();
    onDeleted();
  }

  return (
    <Dialog
      title="Delete goal?"
      size="small"
      onClose={onClose}
      description={
        <p>
          The goal <strong>{describeGoal(goal)}</strong> in {projectName} will be deleted. This can’t be undone.
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
