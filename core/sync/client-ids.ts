import type { CommandEntry } from '../domain/command-journal.ts';
import type { PayoutsDatabase } from '../store/database.ts';
import type { JournalIndex } from '../store/journal-index.ts';

/** A body that names the id of what it creates (SPEC §8: both sides of a sync use the same ids). */
export function clientIdOf(body: unknown): string | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const id = (body as { id?: unknown }).id;
  return typeof id === 'string' ? id : null;
}

/**
 * The journal entry that created the entity (`entity`, `id`): the oldest entry touching it. An id
 * stays taken once a command created something with it, even after that thing was deleted, so a
 * late retry of the create is answered as the first time rather than creating it again.
 *
 * With the journal index (the store's side table) this reads the index rows of that one entity;
 * without it (memory stores) it scans the journal.
 */
export async function findCreation(db: PayoutsDatabase, orgId: string, entity: string, id: string, index?: JournalIndex): Promise<CommandEntry | null> {
  if (index) {
    let below = Number.POSITIVE_INFINITY;
    let oldest: number | null = null;
    const batch = 1000;
    for (;;) {
      const seqs = index.touching([{ entity, id }], below, batch);
      if (seqs.length === 0) break;
      oldest = seqs[seqs.length - 1] as number;
      below = oldest;
      if (seqs.length < batch) break;
    }
    if (oldest === null) return null;
    const doc = await db.commands.findOne({ selector: { org_id: orgId, seq: oldest } }).exec();
    return doc ? (doc.toMutableJSON() as CommandEntry) : null;
  }
  const doc = await db.commands.findOne({ selector: { org_id: orgId, changes: { $elemMatch: { entity, id } } }, sort: [{ seq: 'asc' }] }).exec();
  return doc ? (doc.toMutableJSON() as CommandEntry) : null;
}

/**
 * What a create with a client id that is already taken answers: the original response when the
 * same route got the same request (a retry whose answer was lost), otherwise `conflict`.
 */
export function answerForTakenId(original: CommandEntry, route: string, requestHash: string): { replay: { status: number; body: unknown } } | { conflict: true } {
  if (original.route === route && original.request_hash === requestHash && original.response_body !== null) {
    return { replay: { status: original.status, body: JSON.parse(String(original.response_body)) } };
  }
  return { conflict: true };
}
