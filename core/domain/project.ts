import { z } from 'zod';
import { clientIdField, isoTimestampSchema, metadataSchema, readmeSchema, uuidSchema } from './common.ts';
import { canonicalTimeZone, isValidTimeZone } from './timezone.ts';

/** An IANA zone; every period of the project's structures is cut in it. */
export const timezoneSchema = z
  .string()
  .trim()
  .max(64)
  .refine(isValidTimeZone, { message: 'must be an IANA time zone such as "America/New_York" or "UTC"' })
  .transform(canonicalTimeZone);

export const projectSchema = z.object({
  id: uuidSchema,
  org_id: uuidSchema,
  name: z.string().min(1).max(200),
  timezone: z.string().max(64),
  /** A creator whose payable balance is below this is left out of batches ("below minimum"). */
  min_payout_cents: z.number().int().min(0).max(1e13),
  metadata: metadataSchema,
  readme: readmeSchema,
  created_at: isoTimestampSchema,
  updated_at: isoTimestampSchema,
});
export type Project = z.infer<typeof projectSchema>;

export const projectDocSchema = projectSchema.extend({ name_key: z.string().max(800) });
export type ProjectDoc = z.infer<typeof projectDocSchema>;

export const minPayoutSchema = z.number().int('min_payout_cents must be whole cents').min(0, 'min_payout_cents must not be negative').max(1e13);

const projectName = z.string().trim().min(1, 'name is required').max(200, 'name must be at most 200 characters');

export const createProjectSchema = z.strictObject({
  ...clientIdField,
  name: projectName,
  timezone: timezoneSchema.default('UTC'),
  min_payout_cents: minPayoutSchema.default(0),
  metadata: metadataSchema.optional(),
  readme: readmeSchema.optional(),
});
export type CreateProjectInput = z.input<typeof createProjectSchema>;

export const patchProjectSchema = z
  .strictObject({
    name: projectName.optional(),
    timezone: timezoneSchema.optional(),
    min_payout_cents: minPayoutSchema.optional(),
    metadata: metadataSchema.optional(),
    readme: readmeSchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'at least one of name, timezone, min_payout_cents, metadata, readme is required' });
export type PatchProjectInput = z.input<typeof patchProjectSchema>;

export function toProject(doc: ProjectDoc): Project {
  const { name_key: _nameKey, ...row } = doc;
  return row;
}
