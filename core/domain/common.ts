import { z } from 'zod';

/** Lowercase UUID, the only id format of the API. */
export const uuidSchema = z
  .string()
  .max(36)
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lowercase UUID');

/** The client's own id for what a create makes (SPEC §8: both sides of a sync use the same ids). */
export const clientIdField = { id: uuidSchema.optional() };

/** ISO 8601 UTC with milliseconds: 2026-05-01T00:00:00.000Z. */
export const isoTimestampSchema = z
  .string()
  .max(24)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'must be an ISO 8601 UTC timestamp with milliseconds');

/** Agent-writable structured data attached to an entity. */
export const metadataSchema = z.record(z.string(), z.unknown());

/** Markdown notes, or null. */
export const readmeSchema = z.string().max(100_000).nullable();

/** `1 | true` and `0 | false` as the seed's query parameters spell booleans. */
export const queryBooleanSchema = z
  .enum(['1', 'true', '0', 'false'])
  .transform((value) => value === '1' || value === 'true');

export const limitSchema = z.coerce.number().int().min(1).max(100).default(50);
export const cursorSchema = z.string().min(1).max(512);

const ISO_4217 = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 currency code (upper case), checked against the runtime's list of codes. */
export const currencySchema = z
  .string()
  .length(3, 'currency must be a 3-letter ISO 4217 code such as USD or EUR')
  .refine((code) => ISO_4217.has(code), { message: 'currency must be an ISO 4217 code such as USD or EUR' });
