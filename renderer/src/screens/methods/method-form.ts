import type { z } from 'zod';
import {
  createPayoutMethodSchema,
  patchPayoutMethodSchema,
  type CreatePayoutMethodInput,
  type PatchPayoutMethodInput,
  type PayoutMethod,
} from '../../../../core/api/contracts/index.ts';
import type { CallResult } from '../../api/client.ts';
import { quoted } from '../../format.ts';

/** What the dialog's fields hold: always strings, so inputs stay controlled. */
export type MethodFormValues = { name: string; iconPath: string; readme: string };
export type MethodField = keyof MethodFormValues;
export type MethodFormErrors = Partial<Record<MethodField, string>>;
export type FormBanner = { title?: string; text: string };

export const METHOD_FIELDS: readonly MethodField[] = ['name', 'iconPath', 'readme'];

const LABELS: Record<MethodField, string> = { name: 'Name', iconPath: 'Icon URL', readme: 'Notes' };
/** API body paths → the field that shows their errors. */
const FIELD_BY_PATH: Record<string, MethodField> = { name: 'name', icon_path: 'iconPath', readme: 'readme' };

export const EMPTY_VALUES: MethodFormValues = { name: '', iconPath: '', readme: '' };

export function valuesFromMethod(method: PayoutMethod): MethodFormValues {
  return { name: method.name, iconPath: method.icon_url ?? '', readme: method.readme ?? '' };
}

/** Server messages may lack the final period; banners read as sentences. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function messageFor(field: MethodField, issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_big') return `${LABELS[field]} must be at most ${issue.maximum.toLocaleString()} characters`;
  if (issue.code === 'too_small') return `${LABELS[field]} is required`;
  return capitalize(issue.message);
}

function issuesToErrors(issues: readonly z.core.$ZodIssue[]): MethodFormErrors {
  const errors: MethodFormErrors = {};
  for (const issue of issues) {
    const field = FIELD_BY_PATH[String(issue.path[0] ?? '')];
    if (field !== undefined) errors[field] ??= messageFor(field, issue);
  }
  return errors;
}

/** Optional text fields: blank means "not given". */
function blankToUndefined(text: string): string | undefined {
  return text.trim() === '' ? undefined : text;
}

function toCreateInput(values: MethodFormValues): Record<string, unknown> {
  const input: Record<string, unknown> = { name: values.name };
  const iconPath = blankToUndefined(values.iconPath)?.trim();
  if (iconPath !== undefined) input['icon_path'] = iconPath;
  const readme = blankToUndefined(values.readme);
  if (readme !== undefined) input['readme'] = readme;
  return input;
}

/** Field errors for what is typed now, checked with the same zod schema the server uses. */
export function validateMethodForm(values: MethodFormValues): MethodFormErrors {
  const result = createPayoutMethodSchema.safeParse(toCreateInput(values));
  return result.success ? {} : issuesToErrors(result.error.issues);
}

export type BodyResult<T> = { ok: true; body: T } | { ok: false; errors: MethodFormErrors };

export function createBody(values: MethodFormValues): BodyResult<CreatePayoutMethodInput> {
  const result = createPayoutMethodSchema.safeParse(toCreateInput(values));
  return result.success ? { ok: true, body: result.data } : { ok: false, errors: issuesToErrors(result.error.issues) };
}

/**
 * Only what changed, so an edit never overwrites a field someone else changed meanwhile.
 * The body is null when nothing changed; cleared optional fields are sent as null.
 */
export function patchBody(values: MethodFormValues, initial: MethodFormValues): BodyResult<PatchPayoutMethodInput | null> {
  const input: Record<string, unknown> = {};
  if (values.name.trim() !== initial.name.trim()) input['name'] = values.name;
  if (values.iconPath.trim() !== initial.iconPath.trim()) input['icon_path'] = blankToUndefined(values.iconPath)?.trim() ?? null;
  if (values.readme !== initial.readme) input['readme'] = blankToUndefined(values.readme) ?? null;
  if (Object.keys(input).length === 0) return { ok: true, body: null };
  const result = patchPayoutMethodSchema.safeParse(input);
  return result.success ? { ok: true, body: result.data } : { ok: false, errors: issuesToErrors(result.error.issues) };
}

type Failure = Extract<CallResult<'POST /payout-methods'>, { ok: false }> | Extract<CallResult<'PATCH /payout-methods/:id'>, { ok: false }>;

/** Server answers → messages where the user will look for them: under a field, or in a banner. */
export function describeSaveFailure(failure: Failure, name: string): { fieldErrors: MethodFormErrors; banner: FormBanner | null } {
  const { error } = failure;
  switch (error.code) {
    case 'conflict_name':
      return { fieldErrors: { name: `A method named ${quoted(name.trim())} already exists` }, banner: null };
    case 'limit_reached':
      return {
        fieldErrors: {},
        banner: {
          title: 'Plan limit reached',
          text: `${asSentence(error.message)} Venmo, Cash App and PayPal don’t count toward it.`,
        },
      };
    case 'invalid_body': {
      const fieldErrors: MethodFormErrors = {};
      const unplaced: string[] = [];
      for (const [path, message] of Object.entries(failure.fieldErrors)) {
        const field = FIELD_BY_PATH[path.split('.')[0] ?? ''];
        if (field === undefined) unplaced.push(`${path}: ${message}`);
        else fieldErrors[field] ??= capitalize(message);
      }
      const hasPlaced = Object.keys(fieldErrors).length > 0;
      const banner = unplaced.length > 0 || !hasPlaced ? { text: unplaced.length > 0 ? unplaced.join('; ') : error.message } : null;
      return { fieldErrors, banner };
    }
    case 'network_error':
      return { fieldErrors: {}, banner: { title: 'Not saved', text: error.message } };
    default:
      return { fieldErrors: {}, banner: { title: 'Not saved', text: error.message } };
  }
}
