import { useEffect, useRef, useState } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import type { TaxYearCreator, TaxYearReport, WatchSpec } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { useResource } from '../../api/use-resource.ts';
import { useWatch } from '../../api/use-watch.ts';
import { useApi } from '../../app/backend-context.ts';
import { routePath } from '../../app/use-hash-route.ts';
import { pluralize } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import type { DataTableFeatures } from '../../ui/data-table-features.ts';
import { downloadText } from '../../ui/download.ts';
import { FilterSelect } from '../../ui/filter-fields.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useSessionState } from '../../ui/use-session-state.ts';
import { useToast } from '../../ui/toast-context.ts';
import { useProjectDirectory } from '../accruals/use-directory.ts';
import { MethodAvatar } from '../methods/MethodAvatar.tsx';
import { defaultTaxYear, taxYearFilename, taxYearFiltersSchema, yearChoices, type TaxYearFilters } from './tax-year-view.ts';

/**
 * The tax year report (`GET /tax-years/{year}`): what each creator was paid in one calendar year,
 * creators at or above the reporting threshold first and marked, and the CSV a 1099 preparer
 * imports. Each payment counts in the year of its paid date in its project's time zone.
 */
export function TaxYearScreen() {
  const now = new Date();
  const [filters, setFilters] = useSessionState<TaxYearFilters>('payouts.tax-year.filters', taxYearFiltersSchema, { year: defaultTaxYear(now), projectId: '' });
  const query = { format: 'json' as const, ...(filters.projectId !== '' && { project_id: filters.projectId }) };
  const { result, reload } = useResource(`tax-year:${filters.year}:${filters.projectId}`, (api) =>
    api.call('GET /tax-years/:year', { params: { year: String(filters.year) }, query }),
  );
  useReloadOnPaymentsChange(reload);
  const { projects, byId: projectsById } = useProjectDirectory();
  const report: TaxYearReport | null = result?.ok === true && typeof result.data !== 'string' ? result.data : null;
  const api = useApi();
  const toast = useToast();
  const [isDownloading, setIsDownloading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function downloadCsv() {
    setIsDownloading(true);
    setProblem(null);
    const answer = await api.call('GET /tax-years/:year', { params: { year: String(filters.year) }, query: { ...query, format: 'csv' } });
    setIsDownloading(false);
    if (!answer.ok) return setProblem(answer.error.message);
    if (typeof answer.data !== 'string') return setProblem('The server did not answer a CSV file.');
    const filename = taxYearFilename(filters.year, filters.projectId === '' ? null : (projectsById.get(filters.projectId)?.name ?? null));
    downloadText(filename, answer.data);
    toast.show({ tone: 'success', title: `Downloaded ${filename}`, description: `${pluralize(report?.creators.length ?? 0, 'creator')}, amounts in dollars.` });
  }

  return (
    <>
      <PageHeader
        title="Tax year"
        description="What each creator was paid in a calendar year, by the paid date of each payment in its project’s time zone. Voided payments do not count; creators at or above the reporting threshold come first."
        actions={
          <button type="button" className="button button-primary" onClick={() => void downloadCsv()} disabled={isDownloading || report === null}>
            <Icon name="download" size={16} />
            {isDownloading ? 'Preparing…' : 'Download CSV'}
          </button>
        }
      />

      <div className="ac-filters" role="group" aria-label="Filters">
        <div className="ac-filter">
          <label className="ac-filter-label" htmlFor="tax-year-year">
            Year
          </label>
          <select
            id="tax-year-year"
            className="input ac-select"
            value={filters.year}
            onChange={(event) => setFilters({ ...filters, year: Number(event.target.value) })}
          >
            {yearChoices(now.getFullYear(), filters.year).map((year) => (
              <option key={year} value={year}>
                {year}
              </option>
            ))}
          </select>
        </div>
        <FilterSelect
          label="Project"
          allLabel="All projects"
          value={filters.projectId}
          choices={projects.map((project) => ({ value: project.id, label: project.name }))}
          onChange={(projectId) => setFilters({ ...filters, projectId })}
        />
      </div>

      {result !== null && !result.ok ? (
        <Banner tone="danger" title="Couldn’t load the tax year">
          {result.error.message}{' '}
          <button type="button" className="button button-ghost button-small" onClick={reload}>
            Try again
          </button>
        </Banner>
      ) : null}
      {problem === null ? null : (
        <Banner tone="danger" title="Not downloaded">
          {problem}
        </Banner>
      )}

      <div className="ac-totals">
        <p className="ac-totals-text" aria-live="polite" aria-atomic="true" data-testid="tax-year-totals">
          {report === null ? (
            'Loading…'
          ) : (
            <>
              <span className="ac-totals-amount">{formatCents(report.total_paid_cents)}</span>{' '}
              <span className="ac-totals-count">
                paid in {report.year} in {pluralize(report.payment_count, 'payment')}; {pluralize(report.flagged_count, 'creator')} at or above{' '}
                {formatCents(report.threshold_cents)}
                {report.unattributed.payment_count > 0
                  ? `; ${formatCents(report.unattributed.total_paid_cents)} in ${pluralize(report.unattributed.payment_count, 'payment')} without a creator`
                  : ''}
              </span>
            </>
          )}
        </p>
      </div>

      <DataTable
        label={`Tax year ${filters.year}`}
        columns={columns}
        rows={report?.creators ?? NO_ROWS}
        getRowId={(row) => row.creator_id}
        isLoading={report === null}
        rowClassName={(row) => (row.flagged ? 'tax-row tax-row-flagged' : 'tax-row')}
        empty={
          <div className="empty-state">
            <span className="empty-icon">
              <Icon name="payments" size={20} />
            </span>
            <p className="empty-title">No payments in {filters.year}</p>
            <p className="empty-text">Creators appear here once a payment to them is recorded with a paid date in that year.</p>
          </div>
        }
      />

      <div className="table-footer">
        <p className="table-note">
          <Icon name="info" size={14} />
          The CSV has each creator’s name and email as recorded; tax ids and postal addresses come from the W-9s you hold.
        </p>
      </div>
    </>
  );
}

const NO_ROWS: TaxYearCreator[] = [];

const PAID_PAYMENTS: Extract<WatchSpec, { name: 'payments' }> = { name: 'payments', params: { status: 'paid', limit: 1 } };

/** The report is not live: ask again when a payment is recorded or voided (the paid total moves). */
function useReloadOnPaymentsChange(reload: () => void) {
  const paid = useWatch(PAID_PAYMENTS);
  const signature = `${paid.total}:${paid.sumAmountCents}`;
  const seen = useRef<string | null>(null);
  useEffect(() => {
    if (paid.isLoading) return;
    if (seen.current !== null && seen.current !== signature) reload();
    seen.current = signature;
  }, [paid.isLoading, signature, reload]);
}

const helper = createColumnHelper<DataTableFeatures, TaxYearCreator>();

const columns = helper.columns([
  helper.accessor('name', {
    id: 'creator',
    header: 'Creator',
    meta: { className: 'tax-col-creator' },
    cell: ({ row }) => (
      <div className="method-name">
        <MethodAvatar name={row.original.name} iconUrl={null} />
        <div className="method-name-text">
          <a className="cell-link method-name-primary" href={routePath('creators', row.original.creator_id)}>
            {row.original.name}
          </a>
          <span className="method-name-secondary">{row.original.handle ?? ''}</span>
        </div>
      </div>
    ),
  }),
  helper.accessor('email', {
    id: 'email',
    header: 'Email',
    meta: { className: 'tax-col-email' },
    cell: (info) => info.getValue() ?? <span className="cell-muted">—</span>,
  }),
  helper.accessor('payment_count', {
    id: 'payments',
    header: 'Payments',
    meta: { className: 'tax-col-count' },
    cell: (info) => info.getValue().toLocaleString(),
  }),
  helper.accessor('total_paid_cents', {
    id: 'total',
    header: 'Total paid',
    meta: { className: 'tax-col-amount' },
    cell: (info) => <span className="ac-amount">{formatCents(info.getValue())}</span>,
  }),
  helper.accessor('flagged', {
    id: 'flagged',
    header: 'Reporting',
    meta: { className: 'tax-col-flag' },
    cell: (info) =>
      info.getValue() ? (
        <span className="badge tax-flag">
          <Icon name="alert" size={12} />
          At or above threshold
        </span>
      ) : (
        <span className="cell-muted">Below</span>
      ),
  }),
]);
