import { useCallback, useState, type FormEvent } from 'react';
import type { CreatorGoal, Project } from '../../../../core/api/contracts/index.ts';
import { GOAL_METRICS, PERIODS } from '../../../../core/domain/creator.ts';
import { useApi } from '../../app/backend-context.ts';
import { quoted } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Field } from '../../ui/Field.tsx';
import { describeFailure, type FormBanner } from '../../ui/form-errors.ts';
import { useToast } from '../../ui/toast-context.ts';
import { useForm } from '../../ui/use-form.ts';
import { GOAL_FIELDS, METRIC_LABELS, PERIOD_LABELS, createGoalBody, describeGoal, emptyGoal, patchGoalBody, validateGoalForm, valuesFromGoal, type GoalFormValues } from './goal-form.ts';

type GoalDialogProps = {
  creator: { id: string; name: string };
  /** The creator's projects: a goal belongs to one of them. */
  projects: Project[];
  goal: CreatorGoal | null;
  onClose(): void;
  onSaved(): void;
};

/** Add or edit a creator's goal in one of their projects. */
export function GoalDialog({ creator, projects, goal, onClose, onSaved }: GoalDialogProps) {
  const api = useApi();
  const toast = useToast();
  const [initial] = useState(() => (goal === null ? emptyGoal(projects.length === 1 ? (projects[0]?.id ?? '') : '') : valuesFromGoal(goal)));
  const validate = useCallback((values: GoalFormValues) => validateGoalForm(values, creator.id), [creator.id]);
  const form = useForm(initial, validate);
  const [banner, setBanner] = useState<FormBanner | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const { values } = form;
  const projectName = projects.find((project) => project.id === values.projectId)?.name;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSaving) return;
    setBanner(null);
    if (!form.attemptSubmit()) return;
    setIsSaving(true);
    let result;
    if (goal === null) {
      result = await api.call('POST /creator-goals', { body: createGoalBody(values, creator.id) });
    } else {
      const body = patchGoalBody(values, initial);
      if (body === null) {
        setIsSaving(false);
        return onClose();
      }
      result = await api.call('PATCH /creator-goals/:id', { params: { id: goal.id }, body });
    }
    setIsSaving(false);
    if (result.ok) {
      toast.show({ tone: 'success', title: `${goal === null ? 'Added' : 'Saved'} the goal: ${describeGoal(result.data)}`, ...(projectName === undefined ? {} : { description: `${creator.name} in ${quoted(projectName)}` }) });
      onClose();
      onSaved();
      return;
    }
    const described = describeFailure(result, GOAL_FIELDS);
    form.showServerErrors(described.fieldErrors);
    setBanner(described.banner);
  }

  return (
    <Dialog title={goal === null ? 'Add goal' : 'Edit goal'} size="small" onClose={onClose} description={<p>What {creator.name} aims for in a project, each day, week or month.</p>}>
      <form className="dialog-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="dialog-body">
          {banner === null ? null : (
            <Banner tone="danger" {...(banner.title === undefined ? {} : { title: banner.title })}>
              {banner.text}
            </Banner>
          )}
          <Field label="Project" error={form.errorOf('projectId')} hint={goal === null ? undefined : 'A goal stays in its project; add another goal for another project.'}>
            {(control) => (
              <select
                {...control}
                {...form.bind('projectId')}
                className="input select"
                value={values.projectId}
                disabled={goal !== null}
                onChange={(event) => form.update('projectId', event.target.value)}
                {...(goal === null && values.projectId === '' ? { 'data-autofocus': true } : {})}
              >
                {values.projectId === '' ? <option value="">Choose a project…</option> : null}
                {projects.map((project) => (
                  <option key={project.id} value={project.id}>
                    {project.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Metric" error={form.errorOf('metric')}>
            {(control) => (
              <select {...control} {...form.bind('metric')} className="input select" value={values.metric} onChange={(event) => form.update('metric', event.target.value)}>
                {GOAL_METRICS.map((metric) => (
                  <option key={metric} value={metric}>
                    {METRIC_LABELS[metric]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="field-row">
            <Field label="Target" error={form.errorOf('target')}>
              {(control) => (
                <input
                  {...control}
                  {...form.bind('target')}
                  className="input input-number"
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  placeholder={values.metric === 'views' ? 'e.g. 100,000' : 'e.g. 4'}
                  value={values.target}
                  onChange={(event) => form.update('target', event.target.value)}
                  {...(goal !== null || values.projectId !== '' ? { 'data-autofocus': true } : {})}
                />
              )}
            </Field>
            <Field label="Period" error={form.errorOf('period')}>
              {(control) => (
                <select {...control} {...form.bind('period')} className="input select" value={values.period} onChange={(event) => form.update('period', event.target.value)}>
                  {PERIODS.map((period) => (
                    <option key={period} value={period}>
                      {PERIOD_LABELS[period]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={isSaving} aria-busy={isSaving}>
            {goal === null ? 'Add goal' : 'Save'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
