import { z } from 'zod';
import type { WatchSpec } from '../../../../core/api/contracts/index.ts';
import { isCalendarDate, startOfDayInZone } from '../structures/zoned-date.ts';

export const PAYMENT_STATUSES = ['paid', 'voided'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = { paid: 'Paid', voided: 'Voided' };

/**
 * The payments list's filters, one per live-query filter. Paid-at days are calendar days
 * (`YYYY-MM-DD`) in the manager's own zone, the zone they entered "paid at" in.
 */
export type PaymentFilters = {
  projectId: string;
  creatorId: string;
  status: PaymentStatus | '';
  /** Paid on or after this day. */
  from: string;
  /** Paid on or before this day. */
  to: string;
};

export const NO_PAYMENT_FILTERS: PaymentFilters = { projectId: '', creatorId: '', status: '', from: '', to: '' };

const id = z.union([z.uuid(), z.literal('')]);
const day = z.union([z.string().refine(isCalendarDate), z.literal('')]);

export const paymentFiltersSchema: z.ZodType<PaymentFilters> = z.object({
  projectId: id,
  creatorId: id,
  status: z.union([z.enum(PAYMENT_STATUSES), z.literal('')]),
  from: day,
  to: day,
});

export function hasPaymentFilters(filters: PaymentFilters): boolean {
  return Object.values(filters).some((value) => value !== '');
}

export function isBackwardPaidRange(filters: Pick<PaymentFilters, 'from' | 'to'>): boolean {
  return filters.from !== '' && filters.to !== '' && filters.from > filters.to;
}

type PaymentsParams = NonNullable<Extract<WatchSpec, { name: 'payments' }>['params']>;
export type PaymentFilterParams = Pick<PaymentsParams, 'project_id' | 'creator_id' | 'status' | 'from' | 'to'>;

/** The day after `text` (`YYYY-MM-DD`), by the calendar. */
function nextDay(text: string): string {
  const [year, month, dayOfMonth] = text.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, dayOfMonth + 1)).toISOString().slice(0, 10);
}

/**
 * Filters → the live query's parameters: "from May 1" is May 1 00:00 in `timeZone`, "to May 3"
 * the last millisecond before May 4 begins there (the query's bounds are inclusive).
 */
export function paymentFilterParams(filters: PaymentFilters, timeZone: string): PaymentFilterParams {
  const params: PaymentFilterParams = {};
  if (filters.projectId !== '') params.project_id = filters.projectId;
  if (filters.creatorId !== '') params.creator_id = filters.creatorId;
  if (filters.status !== '') params.status = filters.status;
  if (isCalendarDate(filters.from)) params.from = startOfDayInZone(filters.from, timeZone);
  if (isCalendarDate(filters.to)) params.to = new Date(Date.parse(startOfDayInZone(nextDay(filters.to), timeZone)) - 1).toISOString();
  return params;
}

const LINK_KEYS = { project: 'projectId', creator: 'creatorId', status: 'status', from: 'from', to: 'to' } as const;

/** A link into the list with filters set: `#/payments?creator=<id>` (the creator page's "All payments"). */
export function paymentsLink(filters: Partial<PaymentFilters>): string {
  const query = new URLSearchParams();
  for (const [name, key] of Object.entries(LINK_KEYS)) {
    const value = filters[key];
    if (value !== undefined && value !== '') query.set(name, value);
  }
  const text = query.toString();
  return text === '' ? '#/payments' : `#/payments?${text}`;
}

/** The filters a link carries (anything not in it is cleared), or null for a plain `#/payments`. */
export function paymentFiltersFromLink(hash: string): PaymentFilters | null {
  const queryStart = hash.indexOf('?');
  if (queryStart < 0) return null;
  const query = new URLSearchParams(hash.slice(queryStart + 1));
  const linked: Record<string, string> = { ...NO_PAYMENT_FILTERS };
  let isAny = false;
  for (const [name, key] of Object.entries(LINK_KEYS)) {
    const value = query.get(name);
    if (value === null) continue;
    linked[key] = value;
    isAny = true;
  }
  if (!isAny) return null;
  const parsed = paymentFiltersSchema.safeParse(linked);
  return parsed.success ? parsed.data : null;
}
