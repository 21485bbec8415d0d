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
import { createRouter, parseInput, type HandlerContext } from './router.ts';
import { payoutMethodRoutes, seedDefaultMethods } from './routes/payout-methods.ts';
import { projectRoutes } from './routes/projects.ts';
import { creatorRoutes } from './routes/creators.ts';
import { videoRoutes } from './routes/videos.ts';
import { structureRoutes } from './routes/structures.ts';
import { importRoutes } from './routes/imports.ts';
import { accrualRoutes } from './routes/accruals.ts';
import { BehaviorSubject } from 'rxjs';
import type { EngineProgress } from './contracts/watch.ts';
import type { WatchMessage } from './contracts/watch.ts';

const ORG_DOC = 'org';

export type CreateApiOptions = {
  db: PayoutsDatabase;
  clock: Clock;
  /** Groups the writes of one command into one durable transaction (identity for memory-only stores). */
  transaction?: <T>(fn: () => Promise<T>) => Promise<T>;
  newId?: IdSource;
  config?: ApiConfigInput;
  transientKeys?: TransientKey[];
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
  const transaction = options.transaction ?? ((fn) => fn());
  const queue = createCommandQueue();
  const router = createRouter();
  router.add(...payoutMethodRoutes, ...projectRoutes, ...creatorRoutes, ...videoRoutes, ...structureRoutes, ...importRoutes, ...accrualRoutes);

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
    const { route, params } = router.match(request.method, request.path);
    const query = parseInput(route.query, request.query ?? {}, 'invalid_query');
    const body = parseInput(route.body, request.body, 'invalid_body');
    return queue.run(async () => {
      const changes: EntityChange[] = [];
      const ctx: HandlerContext = {
        db,
        clock,
        newId,
        config,
        principal,
        orgId: principal.orgId,
        now: clock.now().toISOString(),
        record: (change) => changes.push(change),
        onProgress: (done, total) => progress$.next({ running: done < total, done, total, started_at: progress$.value.started_at ?? clock.now().toISOString() }),
      };
      if (!route.isMutation) {
        const result = await route.handler(ctx, { params, query, body });
        if (result.raw) {
          const headers: Record<string, string> = { 'Content-Type': result.raw.contentType };
          if (result.raw.filename) headers['Content-Disposition'] = `attachment; filename="${result.raw.filename}"`;
          return { status: result.status ?? 200, headers, body: result.data };
        }
        return respond(result.status ?? 200, { data: result.data, error: null, meta: result.meta ?? {} });
      }
      return transaction(async () => {
        const result = await route.handler(ctx, { params, query, body }).finally(() => {
          if (progress$.value.running || progress$.value.started_at) progress$.next({ running: false, done: 0, total: 0, started_at: null });
        });
        const status = result.status ?? 200;
        const envelope: Envelope<unknown> = { data: result.data, error: null, meta: result.meta ?? {} };
        await appendJournal({
          actor: actorId(principal),
          method: request.method as CommandEntry['method'],
          route: route.key,
          path: request.path,
          request_body: request.body ?? null,
          status,
          changes,
          idempotency_key: request.idempotencyKey ?? '',
          request_hash: null,
          response_body: null,
          sync_state: 'pending',
        });
        return respond(status, envelope);
      });
    });
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
      try {
        return await execute(request, principal);
      } catch (error) {
        return errorResponse(error);
      }
    },

    /** Handles a request carrying a Bearer key: authentication and rate limits first. */
    async handleWithKey(request: ApiRequest, bearer: string | undefined): Promise<ApiResponse> {
      try {
        const principal = await keys.authenticate(bearer);
        if (!principal) throw new ApiError('invalid_api_key', 'Missing or invalid API key: send Authorization: Bearer tga_…');
        rateLimiter.take(principal.kind === 'api_key' ? principal.keyId : 'local');
        return await execute(request, principal);
      } catch (error) {
        return errorResponse(error);
      }
    },

    watch(spec: unknown, principal: Principal, onMessage: (message: WatchMessage) => void): () => void {
      return watchQuery(db, principal.orgId, spec, onMessage, progress$);
    },

    /** Resolves when every queued command has finished. */
    idle: () => queue.idle(),
  };
}
export type Api = Awaited<ReturnType<typeof createApi>>;

function respond(status: number, body: Envelope<unknown>, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers, body };
}

async function ensureOrg(db: PayoutsDatabase, newId: IdSource, clock: Clock): Promise<string> {
  const existing = await db.getLocal<{ id: string }>(ORG_DOC);
  if (existing) return existing.toJSON().data.id;
  const id = newId();
  await db.insertLocal(ORG_DOC, { id, created_at: clock.now().toISOString() });
  return id;
}

async function lastSeq(db: PayoutsDatabase): Promise<number> {
  const last = await db.commands.findOne({ selector: {}, sort: [{ seq: 'desc' }] }).exec();
  return last?.seq ?? 0;
}
