import { z } from 'zod';
import type { Backend } from '../../../core/api/backend.ts';
import type { ApiRoutes, RouteKey } from '../../../core/api/contracts/index.ts';
import type { ApiMeta, ApiRequest } from '../../../core/api/envelope.ts';
import type { ErrorCode } from '../../../core/api/errors.ts';
import { responseSchemas } from './response-schemas.ts';

/** Failures that never reach the router: the request did not get through, or the answer made no sense. */
export type TransportErrorCode = 'network_error' | 'bad_response';
export type ClientError = { code: ErrorCode | TransportErrorCode; message: string };

export type CallResult<K extends RouteKey> =
  | { ok: true; status: number; data: ApiRoutes[K]['data']; meta: ApiMeta }
  | {
      ok: false;
      /** 0 when the request never got an answer. */
      status: number;
      error: ClientError;
      /** `invalid_body` issues by field path (`name`, `metadata.x`): the first message of each. */
      fieldErrors: Record<string, string>;
      meta: ApiMeta;
    };

type MethodOf<K extends string> = K extends `${infer M} ${string}` ? M : never;
type PathOf<K extends string> = K extends `${string} ${infer P}` ? P : never;
type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

type ParamsOption<K extends RouteKey> = [ParamNames<PathOf<K>>] extends [never]
  ? { params?: undefined }
  : { params: Record<ParamNames<PathOf<K>>, string> };
type QueryOption<K extends RouteKey> = undefined extends ApiRoutes[K]['query']
  ? { query?: ApiRoutes[K]['query'] }
  : { query: ApiRoutes[K]['query'] };
type BodyOption<K extends RouteKey> = undefined extends ApiRoutes[K]['body']
  ? { body?: ApiRoutes[K]['body'] }
  : { body: ApiRoutes[K]['body'] };

export type CallOptions<K extends RouteKey> = ParamsOption<K> &
  QueryOption<K> &
  BodyOption<K> & { idempotencyKey?: string };

/** Options may be left out only for routes that need none (no `:id`, no required body). */
type CallArgs<K extends RouteKey> = object extends CallOptions<K> ? [options?: CallOptions<K>] : [options: CallOptions<K>];

export type ApiClient = {
  call<K extends RouteKey>(key: K, ...args: CallArgs<K>): Promise<CallResult<K>>;
};

const envelopeSchema = z.object({
  data: z.unknown(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  meta: z.record(z.string(), z.unknown()).optional(),
});
const fieldErrorsSchema = z.array(z.object({ path: z.string(), message: z.string() }));

/**
 * Routes that answer their data as the body itself (CSV text) instead of the envelope when they
 * succeed; their failures still come in the envelope. (The web backend hands over text that is
 * not JSON as a string; a CSV's header line never is JSON.)
 */
const TEXT_ROUTES: ReadonlySet<RouteKey> = new Set<RouteKey>(['GET /exports/creators', 'GET /exports/videos', 'GET /exports/metrics', 'GET /tax-years/:year', 'GET /creators/:id/statement', 'GET /payout-batches/:id/file']);

/**
 * Routes that answer raw bytes (a receipt's file) when they succeed; their failures still come in
 * the envelope. The web backend hands binary bodies over as a Uint8Array, IPC as the Uint8Array
 * structured clone delivers (an ArrayBuffer or Blob is accepted too).
 */
const BINARY_ROUTES: ReadonlySet<RouteKey> = new Set<RouteKey>(['GET /payout-payments/:id/receipts/:receipt_id', 'GET /backups/:id/file', 'GET /creators/:id/statement', 'GET /statements', 'GET /payout-batches/:id/file']);

/**
 * Seed 002's routes: the body itself is the data (`{ earnings: [...] }`), and a failure is
 * `{ error: "Unauthorized", message: "…" }` rather than the envelope.
 */
const BARE_ROUTES: ReadonlySet<RouteKey> = new Set<RouteKey>(['GET /earnings']);
const bareErrorSchema = z.object({ error: z.string(), message: z.string() });

/** Seed 002 failures carry no code: the HTTP status says which one it is. */
function codeOfStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'invalid_query';
    case 401:
      return 'invalid_api_key';
    case 404:
      return 'not_found';
    case 429:
      return 'rate_limit_exceeded';
    default:
      return 'internal_error';
  }
}

async function toBytes(body: unknown): Promise<Uint8Array | null> {
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (typeof Blob !== 'undefined' && body instanceof Blob) return new Uint8Array(await body.arrayBuffer());
  return null;
}

function fillPath(path: string, params: Record<string, string> | undefined): string {
  return path.replace(/:([A-Za-z_]+)/g, (_match, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(value);
  });
}

/** Query values go on the wire as strings; unset ones are left out. */
function toQuery(query: unknown): Record<string, string> | undefined {
  if (query === undefined || query === null) return undefined;
  const entries = Object.entries(query as Record<string, unknown>)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([name, value]) => [name, String(value)] as const);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

function collectFieldErrors(meta: ApiMeta): Record<string, string> {
  const parsed = fieldErrorsSchema.safeParse(meta['errors']);
  if (!parsed.success) return {};
  const byPath: Record<string, string> = {};
  for (const issue of parsed.data) byPath[issue.path] ??= issue.message;
  return byPath;
}

function failure(status: number, code: ClientError['code'], message: string, meta: ApiMeta = {}) {
  return { ok: false as const, status, error: { code, message }, fieldErrors: collectFieldErrors(meta), meta };
}

/** The typed face of a Backend: one `call` per route of ApiRoutes, answers checked against their schema. */
export function createApiClient(backend: Backend): ApiClient {
  async function call<K extends RouteKey>(key: K, ...args: CallArgs<K>): Promise<CallResult<K>> {
    const options = (args[0] ?? {}) as { params?: Record<string, string>; query?: unknown; body?: unknown; idempotencyKey?: string };
    const [method, path] = key.split(' ') as [MethodOf<K>, PathOf<K>];
    const request: ApiRequest = { method: method as ApiRequest['method'], path: fillPath(path, options.params) };
    const query = toQuery(options.query);
    if (query !== undefined) request.query = query;
    if (options.body !== undefined) request.body = options.body;
    if (options.idempotencyKey !== undefined) request.idempotencyKey = options.idempotencyKey;

    let status: number;
    let body: unknown;
    try {
      ({ status, body } = await backend.request(request));
    } catch (error) {
      console.warn(`${key} failed to reach the server`, error);
      return failure(0, 'network_error', 'Could not reach the server. Check your connection and try again.');
    }

    if (TEXT_ROUTES.has(key) && status >= 200 && status < 300 && typeof body === 'string') {
      return checkData(key, status, body, {});
    }
    if (BINARY_ROUTES.has(key) && status >= 200 && status < 300) {
      const bytes = await toBytes(body);
      if (bytes !== null) return checkData(key, status, bytes, {});
    }
    if (BARE_ROUTES.has(key) && envelopeSchema.safeParse(body).success === false) {
      if (status >= 200 && status < 300) return checkData(key, status, body, {});
      const bare = bareErrorSchema.safeParse(body);
      if (bare.success) return failure(status, codeOfStatus(status), bare.data.message);
    }

    const envelope = envelopeSchema.safeParse(body);
    if (!envelope.success) {
      console.warn(`${key} answered ${status} without an envelope`, body);
      return failure(status, 'bad_response', `The server answered ${status} in an unexpected format.`);
    }
    const { data, error } = envelope.data;
    const meta = envelope.data.meta ?? {};
    if (error !== null || status >= 400) {
      // The contract says codes are ErrorCodes; an unknown one still reaches the generic handling.
      const code = (error?.code ?? 'internal_error') as ErrorCode;
      return failure(status, code, error?.message ?? `The server answered ${status}.`, meta);
    }
    return checkData(key, status, data, meta);
  }

  function checkData<K extends RouteKey>(key: K, status: number, data: unknown, meta: ApiMeta): CallResult<K> {
    const schema: z.ZodType<ApiRoutes[K]['data']> | undefined = responseSchemas[key];
    if (schema === undefined) {
      // No screen checks this route's rows yet (see response-schemas.ts): the contract's type is all we have.
      return { ok: true, status, data: data as ApiRoutes[K]['data'], meta };
    }
    const checked = schema.safeParse(data);
    if (!checked.success) {
      console.warn(`${key} answered data in an unexpected shape`, data, checked.error.issues);
      return failure(status, 'bad_response', 'The server answered in an unexpected format.', meta);
    }
    return { ok: true, status, data: checked.data, meta };
  }
  return { call };
}
