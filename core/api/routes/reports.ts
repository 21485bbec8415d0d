import { liabilitiesQuerySchema, MAX_REPORT_MONTHS, paymentsByMethodQuerySchema, readyToPayQuerySchema, upcomingAccrualsQuerySchema } from '../contracts/reports.ts';
import { readyToPayReport } from '../../ledger/ready-to-pay.ts';
import { addMonths, monthsFromTo, monthText, parseMonth } from '../../domain/reports.ts';
import { ApiError } from '../errors.ts';
import { liabilitiesReport, paymentsByMethodReport, upcomingAccrualsReport } from '../../ledger/reports.ts';
import { defineRoute, type HandlerContext } from '../router.ts';
import { findProject } from './projects.ts';

function invalidQuery(path: string, message: string): ApiError {
  return new ApiError('invalid_query', `${path} ${message}`, { meta: { errors: [{ path, message }] } });
}

/** `as_of` defaults to now and may be in the past, never in the future (nothing is known of it). */
function asOfOf(ctx: HandlerContext, asOf: string | undefined): string {
  if (asOf === undefined) return ctx.now;
  if (asOf > ctx.now) throw invalidQuery('as_of', 'must not be in the future');
  return asOf;
}

/** `GET /reports/liabilities`: earned and not paid at the end of each of the last closed periods, per project. */
export const getLiabilities = defineRoute({
  key: 'GET /reports/liabilities',
  query: liabilitiesQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    const asOf = asOfOf(ctx, query.as_of);
    const project = query.project_id ? await findProject(ctx, query.project_id) : null;
    return { data: await liabilitiesReport(ctx.db, ctx.orgId, { project, period: query.period, periods: query.periods, asOf }) };
  },
});

/** `GET /reports/payments-by-method`: non-voided payments per method and month (default: the last 12 months). */
export const getPaymentsByMethod = defineRoute({
  key: 'GET /reports/payments-by-method',
  query: paymentsByMethodQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    const now = new Date(ctx.now);
    const thisMonth = { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1 };
    // Twelve months: ending this month (UTC), or starting at `from` when only that is given.
    const to = query.to ?? (query.from ? monthText(addMonths(parseMonth(query.from), 11)) : monthText(thisMonth));
    const from = query.from ?? monthText(addMonths(parseMonth(to), -11));
    if (from > to) throw invalidQuery('from', `must not be after to (${from} > ${to})`);
    if (monthsFromTo(from, to).length > MAX_REPORT_MONTHS) throw invalidQuery('to', `must be at most ${MAX_REPORT_MONTHS} months from from`);
    const project = query.project_id ? await findProject(ctx, query.project_id) : null;
    return { data: await paymentsByMethodReport(ctx.db, ctx.orgId, { project, from, to }) };
  },
});

/** `GET /reports/ready-to-pay`: payable balances a batch would pay now, by the creators' default method. */
export const getReadyToPay = defineRoute({
  key: 'GET /reports/ready-to-pay',
  query: readyToPayQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    const asOf = asOfOf(ctx, query.as_of);
    const project = query.project_id ? await findProject(ctx, query.project_id) : null;
    return { data: await readyToPayReport(ctx, ctx.orgId, { project, asOf }) };
  },
});

/** `GET /reports/upcoming-accruals`: periods closing in the next days, each with an estimate. */
export const getUpcomingAccruals = defineRoute({
  key: 'GET /reports/upcoming-accruals',
  query: upcomingAccrualsQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    const asOf = asOfOf(ctx, query.as_of);
    const project = query.project_id ? await findProject(ctx, query.project_id) : null;
    return { data: await upcomingAccrualsReport(ctx.db, ctx.orgId, { project, days: query.days, asOf }) };
  },
});

export const reportRoutes = [getLiabilities, getPaymentsByMethod, getUpcomingAccruals, getReadyToPay];
