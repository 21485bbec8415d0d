import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Project, StructureDetail } from '../../../../core/api/contracts/index.ts';
import type { CallResult } from '../../api/client.ts';
import { useResource } from '../../api/use-resource.ts';
import { useApi } from '../../app/backend-context.ts';
import { routeHref, routePath } from '../../app/use-hash-route.ts';
import { quoted } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Field } from '../../ui/Field.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useToast } from '../../ui/toast-context.ts';
import { Breadcrumb } from './Breadcrumb.tsx';
import { FormSkeleton, LoadProblem } from './LoadStates.tsx';
import { describeRuleChanges } from './rule-diff.ts';
import { RuleChanges } from './RuleChanges.tsx';
import { RulePreview } from './RulePreview.tsx';
import { FixedType, RuleFields, TypePicker } from './RuleFields.tsx';
import { checkCreate, checkRule, emptyRuleValues, ruleFromBody, serverErrorsToForm, valuesFromRule, type StructureFormValues } from './rule-form.ts';
import { CRITERIA_LABELS, capitalize, summarizeRule } from './rule-text.ts';
import { TypeBadge } from './TypeBadge.tsx';
import { useProjects } from './use-projects.ts';
import { useStructureForm, type FormBanner } from './use-structure-form.ts';

type SaveFailure = Extract<CallResult<'POST /payout-structures'> | CallResult<'PATCH /payout-structures/:id'>, { ok: false }>;

function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** A refused save → field errors (by the API path the server named) and at most one banner. */
function describeFailure(failure: SaveFailure): { errors: Record<string, string>; banner: FormBanner | null } {
  const { error } = failure;
  switch (error.code) {
    case 'limit_reached':
      return {
        errors: {},
        banner: { title: 'Plan limit reached', text: `${asSentence(error.message)} Archived structures don’t count toward the limit.` },
      };
    case 'invalid_body': {
      const errors = serverErrorsToForm(failure.fieldErrors);
      return { errors, banner: Object.keys(errors).length === 0 ? { title: 'Not saved', text: asSentence(error.message) } : null };
    }
    case 'structure_archived':
      return { errors: {}, banner: { title: 'This structure is archived', text: 'Archived structures keep their rules; create a new structure instead.' } };
    default:
      return { errors: {}, banner: { title: 'Not saved', text: asSentence(error.message) } };
  }
}

function FormBannerView({ banner }: { banner: FormBanner | null }) {
  if (banner === null) return null;
  return (
    <Banner tone="danger" {...(banner.title === undefined ? {} : { title: banner.title })}>
      {banner.text}
    </Banner>
  );
}

function Aside({ title, children }: { title: string; children: ReactNode }) {
  return (
    <aside className="st-form-aside" aria-label={title}>
      <div className="st-aside-card">
        <h2 className="st-aside-title">{title}</h2>
        {children}
      </div>
    </aside>
  );
}

function projectFromHash(): string {
  const query = window.location.hash.split('?')[1] ?? '';
  return new URLSearchParams(query).get('project') ?? '';
}

/** `#/structures/new`: project, name, type and rule; creating it opens the new structure. */
export function NewStructurePage() {
  const { projects, byId, isLoading } = useProjects();
  if (isLoading && projects.length === 0) return <FormSkeleton title="New payout structure" />;
  if (projects.length === 0) {
    return (
      <>
        <Breadcrumb trail={[{ label: 'New structure' }]} />
        <div className="empty-state">
          <span className="empty-icon">
            <Icon name="projects" size={20} />
          </span>
          <p className="empty-title">Create a project first</p>
          <p className="empty-text">A payout structure belongs to a project, and pays the project’s creators.</p>
          <div className="empty-actions">
            <a className="button button-primary" href={routeHref('projects')}>
              Go to projects
            </a>
          </div>
        </div>
      </>
    );
  }
  const fromHash = projectFromHash();
  const projectId = byId.has(fromHash) ? fromHash : projects.length === 1 ? (projects[0]?.id ?? '') : '';
  return <CreateForm projects={projects} initial={{ projectId, name: '', rule: emptyRuleValues('recurring') }} />;
}

function CreateForm({ projects, initial }: { projects: Project[]; initial: StructureFormValues }) {
  const api = useApi();
  const toast = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const form = useStructureForm(initial, checkCreate, formRef);
  const [isSaving, setIsSaving] = useState(false);
  const { values } = form;
  const ruleCheck = checkRule(values.rule);
  const preview = ruleCheck.body === null ? null : summarizeRule(ruleFromBody(ruleCheck.body));
  const projectName = projects.find((project) => project.id === values.projectId)?.name ?? null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSaving) return;
    const body = form.submit();
    if (body === null) return;
    setIsSaving(true);
    const result = await api.call('POST /payout-structures', { body });
    setIsSaving(false);
    if (result.ok) {
      toast.show({ tone: 'success', title: `Created ${quoted(values.name.trim())}`, description: 'Assign creators to start their earnings.' });
      window.location.hash = routePath('structures', result.data.structure_id);
      return;
    }
    const described = describeFailure(result);
    form.showServerErrors(described.errors, described.banner);
  }

  return (
    <>
      <Breadcrumb trail={[{ label: 'New structure' }]} />
      <PageHeader title="New payout structure" description="Choose how the creators of a project earn. You can edit the rule later; each edit becomes a new version." />
      <form ref={formRef} className="st-form-layout" onSubmit={(event) => void submit(event)} noValidate aria-label="New payout structure">
        <div className="st-form-main">
          <FormBannerView banner={form.banner} />
          <div className="st-form-card">
            <div className="st-form-group">
              <h3 className="st-form-group-title">Basics</h3>
              <div className="st-form-group-body">
                <Field label="Project" hint="Only this project’s creators can be assigned. Periods follow its time zone." error={form.errorOf('project_id')}>
                  {(control) => (
                    <select
                      {...control}
                      className="input st-select"
                      value={values.projectId}
                      onChange={(event) => form.change('projectId', event.target.value, 'project_id')}
                    >
                      <option value="" disabled>
                        Choose a project…
                      </option>
                      {projects.map((project) => (
                        <option key={project.id} value={project.id}>
                          {project.name}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label="Name" error={form.errorOf('name')}>
                  {(control) => (
                    <input
                      {...control}
                      className="input"
                      type="text"
                      autoComplete="off"
                      placeholder="e.g. Weekly CPM"
                      maxLength={240}
                      autoFocus
                      value={values.name}
                      onChange={(event) => form.change('name', event.target.value, 'name')}
                    />
                  )}
                </Field>
              </div>
            </div>
            <div className="st-form-group">
              <TypePicker value={values.rule.criteriaType} onChange={(criteriaType) => form.fields.changeRule({ criteriaType })} />
            </div>
            <RuleFields api={form.fields} />
          </div>
          <div className="st-form-actions">
            <a className="button button-secondary" href={routeHref('structures')}>
              Cancel
            </a>
            <button type="submit" className="button button-primary" disabled={isSaving} aria-busy={isSaving}>
              Create structure
            </button>
          </div>
        </div>
        <Aside title="Summary">
          <div className="st-aside-row">
            <TypeBadge type={values.rule.criteriaType} />
            <span className="st-quiet">{projectName ?? 'No project chosen'}</span>
          </div>
          <p className="st-aside-name">{values.name.trim() === '' ? 'Untitled structure' : values.name.trim()}</p>
          {preview === null ? (
            <p className="st-quiet">Complete the rule to see what it pays.</p>
          ) : (
            <div className="st-aside-summary">
              <p className="st-rule-headline">{preview.headline}</p>
              <p className="st-quiet">{preview.detail}</p>
            </div>
          )}
          <ul className="st-aside-notes">
            <li>Saved as version 1, which applies from the beginning: creators assigned with an earlier join date earn under it too.</li>
            <li>Creators are assigned on the structure’s page once it exists.</li>
          </ul>
        </Aside>
      </form>
    </>
  );
}

/** `#/structures/<id>/rule`: the same rule fields, prefilled; saving makes version n+1, in effect from now. */
export function EditRulePage({ structureId }: { structureId: string }) {
  const { result } = useResource(`structure:${structureId}`, (api) => api.call('GET /payout-structures/:id', { params: { id: structureId } }));
  if (result === null) return <FormSkeleton title="Edit rule" />;
  if (!result.ok) return <LoadProblem code={result.error.code} message={result.error.message} />;
  const structure = result.data;
  if (structure.archived_at !== null) {
    return (
      <>
        <Breadcrumb trail={[{ label: structure.name, href: routePath('structures', structure.id) }, { label: 'Edit rule' }]} />
        <PageHeader title="Edit rule" />
        <Banner tone="warning" title="This structure is archived">
          Archived structures keep the rule they had. To pay differently, create a new structure.
        </Banner>
      </>
    );
  }
  return <EditRuleForm structure={structure} />;
}

const checkRuleOnly = (values: StructureFormValues) => checkRule(values.rule);

function EditRuleForm({ structure }: { structure: StructureDetail }) {
  const api = useApi();
  const toast = useToast();
  const current = structure.current_version;
  const [initial] = useState<StructureFormValues>(() => ({ projectId: structure.project_id, name: structure.name, rule: valuesFromRule(current) }));
  const formRef = useRef<HTMLFormElement>(null);
  const form = useStructureForm(initial, checkRuleOnly, formRef);
  const [isSaving, setIsSaving] = useState(false);
  const nextNumber = current.version_number + 1;
  const draft = form.live.body === null ? null : ruleFromBody(form.live.body);
  const changes = draft === null ? null : <RuleChanges before={current} after={draft} label={`Changes in version ${nextNumber}`} emptyText="Nothing has changed yet." />;
  // Compared the way the history will show it: a save that changes nothing would be an empty version.
  const isUnchanged = draft !== null && describeRuleChanges(current, draft).length === 0;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSaving || isUnchanged) return;
    const body = form.submit();
    if (body === null) return;
    setIsSaving(true);
    const result = await api.call('PATCH /payout-structures/:id', { params: { id: structure.id }, body });
    setIsSaving(false);
    if (result.ok) {
      const number = 'version_number' in result.data ? result.data.version_number : nextNumber;
      toast.show({ tone: 'success', title: `Saved version ${number} of ${quoted(structure.name)}`, description: `In effect from now. Periods that ended before keep version ${number - 1}.` });
      window.location.hash = routePath('structures', structure.id);
      return;
    }
    const described = describeFailure(result);
    form.showServerErrors(described.errors, described.banner);
  }

  return (
    <>
      <Breadcrumb trail={[{ label: structure.name, href: routePath('structures', structure.id) }, { label: 'Edit rule' }]} />
      <PageHeader
        title="Edit rule"
        description={
          <>
            {quoted(structure.name)} is on version {current.version_number}. Saving makes version {nextNumber}, in effect from now; earnings already
            computed keep the version they were computed with.
          </>
        }
      />
      <form ref={formRef} className="st-form-layout" onSubmit={(event) => void submit(event)} noValidate aria-label="Edit rule">
        <div className="st-form-main">
          <FormBannerView banner={form.banner} />
          {form.errorOf('criteria_type') === undefined ? null : (
            <Banner tone="danger" title="The type can’t change">
              {form.errorOf('criteria_type')}
            </Banner>
          )}
          <div className="st-form-card">
            <div className="st-form-group">
              <FixedType type={structure.criteria_type} />
            </div>
            <RuleFields api={form.fields} isPeriodLocked />
          </div>
          <RulePreview structureId={structure.id} body={form.live.body} currentNumber={current.version_number} />
          <div className="st-form-actions">
            {isUnchanged ? <span className="field-hint st-form-actions-hint">Change the rule to save a new version.</span> : null}
            <a className="button button-secondary" href={routePath('structures', structure.id)}>
              Cancel
            </a>
            <button type="submit" className="button button-primary" disabled={isSaving || isUnchanged} aria-busy={isSaving}>
              Save as version {nextNumber}
            </button>
          </div>
        </div>
        <Aside title={`Changes in version ${nextNumber}`}>
          {changes ?? <p className="st-quiet">Fix the highlighted fields to see what changes.</p>}
          <ul className="st-aside-notes">
            <li>Periods that end before you save are paid under version {current.version_number}.</li>
            <li>{capitalize(CRITERIA_LABELS[structure.criteria_type])} stays the type; the name is edited on the structure’s page.</li>
          </ul>
        </Aside>
      </form>
    </>
  );
}
