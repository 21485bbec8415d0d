import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { LiabilitiesReport, PaymentsByMethodReport, ReadyToPayReport, UpcomingAccrualsReport } from '../../../../core/api/contracts/index.ts';
import type { Period } from '../../../../core/domain/creator.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { useResource } from '../../api/use-resource.ts';
import { routeHref, routePath } from '../../app/use-hash-route.ts';
import { pluralize } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { StackedBarChart } from '../../ui/StackedBarChart.tsx';
import { CriteriaTypeBadge } from '../accruals/AccrualBadges.tsx';
import { formatDateTimeInZone } from '../../../../core/domain/explain/zoned-format.ts';
import { describeCategory, formatAxisCents, formatCategory, liabilityChartData, paymentsChartData } from './report-charts.ts';
import { useNow } from './use-now.ts';

const PERIODS = 12;
const UPCOMING_DAYS = 7;
const UPCOMING_SHOWN = 10;
const PERIOD_NAMES: Record<Period, { plural: string; noun: string }> = {
  monthly: { plural: 'months', noun: 'month' },
  weekly: { plural: 'weeks', noun: 'week' },
  daily: { plural: 'days', noun: 'day' },
};

/**
 * Fetches again whenever `signature` moves (the ledger's live totals: accruals by status,
 * payments, structures, the engine's last run), keeping the previous answer on screen meanwhile.
 */
function useReloadOn(signature: string, reload: () => void) {
  const seen = useRef<string | null>(null);
  useEffect(() => {
    if (seen.current !== null && seen.current !== signature) reload();
    seen.current = signature;
  }, [signature, reload]);
}

function CardHeader({ id, title, subtitle, actions }: { id: string; title: string; subtitle: string; actions?: ReactNode }) {
  return (
    <header className="db-card-header">
      <div>
        <h2 id={id} className="db-card-title">
          {title}
        </h2>
        <p className="db-card-subtitle">{subtitle}</p>
      </div>
      {actions}
    </header>
  );
}

function Empty({ title, children, href, link }: { title: string; children: ReactNode; href: string; link: string }) {
  return (
    <div className="db-empty">
      <strong>{title}</strong>
      {children}
      <a className="db-link" href={href}>
        {link}
        <Icon name="chevronRight" size={14} />
      </a>
    </div>
  );
}

/** What creators were owed (earned, not paid) at the end of each of the last 12 periods, by project. */
export function LiabilitiesCard({ signature }: { signature: string }) {
  const [period, setPeriod] = useState<Period>('monthly');
  const { result, isLoading, reload } = useResource(`liabilities:${period}`, (api) => api.call('GET /reports/liabilities', { query: { period, periods: String(PERIODS) } }));
  useReloadOn(signature, reload);
  const report: LiabilitiesReport | null = result?.ok === true ? result.data : null;
  const data = useMemo(() => (report ? liabilityChartData(report) : null), [report]);
  const names = PERIOD_NAMES[period];
  const latest = data?.rows[data.rows.length - 1];

  let body: ReactNode = null;
  if (result?.ok === false) body = <Banner tone="danger" title="Could not load what was owed">{result.error.message}</Banner>;
  else if (report && report.projects.length === 0) {
    body = (
      <Empty title="No projects yet" href={routeHref('projects')} link="Open projects">
        Create a project, give it a payout structure and assign creators: once periods end and accruals run, what they are owed shows here.
      </Empty>
    );
  } else if (data && data.series.length === 0) {
    body = (
      <Empty title={`Nothing owed in the last ${PERIODS} ${names.plural}`} href={routeHref('structures')} link="Open structures">
        Earned accruals that are not yet paid show here at the end of each {names.noun}. Assign creators to a structure and run accruals to see them.
      </Empty>
    );
  } else if (data) {
    body = (
      <StackedBarChart
        series={data.series}
        rows={data.rows}
        label={`Earned and not paid at the end of each of the last ${PERIODS} ${names.plural}, by project, in dollars`}
        formatCategory={(category) => formatCategory(category, period)}
        describeCategory={(category) => describeCategory(category, period)}
        formatValue={formatCents}
        formatAxisValue={formatAxisCents}
      />
    );
  }

  return (
    <section className="db-card db-chart-card" aria-labelledby="db-liabilities-title" aria-busy={isLoading}>
      <CardHeader
        id="db-liabilities-title"
        title="Owed to creators"
        subtitle={
          latest === undefined
            ? isLoading
              ? 'Loading…'
              : `Earned, not paid, at the end of each ${names.noun}`
            : `${formatCents(latest.total)} at the end of the last ${names.noun}; earned, not paid, by project`
        }
        actions={
          <label className="db-card-picker">
            <span className="visually-hidden">Periods</span>
            <select className="input ac-select" value={period} onChange={(event) => setPeriod(event.target.value as Period)}>
              <option value="monthly">Monthly</option>
              <option value="weekly">Weekly</option>
              <option value="daily">Daily</option>
            </select>
          </label>
        }
      />
      {body}
    </section>
  );
}

/** Non-voided payments per method and month, the last 12 months. */
export function PaymentsByMethodCard({ signature }: { signature: string }) {
  const { result, isLoading, reload } = useResource('payments-by-method', (api) => api.call('GET /reports/payments-by-method', { query: {} }));
  useReloadOn(signature, reload);
  const report: PaymentsByMethodReport | null = result?.ok === true ? result.data : null;
  const data = useMemo(() => (report ? paymentsChartData(report) : null), [report]);

  let body: ReactNode = null;
  if (result?.ok === false) body = <Banner tone="danger" title="Could not load payments">{result.error.message}</Banner>;
  else if (report && report.payment_count === 0) {
    body = (
      <Empty title={`No payments in the last ${PERIODS} months`} href={routeHref('payments')} link="Open payments">
        Record a payment (from Payments, or from an earned accrual) and it shows here in the month it was paid, by payout method.
      </Empty>
    );
  } else if (data) {
    body = (
      <StackedBarChart
        series={data.series}
        rows={data.rows}
        label={`Payments by payout method in each of the last ${PERIODS} months, in dollars`}
        formatCategory={(category) => formatCategory(category)}
        describeCategory={(category) => describeCategory(category)}
        formatValue={formatCents}
        formatAxisValue={formatAxisCents}
      />
    );
  }

  return (
    <section className="db-card db-chart-card" aria-labelledby="db-payments-title" aria-busy={isLoading}>
      <CardHeader
        id="db-payments-title"
        title="Payments by method"
        subtitle={report === null ? 'Loading…' : `${formatCents(report.total_cents)} in ${pluralize(report.payment_count, 'payment')} since ${describeCategory(report.from)}; voided ones not counted`}
      />
      {body}
    </section>
  );
}

const RELOAD_MS = 60_000;

function formatCloses(endIso: string, now: number): string {
  const hours = Math.round((Date.parse(endIso) - now) / 3_600_000);
  if (hours < 1) return 'within the hour';
  if (hours < 48) return `in ${pluralize(hours, 'hour')}`;
  return `in ${pluralize(Math.round(hours / 24), 'day')}`;
}

/** Periods that close in the next 7 days, with what they would accrue on the activity so far. */
export function UpcomingAccrualsCard({ signature }: { signature: string }) {
  const now = useNow(RELOAD_MS);
  const { result, isLoading, reload } = useResource('upcoming-accruals', (api) => api.call('GET /reports/upcoming-accruals', { query: { days: String(UPCOMING_DAYS) } }));
  // Views and videos move without changing the ledger's totals: ask again each minute too.
  useReloadOn(`${signature}:${now}`, reload);
  const report: UpcomingAccrualsReport | null = result?.ok === true ? result.data : null;
  const shown = report?.periods.slice(0, UPCOMING_SHOWN) ?? [];

  let body: ReactNode = null;
  if (result?.ok === false) body = <Banner tone="danger" title="Could not load upcoming accruals">{result.error.message}</Banner>;
  else if (report && report.periods.length === 0) {
    body = (
      <Empty title={`No period closes in the next ${UPCOMING_DAYS} days`} href={routeHref('structures')} link="Open structures">
        Periods of active recurring, goals and CPM structures show here before they close, with an estimate. Create a structure and assign creators to it.
      </Empty>
    );
  } else if (report) {
    body = (
      <div className="table-frame">
        <table className="data-table data-table-compact db-upcoming-table" aria-label={`Periods closing in the next ${UPCOMING_DAYS} days`}>
          <thead>
            <tr>
              <th scope="col">Closes</th>
              <th scope="col">Structure</th>
              <th scope="col">Type</th>
              <th scope="col" className="ac-col-amount">
                Creators
              </th>
              <th scope="col" className="ac-col-amount">
                Estimate
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={`${row.structure_id}:${row.period_start_at}`}>
                <td>
                  <span className="db-upcoming-when">{formatCloses(row.period_end_at, now)}</span>
                  <span className="db-cell-quiet">{formatDateTimeInZone(row.period_end_at, row.timezone)}</span>
                </td>
                <td>
                  <a className="cell-link" href={routePath('structures', row.structure_id)}>
                    {row.structure_name}
                  </a>
                  <span className="db-cell-quiet">{row.project_name}</span>
                </td>
                <td>
                  <CriteriaTypeBadge type={row.criteria_type} />
                </td>
                <td className="ac-col-amount" title={`${row.creators_accruing} of ${row.creators_assigned} assigned would accrue`}>
                  {row.creators_accruing} / {row.creators_assigned}
                </td>
                <td className="ac-col-amount">{formatCents(row.estimated_cents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {report.periods.length > shown.length ? <p className="db-card-note">and {pluralize(report.periods.length - shown.length, 'more period')}</p> : null}
      </div>
    );
  }

  return (
    <section className="db-card" aria-labelledby="db-upcoming-title" aria-busy={isLoading}>
      <CardHeader
        id="db-upcoming-title"
        title="Closing in the next 7 days"
        subtitle={
          report === null
            ? 'Loading…'
            : `About ${formatCents(report.estimated_cents)} in ${pluralize(report.periods.length, 'period')}, on the rules in effect and the views and videos so far`
        }
      />
      {body}
    </section>
  );
}

/** What a "Pay creators" pass would pay now, by the creators' default payout method (SPEC §7). */
export function ReadyToPayCard({ signature }: { signature: string }) {
  const { result, isLoading, reload } = useResource('ready-to-pay', (api) => api.call('GET /reports/ready-to-pay', { query: {} }));
  useReloadOn(signature, reload);
  const report: ReadyToPayReport | null = result?.ok === true ? result.data : null;

  let body: ReactNode = null;
  if (result?.ok === false) body = <Banner tone="danger" title="Could not load what is ready to pay">{result.error.message}</Banner>;
  else if (report && report.methods.length === 0) {
    body = (
      <Empty title="Nobody is ready to be paid" href={routeHref('accruals')} link="Open accruals">
        Creators show here once their payable balance (earned, past any hold, not on a payout batch) reaches their minimum payout.
        {report.below_minimum.creator_count > 0 ? ` ${pluralize(report.below_minimum.creator_count, 'creator')} ${report.below_minimum.creator_count === 1 ? 'is' : 'are'} below the minimum with ${formatCents(report.below_minimum.total_cents)}.` : ''}
      </Empty>
    );
  } else if (report) {
    body = (
      <div className="table-frame">
        <table className="data-table data-table-compact" aria-label="Ready to pay by default payout method">
          <thead>
            <tr>
              <th scope="col" title="The creators' default payout method">Method</th>
              <th scope="col" className="ac-col-amount">
                Creators
              </th>
              <th scope="col" className="ac-col-amount">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {report.methods.map((row) => (
              <tr key={row.method_id ?? 'none'}>
                <td>{row.name}</td>
                <td className="ac-col-amount">{row.creator_count}</td>
                <td className="ac-col-amount">{formatCents(row.total_cents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {report.below_minimum.creator_count > 0 ? (
          <p className="db-card-note">
            {pluralize(report.below_minimum.creator_count, 'creator')} below the minimum payout ({formatCents(report.below_minimum.total_cents)}, carried forward)
          </p>
        ) : null}
      </div>
    );
  }

  return (
    <section className="db-card" aria-labelledby="db-ready-title" aria-busy={isLoading}>
      <CardHeader
        id="db-ready-title"
        title="Ready to pay"
        subtitle={report === null ? 'Loading…' : `${formatCents(report.total_cents)} to ${pluralize(report.creator_count, 'creator')}, payable now and at or above their minimum`}
        actions={
          <a className="db-link" href={routePath('payouts', 'new')}>
            Pay creators
            <Icon name="chevronRight" size={14} />
          </a>
        }
      />
      {body}
    </section>
  );
}
