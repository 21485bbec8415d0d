/**
 * Helpers of test/integration/durability.test.ts: reading a store file directly with node:sqlite
 * (independently of the storage code under test), replaying the command journal against the
 * stored entities, and the writer child's line protocol (see test/fixtures/durability-writer.ts).
 */
import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { isDeepStrictEqual } from 'node:util';
import type { CommandEntry } from '../../core/domain/command-journal.ts';
import type { PayoutMethodDoc } from '../../core/domain/payout-method.ts';
import { hasStore, storedRows } from '../support/store-file.ts';

export const METHODS_INSTANCE = 'payouts/payout_methods/0';
export const COMMANDS_INSTANCE = 'payouts/commands/1';

type StoredMeta = { _deleted: boolean; _rev: string; _meta: { lwt: number }; _attachments: unknown };
export type StoredMethod = PayoutMethodDoc & StoredMeta;
export type StoredCommand = CommandEntry & StoredMeta;

/** What the SQLite file holds, read without RxDB. */
export type StoreSnapshot = {
  integrity: string[];
  /** Live (not `_deleted`) payout methods by id, defaults included. */
  methods: Map<string, StoredMethod>;
  /** Ids of payout methods stored as tombstones (`_deleted`). */
  tombstones: Set<string>;
  /** Live journal entries by ascending seq. */
  commands: StoredCommand[];
  /** Rows whose columns disagree with their JSON document, or journal entries marked deleted. */
  rowProblems: string[];
};

/** Reads the store file; null when there is no store yet (the writer was killed before creating it). */
export function readStoreFile(path: string): StoreSnapshot | null {
  if (!existsSync(path)) return null;
  const sqlite = new DatabaseSync(path, { readOnly: true });
  try {
    const integrity = sqlite.prepare('PRAGMA integrity_check').all().map((row) => String(row.integrity_check));
    if (!hasStore(sqlite)) {
      if (integrity.join() !== 'ok') throw new Error(`store without its table registry fails integrity_check: ${integrity.join('; ')}`);
      return null;
    }
    const rows = storedRows(sqlite, [METHODS_INSTANCE, COMMANDS_INSTANCE]);
    const snapshot: StoreSnapshot = { integrity, methods: new Map(), tombstones: new Set(), commands: [], rowProblems: [] };
    for (const row of rows) {
      const doc = JSON.parse(row.data) as StoredMethod | StoredCommand;
      if (doc.id !== row.id) snapshot.rowProblems.push(`${row.instance} row ${row.id} holds document ${doc.id}`);
      if (row.deleted !== (doc._deleted ? 1 : 0)) snapshot.rowProblems.push(`${row.instance} row ${row.id}: deleted=${row.deleted}, _deleted=${doc._deleted}`);
      if (row.instance === METHODS_INSTANCE) {
        if (doc._deleted) snapshot.tombstones.add(doc.id);
        else snapshot.methods.set(doc.id, doc as StoredMethod);
      } else if (doc._deleted) {
        snapshot.rowProblems.push(`journal entry ${doc.id} is deleted`);
      } else {
        snapshot.commands.push(doc as StoredCommand);
      }
    }
    snapshot.commands.sort((a, b) => a.seq - b.seq);
    return snapshot;
  } finally {
    sqlite.close();
  }
}

/** The API row of a stored document: what the journal records as `before`/`after`. */
export function apiRow(doc: Record<string, unknown>): Record<string, unknown> {
  const { name_key: _nameKey, _deleted, _rev, _meta, _attachments, ...row } = doc;
  return row;
}

/** The document without RxDB's bookkeeping fields (what `toMutableJSON()` minus those gives). */
export function plainDoc(doc: Record<string, unknown>): Record<string, unknown> {
  const { _deleted, _rev, _meta, _attachments, ...row } = doc;
  return row;
}

/**
 * Entities and journal agree, i.e. no command is half-applied: `seq` runs 1, 2, 3 … without gaps
 * or repeats; replaying every entry's `after` states in seq order gives exactly the stored payout
 * methods (each live method was created by a journaled command and is in its last journaled
 * state; each method the journal last shows deleted is not live).
 */
export function journalProblems(snapshot: StoreSnapshot): string[] {
  const problems: string[] = [...snapshot.rowProblems];
  snapshot.commands.forEach((entry, index) => {
    if (entry.seq !== index + 1) problems.push(`journal seq ${entry.seq} at position ${index + 1} (expected ${index + 1}: gap or repeat)`);
  });
  const replayed = new Map<string, unknown>();
  for (const entry of snapshot.commands) {
    for (const change of entry.changes) {
      if (change.entity === 'payout_method') replayed.set(change.id, change.after);
    }
  }
  for (const [id, doc] of snapshot.methods) {
    if (!replayed.has(id)) problems.push(`method ${id} (${doc.name}) is stored but no journal entry created it`);
    else if (replayed.get(id) === null) problems.push(`method ${id} (${doc.name}) is stored but the journal deleted it`);
    else if (!isDeepStrictEqual(replayed.get(id), apiRow(doc))) {
      problems.push(`method ${id}: stored ${JSON.stringify(apiRow(doc))} but the journal's last state is ${JSON.stringify(replayed.get(id))}`);
    }
  }
  for (const [id, after] of replayed) {
    if (after !== null && !snapshot.methods.has(id)) problems.push(`the journal's last state of method ${id} is ${JSON.stringify(after)} but it is not stored`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The writer's line protocol
// ---------------------------------------------------------------------------------------------

export type Op =
  | { kind: 'create'; id: string | null; name: string; is_active: boolean }
  | { kind: 'patch'; id: string; name: string; is_active: boolean }
  | { kind: 'delete'; id: string };

/** Parses `DO …`/`ACK …` payloads (the words after DO or ACK). */
export function parseOp(words: string[], acknowledged: boolean): Op {
  const [kind, ...rest] = words;
  switch (kind) {
    case 'create':
      return acknowledged
        ? { kind, id: rest[0] as string, name: rest[1] as string, is_active: rest[2] === 'true' }
        : { kind, id: null, name: rest[0] as string, is_active: true };
    case 'patch':
      return { kind, id: rest[0] as string, name: rest[1] as string, is_active: rest[2] === 'true' };
    case 'delete':
      return { kind, id: rest[0] as string };
    default:
      throw new Error(`unknown writer op: ${words.join(' ')}`);
  }
}

/** True when the ACK reports what the DO before it announced (ids are only known once acknowledged). */
export function sameOp(intent: Op, ack: Op): boolean {
  if (intent.kind !== ack.kind) return false;
  if (intent.kind === 'create') return intent.name === (ack as typeof intent).name;
  return isDeepStrictEqual(intent, ack);
}

/** Whether journal `entry` is the command `op` (for a create whose id is unknown, by name). */
export function entryIsOp(entry: CommandEntry, op: Op): boolean {
  const [change] = entry.changes;
  if (!change || entry.changes.length !== 1 || change.entity !== 'payout_method') return false;
  if (op.id !== null && change.id !== op.id) return false;
  const after = change.after as { name: string; is_active: boolean } | null;
  switch (op.kind) {
    case 'create':
      return entry.route === 'POST /payout-methods' && change.before === null && after?.name === op.name && after.is_active;
    case 'patch':
      return entry.route === 'PATCH /payout-methods/:id' && after?.name === op.name && after.is_active === op.is_active;
    case 'delete':
      return entry.route === 'DELETE /payout-methods/:id' && after === null;
  }
}

/** mulberry32: small seeded PRNG, so a failing run can be replayed with DURABILITY_SEED. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
