import { createProjectSchema, patchProjectSchema, type CreateProjectInput, type PatchProjectInput, type Project } from '../../../../core/api/contracts/index.ts';
import { issuesToErrors } from '../../ui/form-errors.ts';
import type { FormErrors } from '../../ui/use-form.ts';

export type ProjectField = 'name' | 'timezone' | 'readme';
export type ProjectFormValues = Record<ProjectField, string>;

export const PROJECT_FIELDS = {
  byPath: { name: 'name', timezone: 'timezone', readme: 'readme' } as Record<string, ProjectField>,
  labels: { name: 'Name', timezone: 'Time zone', readme: 'Notes' } satisfies Record<ProjectField, string>,
};

export const EMPTY_PROJECT: ProjectFormValues = { name: '', timezone: 'UTC', readme: '' };

export function valuesFromProject(project: Project): ProjectFormValues {
  return { name: project.name, timezone: project.timezone, readme: project.readme ?? '' };
}

function toCreateInput(values: ProjectFormValues): Record<string, unknown> {
  const input: Record<string, unknown> = { name: values.name, timezone: values.timezone };
  if (values.readme.trim() !== '') input['readme'] = values.readme;
  return input;
}

/** Checked with the same zod schema the server uses. */
export function validateProjectForm(values: ProjectFormValues): FormErrors<ProjectField> {
  const result = createProjectSchema.safeParse(toCreateInput(values));
  return result.success ? {} : issuesToErrors(result.error.issues, PROJECT_FIELDS);
}

export function createProjectBody(values: ProjectFormValues): CreateProjectInput {
  return createProjectSchema.parse(toCreateInput(values));
}

/** Only what changed; null when nothing did. A cleared note is sent as null. */
export function patchProjectBody(values: ProjectFormValues, initial: ProjectFormValues): PatchProjectInput | null {
  const input: Record<string, unknown> = {};
  if (values.name.trim() !== initial.name.trim()) input['name'] = values.name;
  if (values.timezone !== initial.timezone) input['timezone'] = values.timezone;
  if (values.readme !== initial.readme) input['readme'] = values.readme.trim() === '' ? null : values.readme;
  return Object.keys(input).length === 0 ? null : patchProjectSchema.parse(input);
}
