import { taxYearCsv } from '../../domain/tax-year.ts';
import { FIRST_TAX_YEAR, taxYearParamSchema, taxYearQuerySchema } from '../contracts/tax-years.ts';
import { ApiError } from '../errors.ts';
import { taxYearReport } from '../../ledger/tax-year.ts';
import { defineRoute, parseInput } from '../router.ts';
import { findProject } from './projects.ts';

/** `GET /tax-years/{year}`: the tax year report, as JSON or as the CSV a preparer imports. */
export const getTaxYear = defineRoute({
  key: 'GET /tax-years/:year',
  query: taxYearQuerySchema,
  paramPatterns: { year: '[^/]+' },
  isMutation: false,
  async handler(ctx, { params, query }) {
    const { year } = parseInput(taxYearParamSchema, params, 'invalid_query');
    // Nothing is paid in the future: a year after next is a typo, not an empty report.
    const lastYear = ctx.clock.now().getUTCFullYear() + 1;
    if (year < FIRST_TAX_YEAR || year > lastYear) {
      throw new ApiError('invalid_query', `year must be between ${FIRST_TAX_YEAR} and ${lastYear}`, {
        meta: { errors: [{ path: 'year', message: `must be between ${FIRST_TAX_YEAR} and ${lastYear}` }] },
      });
    }
    const project = query.project_id ? await findProject(ctx, query.project_id) : null;
    const report = await taxYearReport(ctx.db, ctx.orgId, { year, project, thresholdOverrideCents: ctx.config.taxThresholdCents });
    if (query.format === 'csv') {
      return { data: taxYearCsv(report), raw: { contentType: 'text/csv; charset=utf-8', filename: `tax-year-${year}.csv` } };
    }
    return { data: report };
  },
});
