import { useMemo, useState, type FormEvent } from 'react';
import type { Project, StructureDetail, WatchSpec } from '../../../../core/api/contracts/index.ts';
import { useWatch } from '../../api/use-watch.ts';
import { useApi } from '../../app/backend-context.ts';
import { routePath } from '../../app/use-hash-route.ts';
import { pluralize, quoted } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Field } from '../../ui/Field.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { SearchInput } from '../../ui/SearchInput.tsx';
import { useDebouncedValue } from '../../ui/use-debounced-value.ts';
import { useToast } from '../../ui/toast-context.ts';
import { checkOptionalDate, withNames, zoneName } from './date-field.ts';
import { serverErrorsToForm } from './rule-form.ts';
import { todayInZone } from './zoned-date.ts';

/** How many members the picker lists at once; search narrows a larger project. */
const PICKER_LIMIT = 200;

type AssignCreatorsDialogProps = {
  structure: StructureDetail;
  project: Project | undefined;
  /** Creators with an open assignment: they are not offered again. */
  assignedIds: ReadonlySet<string>;
  onClose(): void;
};

/** Pick project members who are not assigned yet, optionally backdated to the day they joined. */
export function AssignCreatorsDialog({ structure, project, assignedIds, onClose }: AssignCreatorsDialogProps) {
  const api = useApi();
  const toast = useToast();
  const timeZone = project?.timezone ?? 'UTC';
  const [searchText, setSearchText] = useState('');
  const search = useDebouncedValue(searchText.trim(), 200);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [joinedOn, setJoinedOn] = useState('');
  const [isDateTouched, setIsDateTouched] = useState(false);
  const [dateServerError, setDateServerError] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ title: string; text: string } | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const [now] = useState(() => Date.now());

  const spec = useMemo<Extract<WatchSpec, { name: 'creators' }>>(
    () => ({ name: 'creators', params: { project_id: structure.project_id, search, sort: 'name', dir: 'asc', limit: PICKER_LIMIT } }),
    [structure.project_id, search],
  );
  const { rows, total, isLoading, error } = useWatch(spec);
  const candidates = rows.filter((creator) => !assignedIds.has(creator.id));
  const dateCheck = checkOptionalDate(joinedOn, timeZone, now);
  const dateError = dateServerError ?? (isDateTouched && !dateCheck.ok ? dateCheck.message : undefined);
  const isAllShownSelected = candidates.length > 0 && candidates.every((creator) => selected.has(creator.id));

  function toggle(id: string, isOn: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (isOn) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  function toggleAllShown(isOn: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      for (const creator of candidates) {
        if (isOn) next.add(creator.id);
        else next.delete(creator.id);
      }
      return next;
    });
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSaving || selected.size === 0) return;
    setIsDateTouched(true);
    if (!dateCheck.ok) return;
    setProblem(null);
    setIsSaving(true);
    const result = await api.call('POST /payout-structures/:id/assignments', {
      params: { id: structure.id },
      body: { creator_ids: [...selected], ...(dateCheck.iso === undefined ? {} : { assigned_at: dateCheck.iso }) },
    });
    setIsSaving(false);
    if (result.ok) {
      const { assigned, already_assigned: already, not_in_project: notInProject } = result.data;
      toast.show({
        tone: assigned > 0 ? 'success' : 'info',
        title: assigned > 0 ? `Assigned ${pluralize(assigned, 'creator')} to ${quoted(structure.name)}` : 'No one new was assigned',
        description: `${assigned} assigned · ${already} already assigned · ${notInProject} not in the project`,
      });
      onClose();
      return;
    }
    if (result.error.code === 'invalid_body') {
      const errors = serverErrorsToForm(result.fieldErrors);
      if (errors['assigned_at'] !== undefined) {
        setDateServerError(withNames(errors['assigned_at'], rows));
        return;
      }
    }
    if (result.error.code === 'structure_archived') {
      setProblem({ title: 'This structure is archived', text: 'Creators can’t be assigned to an archived structure.' });
      return;
    }
    setProblem({ title: 'Not assigned', text: result.error.message });
  }

  const projectName = project?.name ?? 'this project';
  const hasNoMembers = !isLoading && search === '' && total === 0;
  const isEveryoneAssigned = !isLoading && search === '' && total > 0 && candidates.length === 0 && total <= PICKER_LIMIT;

  return (
    <Dialog
      title="Assign creators"
      onClose={onClose}
      description={
        <p>
          Members of {quoted(projectName)} who aren’t on {quoted(structure.name)} yet. They earn under it from the day they’re assigned.
        </p>
      }
    >
      <form className="dialog-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="dialog-body">
          {problem === null ? null : (
            <Banner tone="danger" title={problem.title}>
              {problem.text}
            </Banner>
          )}
          {error === null ? null : (
            <Banner tone="danger" title="Couldn’t load the project’s creators">
              {error.message}
            </Banner>
          )}
          {hasNoMembers ? (
            <div className="st-picker-empty">
              <p className="empty-title">No creators in {quoted(projectName)} yet</p>
              <p className="empty-text">Only a project’s members can be assigned. Add creators to the project first.</p>
              <a className="button button-secondary button-small" href={routePath('projects', structure.project_id)}>
                Open the project
              </a>
            </div>
          ) : isEveryoneAssigned ? (
            <div className="st-picker-empty">
              <Icon name="check" size={20} />
              <p className="empty-title">Everyone is assigned</p>
              <p className="empty-text">Every creator in {quoted(projectName)} is already on this structure.</p>
            </div>
          ) : (
            <div className="st-picker">
              <div className="st-picker-toolbar">
                <SearchInput label="Search creators" value={searchText} onChange={setSearchText} />
                <label className="checkbox">
                  <input type="checkbox" checked={isAllShownSelected} disabled={candidates.length === 0} onChange={(event) => toggleAllShown(event.target.checked)} />
                  <span>Select all shown</span>
                </label>
              </div>
              <ul className="st-picker-list" aria-label="Creators to assign" aria-busy={isLoading}>
                {candidates.map((creator) => (
                  <li key={creator.id}>
                    <label className={selected.has(creator.id) ? 'st-pick is-selected' : 'st-pick'}>
                      <input type="checkbox" checked={selected.has(creator.id)} onChange={(event) => toggle(creator.id, event.target.checked)} />
                      <span className="st-pick-avatar" aria-hidden="true">
                        {creator.name.trim().charAt(0).toUpperCase()}
                      </span>
                      <span className="st-pick-text">
                        <span className="st-pick-name">{creator.name}</span>
                        {creator.handle === null ? null : <span className="st-pick-handle">{creator.handle}</span>}
                      </span>
                    </label>
                  </li>
                ))}
                {!isLoading && candidates.length === 0 ? <li className="st-picker-none">{search === '' ? 'No one left to assign.' : `No unassigned creators match ${quoted(search)}.`}</li> : null}
              </ul>
              {total > PICKER_LIMIT ? <p className="field-hint">Showing the first {PICKER_LIMIT} of {total.toLocaleString()} members; search to find others.</p> : null}
            </div>
          )}
          <Field
            label="Joined on"
            optional
            hint={`Leave empty to assign from now. A date backdates the assignment to the start of that day in ${zoneName(timeZone)}, the project’s time zone.`}
            error={dateError}
          >
            {(control) => (
              <input
                {...control}
                className="input st-date-input"
                type="date"
                max={todayInZone(timeZone, now)}
                value={joinedOn}
                onChange={(event) => {
                  setJoinedOn(event.target.value);
                  setIsDateTouched(true);
                  setDateServerError(null);
                }}
              />
            )}
          </Field>
        </div>
        <footer className="dialog-footer">
          <span className="st-footer-count" aria-live="polite">
            {selected.size === 0 ? 'No one selected' : `${pluralize(selected.size, 'creator')} selected`}
          </span>
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={isSaving || selected.size === 0} aria-busy={isSaving}>
            {selected.size === 0 ? 'Assign' : `Assign ${pluralize(selected.size, 'creator')}`}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
