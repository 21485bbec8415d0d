import { z } from 'zod';
import { canonicalJson } from './bytes.ts';
import { cursorSchema, isoTimestampSchema, limitSchema, uuidSchema } from './common.ts';

/**
 * The kinds of entity a journal entry records a change of (`changes[].entity`). `entity` filters
 * of `GET /activity` must name one of them.
 */
export const ACTIVITY_ENTITIES = [
  'payout_method',
  'project',
  'creator',
  'creator_goal',
  'video',
  'video_snapshot',
  'payout_structure',
  'assignment',
  'accrual',
  'accrual_run',
  'payment',
  'payment_receipt',
] as const;
export type ActivityEntity = (typeof ACTIVITY_ENTITIES)[number];

const dateOrTimestamp = z.union([z.iso.date(), isoTimestampSchema], { message: 'must be a date (YYYY-MM-DD) or an ISO 8601 UTC timestamp' });

/** `GET /activity`: every filter optional; `from`/`to` are inclusive, a date meaning that whole UTC day. */
export const activityQuerySchema = z
  .strictObject({
    entity: z.enum(ACTIVITY_ENTITIES, { message: `entity must be one of ${ACTIVITY_ENTITIES.join(', ')}` }).optional(),
    entity_id: uuidSchema.optional(),
    /** The stored actor (`key:…`, `local_user`, `system:…`) or an actor's name, case-insensitive. */
    actor: z.string().trim().min(1).max(200).optional(),
    from: dateOrTimestamp.optional(),
    to: dateOrTimestamp.optional(),
    limit: limitSchema,
    cursor: cursorSchema.optional(),
  })
  .transform((query, ctx) => {
    const from = query.from && dayBound(query.from, 'from');
    const to = query.to && dayBound(query.to, 'to');
    if (from && to && from > to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must not be after to' });
    return { ...query, from, to };
  });
export type ActivityQuery = z.output<typeof activityQuerySchema>;

/** `YYYY-MM-DD` → the first (from) or last (to) millisecond of that UTC day; timestamps as given. */
function dayBound(value: string, side: 'from' | 'to'): string {
  if (value.length !== 10) return value;
  const start = Date.parse(`${value}T00:00:00.000Z`);
  return new Date(side === 'from' ? start : start + 86_400_000 - 1).toISOString();
}

/** One top-level field of an entity that a command changed. `null` before = it did not exist. */
export const activityFieldSchema = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
export type ActivityField = z.infer<typeof activityFieldSchema>;

/** One entity a command touched, as the fields that differ between its state before and after. */
export const activityChangeSchema = z.object({
  entity: z.string(),
  id: z.string(),
  action: z.enum(['created', 'updated', 'deleted']),
  fields: z.array(activityFieldSchema),
});
export type ActivityChange = z.infer<typeof activityChangeSchema>;

/** A journal entry as the audit log shows it. */
export const activityItemSchema = z.object({
  id: uuidSchema,
  seq: z.number().int(),
  at: isoTimestampSchema,
  /** As stored: `key:<key id>`, `local_user`, `system:<task>`; pulled commands keep their author's. */
  actor: z.string(),
  /** The actor as a person reads it: the key's name, "Owner", "Accrual timer". */
  actor_name: z.string(),
  method: z.string(),
  route: z.string(),
  path: z.string(),
  status: z.number().int(),
  /** One sentence: "Dana recorded a $120.00 Venmo payment to Ana Lima". */
  summary: z.string(),
  change_count: z.number().int(),
  /** The entities touched (all of them in the detail; in lists at most {@link LIST_CHANGES}, the filtered entity first). */
  changes: z.array(activityChangeSchema),
});
export type ActivityItem = z.infer<typeof activityItemSchema>;

/** Changes carried by each list item; an import touches thousands, the detail route has them all. */
export const LIST_CHANGES = 20;

/** The fields that differ between two states of an entity (every field when one side is absent). */
export function changedFields(before: unknown, after: unknown): ActivityField[] {
  const b = asRecord(before);
  const a = asRecord(after);
  const names = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  const fields: ActivityField[] = [];
  for (const field of names) {
    const was = b ? (b[field] ?? null) : null;
    const now = a ? (a[field] ?? null) : null;
    if (b && a && canonicalJson(was) === canonicalJson(now)) continue;
    if (was === null && now === null) continue;
    fields.push({ field, before: was, after: now });
  }
  return fields;
}

export function toActivityChange(change: { entity: string; id: string; before: unknown; after: unknown }): ActivityChange {
  const action = change.before == null ? 'created' : change.after == null ? 'deleted' : 'updated';
  return { entity: change.entity, id: change.id, action, fields: changedFields(change.before, change.after) };
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
