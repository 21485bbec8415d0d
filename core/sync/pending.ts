import type { CommandEntry } from '../domain/command-journal.ts';
import type { PayoutsDatabase } from '../store/database.ts';
import type { JournalIndex } from '../store/journal-index.ts';

/** One entity with local commands the team server has not answered yet. */
export type PendingEntity = {
  entity: string;
  id: string;
  /** True when the command that created it is pending: the team server does not hold it at all. */
  created: boolean;
};

/**
 * Which of these entities (`entity` type, ids) have pending journal commands (SPEC §8's outbox),
 * and whether the one that created it is among them. Pushes go in journal order, so every pending
 * entry comes after every answered one: walking an entity's entries newest first, the walk ends
 * at the first answered (synced or conflicted) entry. With the journal index this reads the
 * index rows and the entries of those ids only; without it (memory stores) it scans the journal.
 */
export async function pendingEntities(db: PayoutsDatabase, orgId: string, entity: string, ids: readonly string[], index?: JournalIndex): Promise<PendingEntity[]> {
  const found: PendingEntity[] = [];
  for (const id of new Set(ids)) {
    const entries = index ? entriesOf(db, orgId, entity, id, index) : scanned(db, orgId, entity, id);
    let pending = false;
    let created = false;
    for await (const entry of entries) {
      if (entry.sync_state === 'synced' || entry.sync_state === 'conflicted') break;
      if (entry.sync_state !== 'pending') continue;
      pending = true;
      if (entry.changes.some((change) => change.entity === entity && change.id === id && change.before === null)) created = true;
    }
    if (pending) found.push({ entity, id, created });
  }
  return found;
}

/** The journal entries touching one entity, newest first, read through the index a batch at a time. */
async function* entriesOf(db: PayoutsDatabase, orgId: string, entity: string, id: string, index: JournalIndex): AsyncGenerator<CommandEntry> {
  let below = Number.POSITIVE_INFINITY;
  const batch = 100;
  for (;;) {
    const seqs = index.touching([{ entity, id }], below, batch);
    for (const seq of seqs) {
      const doc = await db.commands.findOne({ selector: { org_id: orgId, seq } }).exec();
      if (doc) yield doc.toMutableJSON() as CommandEntry;
    }
    if (seqs.length < batch) return;
    below = seqs[seqs.length - 1] as number;
  }
}

async function* scanned(db: PayoutsDatabase, orgId: string, entity: string, id: string): AsyncGenerator<CommandEntry> {
  const docs = await db.commands.find({ selector: { org_id: orgId, changes: { $elemMatch: { entity, id } } }, sort: [{ seq: 'desc' }] }).exec();
  for (const doc of docs) yield doc.toMutableJSON() as CommandEntry;
}
