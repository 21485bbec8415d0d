import { z } from 'zod';
import { uuidSchema } from '../../domain/common.ts';
import type { TaxYearReport } from '../../domain/tax-year.ts';

export { taxYearReportSchema, taxYearCreatorSchema, TAX_YEAR_CSV_HEADER, FIRST_TAX_YEAR } from '../../domain/tax-year.ts';
export type { TaxYearReport, TaxYearCreator } from '../../domain/tax-year.ts';

export const taxYearQuerySchema = z.strictObject({
  project_id: uuidSchema.optional(),
  format: z.enum(['json', 'csv'], { message: 'format must be "json" or "csv"' }).default('json'),
});

/** The `{year}` path segment: four digits (its range is checked against the clock). */
export const taxYearParamSchema = z.strictObject({
  year: z
    .string()
    .regex(/^\d{4}$/, 'year must be a four-digit calendar year such as 2026')
    .transform(Number),
});

export type TaxYearRoutes = {
  /** JSON: the report in the envelope; `format=csv`: the CSV text itself. */
  'GET /tax-years/:year': { query: z.input<typeof taxYearQuerySchema>; body: undefined; data: TaxYearReport | string };
};
