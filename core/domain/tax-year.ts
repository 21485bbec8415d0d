import { z } from 'zod';
import { toCsv } from './csv.ts';
import { formatDecimalCents } from './money.ts';
import { uuidSchema } from './common.ts';

/**
 * The tax year report (SPEC §10): per creator, what was paid to them in one calendar year, and
 * whether that reaches the reporting threshold a 1099 preparer goes by.
 */

/** Years the report answers: nothing can be paid before 1970 or after next year. */
export const FIRST_TAX_YEAR = 1970;

/** $2,000 for payments from 2026 on, $600 before (the US 1099-NEC / 1099-MISC threshold). */
export function defaultTaxThresholdCents(year: number): number {
  return year >= 2026 ? 200_000 : 60_000;
}

/** The threshold for a year: the installation's override when set, else the rule of the year. */
export function taxThresholdCents(year: number, override: number | null): number {
  return override ?? defaultTaxThresholdCents(year);
}

export const taxYearCreatorSchema = z.object({
  creator_id: uuidSchema,
  /** The creator's name as recorded: the recipient's name on a 1099. */
  name: z.string(),
  email: z.string().nullable(),
  handle: z.string().nullable(),
  payout_handle: z.string().nullable(),
  total_paid_cents: z.number().int(),
  payment_count: z.number().int().min(1),
  /** total_paid_cents ≥ threshold_cents. */
  flagged: z.boolean(),
});
export type TaxYearCreator = z.infer<typeof taxYearCreatorSchema>;

export const taxYearReportSchema = z.object({
  year: z.number().int(),
  project_id: uuidSchema.nullable(),
  currency: z.literal('USD'),
  threshold_cents: z.number().int().min(0),
  /** Flagged first, then by total descending, then by creator id. */
  creators: z.array(taxYearCreatorSchema),
  total_paid_cents: z.number().int(),
  payment_count: z.number().int().min(0),
  flagged_count: z.number().int().min(0),
  /** Payments recorded without a creator (ad hoc): counted here, on no creator's row. */
  unattributed: z.object({ total_paid_cents: z.number().int(), payment_count: z.number().int().min(0) }),
});
export type TaxYearReport = z.infer<typeof taxYearReportSchema>;

/** The report's order: flagged creators first, then the largest totals, then by id (stable). */
export function compareTaxYearCreators(a: TaxYearCreator, b: TaxYearCreator): number {
  if (a.flagged !== b.flagged) return a.flagged ? -1 : 1;
  if (a.total_paid_cents !== b.total_paid_cents) return b.total_paid_cents - a.total_paid_cents;
  return a.creator_id < b.creator_id ? -1 : a.creator_id > b.creator_id ? 1 : 0;
}

export const TAX_YEAR_CSV_HEADER = [
  'creator_id',
  'recipient_name',
  'recipient_email',
  'handle',
  'payout_handle',
  'tax_year',
  'total_paid',
  'currency',
  'payment_count',
  'flagged',
] as const;

/** One row per creator, in the report's order; `total_paid` in dollars with two decimals. */
export function taxYearCsv(report: TaxYearReport): string {
  return toCsv(
    TAX_YEAR_CSV_HEADER,
    report.creators.map((row) => [
      row.creator_id,
      row.name,
      row.email,
      row.handle,
      row.payout_handle,
      report.year,
      formatDecimalCents(row.total_paid_cents),
      report.currency,
      row.payment_count,
      row.flagged ? 'yes' : 'no',
    ]),
  );
}
