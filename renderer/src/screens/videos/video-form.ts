import { appendMetricSchema, createVideoSchema, type AppendMetricInput, type CreateVideoInput } from '../../../../core/api/contracts/index.ts';
import { issuesToErrors } from '../../ui/form-errors.ts';
import type { FormErrors } from '../../ui/use-form.ts';
import { localInputToIso, parseWholeNumber } from './video-format.ts';

export type VideoField = 'projectId' | 'platform' | 'url' | 'postedAt' | 'views' | 'capturedAt';
export type VideoFormValues = Record<VideoField, string>;

export const VIDEO_FIELDS = {
  byPath: { project_id: 'projectId', platform: 'platform', url: 'url', posted_at: 'postedAt', views: 'views', captured_at: 'capturedAt' } as Record<string, VideoField>,
  labels: { projectId: 'Project', platform: 'Platform', url: 'URL', postedAt: 'Posted at', views: 'Views', capturedAt: 'Views counted at' } satisfies Record<VideoField, string>,
};

/** Text that must be a count: undefined when blank, NaN when it is not a whole number. */
function countOf(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  return parseWholeNumber(text) ?? Number.NaN;
}

function timeOf(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  return localInputToIso(text) ?? 'invalid';
}

function toVideoInput(values: VideoFormValues, creatorId: string): Record<string, unknown> {
  const input: Record<string, unknown> = { creator_id: creatorId, project_id: values.projectId, platform: values.platform, url: values.url, posted_at: timeOf(values.postedAt) };
  const views = countOf(values.views);
  if (views !== undefined) input['views'] = views;
  const capturedAt = timeOf(values.capturedAt);
  if (capturedAt !== undefined) input['captured_at'] = capturedAt;
  return input;
}

function countErrors<F extends string>(field: F, label: string, text: string, isRequired: boolean): FormErrors<F> {
  const value = countOf(text);
  if (value === undefined) return isRequired ? ({ [field]: `${label} is required` } as FormErrors<F>) : {};
  return Number.isNaN(value) ? ({ [field]: `${label} must be a whole number, like 12,500` } as FormErrors<F>) : {};
}

function futureError<F extends string>(field: F, text: string): FormErrors<F> {
  const at = timeOf(text);
  return at !== undefined && at !== 'invalid' && at > new Date().toISOString() ? ({ [field]: 'Views can’t be counted in the future' } as FormErrors<F>) : {};
}

export function validateVideoForm(values: VideoFormValues, creatorId: string): FormErrors<VideoField> {
  const result = createVideoSchema.safeParse(toVideoInput(values, creatorId));
  const errors: FormErrors<VideoField> = result.success ? {} : issuesToErrors(result.error.issues, VIDEO_FIELDS);
  if (values.projectId === '') errors.projectId = 'Choose a project';
  if (values.postedAt.trim() === '') errors.postedAt = 'Posted at is required';
  else if (timeOf(values.postedAt) === 'invalid') errors.postedAt = 'Enter a date and time';
  if (timeOf(values.capturedAt) === 'invalid') errors.capturedAt = 'Enter a date and time';
  if (values.capturedAt.trim() !== '' && values.views.trim() === '') errors.capturedAt = 'Give the views counted at this time, or leave it empty';
  return { ...errors, ...countErrors('views', 'Views', values.views, false), ...futureError('capturedAt', values.capturedAt) };
}

export function createVideoBody(values: VideoFormValues, creatorId: string): CreateVideoInput {
  return createVideoSchema.parse(toVideoInput(values, creatorId));
}

export type ViewsField = 'views' | 'capturedAt';
export type ViewsFormValues = Record<ViewsField, string>;

export const VIEWS_FIELDS = {
  byPath: { views: 'views', captured_at: 'capturedAt' } as Record<string, ViewsField>,
  labels: { views: 'Views', capturedAt: 'Counted at' } satisfies Record<ViewsField, string>,
};

function toViewsInput(values: ViewsFormValues): Record<string, unknown> {
  const input: Record<string, unknown> = { views: countOf(values.views) };
  const capturedAt = timeOf(values.capturedAt);
  if (capturedAt !== undefined) input['captured_at'] = capturedAt;
  return input;
}

export function validateViewsForm(values: ViewsFormValues): FormErrors<ViewsField> {
  const result = appendMetricSchema.safeParse(toViewsInput(values));
  const errors: FormErrors<ViewsField> = result.success ? {} : issuesToErrors(result.error.issues, VIEWS_FIELDS);
  if (timeOf(values.capturedAt) === 'invalid') errors.capturedAt = 'Enter a date and time';
  return { ...errors, ...countErrors('views', 'Views', values.views, true), ...futureError('capturedAt', values.capturedAt) };
}

export function viewsBody(values: ViewsFormValues): AppendMetricInput {
  return appendMetricSchema.parse(toViewsInput(values));
}
