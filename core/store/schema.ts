import { z } from 'zod';
import type { RxJsonSchema } from 'rxdb';

type JsonSchema = Record<string, unknown>;

/** Removes keys RxDB's schema checker rejects or does not need ($schema, format, pattern). */
function clean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(clean);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema' || key === 'format' || key === 'pattern') continue;
    out[key] = clean(value);
  }
  // RxDB indexes need a maxLength on strings; an enum's longest value is that bound.
  if (Array.isArray(out.enum) && out.maxLength === undefined && out.enum.every((value) => typeof value === 'string')) {
    out.maxLength = Math.max(...(out.enum as string[]).map((value) => value.length));
  }
  return out;
}

/**
 * Derives an RxDB JSON schema from the entity's zod schema, the single source of its shape.
 * Validation at the API boundary is zod's; the derived schema gives RxDB types and indexes.
 */
export function rxSchemaFromZod<T>(
  schema: z.ZodType<T>,
  options: { primaryKey: string & keyof T; version: number; indexes?: (string | string[])[]; title?: string },
): RxJsonSchema<T> {
  const json = clean(z.toJSONSchema(schema, { target: 'draft-7', io: 'output' })) as JsonSchema;
  return {
    ...json,
    title: options.title,
    version: options.version,
    primaryKey: options.primaryKey,
    type: 'object',
    indexes: options.indexes ?? [],
  } as unknown as RxJsonSchema<T>;
}
