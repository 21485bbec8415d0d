import { z } from 'zod';
import { ApiError } from '../api/errors.ts';
import { decodeCursor, encodeCursor } from '../api/pagination.ts';
import { cursorSchema } from '../domain/common.ts';

/** The collections whose documents `GET /changes` carries (the journal and local documents stay on the server). */
export const SYNCED_COLLECTIONS = ['payout_methods', 'projects', 'creators', 'videos', 'payout_structures', 'assignments', 'accruals', 'payments', 'referrals', 'referral_events', 'payout_batches'] as const;

/** A stored write as the storage's change feed gives it: its store-wide position and the document. */
export type FeedRow = { seq: number; collection: string; id: string; deleted: boolean; document: Record<string, unknown> };

/** The storage's change feed: rows of these collections written after `afterSeq`, in commit order. */
export type ChangeFeed = (afterSeq: number, limit: number, collections: readonly string[]) => FeedRow[];

export const changesQuerySchema = z.strictObject({
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** One change: the whole document as stored, or a tombstone. */
export type Change = { collection: string; id: string; deleted: false; document: Record<string, unknown> } | { collection: string; id: string; deleted: true };

/** The cursor is the store-wide write position of the last change delivered; "from the start" is 0. */
function positionOf(cursor: string | undefined): number {
  if (!cursor) return 0;
  const [seq] = decodeCursor(cursor, 1);
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
    throw new ApiError('invalid_query', 'cursor is not valid; pass meta.next_cursor from the previous page', { meta: { errors: [{ path: 'cursor', message: 'not a cursor this feed issued' }] } });
  }
  return seq;
}

/** Strips the storage's own fields (`_rev`, `_meta`, …): clients get the document as the API stores it. */
function plain(document: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document)) if (!key.startsWith('_')) out[key] = value;
  return out;
}

/**
 * `GET /changes` (SPEC §8): the documents written after the cursor, in commit order, whole, with
 * deletions as tombstones. Every write of the store takes the next store-wide position (`seq`),
 * so two documents written in the same millisecond still have distinct, ordered positions, and a
 * command's writes are contiguous. `next_cursor` is always given (the position of the last change
 * delivered, or the cursor sent when there was none), so a client resumes from it; `has_more`
 * says whether to ask again now.
 */
export function readChanges(feed: ChangeFeed, orgId: string, query: z.infer<typeof changesQuerySchema>): { data: Change[]; meta: { next_cursor: string; has_more: boolean; limit: number } } {
  const after = positionOf(query.cursor);
  const rows = feed(after, query.limit + 1, SYNCED_COLLECTIONS);
  const hasMore = rows.length > query.limit;
  const page = hasMore ? rows.slice(0, query.limit) : rows;
  const last = page[page.length - 1];
  const data: Change[] = [];
  for (const row of page) {
    if (row.document.org_id !== undefined && row.document.org_id !== orgId) continue;
    data.push(row.deleted ? { collection: row.collection, id: row.id, deleted: true } : { collection: row.collection, id: row.id, deleted: false, document: plain(row.document) });
  }
  return { data, meta: { next_cursor: encodeCursor([last ? last.seq : after]), has_more: hasMore, limit: query.limit } };
}
