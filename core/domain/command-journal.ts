import { z } from 'zod';
import { isoTimestampSchema, uuidSchema } from './common.ts';

/** One entity a command changed, with its state before and after (null when absent). */
export const entityChangeSchema = z.object({
  entity: z.string(),
  id: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type EntityChange = z.infer<typeof entityChangeSchema>;

/**
 * The command journal: one entry per mutation the API accepted. It is the audit log (who, when,
 * what changed), the idempotency record (key, request hash, stored response) and the sync
 * outbox (entries not yet pushed, in `seq` order).
 */
export const commandEntrySchema = z.object({
  id: uuidSchema,
  org_id: uuidSchema,
  seq: z.number().int().min(0).max(1e15).multipleOf(1),
  at: isoTimestampSchema,
  actor: z.string().max(200),
  method: z.enum(['POST', 'PATCH', 'DELETE']),
  route: z.string().max(200),
  path: z.string().max(2000),
  request_body: z.unknown().nullable(),
  status: z.number().int(),
  changes: z.array(entityChangeSchema),
  /** '' when the request carried no Idempotency-Key. */
  idempotency_key: z.string().max(300),
  request_hash: z.string().max(100).nullable(),
  response_body: z.unknown().nullable(),
  /**
   * The outbox state (SPEC §8): `pending` until the team server answers it, then `synced` (2xx) or
   * `conflicted` (refused; docs/sync.md). `local_only` entries are never pushed (no change, seeds,
   * stored refusals, documents a pull applied).
   */
  sync_state: z.enum(['local_only', 'pending', 'synced', 'conflicted']),
});
export type CommandEntry = z.infer<typeof commandEntrySchema>;
