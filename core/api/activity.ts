import type { MangoQuerySelector, RxCollection } from 'rxdb';
import { LIST_CHANGES, toActivityChange, type ActivityItem, type ActivityQuery } from '../domain/activity.ts';
import { actorName, describeCommand } from '../domain/activity-text.ts';
import type { CommandEntry } from '../domain/command-journal.ts';
import type { PayoutsDatabase } from '../store/database.ts';
import { ApiError } from './errors.ts';
import { listPage } from './list.ts';
import { decodeCursor, pageOf } from './pagination.ts';
import type { JournalIndex, JournalTarget } from '../store/journal-index.ts';
import type { ListMeta } from './envelope.ts';

/** Names of API keys by key id (stored keys and this process's transient ones). */
export type KeyNames = ReadonlyMap<string, string>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The collections whose documents sentences name, and where an entity of each type lives. */
function namedCollections(db: PayoutsDatabase): Record<string, RxCollection<{ id: string; org_id: string }>> {
  return {
    payout_method: db.payout_methods,
    project: db.projects,
    creator: db.creators,
    video: db.videos,
    payout_structure: db.payout_structures,
    assignment: db.assignments,
    accrual: db.accruals,
    payment: db.payments,
    referral: db.referrals,
    referral_event: db.referral_events,
  } as unknown as Record<string, RxCollection<{ id: string; org_id: string }>>;
}

/**
 * `GET /activity`: the org's journal entries, newest first (by `seq`, the journal's own order),
 * filtered by entity, actor and time. The journal is read through its `seq` index from the
 * cursor down and the filters are checked per entry, so a page costs the entries scanned until
 * it is full. An accrual's history includes the run that created it (its `run_id`).
 */
export async function listActivity(
  db: PayoutsDatabase,
  orgId: string,
  query: ActivityQuery,
  keyNames: KeyNames,
  index?: JournalIndex,
): Promise<{ data: ActivityItem[]; meta: ListMeta } | null> {
  const selector: MangoQuerySelector<CommandEntry> = { org_id: orgId };
  if (query.actor) selector.actor = { $in: actorCandidates(query.actor, keyNames) };
  if (query.from || query.to) selector.at = { ...(query.from && { $gte: query.from }), ...(query.to && { $lte: query.to }) };
  let exists = false;
  const targets: JournalTarget[] = [];
  if (query.entity_id) {
    targets.push({ entity: query.entity, id: query.entity_id });
    exists = await entityExists(db, orgId, query.entity, query.entity_id);
    if (query.entity === 'accrual' || query.entity === undefined) {
      const accrual = await db.accruals.findOne(query.entity_id).exec();
      if (accrual && accrual.org_id === orgId) targets.push({ entity: 'accrual_run', id: accrual.run_id });
    }
  } else if (query.entity) {
    targets.push({ entity: query.entity });
  }
  let page: { data: CommandEntry[]; meta: ListMeta };
  if (targets.length > 0 && index) {
    page = await pageThroughIndex(db, index, targets, selector, query);
  } else {
    if (targets.length > 0) selector.$or = targets.map((target) => ({ changes: { $elemMatch: { ...(target.entity && { entity: target.entity }), ...(target.id && { id: target.id }) } } }) as MangoQuerySelector<CommandEntry>);
    page = await listPage(db.commands, selector, query, { sortField: 'seq', dir: 'desc', toRow: (doc) => doc });
  }
  // Another org's id, or one that never existed here: no resource, rather than an empty history.
  if (query.entity_id && !query.cursor && page.data.length === 0 && !exists) return null;
  const focus = query.entity_id ? (change: { id: string }) => change.id === query.entity_id : null;
  return { data: await toItems(db, orgId, page.data, keyNames, { focus, maxChanges: LIST_CHANGES }), meta: page.meta };
}

/**
 * An entity filter answered by the journal index: the `seq`s of the entries touching the
 * entity, newest first from the cursor, read in batches; the other filters (org, actor, time)
 * are checked on those entries only. Same cursor as {@link listPage} ([seq, id]).
 */
async function pageThroughIndex(
  db: PayoutsDatabase,
  index: JournalIndex,
  targets: JournalTarget[],
  selector: MangoQuerySelector<CommandEntry>,
  query: ActivityQuery,
): Promise<{ data: CommandEntry[]; meta: ListMeta }> {
  let below = Number.POSITIVE_INFINITY;
  if (query.cursor) {
    const [seq] = decodeCursor(query.cursor, 2);
    if (typeof seq !== 'number') throw new ApiError('invalid_query', 'cursor is not valid; pass meta.next_cursor from the previous page', { meta: { errors: [{ path: 'cursor', message: 'not a cursor this list issued' }] } });
    below = seq;
  }
  const matches: CommandEntry[] = [];
  const batch = query.limit + 1;
  while (matches.length < batch) {
    const seqs = index.touching(targets, below, batch);
    if (seqs.length === 0) break;
    const docs = await db.commands.find({ selector: { ...selector, seq: { $in: seqs } }, sort: [{ seq: 'desc' }] }).exec();
    matches.push(...docs.map((doc) => doc.toMutableJSON() as CommandEntry));
    below = seqs[seqs.length - 1] as number;
    if (seqs.length < batch) break;
  }
  const { rows, meta } = pageOf(matches.slice(0, batch), query.limit, (entry) => [entry.seq, entry.id]);
  return { data: rows, meta };
}

/** `GET /activity/{id}`: one entry with every entity it touched; null when absent or another org's. */
export async function getActivity(db: PayoutsDatabase, orgId: string, id: string, keyNames: KeyNames): Promise<ActivityItem | null> {
  const doc = await db.commands.findOne(id).exec();
  if (!doc || doc.org_id !== orgId) return null;
  const [item] = await toItems(db, orgId, [doc.toMutableJSON() as CommandEntry], keyNames, { focus: null, maxChanges: Infinity });
  return item ?? null;
}

/** A name typed by a person (any case) or a stored actor, as the stored actors it may mean. */
function actorCandidates(actor: string, keyNames: KeyNames): string[] {
  const wanted = actor.toLowerCase();
  const candidates = new Set<string>([actor]);
  for (const [id, name] of keyNames) if (name.toLowerCase() === wanted) candidates.add(`key:${id}`);
  for (const stored of ['local_user', 'system', 'system:accrual-timer']) if (actorName(stored, keyNames).toLowerCase() === wanted) candidates.add(stored);
  return [...candidates];
}

async function entityExists(db: PayoutsDatabase, orgId: string, entity: string | undefined, id: string): Promise<boolean> {
  const collections = namedCollections(db);
  const where = entity ? [collections[entity]].filter((collection) => collection !== undefined) : Object.values(collections);
  for (const collection of where) {
    const doc = await collection.findOne(id).exec();
    if (doc && doc.org_id === orgId) return true;
  }
  return false;
}

async function toItems(
  db: PayoutsDatabase,
  orgId: string,
  entries: CommandEntry[],
  keyNames: KeyNames,
  options: { focus: ((change: { id: string; entity: string }) => boolean) | null; maxChanges: number },
): Promise<ActivityItem[]> {
  // Everything the sentences may name: ids in paths, bodies and the first changes of each entry.
  const ids = new Set<string>();
  const journalState = new Map<string, Record<string, unknown>>();
  const addIds = (value: unknown) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    for (const [field, item] of Object.entries(value)) if (field.endsWith('_id') && typeof item === 'string' && UUID.test(item)) ids.add(item);
  };
  for (const entry of entries) {
    for (const segment of (entry.path.split('?')[0] ?? '').split('/')) if (UUID.test(segment)) ids.add(segment);
    addIds(entry.request_body);
    for (const change of entry.changes.slice(0, 50)) {
      ids.add(change.id);
      addIds(change.before);
      addIds(change.after);
      const state = (change.after ?? change.before) as Record<string, unknown> | null;
      if (state && typeof state === 'object' && !journalState.has(change.id)) journalState.set(change.id, state);
    }
  }
  const stored = new Map<string, Record<string, unknown>>();
  const collections = namedCollections(db);
  const fetch = async (wanted: string[], from: RxCollection<{ id: string; org_id: string }>[]) => {
    if (wanted.length === 0) return;
    for (const collection of from) {
      const found = await collection.findByIds(wanted).exec();
      for (const [id, doc] of found) if (doc.org_id === orgId) stored.set(id, doc.toJSON() as Record<string, unknown>);
    }
  };
  await fetch([...ids], Object.values(collections));
  // What those name in turn: an accrual's or a payment's creator, project, method, structure.
  for (const doc of [...stored.values()]) addIds(doc);
  const named = [collections.creator, collections.project, collections.payout_method, collections.payout_structure].filter((collection) => collection !== undefined);
  await fetch([...ids].filter((id) => !stored.has(id)), named);
  const lookup = (id: string | null | undefined) => (id ? (stored.get(id) ?? journalState.get(id) ?? null) : null);

  return entries.map((entry) => {
    const who = actorName(entry.actor, keyNames);
    const ordered = options.focus ? [...entry.changes.filter(options.focus), ...entry.changes.filter((change) => !options.focus?.(change))] : entry.changes;
    return {
      id: entry.id,
      seq: entry.seq,
      at: entry.at,
      actor: entry.actor,
      actor_name: who,
      method: entry.method,
      route: entry.route,
      path: entry.path,
      status: entry.status,
      summary: describeCommand(entry, who, lookup),
      change_count: entry.changes.length,
      changes: ordered.slice(0, options.maxChanges).map(toActivityChange),
    };
  });
}
