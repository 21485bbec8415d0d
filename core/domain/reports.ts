import { z } from 'zod';
import { isoTimestampSchema, uuidSchema } from './common.ts';
import { periodSchema } from './creator.ts';
import { CRITERIA_TYPES } from './payout-structure.ts';

/**
 * The dashboard's reports (SPEC §10, issue 12): what is owed over time, what was paid by method,
 * and what the periods about to close will accrue. Shapes only; the ledger computes them.
 */

/** Liabilities: how many closed periods a series covers, at most. */
export const MAX_LIABILITY_PERIODS = 36;
/** Payments by method: the longest range of months one report covers. */
export const MAX_REPORT_MONTHS = 36;
/** Upcoming accruals: how far ahead, in days, at most. */
export const MAX_UPCOMING_DAYS = 31;

/** One closed period of a project: what was earned and not paid at its end. */
export const liabilityPointSchema = z.object({
  period_start_at: isoTimestampSchema,
  period_end_at: isoTimestampSchema,
  /** The period's first day in the project's zone ("2026-05-01"): how charts name it. */
  label: z.string(),
  /** Earned accruals whose period ended at or before period_end_at, not paid by then. */
  liability_cents: z.number().int().min(0),
  accrual_count: z.number().int().min(0),
});
export type LiabilityPoint = z.infer<typeof liabilityPointSchema>;

export const liabilitySeriesSchema = z.object({
  project_id: uuidSchema,
  project_name: z.string(),
  timezone: z.string(),
  /** Oldest first; the last is the latest period that ended by `as_of`. */
  points: z.array(liabilityPointSchema),
});
export type LiabilitySeries = z.infer<typeof liabilitySeriesSchema>;

export const liabilitiesReportSchema = z.object({
  as_of: isoTimestampSchema,
  period: periodSchema,
  periods: z.number().int().min(1),
  project_id: uuidSchema.nullable(),
  currency: z.literal('USD'),
  /** One series per project, by project name. */
  projects: z.array(liabilitySeriesSchema),
});
export type LiabilitiesReport = z.infer<typeof liabilitiesReportSchema>;

/** "2026-05": a calendar month, as the payments report names them. */
export const monthTextSchema = z
  .string()
  .max(7)
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM, e.g. 2026-05');

export const methodPaymentsSchema = z.object({
  /** null: payments recorded without a method. */
  method_id: uuidSchema.nullable(),
  name: z.string(),
  total_cents: z.number().int().min(0),
  payment_count: z.number().int().min(0),
  /** Cents per month, aligned with the report's `months`. */
  by_month: z.array(z.number().int().min(0)),
});
export type MethodPayments = z.infer<typeof methodPaymentsSchema>;

export const paymentsByMethodReportSchema = z.object({
  from: monthTextSchema,
  to: monthTextSchema,
  project_id: uuidSchema.nullable(),
  currency: z.literal('USD'),
  /** Every month from `from` to `to`, oldest first. */
  months: z.array(monthTextSchema),
  /** Methods with at least one payment in the range, largest total first. */
  methods: z.array(methodPaymentsSchema),
  month_totals: z.array(z.number().int().min(0)),
  total_cents: z.number().int().min(0),
  payment_count: z.number().int().min(0),
});
export type PaymentsByMethodReport = z.infer<typeof paymentsByMethodReportSchema>;

/** A period of one structure that closes soon, and what it would accrue if it closed now. */
export const upcomingPeriodSchema = z.object({
  structure_id: uuidSchema,
  structure_name: z.string(),
  project_id: uuidSchema,
  project_name: z.string(),
  timezone: z.string(),
  criteria_type: z.enum(CRITERIA_TYPES),
  period: periodSchema,
  period_start_at: isoTimestampSchema,
  period_end_at: isoTimestampSchema,
  /** The period's first day in the project's zone. */
  label: z.string(),
  /** The version whose rules the estimate applies (the structure's current one). */
  version_number: z.number().int().min(1),
  /** Creators assigned for some part of the period (open assignments counted to its end). */
  creators_assigned: z.number().int().min(0),
  /** Of those, the ones the estimate gives more than zero. */
  creators_accruing: z.number().int().min(0),
  estimated_cents: z.number().int().min(0),
});
export type UpcomingPeriod = z.infer<typeof upcomingPeriodSchema>;

export const upcomingAccrualsReportSchema = z.object({
  as_of: isoTimestampSchema,
  /** as_of + days: periods ending in (as_of, until] are listed. */
  until: isoTimestampSchema,
  days: z.number().int().min(1),
  project_id: uuidSchema.nullable(),
  currency: z.literal('USD'),
  /** By period end, then structure name. */
  periods: z.array(upcomingPeriodSchema),
  estimated_cents: z.number().int().min(0),
});
export type UpcomingAccrualsReport = z.infer<typeof upcomingAccrualsReportSchema>;

type Month = { year: number; month: number };

export function parseMonth(text: string): Month {
  const [year, month] = text.split('-').map(Number);
  return { year: year ?? 1970, month: month ?? 1 };
}

export function monthText({ year, month }: Month): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function addMonths({ year, month }: Month, count: number): Month {
  const index = year * 12 + (month - 1) + count;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** Months from `from` to `to`, both included (empty when from > to). */
export function monthsFromTo(from: string, to: string): string[] {
  const first = parseMonth(from);
  const last = parseMonth(to);
  const count = (last.year - first.year) * 12 + (last.month - first.month) + 1;
  return Array.from({ length: Math.max(0, count) }, (_, index) => monthText(addMonths(first, index)));
}
