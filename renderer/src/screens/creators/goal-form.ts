import { createGoalSchema, patchGoalSchema, type CreatorGoal, type PatchGoalInput } from '../../../../core/api/contracts/index.ts';
import { issuesToErrors } from '../../ui/form-errors.ts';
import type { FormErrors } from '../../ui/use-form.ts';
import { parseWholeNumber } from '../videos/video-format.ts';

export type GoalField = 'projectId' | 'metric' | 'target' | 'period';
export type GoalFormValues = Record<GoalField, string>;

export const GOAL_FIELDS = {
  byPath: { project_id: 'projectId', metric: 'metric', target: 'target', period: 'period' } as Record<string, GoalField>,
  labels: { projectId: 'Project', metric: 'Metric', target: 'Target', period: 'Period' } satisfies Record<GoalField, string>,
};

export const METRIC_LABELS: Record<CreatorGoal['metric'], string> = { videos_posted: 'Videos posted', views: 'Views' };
export const PERIOD_LABELS: Record<CreatorGoal['period'], string> = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' };
const PERIOD_UNITS: Record<CreatorGoal['period'], string> = { daily: 'day', weekly: 'week', monthly: 'month' };

/** "4 videos a week", "100,000 views a month". */
export function describeGoal(goal: Pick<CreatorGoal, 'metric' | 'target' | 'period'>): string {
  const noun = goal.metric === 'views' ? (goal.target === 1 ? 'view' : 'views') : goal.target === 1 ? 'video' : 'videos';
  return `${goal.target.toLocaleString()} ${noun} a ${PERIOD_UNITS[goal.period]}`;
}

export function emptyGoal(projectId: string): GoalFormValues {
  return { projectId, metric: 'videos_posted', target: '', period: 'weekly' };
}

export function valuesFromGoal(goal: CreatorGoal): GoalFormValues {
  return { projectId: goal.project_id, metric: goal.metric, target: String(goal.target), period: goal.period };
}

/** The target as typed ("10,000" is fine); NaN marks text that is no whole number. */
function targetOf(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  return parseWholeNumber(text) ?? Number.NaN;
}

function toInput(values: GoalFormValues, creatorId: string): Record<string, unknown> {
  return { project_id: values.projectId, creator_id: creatorId, metric: values.metric, target: targetOf(values.target), period: values.period };
}

/** `createGoalSchema`, with a plain sentence for a target that is not a number at all. */
export function validateGoalForm(values: GoalFormValues, creatorId: string): FormErrors<GoalField> {
  const errors: FormErrors<GoalField> = {};
  const target = targetOf(values.target);
  if (target === undefined) errors.target = 'Target is required';
  else if (Number.isNaN(target)) errors.target = 'Target must be a whole number, like 4 or 10,000';
  if (values.projectId === '') errors.projectId = 'Choose a project';
  const result = createGoalSchema.safeParse(toInput(values, creatorId));
  return result.success ? errors : { ...issuesToErrors(result.error.issues, GOAL_FIELDS), ...errors };
}

export function createGoalBody(values: GoalFormValues, creatorId: string) {
  return createGoalSchema.parse(toInput(values, creatorId));
}

export function patchGoalBody(values: GoalFormValues, initial: GoalFormValues): PatchGoalInput | null {
  const input: Record<string, unknown> = {};
  if (values.metric !== initial.metric) input['metric'] = values.metric;
  if (targetOf(values.target) !== targetOf(initial.target)) input['target'] = targetOf(values.target);
  if (values.period !== initial.period) input['period'] = values.period;
  return Object.keys(input).length === 0 ? null : patchGoalSchema.parse(input);
}
