import { ledgerDigestQuerySchema } from '../contracts/sync.ts';
import { ApiError } from '../errors.ts';
import { defineRoute } from '../router.ts';
import { changesQuerySchema, readChanges } from '../../sync/changes.ts';
import { ledgerDigest } from '../../ledger/digest.ts';
import { readRows } from '../../store/rows.ts';
import { findProject } from './projects.ts';

/** `GET /changes`: the team server's change feed (SPEC §8, docs/sync.md). */
export const listChanges = defineRoute({
  key: 'GET /changes',
  query: changesQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    if (!ctx.changes) throw new ApiError('not_found', 'This store keeps no change feed (it lives in memory)');
    return readChanges(ctx.changes, ctx.orgId, query);
  },
});

/** `GET /ledger-digest`: one project's accruals and payments, read through their (project_id, …) indexes. */
export const getLedgerDigest = defineRoute({
  key: 'GET /ledger-digest',
  query: ledgerDigestQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    const project = await findProject(ctx, query.project_id);
    const accruals = await readRows(ctx.db.accruals, { selector: { project_id: project.id, period_end_at: { $gte: '' } }, sort: [{ project_id: 'asc' }, { period_end_at: 'asc' }] });
    const payments = await readRows(ctx.db.payments, { selector: { project_id: project.id, paid_at: { $gte: '' } }, sort: [{ project_id: 'asc' }, { paid_at: 'asc' }] });
    const digest = await ledgerDigest(accruals, payments);
    return { data: { digest, accruals: accruals.length, payments: payments.length, as_of: ctx.now } };
  },
});

export const syncServerRoutes = [listChanges, getLedgerDigest];
