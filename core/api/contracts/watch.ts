import { z } from 'zod';
import type { ErrorCode } from '../errors.ts';
import type { PayoutMethod } from '../../domain/payout-method.ts';

const pageParams = {
  dir: z.enum(['asc', 'desc']).default('asc'),
  limit: z.number().int().min(1).max(500).default(100),
  skip: z.number().int().min(0).default(0),
};

/**
 * Live queries the renderer may subscribe to. Each is a named, validated query run in the main
 * process (or server); rows come back in the API's shapes, never as raw documents.
 */
export const watchSpecSchema = z.discriminatedUnion('name', [
  z.strictObject({
    name: z.literal('payout-methods'),
    params: z
      .strictObject({
        include_disabled: z.boolean().default(false),
        search: z.string().max(100).default(''),
        sort: z.enum(['name', 'created_at', 'is_active', 'is_default']).default('created_at'),
        ...pageParams,
      })
      .default({ include_disabled: false, search: '', sort: 'created_at', dir: 'asc', limit: 100, skip: 0 }),
  }),
]);
export type WatchSpec = z.input<typeof watchSpecSchema>;
export type ParsedWatchSpec = z.output<typeof watchSpecSchema>;

/** Row type of each live query, by name. */
export type WatchRows = {
  'payout-methods': PayoutMethod;
};

/** What a subscriber receives: the current page and the total matching the filter. */
export type WatchMessage<Row = unknown> =
  | { type: 'result'; rows: Row[]; total: number }
  | { type: 'error'; error: { code: ErrorCode; message: string } };
