import { v5 as uuidv5, validate as uuidValidate } from 'uuid';

/** Namespace for every deterministic id the product derives (UUID v5). */
export const PAYOUTS_NAMESPACE = '0b7c7d0e-6a53-4d0e-9d6e-5f1f3a0c2b71';

export type IdSource = () => string;

/** Random lowercase UUID v4. */
export const randomId: IdSource = () => crypto.randomUUID();

/** Deterministic lowercase UUID v5 of the given parts, so two installations agree on ids. */
export function deterministicId(...parts: string[]): string {
  return uuidv5(parts.join('\u001f'), PAYOUTS_NAMESPACE);
}

export function isUuid(value: string): boolean {
  return uuidValidate(value) && value === value.toLowerCase();
}
