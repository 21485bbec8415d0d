import type { PayoutBatch } from '../domain/payout-batch.ts';
import type { PayoutsDatabase } from '../store/database.ts';
import { readRows } from '../store/rows.ts';

export type TakenBy = { batch: PayoutBatch; lineId: string };

/**
 * Every accrual on an open line of a draft or exported batch, with its batch and line: such an
 * accrual is on no other batch and paid only by that line's settlement (SPEC §7).
 */
export async function accrualsOnOpenLines(db: PayoutsDatabase, orgId: string, projectId: string | null): Promise<Map<string, TakenBy>> {
  const taken = new Map<string, TakenBy>();
  // One equality query per open status, on the (status, project_id, created_at) index: a settled
  // batch (its lines can hold a million accrual ids) is never read for this.
  for (const status of ['draft', 'exported'] as const) {
    const selector = { status, ...(projectId && { project_id: projectId }), org_id: orgId };
    for (const batch of (await readRows(db.payout_batches, { selector } as never)) as unknown as PayoutBatch[]) {
      for (const line of batch.lines) if (line.status === 'open') for (const id of line.accrual_ids) taken.set(id, { batch, lineId: line.id });
    }
  }
  return taken;
}
