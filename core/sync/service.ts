import { z } from 'zod';
import type { RxCollection } from 'rxdb';
import type { Api } from '../api/app.ts';
import { syncConflictSchema, type PutSyncBody, type SyncConflict, type SyncControl, type SyncRunResult, type SyncStatus } from '../api/contracts/sync.ts';
import { ApiError } from '../api/errors.ts';
import { keyPrefix } from '../domain/api-key.ts';
import { canonicalJson } from '../domain/bytes.ts';
import type { Clock } from '../domain/clock.ts';
import type { CommandEntry, EntityChange } from '../domain/command-journal.ts';
import type { IdSource } from '../domain/ids.ts';
import { payoutMethodDocSchema } from '../domain/payout-method.ts';
import { projectDocSchema } from '../domain/project.ts';
import { creatorDocSchema } from '../domain/creator.ts';
import { videoDocSchema } from '../domain/video.ts';
import { structureDocSchema } from '../domain/payout-structure.ts';
import { assignmentSchema } from '../domain/assignment.ts';
import { accrualSchema } from '../domain/accrual.ts';
import { paymentSchema } from '../domain/payment.ts';
import { payoutBatchSchema } from '../domain/payout-batch.ts';
import { referralDocSchema, referralEventSchema } from '../domain/referral.ts';
import type { PayoutsDatabase } from '../store/database.ts';
import type { BlobStore } from '../store/blob-store.ts';
import { backoffMs, fetchBlobs, pullToEnd, pushInBatches, readError, type OutboxCommand, type PulledChange, type PushedAnswer, type SyncTransport, type WantedBlob } from './client.ts';
import { checkServerUrl } from './server-url.ts';

export const DEFAULT_SYNC_INTERVAL_SECONDS = 300;

/** Each synced collection: the journal's entity name for its documents and the schema a pulled document must meet. */
const COLLECTIONS: Record<string, { entity: string; schema: z.ZodType<Record<string, unknown>> }> = {
  payout_methods: { entity: 'payout_method', schema: payoutMethodDocSchema },
  projects: { entity: 'project', schema: projectDocSchema },
  creators: { entity: 'creator', schema: creatorDocSchema },
  videos: { entity: 'video', schema: videoDocSchema },
  payout_structures: { entity: 'payout_structure', schema: structureDocSchema },
  assignments: { entity: 'assignment', schema: assignmentSchema },
  accruals: { entity: 'accrual', schema: accrualSchema },
  payments: { entity: 'payment', schema: paymentSchema },
  referrals: { entity: 'referral', schema: referralDocSchema },
  referral_events: { entity: 'referral_event', schema: referralEventSchema },
  payout_batches: { entity: 'payout_batch', schema: payoutBatchSchema },
};
const COLLECTION_OF_ENTITY = new Map(Object.entries(COLLECTIONS).map(([collection, { entity }]) => [entity, collection]));

// Local documents (never in the change feed, never pushed).
const CONFIG_DOC = 'sync-config';
const STATE_DOC = 'sync-state';
const CONFLICTS_DOC = 'sync-conflicts';
const BLOBS_DOC = 'sync-blobs';

const configSchema = z.object({ server_url: z.string(), api_key: z.string(), interval_seconds: z.number().int() });
type SyncConfig = z.infer<typeof configSchema>;
const stateSchema = z.object({
  cursor: z.string().nullable(),
  last_push_at: z.string().nullable(),
  last_pull_at: z.string().nullable(),
  last_error: z.string().nullable(),
  /** How the last cycle ended ('idle', 'offline', 'error'). */
  outcome: z.enum(['idle', 'offline', 'error']),
  /**
   * The journal position up to which answered commands are settled. Commands are pushed in
   * journal order and a pull comes only after every pending one was answered, so the answered
   * (synced or conflicted) entries after this position are exactly those the next complete pull
   * settles; a position rather than a list keeps this document small however many were pushed.
   */
  settled_through: z.number().int(),
});
type SyncState = z.infer<typeof stateSchema>;
const conflictsSchema = z.object({ conflicts: z.array(syncConflictSchema) });
/**
 * The files pulled documents name by content hash that this store lacks (written in the pull
 * page's transaction, so a hash is never forgotten), and how many were fetched in all.
 */
const blobsSchema = z.object({ missing: z.array(z.object({ sha256: z.string(), content_type: z.string() })), fetched: z.number().int() });
type BlobsState = z.infer<typeof blobsSchema>;
const NO_BLOBS: BlobsState = { missing: [], fetched: 0 };

const EMPTY_STATE: SyncState = { cursor: null, last_push_at: null, last_pull_at: null, last_error: null, outcome: 'idle', settled_through: 0 };

export type SyncServiceOptions = {
  api: Api;
  db: PayoutsDatabase;
  clock: Clock;
  newId: IdSource;
  /** Makes the transport to a server (core/node/sync-transport.ts over HTTP). */
  transport: (config: { serverUrl: string; apiKey: string }) => SyncTransport;
  /** Page size of the pull (GET /changes?limit=). */
  pullLimit?: number;
};

export type SyncService = SyncControl & {
  /** The configured interval, or null when sync is off (the timer asks before scheduling). */
  intervalSeconds(): Promise<number | null>;
  /** Called after the configuration changed (the timer reschedules). */
  onConfigChange(listener: () => void): void;
};

/**
 * The desktop's sync client (SPEC §8, docs/sync.md): one cycle pushes every pending journal
 * command in journal order, then pulls the team server's changes to the end and applies them
 * through the single writer as origin "server"; the documents a refused (conflicted) command had
 * changed locally are then replaced by the server's truth. Cycles never overlap.
 */
export function createSyncService(options: SyncServiceOptions): SyncService {
  const { api, db, clock } = options;
  const orgId = api.orgId;
  let running: Promise<SyncRunResult> | null = null;
  let phase: 'pushing' | 'pulling' | null = null;
  const listeners: (() => void)[] = [];

  async function readLocal<T>(id: string, schema: z.ZodType<T>): Promise<T | null> {
    const doc = await db.getLocal(id);
    return doc ? schema.parse(doc.toJSON().data) : null;
  }
  const readConfig = () => readLocal(CONFIG_DOC, configSchema);
  const readState = async () => (await readLocal(STATE_DOC, stateSchema)) ?? EMPTY_STATE;
  /** Copies (stored local documents are frozen). */
  const readBlobs = async (): Promise<BlobsState> => (await readLocal(BLOBS_DOC, blobsSchema)) ?? NO_BLOBS;
  const readConflicts = async (): Promise<SyncConflict[]> => ((await readLocal(CONFLICTS_DOC, conflictsSchema))?.conflicts ?? []).map((conflict) => ({ ...conflict, undone: [...conflict.undone] }));

  /** Local documents are written through the single writer too (one writer for the whole store file). */
  function writeLocal(id: string, data: object): Promise<void> {
    return api.writeAsServer('sync: state', async ({ db: store }) => {
      await store.upsertLocal(id, data as Record<string, unknown>);
    });
  }
  async function updateState(patch: Partial<SyncState>): Promise<void> {
    await writeLocal(STATE_DOC, { ...(await readState()), ...patch });
  }

  async function countPending(): Promise<number> {
    return db.commands.count({ selector: { org_id: orgId, sync_state: 'pending' } }).exec();
  }

  async function status(): Promise<SyncStatus> {
    const config = await readConfig();
    const state = await readState();
    const blobs = await readBlobs();
    return {
      server_url: config?.server_url ?? null,
      key_prefix: config ? keyPrefix(config.api_key) : null,
      interval_seconds: config?.interval_seconds ?? DEFAULT_SYNC_INTERVAL_SECONDS,
      state: !config ? 'off' : (phase ?? state.outcome),
      pending: await countPending(),
      conflicted: (await readConflicts()).length,
      last_push_at: state.last_push_at,
      last_pull_at: state.last_pull_at,
      cursor: state.cursor,
      last_error: state.last_error,
      blobs_missing: blobs.missing.length,
      blobs_fetched: blobs.fetched,
    };
  }

  async function configure(input: PutSyncBody): Promise<SyncStatus> {
    const checked = checkServerUrl(input.server_url);
    if ('error' in checked) throw new ApiError('invalid_body', `server_url ${checked.error}`, { meta: { errors: [{ path: 'server_url', message: checked.error }] } });
    // One authenticated request before anything is saved.
    let answer: { status: number; body: unknown };
    try {
      answer = await options.transport({ serverUrl: checked.url, apiKey: input.api_key }).send({ method: 'GET', path: '/changes?limit=1' });
    } catch (error) {
      throw new ApiError('sync_server_unreachable', `The team server at ${checked.url} could not be reached (${error instanceof Error ? error.message : String(error)}); nothing was saved`);
    }
    if (answer.status === 401) throw new ApiError('invalid_body', 'The team server refused the key; nothing was saved', { meta: { errors: [{ path: 'api_key', message: 'refused by the team server' }] } });
    if (answer.status !== 200) throw new ApiError('sync_server_unreachable', `The team server at ${checked.url} answered ${answer.status} to GET /api/v1/changes; is it a Payouts desk server? Nothing was saved`);
    const before = await readConfig();
    await writeLocal(CONFIG_DOC, { server_url: checked.url, api_key: input.api_key, interval_seconds: input.interval_seconds ?? before?.interval_seconds ?? DEFAULT_SYNC_INTERVAL_SECONDS } satisfies SyncConfig);
    // Another server: its cursor means nothing here; pull it from the start.
    if (before && before.server_url !== checked.url) await updateState({ cursor: null, last_error: null, outcome: 'idle' });
    else await updateState({ last_error: null, outcome: 'idle' });
    for (const listener of listeners) listener();
    return status();
  }

  async function turnOff(): Promise<SyncStatus> {
    await api.writeAsServer('sync: off', async ({ db: store }) => {
      await (await store.getLocal(CONFIG_DOC))?.remove();
    });
    for (const listener of listeners) listener();
    return status();
  }

  async function cycle(config: SyncConfig): Promise<SyncRunResult> {
    const transport = options.transport({ serverUrl: config.server_url, apiKey: config.api_key });
    let pushed = 0;
    let conflicted = 0;
    let blobsFetched = 0;
    const at = () => clock.now().toISOString();
    const stop = async (reason: 'unauthorized' | 'offline', message: string, pulled: number): Promise<SyncRunResult> => {
      const outcome = reason === 'unauthorized' ? 'error' : 'offline';
      await updateState({ outcome, last_error: message });
      return { pushed, conflicted, pulled, blobs_fetched: blobsFetched, blobs_missing: (await readBlobs()).missing.length, cursor: (await readState()).cursor, state: outcome, error: message };
    };

    // Push: every pending command, in journal order; commands made meanwhile are pushed too before the pull.
    phase = 'pushing';
    for (let round = 0; round < 10; round++) {
      const pending = await readRowsOf(db.commands.find({ selector: { org_id: orgId, sync_state: 'pending' }, sort: [{ seq: 'asc' }] }));
      if (pending.length === 0) break;
      const result = await pushInBatches(pending.map(toOutbox), transport, recordAnswers);
      pushed += result.pushed;
      conflicted += result.conflicted;
      if (result.stopped) return stop(result.stopped.reason, result.stopped.message, 0);
    }
    if (pushed + conflicted > 0) await updateState({ last_push_at: at() });

    // Pull to the end from the stored cursor; the cursor is stored only when the pull got there.
    phase = 'pulling';
    const start = await readState();
    const seen = new Set<string>();
    let applyError: string | null = null;
    const pull = await pullToEnd(
      transport,
      start.cursor,
      async (changes) => {
        if (applyError) return;
        try {
          await applyPulled(changes, seen);
        } catch (error) {
          applyError = error instanceof Error ? error.message : String(error);
        }
      },
      options.pullLimit,
    );
    if (applyError) return stop('offline', `a document from the team server could not be applied (${applyError}); retrying later`, pull.pulled);
    if (pull.stopped) return stop(pull.stopped.reason, pull.stopped.message, pull.pulled);

    // Settle what was answered since the last complete pull: the server's truth replaces this desktop's copies.
    await settle(seen, pull.cursor);

    // Files: each hash a pulled document named and this store lacks, fetched once (docs/sync.md "Files").
    const files = await fetchBlobs(await wantedBlobs(), transport, storeBlob);
    blobsFetched = files.fetched;
    if (files.stopped) return stop(files.stopped.reason, files.stopped.message, pull.pulled);
    return { pushed, conflicted, pulled: pull.pulled, blobs_fetched: blobsFetched, blobs_missing: (await readBlobs()).missing.length, cursor: pull.cursor, state: 'idle', error: null };
  }

  /** The missing files to fetch; those that arrived meanwhile (the same bytes uploaded here) are dropped without a fetch. */
  async function wantedBlobs(): Promise<WantedBlob[]> {
    return api.writeAsServer('sync: files', async ({ db: store, blobs }) => {
      const state = await readBlobs();
      const missing: WantedBlob[] = [];
      for (const blob of state.missing) if (!(await blobs.has(blob.sha256))) missing.push(blob);
      if (missing.length !== state.missing.length) await store.upsertLocal(BLOBS_DOC, { ...state, missing });
      return missing;
    });
  }

  /** Verified bytes (their SHA-256 is their name), stored and no longer missing, in one transaction. */
  async function storeBlob(blob: WantedBlob, bytes: Uint8Array): Promise<void> {
    await api.writeAsServer('sync: file', async ({ db: store, blobs }) => {
      await blobs.put(blob.sha256, blob.content_type, bytes);
      const state = await readBlobs();
      await store.upsertLocal(BLOBS_DOC, { missing: state.missing.filter((entry) => entry.sha256 !== blob.sha256), fetched: state.fetched + 1 } satisfies BlobsState);
    });
  }

  /** Adds the files these pulled documents name and this store lacks to the missing ones (inside the page's transaction). */
  async function recordMissingBlobs(store: PayoutsDatabase, blobs: BlobStore, documents: { collection: string; document: Record<string, unknown> }[]): Promise<void> {
    const state = await readBlobs();
    const known = new Set(state.missing.map((blob) => blob.sha256));
    const added: WantedBlob[] = [];
    for (const { collection, document } of documents) {
      for (const blob of blobsNamedBy(collection, document)) {
        if (known.has(blob.sha256) || (await blobs.has(blob.sha256))) continue;
        known.add(blob.sha256);
        added.push(blob);
      }
    }
    if (added.length > 0) await store.upsertLocal(BLOBS_DOC, { ...state, missing: [...state.missing, ...added] } satisfies BlobsState);
  }

  /** The answers to one push request, written at once: each command's state and, for each refused one, the conflict in words. */
  async function recordAnswers(answers: PushedAnswer[]): Promise<void> {
    await api.writeAsServer('sync: push answer', async ({ db: store }) => {
      const refused = answers.some(({ state }) => state === 'conflicted');
      const conflicts = refused ? await readConflicts() : null;
      const docs = await store.commands.findByIds(answers.map(({ command }) => command.id)).exec();
      for (const { command, state, answer } of answers) {
        const doc = docs.get(command.id);
        await doc?.incrementalPatch({ sync_state: state });
        if (conflicts && doc && state === 'conflicted') conflicts.push(conflictOf(doc.toMutableJSON() as CommandEntry, answer));
      }
      if (conflicts) await store.upsertLocal(CONFLICTS_DOC, { conflicts });
    });
  }

  function conflictOf(command: CommandEntry, answer: { status: number; body: unknown }): SyncConflict {
    const error = readError(answer.body);
    return {
      id: options.newId(),
      command_id: command.id,
      at: clock.now().toISOString(),
      method: command.method,
      path: command.path,
      status: answer.status,
      code: error.code,
      message: error.message,
      undone: [],
      text: `The team server refused ${command.method} ${command.path} (${answer.status} ${error.code}): ${error.message}`,
    };
  }

  /** One page of pulled changes, through the single writer as one journal entry of origin "server". */
  async function applyPulled(changes: PulledChange[], seen: Set<string>): Promise<void> {
    await api.writeAsServer('sync: pull', async ({ db: store, blobs, record }) => {
      // A pull carries each document once, so a page is applied per collection: one read of the
      // page's existing documents and one bulk write (not a read and a write per document).
      const byCollection = new Map<string, PulledChange[]>();
      const named: { collection: string; document: Record<string, unknown> }[] = [];
      for (const change of changes) {
        if (!COLLECTIONS[change.collection]) continue;
        seen.add(`${change.collection}:${change.id}`);
        const group = byCollection.get(change.collection);
        if (group) group.push(change);
        else byCollection.set(change.collection, [change]);
      }
      for (const [name, group] of byCollection) {
        const target = COLLECTIONS[name] as { entity: string; schema: z.ZodType<Record<string, unknown>> };
        const collection = collectionOf(store, name);
        const existing = await collection.findByIds(group.map((change) => change.id)).exec();
        const writes: Record<string, unknown>[] = [];
        for (const change of group) {
          const doc = existing.get(change.id);
          const before = doc ? plain(doc.toMutableJSON()) : null;
          if (change.deleted) {
            if (doc) {
              await doc.remove();
              record({ entity: target.entity, id: change.id, before, after: null });
            }
            continue;
          }
          // The server's org is its own: the document becomes this desktop's org's.
          const parsed = target.schema.safeParse({ ...change.document, ...(change.document && 'org_id' in change.document ? { org_id: orgId } : {}) });
          if (!parsed.success) throw new Error(`${change.collection} ${change.id}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`);
          const after = parsed.data;
          named.push({ collection: name, document: after });
          if (before && canonicalJson(before) === canonicalJson(after)) continue;
          writes.push(after);
          record({ entity: target.entity, id: change.id, before, after });
        }
        if (writes.length === 0) continue;
        const result = await collection.bulkUpsert(writes);
        if (result.error.length > 0) throw new Error(`${name}: ${result.error.length} pulled documents could not be written (${JSON.stringify(result.error[0]).slice(0, 300)})`);
      }
      await recordMissingBlobs(store, blobs, named);
    });
  }

  /**
   * After a complete pull, for each command answered since the previous one (newest first): what
   * it created here and the server does not hold (the pull did not bring it) is removed — a
   * refused payment, or an assignment the server made under its own id — and what a refused
   * command changed that the pull did not bring is put back as it was before the command.
   */
  async function settle(seen: Set<string>, cursor: string | null): Promise<void> {
    await api.writeAsServer('sync: settle', async ({ db: store, record }) => {
      const conflicts = await readConflicts();
      const state = await readState();
      const commands = (
        await readRowsOf(store.commands.find({ selector: { org_id: orgId, seq: { $gt: state.settled_through }, sync_state: { $in: ['synced', 'conflicted'] } }, sort: [{ seq: 'asc' }] }))
      ).reverse();
      const settledThrough = Math.max(state.settled_through, ...commands.map((command) => command.seq));
      for (const command of commands) {
        const undone: string[] = [];
        for (const change of command.changes) {
          if (change.entity === 'accrual_run' && change.before === null) {
            const removed = await removeUnconfirmedAccruals(store, change, seen);
            for (const doc of removed) record({ entity: 'accrual', id: doc.id as string, before: doc, after: null });
            if (removed.length > 0) undone.push(`${removed.length} accrual(s) of accrual run ${change.id} removed`);
            continue;
          }
          const name = COLLECTION_OF_ENTITY.get(change.entity);
          if (!name || seen.has(`${name}:${change.id}`)) continue;
          const collection = collectionOf(store, name);
          const local = await collection.findOne(change.id).exec();
          if (!local) continue;
          const current = plain(local.toMutableJSON());
          if (change.before === null) {
            await local.remove();
            record({ entity: change.entity, id: change.id, before: current, after: null });
            undone.push(`${change.entity.replace(/_/g, ' ')} ${change.id} removed`);
          } else if (command.sync_state === 'conflicted') {
            const restored = restoreBefore(current, change);
            const parsed = (COLLECTIONS[name] as { schema: z.ZodType<Record<string, unknown>> }).schema.safeParse(restored);
            if (!parsed.success) continue;
            await collection.upsert(parsed.data);
            record({ entity: change.entity, id: change.id, before: current, after: parsed.data });
            undone.push(`${change.entity.replace(/_/g, ' ')} ${change.id} put back as before`);
          }
        }
        const conflict = conflicts.find((entry) => entry.command_id === command.id);
        if (conflict && command.sync_state === 'conflicted') {
          conflict.undone = undone;
          conflict.text = `${conflict.text}${undone.length > 0 ? `. Undone on this desktop: ${undone.join('; ')}` : '. Nothing on this desktop needed undoing'}.`;
        }
      }
      await store.upsertLocal(CONFLICTS_DOC, { conflicts });
      await store.upsertLocal(STATE_DOC, { ...state, cursor, last_pull_at: clock.now().toISOString(), last_error: null, outcome: 'idle', settled_through: settledThrough } satisfies SyncState);
    });
  }

  /**
   * A local accrual run is journaled as one `accrual_run` change (its accruals are not listed one
   * by one). The server repeats the run with the same `as_of` and makes the same ids, so each
   * accrual it made comes back in the pull; one this run made here that the pull did not bring
   * (the server's catalog differed: an assignment ended, a structure refused) is not the team's
   * and is removed. Runs that created nothing are skipped; otherwise a scan of the accruals (no
   * index on `run_id`), once per answered run.
   */
  async function removeUnconfirmedAccruals(store: PayoutsDatabase, change: EntityChange, seen: Set<string>): Promise<Record<string, unknown>[]> {
    const run = change.after as { created?: unknown } | null;
    if (typeof run?.created === 'number' && run.created === 0) return [];
    const made = await store.accruals.find({ selector: { org_id: orgId, run_id: change.id } }).exec();
    const removed: Record<string, unknown>[] = [];
    for (const doc of made) {
      if (seen.has(`accruals:${doc.id}`)) continue;
      removed.push(plain(doc.toMutableJSON() as Record<string, unknown>));
      await doc.remove();
    }
    return removed;
  }

  async function runNow(): Promise<SyncRunResult> {
    if (running) return running;
    // Set before the first await, so a second request joins this cycle.
    running = (async () => {
      const config = await readConfig();
      if (!config) throw new ApiError('sync_not_configured', 'Sync is off: set the team server with PUT /api/v1/sync first');
      return cycle(config);
    })().finally(() => {
      running = null;
      phase = null;
    });
    return running;
  }

  return {
    status,
    configure,
    turnOff,
    runNow,
    conflicts: readConflicts,
    async dismissConflict(id) {
      const conflicts = await readConflicts();
      const rest = conflicts.filter((conflict) => conflict.id !== id);
      if (rest.length === conflicts.length) return false;
      await writeLocal(CONFLICTS_DOC, { conflicts: rest });
      return true;
    },
    async intervalSeconds() {
      return (await readConfig())?.interval_seconds ?? null;
    },
    onConfigChange(listener) {
      listeners.push(listener);
    },
  };
}

/**
 * The service host's timer: a cycle every `interval_seconds` while sync is on; after a cycle that
 * stopped offline, the next one comes after an exponential backoff with jitter (capped by the
 * interval). A cycle never overlaps another (runNow joins the running one).
 */
export function startSyncTimer(service: SyncService, options: { random?: () => number; onError?: (error: unknown) => void } = {}): () => Promise<void> {
  const random = options.random ?? Math.random;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let failures = 0;
  let current: Promise<unknown> = Promise.resolve();

  async function schedule(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    if (stopped) return;
    const interval = await service.intervalSeconds();
    if (interval === null || stopped) return;
    const waitMs = failures === 0 ? interval * 1000 : Math.min(interval * 1000, Math.max(1000, backoffMs(failures, random)));
    timer = setTimeout(() => {
      current = service
        .runNow()
        .then((result) => {
          failures = result.state === 'offline' ? failures + 1 : 0;
        })
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => void schedule());
    }, waitMs);
  }

  service.onConfigChange(() => {
    failures = 0;
    void schedule();
  });
  void schedule();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await current;
  };
}

/** The files a pulled document names by content hash: a payment's receipts, a payout batch's exported file. */
function blobsNamedBy(collection: string, document: Record<string, unknown>): WantedBlob[] {
  let named: { sha256: string; content_type: string }[] = [];
  if (collection === 'payments') named = document.receipts as { sha256: string; content_type: string }[];
  else if (collection === 'payout_batches' && document.file) named = [document.file as { sha256: string; content_type: string }];
  // Only a hash in the form the store writes can name a file (and be put in a path).
  return named.filter(({ sha256 }) => /^[0-9a-f]{64}$/.test(sha256)).map(({ sha256, content_type }) => ({ sha256, content_type }));
}

function toOutbox(entry: CommandEntry): OutboxCommand {
  return { id: entry.id, method: entry.method, path: entry.path, body: entry.request_body, idempotencyKey: entry.idempotency_key };
}

async function readRowsOf(query: { exec(): Promise<{ toMutableJSON(): unknown }[]> }): Promise<CommandEntry[]> {
  return (await query.exec()).map((doc) => doc.toMutableJSON() as CommandEntry);
}

function collectionOf(db: PayoutsDatabase, name: string): RxCollection<Record<string, unknown>> {
  return (db as unknown as Record<string, RxCollection<Record<string, unknown>>>)[name] as RxCollection<Record<string, unknown>>;
}

/** The document as the API stores it, without the storage's own fields (`_rev`, `_meta`, …). */
function plain(document: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document)) if (!key.startsWith('_')) out[key] = value;
  return out;
}

/** A refused command's change undone field by field: what it set and had no value before becomes null, the rest as before. */
function restoreBefore(current: Record<string, unknown>, change: EntityChange): Record<string, unknown> {
  const before = (change.before ?? {}) as Record<string, unknown>;
  const after = (change.after ?? {}) as Record<string, unknown>;
  const restored = { ...current };
  for (const key of Object.keys(after)) if (!(key in before) && key in current) restored[key] = null;
  return { ...restored, ...before };
}
