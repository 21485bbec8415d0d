import { z } from 'zod';

/** Seed 002's query: limit/offset paging, program_id = project id. */
export const listEarningsQuerySchema = z.strictObject({
  referral_id: z.string().min(1).max(200).optional(),
  program_id: z.string().min(1).max(200).optional(),
  status: z.enum(['pending', 'processing', 'paid', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
});

/** One earning, exactly seed 002's fields. */
export const earningSchema = z.object({
  id: z.string(),
  referral_id: z.string().nullable(),
  amount: z.number().int(),
  currency: z.string(),
  type: z.string(),
  description: z.string(),
  status: z.enum(['pending', 'processing', 'paid', 'failed']),
  reference_id: z.string().nullable(),
  created_at: z.string(),
  paid_at: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
});
export type Earning = z.infer<typeof earningSchema>;

export type EarningsRoutes = {
  'GET /earnings': { query: z.input<typeof listEarningsQuerySchema>; body: undefined; data: { earnings: Earning[] } };
};
