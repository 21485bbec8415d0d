import { z } from 'zod';
import { uuidSchema } from '../../domain/common.ts';
import type { Change, changesQuerySchema } from '../../sync/changes.ts';

export type { Change } from '../../sync/changes.ts';

export const ledgerDigestQuerySchema = z.strictObject({ project_id: uuidSchema });

/** SPEC §8's ledger digest of one project, with how many accruals and payments it covers. */
export type LedgerDigest = { digest: string; accruals: number; payments: number; as_of: string };

export type SyncServerRoutes = {
  /** The documents changed since the cursor, in commit order (the team server's change feed). */
  'GET /changes': { query: z.input<typeof changesQuerySchema>; body: undefined; data: Change[] };
  /** The ledger digest of one project: equal on two stores that hold the same ledger. */
  'GET /ledger-digest': { query: z.input<typeof ledgerDigestQuerySchema>; body: undefined; data: LedgerDigest };
};

/** What the local `/sync` routes map to (core/sync's client, hosted by the service host). */
export type SyncControl = {
  /** Runs one cycle now (never overlapping another) and answers what it did. */
  runNow(): Promise<{ pushed: number; conflicted: number; pulled: number; cursor: string | null }>;
};
