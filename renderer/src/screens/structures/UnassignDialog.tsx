import { useState } from 'react';
import type { Project, StructureDetail } from '../../../../core/api/contracts/index.ts';
import { useApi } from '../../app/backend-context.ts';
import { formatLocalDate, pluralize, quoted } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Field } from '../../ui/Field.tsx';
import { useToast } from '../../ui/toast-context.ts';
import { checkOptionalDate, withNames, zoneName } from './date-field.ts';
import { serverErrorsToForm } from './rule-form.ts';
import { todayInZone } from './zoned-date.ts';

type UnassignDialogProps = {
  structure: StructureDetail;
  project: Project | undefined;
  /** The selected creators, with when their open assignment began (an "as of" date can't be earlier). */
  creators: { id: string; name: string; assignedAt: string }[];
  onClose(): void;
  /** After the server agreed: the screen clears its selection. */
  onDone(): void;
};

/** "Their names" for the confirmation: all of a few, or the first ones and how many more. */
function namesText(names: string[]): string {
  if (names.length <= 3) return names.length === 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} others`;
}

/** Ends the selected creators' assignments, now or as of a past day. History stays. */
export function UnassignDialog({ structure, project, creators, onClose, onDone }: UnassignDialogProps) {
  const api = useApi();
  const toast = useToast();
  const timeZone = project?.timezone ?? 'UTC';
  const [asOf, setAsOf] = useState('');
  const [dateError, setDateError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const [now] = useState(() => Date.now());
  const count = pluralize(creators.length, 'creator');

  async function confirm() {
    const date = checkOptionalDate(asOf, timeZone, Date.now());
    if (!date.ok) {
      setDateError(date.message);
      return;
    }
    const startedLater = date.iso === undefined ? undefined : creators.find((creator) => creator.assignedAt > (date.iso as string));
    if (startedLater !== undefined) {
      setDateError(`${startedLater.name} was only assigned on ${formatLocalDate(startedLater.assignedAt)}`);
      return;
    }
    setIsSaving(true);
    setProblem(null);
    const result = await api.call('DELETE /payout-structures/:id/assignments', {
      params: { id: structure.id },
      body: { creator_ids: creators.map((creator) => creator.id), ...(date.iso === undefined ? {} : { unassigned_at: date.iso }) },
    });
    setIsSaving(false);
    if (result.ok) {
      const { unassigned, not_assigned: notAssigned } = result.data;
      toast.show({
        tone: 'success',
        title: `Unassigned ${pluralize(unassigned, 'creator')} from ${quoted(structure.name)}`,
        ...(notAssigned === 0 ? {} : { description: `${notAssigned} ${notAssigned === 1 ? 'was' : 'were'} no longer assigned.` }),
      });
      onDone();
      onClose();
      return;
    }
    const errors = result.error.code === 'invalid_body' ? serverErrorsToForm(result.fieldErrors) : {};
    if (errors['unassigned_at'] !== undefined) setDateError(withNames(errors['unassigned_at'], creators));
    else setProblem(result.error.message);
  }

  return (
    <Dialog
      title={`Unassign ${count}?`}
      size="small"
      onClose={onClose}
      description={
        <p>
          <strong>{namesText(creators.map((creator) => creator.name))}</strong> will stop earning under {quoted(structure.name)}. Their past
          assignment and what they already earned stay.
        </p>
      }
    >
      <div className="dialog-body">
        {problem === null ? null : (
          <Banner tone="danger" title="Not unassigned">
            {problem}
          </Banner>
        )}
        <Field
          label="As of"
          optional
          hint={`Leave empty to unassign now. A date ends the assignment at the start of that day in ${zoneName(timeZone)}.`}
          error={dateError ?? undefined}
        >
          {(control) => (
            <input
              {...control}
              className="input st-date-input"
              type="date"
              max={todayInZone(timeZone, now)}
              value={asOf}
              onChange={(event) => {
                setAsOf(event.target.value);
                setDateError(null);
              }}
            />
          )}
        </Field>
      </div>
      <footer className="dialog-footer">
        <button type="button" className="button button-secondary" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={() => void confirm()} disabled={isSaving} aria-busy={isSaving}>
          Unassign
        </button>
      </footer>
    </Dialog>
  );
}
