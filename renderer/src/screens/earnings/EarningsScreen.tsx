import { useEffect, useMemo, useRef, useState } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import type { Earning, WatchSpec } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { stableKey } from '../../api/stable-key.ts';
import { useResource } from '../../api/use-resource.ts';
import { useWatch } from '../../api/use-watch.ts';
import { useBackendSession } from '../../app/backend-context.ts';
import { routePath } from '../../app/use-hash-route.ts';
import { formatLocalDate, formatLocalDateTime, pluralize } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { FilterSelect } from '../../ui/filter-fields.tsx';
import type { DataTableFeatures } from '../../ui/data-table-features.ts';
import { Icon } from '../../ui/Icon.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useSessionState } from '../../ui/use-session-state.ts';
import { useCreatorDirectory, useProjectDirectory, type CreatorEntry } from '../accruals/use-directory.ts';
import { MethodAvatar } from '../methods/MethodAvatar.tsx';
import {
  EARNING_STATUSES,
  EARNING_STATUS_LABELS,
  EARNING_STATUS_NOTES,
  NO_EARNING_FILTERS,
  earningContext,
  earningFiltersSchema,
  earningTypeLabel,
  earningsQuery,
  pageOf,
  type EarningFilters,
  type EarningStatus,
} from './earnings-query.ts';

const PAGE_SIZE = 50;

/**
 * The earnings ledger as seed 002's API reports it (`GET /earnings`): every accrual as an earning,
 * pending, processing, paid or failed, paged by offset. The API is not live, so the screen asks
 * again whenever the live totals of accruals and payments move.
 */
export function EarningsScreen() {
  const [filters, setFilters] = useSessionState<EarningFilters>('payouts.earnings.filters', earningFiltersSchema, NO_EARNING_FILTERS);
  const [page, setPage] = useState({ filterKey: stableKey(filters), index: 0 });
  const filterKey = stableKey(filters);
  const pageIndex = page.filterKey === filterKey ? page.index : 0;
  const query = earningsQuery(filters, pageIndex, PAGE_SIZE);
  const { result, isLoading, reload } = useResource(`earnings:${stableKey(query)}`, (api) => api.call('GET /earnings', { query }));
  useReloadOnLedgerChange(reload);

  const { projects, byId: projectsById } = useProjectDirectory();
  const answer = result?.ok === true ? pageOf(result.data.earnings, PAGE_SIZE) : null;
  const rows = answer?.rows ?? NO_ROWS;
  const creatorIds = useMemo(() => rows.flatMap((earning) => earningContext(earning).creatorId ?? []), [rows]);
  const creators = useCreatorDirectory('', creatorIds);
  const columns = earningColumns(creators.nameOf, filters.programId === '' && projects.length > 1 ? (id) => projectsById.get(id)?.name : null);
  const pageSum = rows.reduce((sum, earning) => sum + earning.amount, 0);
  const { handle } = useBackendSession();

  const setFilter = (patch: Partial<EarningFilters>) => setFilters({ ...filters, ...patch });

  return (
    <>
      <PageHeader
        title="Earnings"
        description="Every accrual as an earning, in the words of the referral program’s API: pending until it is paid, processing while its payout batch file is out, paid with its payment, failed when rejected, voided or returned by the provider (then payable again)."
      />

      <div className="ac-filters" role="group" aria-label="Filters">
        <FilterSelect
          label="Status"
          className="ac-filter-status"
          allLabel="All statuses"
          value={filters.status}
          choices={EARNING_STATUSES.map((status) => ({ value: status, label: EARNING_STATUS_LABELS[status] }))}
          onChange={(status) => setFilter({ status: status as EarningStatus | '' })}
        />
        <FilterSelect
          label="Program"
          allLabel="All programs"
          value={filters.programId}
          choices={projects.map((project) => ({ value: project.id, label: project.name }))}
          onChange={(programId) => setFilter({ programId })}
        />
        {filters.status === '' ? null : <p className="earn-status-note">{EARNING_STATUS_NOTES[filters.status]}</p>}
      </div>

      {result !== null && !result.ok ? (
        <Banner tone="danger" title="Couldn’t load earnings">
          {result.error.message}
        </Banner>
      ) : null}

      <div className="ac-totals">
        <p className="ac-totals-text" aria-live="polite" aria-atomic="true" data-testid="earnings-totals">
          {answer === null ? (
            'Loading…'
          ) : (
            <>
              <span className="ac-totals-amount">{formatCents(pageSum)}</span>{' '}
              <span className="ac-totals-count">
                in {pluralize(rows.length, 'earning')} on this page
                {filters.status === '' ? '' : `, ${EARNING_STATUS_LABELS[filters.status].toLowerCase()}`}
              </span>
            </>
          )}
        </p>
        {filters.status !== '' || filters.programId !== '' ? (
          <button type="button" className="button button-ghost button-small" onClick={() => setFilters(NO_EARNING_FILTERS)}>
            <Icon name="close" size={14} />
            Clear filters
          </button>
        ) : null}
      </div>

      <DataTable
        label="Earnings"
        columns={columns}
        rows={rows}
        getRowId={(earning) => earning.id}
        isLoading={answer === null}
        rowClassName={(earning) => `earn-row earn-row-${earning.status}${typeof earning.metadata.payout_failure_reason === 'string' ? ' earn-row-payable' : ''}`}
        empty={<EarningsEmptyState filters={filters} onClear={() => setFilters(NO_EARNING_FILTERS)} />}
      />

      <div className="table-footer">
        <p className="table-note">
          <Icon name="info" size={14} />
          {handle.apiBaseUrl === null ? 'Scripts read the same list from GET /api/v1/earnings.' : `Scripts read the same list from GET ${handle.apiBaseUrl}/earnings.`}
        </p>
        <OffsetPager
          pageIndex={pageIndex}
          count={rows.length}
          hasMore={answer?.hasMore ?? false}
          isLoading={isLoading}
          onPageChange={(index) => setPage({ filterKey, index })}
        />
      </div>
    </>
  );
}

const NO_ROWS: Earning[] = [];

type CountsSpec = Extract<WatchSpec, { name: 'accruals' } | { name: 'payments' }>;
const EARNED: CountsSpec = { name: 'accruals', params: { status: 'earned', limit: 1 } };
const ALL_ACCRUALS: CountsSpec = { name: 'accruals', params: { limit: 1 } };
const PAID_PAYMENTS: CountsSpec = { name: 'payments', params: { status: 'paid', limit: 1 } };

/**
 * Reloads when accruals or payments change: a run adds accruals, a payment turns earned into
 * paid, a void or rejection turns them back or into failed. Each moves one of these totals.
 */
function useReloadOnLedgerChange(reload: () => void) {
  const earned = useWatch(EARNED);
  const all = useWatch(ALL_ACCRUALS);
  const paid = useWatch(PAID_PAYMENTS);
  const signature = [earned.total, earned.sumAmountCents, all.total, paid.total, paid.sumAmountCents].join(':');
  const isReady = !earned.isLoading && !all.isLoading && !paid.isLoading;
  const seen = useRef<string | null>(null);
  useEffect(() => {
    if (!isReady) return;
    if (seen.current !== null && seen.current !== signature) reload();
    seen.current = signature;
  }, [isReady, signature, reload]);
}

const helper = createColumnHelper<DataTableFeatures, Earning>();

/** Built each render: the names come from live lookups that change with every answer. */
function earningColumns(creatorOf: (id: string) => CreatorEntry | null, programOf: ((id: string) => string | undefined) | null) {
  return (
      helper.columns([
        helper.display({
          id: 'creator',
          header: 'Creator',
          meta: { className: 'earn-col-creator' },
          cell: ({ row }) => {
            const { creatorId, projectId } = earningContext(row.original);
            const creator = creatorId === null ? null : creatorOf(creatorId);
            const program = projectId === null || programOf === null ? undefined : programOf(projectId);
            if (creator === null) return <span className="cell-muted">{creatorId === null ? '—' : 'Loading…'}</span>;
            return (
              <div className="method-name">
                <MethodAvatar name={creator.name} iconUrl={null} />
                <div className="method-name-text">
                  <a className="cell-link method-name-primary" href={routePath('creators', creator.id)}>
                    {creator.name}
                  </a>
                  <span className="method-name-secondary">{program ?? creator.handle ?? ''}</span>
                </div>
              </div>
            );
          },
        }),
        helper.accessor('description', {
          id: 'description',
          header: 'Description',
          meta: { className: 'earn-col-description' },
          cell: ({ row }) => (
            <div className="ac-cell-stack">
              <a className="earn-description" href={routePath('accruals', row.original.id)} title={row.original.description}>
                {row.original.description}
              </a>
              <span className="ac-cell-secondary" title={formatLocalDateTime(row.original.created_at)}>
                Earned {formatLocalDate(row.original.created_at)}
              </span>
            </div>
          ),
        }),
        helper.accessor('type', {
          id: 'type',
          header: 'Type',
          meta: { className: 'earn-col-type' },
          cell: (info) => <span className={`badge ac-type ac-type-${info.getValue()}`}>{earningTypeLabel(info.getValue())}</span>,
        }),
        helper.accessor('amount', {
          id: 'amount',
          header: 'Amount',
          meta: { className: 'earn-col-amount' },
          cell: (info) => <span className="ac-amount earn-amount">{formatCents(info.getValue(), info.row.original.currency)}</span>,
        }),
        helper.accessor('status', {
          id: 'status',
          header: 'Status',
          meta: { className: 'earn-col-status' },
          cell: (info) => <EarningStatusBadge status={info.getValue()} />,
        }),
        helper.accessor('reference_id', {
          id: 'reference',
          header: 'Reference',
          meta: { className: 'earn-col-reference' },
          cell: (info) => {
            const reference = info.getValue();
            const paymentId = typeof info.row.original.metadata.payment_id === 'string' ? info.row.original.metadata.payment_id : reference;
            if (reference === null || paymentId === null) return <span className="cell-muted">—</span>;
            // A batch paid through PayPal gives the provider's item id as the reference.
            const isProviderReference = reference !== paymentId;
            return (
              <a className="cell-link earn-reference" href={routePath('payments', paymentId)} title={isProviderReference ? `Payment ${paymentId}, provider reference ${reference}` : `Payment ${paymentId}`}>
                <Icon name="payments" size={14} />
                {isProviderReference ? reference : 'Payment'}
              </a>
            );
          },
        }),
        helper.accessor('paid_at', {
          id: 'paidAt',
          header: 'Paid',
          meta: { className: 'earn-col-date' },
          cell: (info) => {
            const value = info.getValue();
            return value === null ? <span className="cell-muted">—</span> : <span title={formatLocalDateTime(value)}>{formatLocalDate(value)}</span>;
          },
        }),
      ])
  );
}

function EarningStatusBadge({ status }: { status: EarningStatus }) {
  return (
    <span className={`badge earn-status earn-status-${status}`}>
      <span className="badge-dot" aria-hidden="true" />
      {EARNING_STATUS_LABELS[status]}
    </span>
  );
}

/** Offset paging without a total: the range shown, and whether a next page exists. */
function OffsetPager({ pageIndex, count, hasMore, isLoading, onPageChange }: { pageIndex: number; count: number; hasMore: boolean; isLoading: boolean; onPageChange(index: number): void }) {
  if (pageIndex === 0 && !hasMore) return null;
  const first = pageIndex * PAGE_SIZE + 1;
  const last = pageIndex * PAGE_SIZE + count;
  return (
    <nav className="pager" aria-label="Pages">
      <span className="pager-range">{count === 0 ? 'No rows' : `${first.toLocaleString()}–${last.toLocaleString()}`}</span>
      <button type="button" className="icon-button" aria-label="Previous page" disabled={pageIndex === 0 || isLoading} onClick={() => onPageChange(pageIndex - 1)}>
        <Icon name="chevronLeft" />
      </button>
      <button type="button" className="icon-button" aria-label="Next page" disabled={!hasMore || isLoading} onClick={() => onPageChange(pageIndex + 1)}>
        <Icon name="chevronRight" />
      </button>
    </nav>
  );
}

function EarningsEmptyState({ filters, onClear }: { filters: EarningFilters; onClear(): void }) {
  if (filters.status === 'processing') {
    return (
      <div className="empty-state">
        <span className="empty-icon">
          <Icon name="clock" size={20} />
        </span>
        <p className="empty-title">Nothing is processing</p>
        <p className="empty-text">Earnings show as processing while they are inside an open payout batch, between export and payment.</p>
        <div className="empty-actions">
          <button type="button" className="button button-secondary" onClick={onClear}>
            Clear filters
          </button>
        </div>
      </div>
    );
  }
  if (filters.status !== '' || filters.programId !== '') {
    return (
      <div className="empty-state">
        <span className="empty-icon">
          <Icon name="search" size={20} />
        </span>
        <p className="empty-title">No earnings match these filters</p>
        <p className="empty-text">Try another status or program.</p>
        <div className="empty-actions">
          <button type="button" className="button button-secondary" onClick={onClear}>
            Clear filters
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="empty-state">
      <span className="empty-icon">
        <Icon name="earnings" size={20} />
      </span>
      <p className="empty-title">No earnings yet</p>
      <p className="empty-text">Earnings appear as the accrual engine credits creators for the periods that end under their payout structures.</p>
      <div className="empty-actions">
        <a className="button button-secondary" href="#/accruals">
          Go to accruals
        </a>
      </div>
    </div>
  );
}
