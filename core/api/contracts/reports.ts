import { z } from 'zod';
import { isoTimestampSchema, uuidSchema } from '../../domain/common.ts';
import { periodSchema } from '../../domain/creator.ts';
import {
  MAX_LIABILITY_PERIODS,
  MAX_UPCOMING_DAYS,
  monthTextSchema,
  type LiabilitiesReport,
  type PaymentsByMethodReport,
  type UpcomingAccrualsReport,
} from '../../domain/reports.ts';

export {
  liabilitiesReportSchema,
  paymentsByMethodReportSchema,
  upcomingAccrualsReportSchema,
  MAX_LIABILITY_PERIODS,
  MAX_REPORT_MONTHS,
  MAX_UPCOMING_DAYS,
} from '../../domain/reports.ts';
export type { LiabilitiesReport, LiabilitySeries, LiabilityPoint, PaymentsByMethodReport, MethodPayments, UpcomingAccrualsReport, UpcomingPeriod } from '../../domain/reports.ts';

/** A whole number given as query text, within bounds ("12", not "12.5" or "1e1"). */
const wholeNumber = (name: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${name} must be between ${min} and ${max}`).max(max, `${name} must be between ${min} and ${max}`))
    .default(fallback);

export const liabilitiesQuerySchema = z.strictObject({
  project_id: uuidSchema.optional(),
  period: periodSchema.default('monthly'),
  periods: wholeNumber('periods', 1, MAX_LIABILITY_PERIODS, 12),
  as_of: isoTimestampSchema.optional(),
});

export const paymentsByMethodQuerySchema = z.strictObject({
  project_id: uuidSchema.optional(),
  from: monthTextSchema.optional(),
  to: monthTextSchema.optional(),
});

export const upcomingAccrualsQuerySchema = z.strictObject({
  project_id: uuidSchema.optional(),
  days: wholeNumber('days', 1, MAX_UPCOMING_DAYS, 7),
  as_of: isoTimestampSchema.optional(),
});

export const readyToPayQuerySchema = z.strictObject({
  project_id: uuidSchema.optional(),
  as_of: isoTimestampSchema.optional(),
});
import type { ReadyToPayReport } from '../../ledger/ready-to-pay.ts';
export type { ReadyToPayReport, ReadyToPayMethod } from '../../ledger/ready-to-pay.ts';

export type ReportRoutes = {
  'GET /reports/ready-to-pay': { query: z.input<typeof readyToPayQuerySchema>; body: undefined; data: ReadyToPayReport };
  'GET /reports/liabilities': { query: z.input<typeof liabilitiesQuerySchema>; body: undefined; data: LiabilitiesReport };
  'GET /reports/payments-by-method': { query: z.input<typeof paymentsByMethodQuerySchema>; body: undefined; data: PaymentsByMethodReport };
  'GET /reports/upcoming-accruals': { query: z.input<typeof upcomingAccrualsQuerySchema>; body: undefined; data: UpcomingAccrualsReport };
};
