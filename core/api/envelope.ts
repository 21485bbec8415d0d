import type { ErrorCode } from './errors.ts';

export type ApiMeta = Record<string, unknown>;

/** The `{ data, error, meta }` envelope every v1 route answers with (except seed 002's earnings). */
export type Envelope<T> =
  | { data: T; error: null; meta: ApiMeta }
  | { data: null; error: { code: ErrorCode; message: string }; meta: ApiMeta };

/** A transport-neutral request: HTTP, IPC and tests all build one of these. */
export type ApiRequest = {
  /** PUT only for the local sync configuration (`PUT /sync`), which is no journaled command. */
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below `/api/v1`, starting with `/`, e.g. `/payout-methods/…`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  idempotencyKey?: string;
};

/** A transport-neutral response; `body` is what goes on the wire as JSON. */
export type ApiResponse = {
  status: number;
  headers: Record<string, string>;
  body: unknown;
};

export type ListMeta = { has_more: boolean; next_cursor: string | null; limit: number };
