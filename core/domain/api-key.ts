import { z } from 'zod';
import { isoTimestampSchema, uuidSchema } from './common.ts';
import { sha256Hex } from './bytes.ts';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `tga_` + 32 base62 characters; `sk_` keys of seed 002 clients are accepted too. */
export const apiKeyFormat = /^(tga_[0-9A-Za-z]{32}|sk_[0-9A-Za-z_]{16,128})$/;

/** A stored key: only its hash and a short prefix are kept; the key itself is shown once. */
export const apiKeyRecordSchema = z.object({
  id: uuidSchema,
  org_id: uuidSchema,
  name: z.string().min(1).max(100),
  prefix: z.string().max(16),
  hash: z.string().length(64),
  created_at: isoTimestampSchema,
  revoked_at: isoTimestampSchema.nullable(),
});
export type ApiKeyRecord = z.infer<typeof apiKeyRecordSchema>;

/** A new random key, from a uniform draw over base62 (rejection sampling, no modulo bias). */
export function generateApiKey(): string {
  let out = 'tga_';
  while (out.length < 36) {
    const bytes = crypto.getRandomValues(new Uint8Array(48));
    for (const byte of bytes) {
      if (byte < 248 && out.length < 36) out += BASE62[byte % 62];
    }
  }
  return out;
}

/** What is shown of a key after creation, e.g. `tga_AbC1…`. */
export function keyPrefix(key: string): string {
  return key.slice(0, key.startsWith('tga_') ? 8 : 7);
}

export function hashApiKey(key: string): Promise<string> {
  return sha256Hex(key);
}
