import { z } from 'zod';
import { cursorSchema, isoTimestampSchema, limitSchema, uuidSchema } from '../../domain/common.ts';
import { REFERRAL_EVENT_TYPES, type CreateReferralEventInput, type CreateReferralInput, type PatchReferralInput, type Referral, type ReferralEvent } from '../../domain/referral.ts';

export { createReferralSchema, patchReferralSchema, createReferralEventSchema } from '../../domain/referral.ts';
export type { Referral, ReferralEvent, CreateReferralInput, PatchReferralInput, CreateReferralEventInput } from '../../domain/referral.ts';

export const listReferralsQuerySchema = z.strictObject({
  project_id: uuidSchema.optional(),
  creator_id: uuidSchema.optional(),
  external_id: z.string().trim().min(1).max(200).optional(),
  referred_from: isoTimestampSchema.optional(),
  referred_to: isoTimestampSchema.optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});
export const listReferralEventsQuerySchema = z.strictObject({
  type: z.enum(REFERRAL_EVENT_TYPES).optional(),
  limit: limitSchema,
  cursor: cursorSchema.optional(),
});

/** A referral with what its events add up to (spend and refunds, in the events' currency). */
export type ReferralRow = Referral & { event_count: number; spend_cents: number; refunded_cents: number };

type Q<T extends z.ZodType> = z.input<T>;

export type ReferralRoutes = {
  'GET /referrals': { query: Q<typeof listReferralsQuerySchema>; body: undefined; data: ReferralRow[] };
  'POST /referrals': { query: undefined; body: CreateReferralInput; data: Referral };
  'GET /referrals/:id': { query: undefined; body: undefined; data: ReferralRow };
  'PATCH /referrals/:id': { query: undefined; body: PatchReferralInput; data: Referral };
  'GET /referrals/:id/events': { query: Q<typeof listReferralEventsQuerySchema>; body: undefined; data: ReferralEvent[] };
  'POST /referrals/:id/events': { query: undefined; body: CreateReferralEventInput; data: ReferralEvent };
};
