import { z } from 'zod';
import { isoTimestampSchema, metadataSchema, uuidSchema } from './common.ts';
import { deterministicId } from './ids.ts';

/** What a referred customer did; `refund` reverses (part of) an earlier event. */
export const REFERRAL_EVENT_TYPES = ['purchase', 'subscription', 'recurring', 'refund'] as const;
export type ReferralEventType = (typeof REFERRAL_EVENT_TYPES)[number];

const externalIdSchema = z.string().trim().min(1).max(200);
const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code (three capital letters)')
  .max(3);

/** A customer signup attributed to a creator in a project (SPEC §7). */
export const referralSchema = z.object({
  id: uuidSchema,
  org_id: uuidSchema,
  project_id: uuidSchema,
  creator_id: uuidSchema,
  external_id: z.string().max(200),
  customer_label: z.string().max(200).nullable(),
  referred_at: isoTimestampSchema,
  metadata: metadataSchema,
  created_at: isoTimestampSchema,
  updated_at: isoTimestampSchema,
});
export type Referral = z.infer<typeof referralSchema>;
export const referralDocSchema = referralSchema;
export type ReferralDoc = Referral;

/** One event of a referral: the customer's spend, or a refund naming the event it reverses. */
export const referralEventSchema = z.object({
  id: uuidSchema,
  org_id: uuidSchema,
  referral_id: uuidSchema,
  project_id: uuidSchema,
  creator_id: uuidSchema,
  type: z.enum(REFERRAL_EVENT_TYPES),
  external_id: z.string().max(200),
  amount_cents: z.number().int().min(1).max(1e13),
  currency: z.string().max(3),
  occurred_at: isoTimestampSchema,
  refund_of: uuidSchema.nullable(),
  metadata: metadataSchema,
  created_at: isoTimestampSchema,
});
export type ReferralEvent = z.infer<typeof referralEventSchema>;

export const createReferralSchema = z.strictObject({
  project_id: uuidSchema,
  creator_id: uuidSchema,
  external_id: externalIdSchema,
  customer_label: z.string().trim().max(200).nullable().optional(),
  referred_at: isoTimestampSchema.optional(),
  metadata: metadataSchema.optional(),
});
export type CreateReferralInput = z.input<typeof createReferralSchema>;

export const patchReferralSchema = z
  .strictObject({
    customer_label: z.string().trim().max(200).nullable().optional(),
    metadata: metadataSchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' });
export type PatchReferralInput = z.input<typeof patchReferralSchema>;

export const createReferralEventSchema = z
  .strictObject({
    type: z.enum(REFERRAL_EVENT_TYPES),
    external_id: externalIdSchema,
    amount_cents: z.number().int('amount_cents must be whole cents').min(1, 'must be greater than 0').max(1e13),
    currency: currencySchema.default('USD'),
    occurred_at: isoTimestampSchema.optional(),
    refund_of: uuidSchema.nullable().optional(),
    metadata: metadataSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.type === 'refund' && !body.refund_of) {
      ctx.addIssue({ code: 'custom', path: ['refund_of'], message: 'a refund names the event it reverses' });
    }
    if (body.type !== 'refund' && body.refund_of) {
      ctx.addIssue({ code: 'custom', path: ['refund_of'], message: 'only a refund reverses an event' });
    }
  });
export type CreateReferralEventInput = z.input<typeof createReferralEventSchema>;

/** The same external id in the same project is the same referral, on every installation. */
export function referralIdFor(projectId: string, externalId: string): string {
  return deterministicId('referral', projectId, externalId);
}

/** The same external id on the same referral is the same event (a relay's retry). */
export function referralEventIdFor(referralId: string, externalId: string): string {
  return deterministicId('referral_event', referralId, externalId);
}

/** Cents of `event` not yet refunded, given every event of its referral. */
export function refundableCents(event: ReferralEvent, events: readonly ReferralEvent[]): number {
  const refunded = events.filter((other) => other.type === 'refund' && other.refund_of === event.id).reduce((sum, other) => sum + other.amount_cents, 0);
  return event.amount_cents - refunded;
}

export type RefundProblem = { path: string; message: string };

/**
 * Why a refund of `amountCents` against `refundOf` cannot be recorded, or null when it can:
 * the refunded event must be an event of the same referral, not itself a refund, in the same
 * currency, not later than the refund, and have at least that much left.
 */
export function refundProblem(
  refund: { amount_cents: number; currency: string; occurred_at: string; refund_of: string },
  events: readonly ReferralEvent[],
): RefundProblem | null {
  const original = events.find((event) => event.id === refund.refund_of);
  if (!original) return { path: 'refund_of', message: 'is not an event of this referral' };
  if (original.type === 'refund') return { path: 'refund_of', message: 'a refund cannot be refunded' };
  if (original.currency !== refund.currency) return { path: 'currency', message: `must be ${original.currency}, the refunded event's currency` };
  if (refund.occurred_at < original.occurred_at) return { path: 'occurred_at', message: 'must not be before the refunded event' };
  const left = refundableCents(original, events);
  if (refund.amount_cents > left) return { path: 'amount_cents', message: `exceeds what is left to refund of that event (${left} cents)` };
  return null;
}
