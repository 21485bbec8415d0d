import { z } from 'zod';
import type { ReferralEventType } from '../../../../core/domain/referral.ts';

export const EVENT_TYPE_LABELS: Record<ReferralEventType, string> = {
  purchase: 'Purchase',
  subscription: 'Subscription',
  recurring: 'Renewal',
  refund: 'Refund',
};

/** What the list asks `GET /referrals` for; empty values are "any". */
export type ReferralFilter = { projectId: string; creatorId: string; from: string; to: string };

/**
 * The list's query: days are read in the browser's time zone, `from` from its first instant and
 * `to` through its last, so a referral made at 11 pm on the last day is in the range.
 */
export function referralsQuery(filter: ReferralFilter, limit: number) {
  return {
    limit,
    ...(filter.projectId !== '' && { project_id: filter.projectId }),
    ...(filter.creatorId !== '' && { creator_id: filter.creatorId }),
    ...(filter.from !== '' && { referred_from: localMidnight(filter.from, 0).toISOString() }),
    ...(filter.to !== '' && { referred_to: new Date(localMidnight(filter.to, 1).getTime() - 1).toISOString() }),
  };
}

/** Local midnight of a calendar day ("2026-05-01"), or of the day `days` later (a day may have 23 or 25 hours). */
function localMidnight(day: string, days: number): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + days);
}

/** A customer as a person reads it: the label when there is one, else the external id. */
export function customerName(referral: { customer_label: string | null; external_id: string }): string {
  return referral.customer_label ?? referral.external_id;
}

export const referralFilterSchema = z.object({ projectId: z.string(), creatorId: z.string(), from: z.string(), to: z.string() });
