import { parse as uuidParse, validate as uuidValidate } from 'uuid';
import { uuidV5 } from './uuid-v5.ts';

/** Namespace for every deterministic id the product derives (UUID v5). */
export const PAYOUTS_NAMESPACE = '0b7c7d0e-6a53-4d0e-9d6e-5f1f3a0c2b71';

export type IdSource = () => string;

/** Random lowercase UUID v4. */
export const randomId: IdSource = () => crypto.randomUUID();

const NAMESPACE_BYTES = uuidParse(PAYOUTS_NAMESPACE);

/** Deterministic lowercase UUID v5 of the given parts, so two installations agree on ids. */
export function deterministicId(...parts: string[]): string {
  return uuidV5(parts.join('\u001f'), NAMESPACE_BYTES);
}

export function isUuid(value: string): boolean {
  return uuidValidate(value) && value === value.toLowerCase();
}
