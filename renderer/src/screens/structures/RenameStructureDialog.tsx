import { useState, type FormEvent } from 'react';
import { patchStructureSchema, type StructureDetail } from '../../../../core/api/contracts/index.ts';
import { useApi } from '../../app/backend-context.ts';
import { quoted } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Field } from '../../ui/Field.tsx';
import { useToast } from '../../ui/toast-context.ts';
import { friendlyMessage, serverErrorsToForm } from './rule-form.ts';

function nameError(name: string): string | undefined {
  const result = patchStructureSchema.safeParse({ kind: 'cosmetic', name });
  const issue = result.success ? undefined : result.error.issues[0];
  return issue === undefined ? undefined : friendlyMessage('name', issue as { code?: string; message: string });
}

/** A cosmetic edit: the name changes, the rule and its versions don't. */
export function RenameStructureDialog({ structure, onClose, onDone }: { structure: StructureDetail; onClose(): void; onDone(): void }) {
  const api = useApi();
  const toast = useToast();
  const [name, setName] = useState(structure.name);
  const [isTouched, setIsTouched] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const liveError = nameError(name);
  const error = serverError ?? (isTouched ? liveError : undefined);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setIsTouched(true);
    if (isSaving || liveError !== undefined) return;
    if (name.trim() === structure.name) return onClose();
    setIsSaving(true);
    const result = await api.call('PATCH /payout-structures/:id', { params: { id: structure.id }, body: { kind: 'cosmetic', name } });
    setIsSaving(false);
    if (result.ok) {
      toast.show({ tone: 'success', title: `Renamed to ${quoted(name.trim())}` });
      onDone();
      onClose();
      return;
    }
    const errors = result.error.code === 'invalid_body' ? serverErrorsToForm(result.fieldErrors) : {};
    if (errors['name'] !== undefined) setServerError(errors['name']);
    else setProblem(result.error.message);
  }

  return (
    <Dialog title="Rename structure" size="small" onClose={onClose} description={<p>The name is for people; renaming doesn’t make a new version.</p>}>
      <form className="dialog-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="dialog-body">
          {problem === null ? null : (
            <Banner tone="danger" title="Not renamed">
              {problem}
            </Banner>
          )}
          <Field label="Name" error={error}>
            {(control) => (
              <input
                {...control}
                className="input"
                type="text"
                autoComplete="off"
                data-autofocus
                value={name}
                onChange={(event) => {
                  setName(event.target.value);
                  setIsTouched(true);
                  setServerError(null);
                }}
              />
            )}
          </Field>
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={isSaving} aria-busy={isSaving}>
            Save
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
