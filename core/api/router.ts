import type { z } from 'zod';
import type { EntityChange } from '../domain/command-journal.ts';
import type { Clock } from '../domain/clock.ts';
import type { IdSource } from '../domain/ids.ts';
import type { PayoutsDatabase } from '../store/database.ts';
import type { JournalIndex } from '../store/journal-index.ts';
import type { BlobStore } from '../store/blob-store.ts';
import type { BackupService } from './contracts/backups.ts';
import type { StatementPdfRenderer } from './contracts/statements.ts';
import type { PushAnswer, PushedCommand } from './contracts/sync.ts';
import type { ApiConfig } from './config.ts';
import type { ApiMeta, ApiRequest } from './envelope.ts';
import { ApiError, type FieldError } from './errors.ts';
import type { Principal } from './principal.ts';
import type { ApiRoutes, RouteKey } from './contracts/index.ts';
import type { LedgerSums } from '../store/ledger-sums.ts';
import type { ChangeFeed } from '../sync/changes.ts';
import type { SyncControl } from './contracts/sync.ts';

/** Everything a handler may use; mutations record what they change through `record`. */
export type HandlerContext = {
  db: PayoutsDatabase;
  blobs: BlobStore;
  clock: Clock;
  newId: IdSource;
  config: ApiConfig;
  principal: Principal;
  orgId: string;
  /** The time of this command, one value for every timestamp it writes. */
  now: string;
  record(change: EntityChange): void;
  /** Backups of the store file (absent when the store lives in memory). */
  backups?: BackupService;
  /** Prints statements as PDF (absent when no Chromium can be started: PDF requests answer pdf_unavailable). */
  statementPdf?: StatementPdfRenderer;
  /** Names of the API keys (journal actors `key:<id>`), for the audit log. */
  keyNames(): Promise<ReadonlyMap<string, string>>;
  /** Which journal entries touched which entity (the store's side table; absent in memory stores). */
  journalIndex?: JournalIndex;
  /** SQL totals and payable sets over the ledger's side table (absent in memory stores). */
  ledgerSums?: LedgerSums;
  /** The store's change feed for `GET /changes` (absent in memory stores). */
  changes?: ChangeFeed;
  /** The sync client behind the local `/sync` routes (absent when the host runs none). */
  sync?: SyncControl;
  /** Long commands report progress here (shown live in the UI). */
  onProgress?: (done: number, total: number) => void;
  /** Runs outbox commands of `POST /commands` in one transaction, each as if it came alone (core/api/app.ts). */
  runCommands?: (commands: readonly PushedCommand[]) => Promise<PushAnswer[]>;
  /** Whether a command's writes can be rolled back (the SQLite store); memory stores cannot. */
  canRollBack: boolean;
};

/**
 * Thrown by a mutation handler to answer `result` after everything the command wrote is rolled
 * back and nothing journaled: a dry run that runs the real command, so what it reports is what
 * the command would do, by the same rules. Only where `ctx.canRollBack`.
 */
export class AnswerAfterRollback extends Error {
  constructor(readonly result: HandlerResult<unknown>) {
    super('answered after rolling the command back');
  }
}

/**
 * `raw` sends `data` (text or bytes) as the body with that content type instead of the envelope;
 * `bare` sends `data` as the whole JSON body (seed 002's earnings shapes).
 */
export type HandlerResult<D> = {
  status?: number;
  data: D;
  meta?: ApiMeta;
  raw?: { contentType: string; filename?: string; disposition?: 'attachment' | 'inline' };
  bare?: boolean;
};

export type RouteDefinition<Q = unknown, B = unknown, D = unknown> = {
  key: RouteKey;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /**
   * Path parameters that are not ids: the regex source a segment must match (default: a
   * lowercase UUID, so a malformed id is simply no resource). The handler validates the value.
   */
  paramPatterns?: Record<string, string>;
  /** Mutations run in one transaction and are journaled; reads are not. */
  isMutation: boolean;
  /** Runs outside the single writer's queue (the sync routes, whose cycle queues its own writes); only for isMutation false. */
  unqueued?: boolean;
  /**
   * Every mutation replays the stored response to a retry that carries the same Idempotency-Key;
   * `required`: the request must carry one.
   */
  idempotency?: 'required';
  /**
   * Create routes: the journal entity type of what they create. The body may carry the client's
   * own `id` for it (SPEC §8); the same id again answers as the first time or `conflict_id`.
   */
  createsEntity?: string;
  /**
   * The body field that defaults to the command's time (`as_of` of an accrual run or a batch,
   * `paid_at` of a payment or a settlement). The journal's outbox body carries it, so the team
   * server evaluates and records the command at the time it was made, not when it was pushed.
   */
  commandTime?: string;
  /** `seed-002`: errors answer `{error, message}` instead of the envelope (GET /earnings). */
  format?: 'seed-002';
  handler(ctx: HandlerContext, input: { params: Record<string, string>; query: Q; body: B }): Promise<HandlerResult<D>>;
};

/**
 * Declares a route with its input schemas. Types flow from the schemas to the handler, and the
 * handler's data must match the route's output in the domain contract (`ApiRoutes`).
 */
export function defineRoute<K extends RouteKey, Q, B>(
  route: RouteDefinition<Q, B, ApiRoutes[K]['data']> & { key: K },
): RouteDefinition {
  return route as unknown as RouteDefinition;
}

type CompiledRoute = RouteDefinition & { method: ApiRequest['method']; pattern: RegExp; paramNames: string[] };

export type MatchedRoute = { route: CompiledRoute; params: Record<string, string> };

const UUID_PARAM = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';

export function createRouter() {
  const routes: CompiledRoute[] = [];
  const keys = new Set<string>();

  return {
    /** Registers routes; registering the same method and path twice is a programming error. */
    add(...definitions: RouteDefinition[]): void {
      for (const definition of definitions) {
        if (keys.has(definition.key)) throw new Error(`route registered twice: ${definition.key}`);
        keys.add(definition.key);
        const [method, path] = definition.key.split(' ') as [ApiRequest['method'], string];
        const paramNames: string[] = [];
        const source = path
          .split('/')
          .map((segment) => {
            if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
            const name = segment.slice(1);
            paramNames.push(name);
            const custom = definition.paramPatterns?.[name];
            return custom === undefined ? UUID_PARAM : `(${custom})`;
          })
          .join('/');
        routes.push({ ...definition, method, pattern: new RegExp(`^${source}$`), paramNames });
      }
    },

    /** Finds the route for a request: 404 for an unknown path, 405 for a known path and wrong method. */
    match(method: string, path: string): MatchedRoute {
      const allowed: string[] = [];
      for (const route of routes) {
        const found = route.pattern.exec(path);
        if (!found) continue;
        allowed.push(route.method);
        if (route.method !== method) continue;
        const params: Record<string, string> = {};
        route.paramNames.forEach((name, index) => {
          params[name] = found[index + 1] as string;
        });
        return { route, params };
      }
      if (allowed.length > 0) {
        throw new ApiError('method_not_allowed', `${method} is not supported on ${path}; use ${allowed.join(' or ')}`, { headers: { Allow: allowed.join(', ') } });
      }
      throw new ApiError('not_found', `No resource at ${path}`);
    },
  };
}
export type Router = ReturnType<typeof createRouter>;

/** zod issues → `meta.errors` entries (`path` dotted, e.g. `criteria_params.tiers.1.up_to_impressions`). */
export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    // An unknown key is reported at the key itself, so clients can point at the offending field.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...issue.path.map(String), key].join('.'), message: `unknown field "${key}"` }));
    }
    return [{ path: issue.path.map(String).join('.') || '(root)', message: issue.message }];
  });
}

export function parseInput<T>(schema: z.ZodType<T> | undefined, value: unknown, code: 'invalid_query' | 'invalid_body'): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = toFieldErrors(result.error);
  const what = code === 'invalid_query' ? 'query parameters' : 'request body';
  const first = errors[0];
  const detail = first ? `: ${first.path === '(root)' ? '' : `${first.path}: `}${first.message}` : '';
  throw new ApiError(code, `Invalid ${what}${detail}`, { meta: { errors } });
}
