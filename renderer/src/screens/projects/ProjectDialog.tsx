import { useState, type FormEvent } from 'react';
import type { Project } from '../../../../core/api/contracts/index.ts';
import { useApi } from '../../app/backend-context.ts';
import { quoted } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Field } from '../../ui/Field.tsx';
import { describeFailure, type FormBanner } from '../../ui/form-errors.ts';
import { useToast } from '../../ui/toast-context.ts';
import { useForm } from '../../ui/use-form.ts';
import { EMPTY_PROJECT, PROJECT_FIELDS, createProjectBody, patchProjectBody, validateProjectForm, valuesFromProject } from './project-form.ts';
import { localTimeIn } from './time-zones.ts';
import { TimeZonePicker } from './TimeZonePicker.tsx';

type ProjectDialogProps = {
  /** The project being edited, or null to create one. */
  project: Project | null;
  onClose(): void;
  /** Called with the new project after a create (e.g. to open it). */
  onCreated?(project: Project): void;
};

/** Create or edit a project: name, time zone and notes. */
export function ProjectDialog({ project, onClose, onCreated }: ProjectDialogProps) {
  const api = useApi();
  const toast = useToast();
  const [initial] = useState(() => (project === null ? EMPTY_PROJECT : valuesFromProject(project)));
  const form = useForm(initial, validateProjectForm);
  const [banner, setBanner] = useState<FormBanner | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const { values } = form;
  const localTime = localTimeIn(values.timezone);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSaving) return;
    setBanner(null);
    if (!form.attemptSubmit()) return;
    let result;
    setIsSaving(true);
    if (project === null) {
      result = await api.call('POST /projects', { body: createProjectBody(values) });
    } else {
      const body = patchProjectBody(values, initial);
      if (body === null) {
        setIsSaving(false);
        return onClose(); // nothing changed, nothing to save
      }
      result = await api.call('PATCH /projects/:id', { params: { id: project.id }, body });
    }
    setIsSaving(false);
    if (result.ok) {
      toast.show({ tone: 'success', title: project === null ? `Created ${quoted(result.data.name)}` : `Saved ${quoted(result.data.name)}` });
      onClose();
      if (project === null) onCreated?.(result.data);
      return;
    }
    const described = describeFailure(result, PROJECT_FIELDS);
    form.showServerErrors(described.fieldErrors);
    setBanner(described.banner);
  }

  return (
    <Dialog title={project === null ? 'New project' : 'Edit project'} onClose={onClose}>
      <form className="dialog-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="dialog-body">
          {banner === null ? null : (
            <Banner tone="danger" {...(banner.title === undefined ? {} : { title: banner.title })}>
              {banner.text}
            </Banner>
          )}
          <Field label="Name" error={form.errorOf('name')}>
            {(control) => (
              <input
                {...control}
                {...form.bind('name')}
                className="input"
                type="text"
                autoComplete="off"
                placeholder="e.g. Summer launch"
                value={values.name}
                data-autofocus
                onChange={(event) => form.update('name', event.target.value)}
              />
            )}
          </Field>
          <Field
            label="Time zone"
            error={form.errorOf('timezone')}
            hint={
              <>
                Daily, weekly and monthly periods of this project’s payout structures start at midnight here
                {localTime === null ? '.' : `; it is ${localTime} there now.`}
              </>
            }
          >
            {(control) => {
              const bound = form.bind('timezone');
              return (
                <TimeZonePicker
                  control={control}
                  value={values.timezone}
                  onChange={(name) => form.update('timezone', name)}
                  onBlur={bound.onBlur}
                  selectRef={bound.ref}
                />
              );
            }}
          </Field>
          <Field label="Notes (Markdown)" optional hint="What the project is about, who runs it, links to briefs." error={form.errorOf('readme')}>
            {(control) => (
              <textarea
                {...control}
                {...form.bind('readme')}
                className="input textarea"
                rows={3}
                value={values.readme}
                onChange={(event) => form.update('readme', event.target.value)}
              />
            )}
          </Field>
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={isSaving} aria-busy={isSaving}>
            {project === null ? 'Create project' : 'Save'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
