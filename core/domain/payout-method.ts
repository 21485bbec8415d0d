import { z } from 'zod';
import { foldKey } from './text.ts';
import { clientIdField, isoTimestampSchema, metadataSchema, readmeSchema, uuidSchema } from './common.ts';

export const METHOD_NAME_MAX = 100;

/** A way money reaches a creator: Venmo, Cash App, PayPal (seeded defaults) or a custom one. */
export const payoutMethodSchema = z.object({
  id: uuidSchema,
  org_id: uuidSchema,
  name: z.string().min(1).max(METHOD_NAME_MAX),
  icon_url: z.string().max(2048).nullable(),
  is_default: z.boolean(),
  is_active: z.boolean(),
  metadata: metadataSchema,
  readme: readmeSchema,
  created_at: isoTimestampSchema,
  updated_at: isoTimestampSchema,
});
export type PayoutMethod = z.infer<typeof payoutMethodSchema>;

/** Stored document: the API row plus the case-folded name that enforces uniqueness. */
export const payoutMethodDocSchema = payoutMethodSchema.extend({
  name_key: z.string().max(400),
});
export type PayoutMethodDoc = z.infer<typeof payoutMethodDocSchema>;

const methodName = z
  .string()
  .trim()
  .min(1, 'name is required')
  .max(METHOD_NAME_MAX, `name must be at most ${METHOD_NAME_MAX} characters`);
const iconPath = z.string().trim().min(1).max(1024).nullable();

export const createPayoutMethodSchema = z.strictObject({
  ...clientIdField,
  name: methodName,
  icon_path: iconPath.optional(),
  metadata: metadataSchema.optional(),
  readme: readmeSchema.optional(),
});
export type CreatePayoutMethodInput = z.infer<typeof createPayoutMethodSchema>;

export const patchPayoutMethodSchema = z
  .strictObject({
    name: methodName.optional(),
    is_active: z.boolean().optional(),
    icon_path: iconPath.optional(),
    metadata: metadataSchema.optional(),
    readme: readmeSchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: 'at least one of name, is_active, icon_path, metadata, readme is required',
  });
export type PatchPayoutMethodInput = z.infer<typeof patchPayoutMethodSchema>;

/** The seeded defaults every org starts with; they can be disabled, never deleted. */
export const DEFAULT_METHOD_NAMES = ['Venmo', 'Cash App', 'PayPal'] as const;

/** Case-insensitive identity of a method name. */
export const methodNameKey = foldKey;

export function toPayoutMethod(doc: PayoutMethodDoc): PayoutMethod {
  const { name_key: _nameKey, ...row } = doc;
  return row;
}
