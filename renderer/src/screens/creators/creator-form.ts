import { createCreatorSchema, patchCreatorSchema, type CreateCreatorInput, type Creator, type PatchCreatorInput } from '../../../../core/api/contracts/index.ts';
import { issuesToErrors } from '../../ui/form-errors.ts';
import type { FormErrors } from '../../ui/use-form.ts';

export type CreatorField = 'name' | 'handle' | 'email' | 'payoutHandle' | 'methodId';
export type CreatorFormValues = Record<CreatorField, string>;

export const CREATOR_FIELDS = {
  byPath: { name: 'name', handle: 'handle', email: 'email', payout_handle: 'payoutHandle', default_method_id: 'methodId' } as Record<string, CreatorField>,
  labels: { name: 'Name', handle: 'Handle', email: 'Email', payoutHandle: 'Payout handle', methodId: 'Default payout method' } satisfies Record<CreatorField, string>,
};

export const EMPTY_CREATOR: CreatorFormValues = { name: '', handle: '', email: '', payoutHandle: '', methodId: '' };

export function valuesFromCreator(creator: Creator): CreatorFormValues {
  return {
    name: creator.name,
    handle: creator.handle ?? '',
    email: creator.email ?? '',
    payoutHandle: creator.payout_handle ?? '',
    methodId: creator.default_method_id ?? '',
  };
}

function toInput(values: CreatorFormValues): Record<string, unknown> {
  return {
    name: values.name,
    handle: values.handle.trim() === '' ? null : values.handle,
    email: values.email.trim() === '' ? null : values.email.trim(),
    payout_handle: values.payoutHandle.trim() === '' ? null : values.payoutHandle,
    default_method_id: values.methodId === '' ? null : values.methodId,
  };
}

/** Checked with the server's own schema as you type. */
export function validateCreatorForm(values: CreatorFormValues): FormErrors<CreatorField> {
  const result = createCreatorSchema.safeParse(toInput(values));
  return result.success ? {} : issuesToErrors(result.error.issues, CREATOR_FIELDS);
}

export function createCreatorBody(values: CreatorFormValues): CreateCreatorInput {
  return createCreatorSchema.parse(toInput(values));
}

/** Only what changed (cleared fields as null); null when nothing did. */
export function patchCreatorBody(values: CreatorFormValues, initial: CreatorFormValues): PatchCreatorInput | null {
  const next = toInput(values);
  const before = toInput(initial);
  const paths = ['name', 'handle', 'email', 'payout_handle', 'default_method_id'] as const;
  const input: Record<string, unknown> = {};
  for (const path of paths) {
    const isSame = typeof next[path] === 'string' && typeof before[path] === 'string' ? (next[path] as string).trim() === (before[path] as string).trim() : next[path] === before[path];
    if (!isSame) input[path] = next[path];
  }
  return Object.keys(input).length === 0 ? null : patchCreatorSchema.parse(input);
}
