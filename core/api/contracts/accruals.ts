import type { z } from 'zod';
import type { Accrual, AccrualRun } from '../../domain/accrual.ts';
import type { listAccrualsQuerySchema } from '../../domain/accrual.ts';

export { accrualSchema, accrualRunSchema, engineStatusSchema, listAccrualsQuerySchema, patchAccrualSchema, accrualRunBodySchema, ACCRUAL_STATUSES } from '../../domain/accrual.ts';
export type { Accrual, AccrualRun, AccrualStatus, RunCounts } from '../../domain/accrual.ts';

export type AccrualRoutes = {
  'GET /payout-accruals': { query: z.input<typeof listAccrualsQuerySchema>; body: undefined; data: Accrual[] };
  'GET /payout-accruals/:id': { query: undefined; body: undefined; data: Accrual };
  'PATCH /payout-accruals/:id': { query: undefined; body: { status: 'rejected' | 'voided' | 'earned' | 'paid' }; data: Accrual };
  'POST /accrual-runs': { query: undefined; body: { as_of?: string } | undefined; data: AccrualRun };
};
