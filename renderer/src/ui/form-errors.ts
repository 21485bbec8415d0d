import type { z } from 'zod';
import type { ClientError } from '../api/client.ts';
import type { FormErrors } from './use-form.ts';

export type FormBanner = { title?: string; text: string };

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Server messages may lack the final period; banners read as sentences. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

type FieldMap<F extends string> = { byPath: Record<string, F>; labels: Record<F, string> };

function messageFor(label: string, issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_big' && issue.origin === 'string') return `${label} must be at most ${issue.maximum.toLocaleString()} characters`;
  if (issue.code === 'too_small' && issue.origin === 'string') return `${label} is required`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${label} is required`;
  // Schema messages name the API field ("target must be…"); the form shows its own label.
  const message = issue.message.replace(/^[a-z_]+ (must|is) /, `${label} $1 `);
  return /^must /.test(message) ? `${label} ${message}` : capitalize(message);
}

/** zod issues → one message per field, in the form's words. */
export function issuesToErrors<F extends string>(issues: readonly z.core.$ZodIssue[], fields: FieldMap<F>): FormErrors<F> {
  const errors: FormErrors<F> = {};
  for (const issue of issues) {
    const field = fields.byPath[String(issue.path[0] ?? '')];
    if (field !== undefined) errors[field] ??= messageFor(fields.labels[field], issue);
  }
  return errors;
}

type Failure = { error: ClientError; fieldErrors: Record<string, string> };

/**
 * Server answers → messages where the user will look for them: under the field the server named
 * (`meta.errors` paths), or in a banner for what no field shows.
 */
export function describeFailure<F extends string>(failure: Failure, fields: FieldMap<F>, title = 'Not saved'): { fieldErrors: FormErrors<F>; banner: FormBanner | null } {
  const fieldErrors: FormErrors<F> = {};
  const unplaced: string[] = [];
  for (const [path, message] of Object.entries(failure.fieldErrors)) {
    const field = fields.byPath[path.split('.')[0] ?? ''];
    if (field === undefined) unplaced.push(`${path}: ${message}`);
    else fieldErrors[field] ??= capitalize(message);
  }
  const hasPlaced = Object.keys(fieldErrors).length > 0;
  if (failure.error.code === 'invalid_body' || failure.error.code === 'invalid_query') {
    const banner = unplaced.length > 0 || !hasPlaced ? { title, text: unplaced.length > 0 ? unplaced.join('; ') : asSentence(failure.error.message) } : null;
    return { fieldErrors, banner };
  }
  // Other codes carry a sentence worth reading in full; it goes under the field when one is named.
  const [first] = Object.keys(fieldErrors) as F[];
  if (first !== undefined) return { fieldErrors: { [first]: asSentence(failure.error.message) } as FormErrors<F>, banner: null };
  return { fieldErrors: {}, banner: { title, text: asSentence(failure.error.message) } };
}
