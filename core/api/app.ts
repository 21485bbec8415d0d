import type { Clock } from '../domain/clock.ts';
import { randomId, type IdSource } from '../domain/ids.ts';
import type { CommandEntry, EntityChange } from '../domain/command-journal.ts';
import type { PayoutsDatabase } from '../store/database.ts';
import { apiConfigSchema, type ApiConfigInput } from './config.ts';
import { createCommandQueue } from './command-queue.ts';
import type { ApiRequest, ApiResponse, Envelope } from './envelope.ts';
import { ApiError, isApiError } from './errors.ts';
import { createKeyStore, type TransientKey } from './keys.ts';
import { watchQuery } from './live-queries.ts';
import { actorId, type Principal } from './principal.ts';
import { createRateLimiter } from './rate-limit.ts';
import { AnswerAfterRollback, createRouter, parseInput, type HandlerContext, type HandlerResult, type MatchedRoute } from './router.ts';
import { canonicalJson, sha256Hex } from '../domain/bytes.ts';
import { memoryBlobStore, type BlobStore } from '../store/blob-store.ts';
import type { JournalIndex } from '../store/journal-index.ts';
import type { LedgerSums } from '../store/ledger-sums.ts';
import { paymentRoutes } from './routes/payments.ts';
import { listEarnings } from './routes/earnings.ts';
import { payoutMethodRoutes, seedDefaultMethods } from './routes/payout-methods.ts';
import { projectRoutes } from './routes/projects.ts';
import { creatorRoutes } from './routes/creators.ts';
import { videoRoutes } from './routes/videos.ts';
import { referralRoutes } from './routes/referrals.ts';
import { payoutBatchRoutes } from './routes/payout-batches.ts';
import { structureRoutes } from './routes/structures.ts';
import { importRoutes } from './routes/imports.ts';
import { accrualRoutes } from './routes/accruals.ts';
import { backupRoutes } from './routes/backups.ts';
import type { BackupService } from './contracts/backups.ts';
import { getTaxYear } from './routes/tax-years.ts';
import { reportRoutes } from './routes/reports.ts';
import { activityRoutes } from './routes/activity.ts';
import { syncClientRoutes, syncServerRoutes } from './routes/sync.ts';
import type { ChangeFeed } from '../sync/changes.ts';
import type { PushedCommand, SyncControl } from './contracts/sync.ts';
import { endsPush } from '../sync/client.ts';
import { answerForTakenId, clientIdOf, findCreation } from '../sync/client-ids.ts';
import { statementRoutes } from './routes/statements.ts';
import type { StatementPdfRenderer } from './contracts/statements.ts';
import { BehaviorSubject } from 'rxjs';
import type { EngineProgress } from './contracts/watch.ts';
import type { WatchMessage } from './contracts/watch.ts';

const ORG_DOC = 'org';

/**
 * The request an outbox command of `POST /commands` stands for: its path and its query string
 * split and decoded as the HTTP transport reads a URL (the outbox writes it with `journalPath`).
 */
function requestOfCommand(command: PushedCommand): ApiRequest {
  const at = command.path.indexOf('?');
  const query: Record<string, string> = {};
  for (const pair of at < 0 ? [] : command.path.slice(at + 1).split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const [name, value] = equals < 0 ? [pair, ''] : [pair.slice(0, equals), pair.slice(equals + 1)];
    let key: string;
    try {
      key = decodeURIComponent(name.replace(/\+/g, ' '));
      if (key in query) throw new ApiError('invalid_query', `Query parameter ${key} is given more than once`, { meta: { errors: [{ path: key, message: 'given more than once' }] } });
      query[key] = decodeURIComponent(value.replace(/\+/g, ' '));
    } catch (error) {
      if (error instanceof URIError) throw new ApiError('invalid_query', `${command.path}: the query string is not valid percent-encoding`);
      throw error;
    }
  }
  return { method: command.method, path: at < 0 ? command.path : command.path.slice(0, at), query, body: command.body, idempotencyKey: command.idempotency_key };
}

export type CreateApiOptions = {
  db: PayoutsDatabase;
  clock: Clock;
  /** Groups the writes of one command into one durable transaction (identity for memory-only stores). */
  transaction?: <T>(fn: () => Promise<T>) => Promise<T>;
  newId?: IdSource;
  config?: ApiConfigInput;
  transientKeys?: TransientKey[];
  /** Where receipt files live (the store's SQLite file; memory when omitted). */
  blobs?: BlobStore;
  /** The journal's entity index (core/store/journal-index.ts); without it entity filters scan the journal. */
  journalIndex?: JournalIndex;
  /** Backups of the store file (core/node/backup.ts); without it the backup routes answer not_found. */
  backups?: BackupService;
  /** Prints statements as PDF (core/node/statement-pdf.ts); without it PDF requests answer pdf_unavailable. */
  statementPdf?: StatementPdfRenderer;
  /** SQL totals of accruals and payments (core/store/ledger-sums.ts); without it totals read the documents. */
  ledgerSums?: LedgerSums;
  /** The store's change feed (core/store/sqlite-storage.ts `changesSince`); without it `GET /changes` answers not_found. */
  changes?: ChangeFeed;
  /** The sync client (core/sync/service.ts) the local `/sync` routes map to; absent on stores that do not sync. */
  sync?: SyncControl;
  /** Where unexpected errors are reported (never shown to clients beyond "internal error"). */
  onInternalError?: (error: unknown) => void;
};

/**
 * The v1 API over a store: one router for every transport, a single-writer queue, the command
 * journal, keys and rate limits. Transports (HTTP, IPC, tests) call `handle` or `handleWithKey`.
 */
export async function createApi(options: CreateApiOptions) {
  const { db, clock } = options;
  const newId = options.newId ?? randomId;
  const config = apiConfigSchema.parse(options.config ?? {});
  const storeTransaction = options.transaction ?? ((fn) => fn());
  /** A failed transaction rolls back its journal entry, so the seq that entry took is free again. */
  const transaction = async <T,>(fn: () => Promise<T>): Promise<T> => {
    const seqBefore = seq;
    try {
      return await storeTransaction(fn);
    } catch (error) {
      seq = seqBefore;
      throw error;
    }
  };
  const queue = createCommandQueue();
  const blobs = options.blobs ?? memoryBlobStore();
  /** Idempotency keys of requests being processed (org-scoped). */
  const inFlight = new Set<string>();
  const router = createRouter();
  router.add(...payoutMethodRoutes, ...projectRoutes, ...creatorRoutes, ...videoRoutes, ...referralRoutes, ...structureRoutes, ...importRoutes, ...accrualRoutes, ...paymentRoutes, listEarnings, ...backupRoutes, getTaxYear, ...reportRoutes, ...activityRoutes, ...syncServerRoutes, ...syncClientRoutes, ...statementRoutes, ...payoutBatchRoutes);

  const orgId = await ensureOrg(db, newId, clock);
  let seq = await lastSeq(db);
  await transaction(async () => {
    const seeded = await seedDefaultMethods(db, orgId, clock.now().toISOString());
    if (seeded.length > 0) {
      await appendJournal({
        actor: 'system',
        method: 'POST',
        route: 'seed default payout methods',
        path: '/payout-methods',
        request_body: null,
        status: 201,
        changes: seeded.map((row) => ({ entity: 'payout_method', id: row.id, before: null, after: row })),
        idempotency_key: '',
        request_hash: null,
        response_body: null,
        sync_state: 'local_only',
      });
    }
  });

  const keys = createKeyStore({ db, clock, newId, orgId, transient: options.transientKeys ?? [] });
  const rateLimiter = createRateLimiter(clock, config.rateLimit);
  const localPrincipal: Principal = { kind: 'local_user', orgId };
  const progress$ = new BehaviorSubject<EngineProgress>({ running: false, done: 0, total: 0, started_at: null });

  async function appendJournal(entry: Omit<CommandEntry, 'id' | 'org_id' | 'seq' | 'at'>): Promise<void> {
    seq++;
    await db.commands.insert({ id: newId(), org_id: orgId, seq, at: clock.now().toISOString(), ...entry });
  }

  async function execute(request: ApiRequest, principal: Principal): Promise<ApiResponse> {
    const matched = router.match(request.method, request.path);
    // Every mutation honours an Idempotency-Key (SPEC §8: the sync outbox sends one with each command); some require it.
    const hasKey = (request.idempotencyKey?.trim() ?? '') !== '';
    if (matched.route.isMutation && (matched.route.idempotency === 'required' || hasKey)) return executeIdempotent(matched, request, principal);
    const query = parseInput(matched.route.query, request.query ?? {}, 'invalid_query');
    const body = parseInput(matched.route.body, request.body, 'invalid_body');
    // The sync routes run a cycle that itself queues writes: they must not wait in the queue.
    if (matched.route.unqueued) return runRoute(matched, query, body, request, principal, null);
    return queue.run(() => runRoute(matched, query, body, request, principal, null));
  }

  /** Runs a matched route inside the queue: reads directly, mutations in one journaled transaction. */
  async function runRoute(
    { route, params }: MatchedRoute,
    query: unknown,
    body: unknown,
    request: ApiRequest,
    principal: Principal,
    idempotency: { key: string; hash: string } | null,
  ): Promise<ApiResponse> {
    const changes: EntityChange[] = [];
    const ctx: HandlerContext = {
      db,
      blobs,
      backups: options.backups,
      statementPdf: options.statementPdf,
      journalIndex: options.journalIndex,
      ledgerSums: options.ledgerSums,
      changes: options.changes,
      sync: options.sync,
      clock,
      newId,
      config,
      principal,
      orgId: principal.orgId,
      now: clock.now().toISOString(),
      record: (change) => changes.push(change),
      keyNames: () => keys.names(),
      runCommands: (commands) => runCommands(commands, principal),
      canRollBack: options.transaction !== undefined,
      onProgress: (done, total) => progress$.next({ running: done < total, done, total, started_at: progress$.value.started_at ?? clock.now().toISOString() }),
    };
    if (!route.isMutation) return toResponse(await route.handler(ctx, { params, query, body }));
    // SPEC §8: a create may name the id of what it creates; an id already taken answers as the
    // first time (same request) or conflict_id (another one), and creates nothing.
    const clientId = route.createsEntity ? clientIdOf(body) : null;
    const hash = idempotency?.hash ?? (clientId ? await requestHash(route.key, request) : null);
    if (clientId && route.createsEntity && hash) {
      const original = await findCreation(db, principal.orgId, route.createsEntity, clientId, options.journalIndex);
      if (original) {
        const answer = answerForTakenId(original, route.key, hash);
        if ('conflict' in answer) {
          throw new ApiError('conflict_id', `The id ${clientId} is already taken by another request (${original.route}); choose a new id for a new ${route.createsEntity.replace(/_/g, ' ')}`, {
            meta: { errors: [{ path: 'id', message: 'already used for something else' }], id: clientId },
          });
        }
        return { status: answer.replay.status, headers: { 'Idempotent-Replayed': 'true' }, body: answer.replay.body as Envelope<unknown> };
      }
    }
    const keepsResponse = idempotency !== null || clientId !== null;
    try {
      return await transaction(async () => {
        const result = await route.handler(ctx, { params, query, body }).finally(() => {
          if (progress$.value.running || progress$.value.started_at) progress$.next({ running: false, done: 0, total: 0, started_at: null });
        });
        const response = toResponse(result);
        // SPEC §8: the journal is the outbox. Each command keeps what the team server needs to
        // repeat it exactly: its key (made now when the request had none), the query string, the
        // id of what it created and, for an accrual run, the time it evaluated up to.
        await appendJournal({
          actor: actorId(principal),
          method: request.method as CommandEntry['method'],
          route: route.key,
          path: journalPath(request),
          request_body: outboxBody(route, request.body, changes, ctx.now),
          status: response.status,
          changes,
          idempotency_key: idempotency?.key ?? newId(),
          request_hash: keepsResponse ? hash : null,
          response_body: keepsResponse ? JSON.stringify(response.body) : null,
          // A command that changed nothing has nothing for the team server.
          sync_state: changes.length > 0 ? 'pending' : 'local_only',
        });
        return response;
      });
    } catch (error) {
      // A dry run: the writes are undone by the rollback, and its seq freed (transaction()).
      if (error instanceof AnswerAfterRollback) return toResponse(error.result);
      throw error;
    }
  }

  /**
   * SPEC §6 and §8, for every mutation that carries a key (and those that require one): a retry with the same key and body replays the stored response
   * (status and body, errors included) and changes nothing; another body is 422; a retry while the
   * first is running is 409; validation failures (400) are not stored, so a corrected retry may
   * reuse the key.
   */
  async function executeIdempotent(matched: MatchedRoute, request: ApiRequest, principal: Principal, inQueue = false): Promise<ApiResponse> {
    const key = request.idempotencyKey?.trim() ?? '';
    if (!key) throw new ApiError('idempotency_key_required', `Send an Idempotency-Key header (a UUID) with ${matched.route.key} so a retry cannot record it twice`);
    if (key.length > 255) throw new ApiError('invalid_body', 'Idempotency-Key is longer than 255 characters');
    const hash = await requestHash(matched.route.key, request);
    const scopedKey = `${principal.orgId}:${key}`;
    if (inFlight.has(scopedKey)) throw new ApiError('idempotency_key_in_use', 'A request with this Idempotency-Key is still being processed; retry when it has finished');
    inFlight.add(scopedKey);
    // A command of `POST /commands` already holds the queue (and the batch's transaction).
    const run = inQueue ? <T,>(fn: () => Promise<T>) => fn() : queue.run;
    try {
      return await run(async () => {
        const stored = await db.commands.findOne({ selector: { org_id: principal.orgId, idempotency_key: key } }).exec();
        if (stored) {
          if (stored.request_hash !== hash) {
            throw new ApiError('idempotency_key_reused', 'This Idempotency-Key was used for a different request; use a new key for a new request');
          }
          return { status: stored.status, headers: { 'Idempotent-Replayed': 'true' }, body: JSON.parse(String(stored.response_body)) };
        }
        const query = parseInput(matched.route.query, request.query ?? {}, 'invalid_query');
        const body = parseInput(matched.route.body, request.body, 'invalid_body');
        try {
          return await runRoute(matched, query, body, request, principal, { key, hash });
        } catch (error) {
          if (!isApiError(error) || error.status === 400) throw error;
          // A refusal is the answer to this request: a retry must get it again, not a new attempt.
          const response = errorResponse(error);
          await transaction(() =>
            appendJournal({
              actor: actorId(principal),
              method: request.method as CommandEntry['method'],
              route: matched.route.key,
              path: journalPath(request),
              request_body: request.body ?? null,
              status: response.status,
              changes: [],
              idempotency_key: key,
              request_hash: hash,
              response_body: JSON.stringify(response.body),
              sync_state: 'local_only',
            }),
          );
          return response;
        }
      });
    } finally {
      inFlight.delete(scopedKey);
    }
  }

  /**
   * `POST /commands` (docs/sync.md "Push"): outbox commands in one request, each executed exactly
   * as if it had come alone with its Idempotency-Key (replay, 422 reuse, 409 in flight, client
   * ids, refusals journaled), in order, each in its own savepoint of one transaction: one commit
   * for the whole batch. It stops after the first answer the client must retry later
   * (`endsPush`), so a later command never runs before an earlier one is answered.
   */
  async function runCommands(commands: readonly PushedCommand[], principal: Principal): Promise<{ status: number; body: unknown }[]> {
    return queue.run(() =>
      transaction(async () => {
        const answers: { status: number; body: unknown }[] = [];
        for (const command of commands) {
          let response: ApiResponse;
          try {
            const request = requestOfCommand(command);
            const matched = router.match(request.method, request.path);
            if (!matched.route.isMutation || matched.route.unqueued) {
              throw new ApiError('invalid_body', `${matched.route.key} is not a command; POST /commands carries only changes (POST, PATCH, DELETE of v1 resources)`);
            }
            response = await executeIdempotent(matched, request, principal, true);
          } catch (error) {
            response = errorResponse(error);
          }
          answers.push({ status: response.status, body: response.body });
          if (endsPush(response.status, response.body)) break;
        }
        return answers;
      }),
    );
  }

  function errorResponse(error: unknown): ApiResponse {
    if (isApiError(error)) {
      return respond(error.status, { data: null, error: { code: error.code, message: error.message }, meta: error.meta }, error.headers);
    }
    options.onInternalError?.(error);
    return respond(500, { data: null, error: { code: 'internal_error', message: 'Something went wrong on our side; nothing was changed.' }, meta: {} });
  }

  return {
    orgId,
    keys,
    config,
    localPrincipal: () => localPrincipal,
    authenticate: (bearer: string | undefined) => keys.authenticate(bearer),

    /** Handles a request from an already-authenticated principal (IPC, tests). */
    async handle(request: ApiRequest, principal: Principal): Promise<ApiResponse> {
      let response: ApiResponse;
      try {
        response = await execute(request, principal);
      } catch (error) {
        response = errorResponse(error);
      }
      return request.path === '/earnings' ? seed002Error(response) : response;
    },

    /**
     * Handles a request carrying a Bearer key: authentication and rate limits first, then the
     * transport's own complaint about the request (if any), then the route.
     */
    async handleWithKey(request: ApiRequest, bearer: string | undefined, transportError?: ApiError): Promise<ApiResponse> {
      let response: ApiResponse;
      try {
        const principal = await keys.authenticate(bearer);
        if (!principal) throw new ApiError('invalid_api_key', 'Missing or invalid API key: send Authorization: Bearer tga_…');
        rateLimiter.take(principal.kind === 'api_key' ? principal.keyId : 'local');
        // A request the transport could not read (bad JSON, too large) is answered only to a known key.
        if (transportError) throw transportError;
        response = await execute(request, principal);
      } catch (error) {
        response = errorResponse(error);
      }
      return request.path === '/earnings' ? seed002Error(response) : response;
    },

    watch(spec: unknown, principal: Principal, onMessage: (message: WatchMessage) => void): () => void {
      return watchQuery(db, principal.orgId, spec, onMessage, progress$, options.ledgerSums);
    },

    /** Resolves when every queued command has finished. */
    idle: () => queue.idle(),

    /**
     * Runs `fn` as one command of the single writer (queued, one transaction) and journals what it
     * recorded as one entry of `origin` "server": the sync client applies pulled documents here;
     * such entries are never pushed (sync_state local_only, actor `team-server`). The blob store
     * is written in the same transaction (files fetched by content hash).
     */
    writeAsServer<T>(route: string, fn: (write: { db: PayoutsDatabase; blobs: BlobStore; record(change: EntityChange): void }) => Promise<T>): Promise<T> {
      return queue.run(() =>
        transaction(async () => {
          const changes: EntityChange[] = [];
          const result = await fn({ db, blobs, record: (change) => changes.push(change) });
          if (changes.length > 0) {
            await appendJournal({ actor: SERVER_ACTOR, method: 'POST', route, path: '/changes', request_body: null, status: 200, changes, idempotency_key: '', request_hash: null, response_body: null, sync_state: 'local_only' });
          }
          return result;
        }),
      );
    },
  };
}
export type Api = Awaited<ReturnType<typeof createApi>>;

/** The journal actor of documents a pull applied (origin "server"). */
export const SERVER_ACTOR = 'team-server';

/** The request's path with its query string, so a pushed command repeats it exactly (`DELETE …?mode=hard`). */
function journalPath(request: ApiRequest): string {
  const query = Object.entries(request.query ?? {})
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  return query ? `${request.path}?${query}` : request.path;
}

/**
 * The body the outbox pushes: a create carries the id it made (so the team server uses the same
 * one), and a command that defaults to its own time (`commandTime`) carries that time.
 */
function outboxBody(route: MatchedRoute['route'], body: unknown, changes: EntityChange[], now: string): unknown {
  const plain = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  let out: unknown = body ?? null;
  if (route.commandTime && (plain !== null || body === undefined || body === null)) {
    out = { ...(plain ?? {}), [route.commandTime]: (plain?.[route.commandTime] as string | undefined) ?? now };
  }
  if (route.createsEntity && plain && plain.id === undefined) {
    const created = changes.find((change) => change.entity === route.createsEntity && change.before === null);
    if (created) out = { ...(out as Record<string, unknown>), id: created.id };
  }
  return out;
}

/** A request's identity for idempotency: canonical JSON of (route, path, query, body), so key order does not matter. */
function requestHash(route: string, request: ApiRequest): Promise<string> {
  return sha256Hex(canonicalJson({ route, path: request.path, query: request.query ?? {}, body: request.body ?? null }));
}

function respond(status: number, body: Envelope<unknown>, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers, body };
}

function toResponse(result: HandlerResult<unknown>): ApiResponse {
  const status = result.status ?? 200;
  if (result.raw) {
    const headers: Record<string, string> = { 'Content-Type': result.raw.contentType };
    if (result.raw.filename) headers['Content-Disposition'] = `${result.raw.disposition ?? 'attachment'}; filename="${result.raw.filename.replace(/["\\]/g, '_')}"`;
    return { status, headers, body: result.data };
  }
  if (result.bare) return { status, headers: {}, body: result.data };
  return respond(status, { data: result.data, error: null, meta: result.meta ?? {} });
}

const REASON: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 405: 'Method Not Allowed', 429: 'Too Many Requests', 500: 'Internal Server Error' };

/** Seed 002 clients read `{error, message}`; the 401 text is exactly the seed's. */
function seed002Error(response: ApiResponse): ApiResponse {
  const envelope = response.body as Envelope<unknown>;
  if (!envelope || envelope.error === null || response.status < 400) return response;
  const message = response.status === 401 ? 'Invalid or missing API key' : envelope.error.message;
  return { status: response.status, headers: response.headers, body: { error: REASON[response.status] ?? 'Error', message } };
}

async function ensureOrg(db: PayoutsDatabase, newId: IdSource, clock: Clock): Promise<string> {
  const existing = await db.getLocal<{ id: string }>(ORG_DOC);
  if (existing) return existing.toJSON().data.id;
  const id = newId();
  await db.insertLocal(ORG_DOC, { id, created_at: clock.now().toISOString() });
  return id;
}

async function lastSeq(db: PayoutsDatabase): Promise<number> {
  // The selector names `seq` so the plan takes the seq index, read backwards: one row, not a scan
  // of the whole journal (an empty selector takes another index and sorts every entry).
  const last = await db.commands.findOne({ selector: { seq: { $gte: 0 } }, sort: [{ seq: 'desc' }, { id: 'desc' }] }).exec();
  return last?.seq ?? 0;
}
