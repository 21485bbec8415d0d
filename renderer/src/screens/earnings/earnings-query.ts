import { z } from 'zod';
import type { Earning } from '../../../../core/api/contracts/index.ts';

export const EARNING_STATUSES = ['pending', 'processing', 'paid', 'failed'] as const;
export type EarningStatus = (typeof EARNING_STATUSES)[number];

/** Seed 002's four words, as the screen writes them. */
export const EARNING_STATUS_LABELS: Record<EarningStatus, string> = { pending: 'Pending', processing: 'Processing', paid: 'Paid', failed: 'Failed' };

/** What each status means here, for the filter's hint and the empty state. */
export const EARNING_STATUS_NOTES: Record<EarningStatus, string> = {
  pending: 'Earned and not paid yet.',
  processing: 'Inside an open payout batch, on its way to being paid.',
  paid: 'Settled by a payment.',
  failed: 'Rejected or voided: it will not be paid.',
};

export type EarningFilters = { status: EarningStatus | ''; programId: string };
export const NO_EARNING_FILTERS: EarningFilters = { status: '', programId: '' };

export const earningFiltersSchema: z.ZodType<EarningFilters> = z.object({
  status: z.union([z.enum(EARNING_STATUSES), z.literal('')]),
  programId: z.union([z.uuid(), z.literal('')]),
});

/**
 * The query of one page. One row more than the page is asked for: the API answers no total, so
 * the extra row is how the screen knows there is a next page.
 */
export function earningsQuery(filters: EarningFilters, pageIndex: number, pageSize: number) {
  return {
    ...(filters.status === '' ? {} : { status: filters.status }),
    ...(filters.programId === '' ? {} : { program_id: filters.programId }),
    limit: pageSize + 1,
    offset: pageIndex * pageSize,
  };
}

/** The page's rows and whether another page follows, from an answer of up to pageSize + 1 rows. */
export function pageOf(earnings: readonly Earning[], pageSize: number): { rows: Earning[]; hasMore: boolean } {
  return { rows: earnings.slice(0, pageSize), hasMore: earnings.length > pageSize };
}

const earningContextSchema = z.object({ creator_id: z.string().optional(), project_id: z.string().optional() });

/** The creator and project an earning belongs to, from its metadata (the seed's shape has no fields for them). */
export function earningContext(earning: Pick<Earning, 'metadata'>): { creatorId: string | null; projectId: string | null } {
  const parsed = earningContextSchema.safeParse(earning.metadata);
  return { creatorId: parsed.success ? (parsed.data.creator_id ?? null) : null, projectId: parsed.success ? (parsed.data.project_id ?? null) : null };
}

/** Seed 002's `type` in words: referral event types, else the structure's criteria type. */
const TYPE_LABELS: Record<string, string> = {
  purchase: 'Purchase',
  subscription: 'Subscription',
  recurring: 'Recurring',
  goals: 'Goals',
  cpm: 'CPM',
  view_threshold: 'View milestone',
  commission: 'Commission',
};

export function earningTypeLabel(type: string): string {
  return TYPE_LABELS[type] ?? type.replace(/_/g, ' ').replace(/^\w/, (first) => first.toUpperCase());
}
