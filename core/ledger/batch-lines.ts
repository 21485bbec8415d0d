import type { PayoutBatch } from '../domain/payout-batch.ts';
import type { PayoutsDatabase } from '../store/database.ts';
import { readRows } from '../store/rows.ts';

export type TakenBy = { batch: PayoutBatch; lineId: string };

/**
 * Every accrual on an open line of a draft or exported batch, with its batch and line: such an
 * accrual is on no other batch and paid only by that line's settlement (SPEC §7).
 */
export async function accrualsOnOpenLines(db: PayoutsDatabase, orgId: string, projectId: string | null): Promise<Map<string, TakenBy>> {
  const selector = { org_id: orgId, status: { $in: ['draft', 'exported'] }, ...(projectId && { project_id: projectId }) };
  const taken = new Map<string, TakenBy>();
  for (const batch of (await readRows(db.payout_batches, { selector } as never)) as unknown as PayoutBatch[]) {
    for (const line of batch.lines) if (line.status === 'open') for (const id of line.accrual_ids) taken.set(id, { batch, lineId: line.id });
  }
  return taken;
}
