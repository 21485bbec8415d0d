import { z } from 'zod';
import { cursorSchema, limitSchema, queryBooleanSchema } from '../../domain/common.ts';
import type { CreatePayoutMethodInput, PatchPayoutMethodInput, PayoutMethod } from '../../domain/payout-method.ts';

export { createPayoutMethodSchema, patchPayoutMethodSchema } from '../../domain/payout-method.ts';
export type { CreatePayoutMethodInput, PatchPayoutMethodInput, PayoutMethod } from '../../domain/payout-method.ts';

export const listPayoutMethodsQuerySchema = z.strictObject({
  include_disabled: queryBooleanSchema.optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export type ListPayoutMethodsQuery = z.input<typeof listPayoutMethodsQuerySchema>;

/** Route → input and output types of the payout-methods domain. */
export type PayoutMethodRoutes = {
  'GET /payout-methods': { query: ListPayoutMethodsQuery; body: undefined; data: PayoutMethod[] };
  'POST /payout-methods': { query: undefined; body: CreatePayoutMethodInput; data: PayoutMethod };
  'GET /payout-methods/:id': { query: undefined; body: undefined; data: PayoutMethod };
  'PATCH /payout-methods/:id': { query: undefined; body: PatchPayoutMethodInput; data: PayoutMethod };
  'DELETE /payout-methods/:id': { query: undefined; body: undefined; data: { id: string; deleted: true } };
};
