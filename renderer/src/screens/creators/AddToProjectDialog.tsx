import { useState } from 'react';
import type { Project } from '../../../../core/api/contracts/index.ts';
import { useApi } from '../../app/backend-context.ts';
import { quoted } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Field } from '../../ui/Field.tsx';
import { useToast } from '../../ui/toast-context.ts';

type AddToProjectDialogProps = {
  creator: { id: string; name: string };
  /** Projects the creator is not in yet. */
  candidates: Project[];
  onClose(): void;
  onAdded(): void;
};

/** Makes the creator a member of one more project. */
export function AddToProjectDialog({ creator, candidates, onClose, onAdded }: AddToProjectDialogProps) {
  const api = useApi();
  const toast = useToast();
  const [projectId, setProjectId] = useState(candidates[0]?.id ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [isAdding, setIsAdding] = useState(false);

  async function add() {
    const project = candidates.find((candidate) => candidate.id === projectId);
    if (project === undefined) return;
    setIsAdding(true);
    const result = await api.call('POST /projects/:id/creators', { params: { id: project.id }, body: { creator_ids: [creator.id] } });
    setIsAdding(false);
    if (!result.ok) return setProblem(result.error.message);
    toast.show({ tone: 'success', title: `Added ${quoted(creator.name)} to ${quoted(project.name)}` });
    onClose();
    onAdded();
  }

  return (
    <Dialog title="Add to project" size="small" onClose={onClose} description={<p>Members of a project can be given goals, videos and payout structures in it.</p>}>
      <div className="dialog-body">
        {problem === null ? null : (
          <Banner tone="danger" title="Not added">
            {problem}
          </Banner>
        )}
        {candidates.length === 0 ? (
          <Banner tone="info">{creator.name} is already in every project.</Banner>
        ) : (
          <Field label="Project">
            {(control) => (
              <select {...control} className="input select" value={projectId} onChange={(event) => setProjectId(event.target.value)} data-autofocus>
                {candidates.map((project) => (
                  <option key={project.id} value={project.id}>
                    {project.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      <footer className="dialog-footer">
        <button type="button" className="button button-secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button-primary" onClick={() => void add()} disabled={candidates.length === 0 || isAdding} aria-busy={isAdding}>
          Add to project
        </button>
      </footer>
    </Dialog>
  );
}
