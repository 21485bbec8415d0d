import { useMemo, useState } from 'react';
import { z } from 'zod';
import type { SortingState } from '@tanstack/react-table';
import type { WatchSpec } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { stableKey } from '../../api/stable-key.ts';
import { useWatch } from '../../api/use-watch.ts';
import { pluralize } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { usePageIndex } from '../../ui/use-page-index.ts';
import { useSessionState } from '../../ui/use-session-state.ts';
import { useCreatorDirectory, useProjectDirectory } from '../accruals/use-directory.ts';
import { localTimeZone } from '../../../../core/domain/explain/zoned-format.ts';
import { useMethodOptions } from '../creators/use-method-options.ts';
import { Pager } from '../methods/Pager.tsx';
import { PaymentFilterBar } from './PaymentFilterBar.tsx';
import { PaymentsTable } from './PaymentsTable.tsx';
import { RecordPaymentDialog } from './RecordPaymentDialog.tsx';
import type { PaymentTableMeta } from './payment-columns.tsx';
import { NO_PAYMENT_FILTERS, hasPaymentFilters, paymentFilterParams, type PaymentFilterParams, type PaymentFilters } from './payment-filters.ts';
import { usePaymentFilters } from './use-payment-filters.ts';
import { usePendingMarks } from '../../app/use-pending-marks.ts';

type PaymentsSpec = Extract<WatchSpec, { name: 'payments' }>;
type SortField = NonNullable<NonNullable<PaymentsSpec['params']>['sort']>;

const SORT_BY_COLUMN: Record<string, SortField> = { paidAt: 'paid_at', total: 'total_amount_cents' };
const PAGE_SIZE = 50;
const INITIAL_SORTING: SortingState = [{ id: 'paidAt', desc: true }];
const sortingSchema = z.array(z.object({ id: z.enum(['paidAt', 'total']), desc: z.boolean() })).length(1);

/** Every payment recorded: filters, totals of the filtered set, and "Record payment" for one not tied to a creator's page. */
export function PaymentsList() {
  const [filters, setFilters] = usePaymentFilters();
  const [sorting, setSorting] = useSessionState<SortingState>('payouts.payments.sorting', sortingSchema, INITIAL_SORTING);
  const [isRecording, setIsRecording] = useState(false);
  const { projects, byId: projectsById } = useProjectDirectory();
  const { methods } = useMethodOptions();
  const timeZone = localTimeZone();

  const filterKey = stableKey(filters);
  const paging = usePageIndex(stableKey({ filterKey, sorting }), PAGE_SIZE);
  const { pageIndex } = paging;
  const filterParams = useMemo(() => paymentFilterParams(filters, timeZone), [filters, timeZone]);

  const spec = useMemo<PaymentsSpec>(() => {
    const sort = sorting[0] ?? INITIAL_SORTING[0];
    return {
      name: 'payments',
      params: {
        ...filterParams,
        sort: SORT_BY_COLUMN[sort?.id ?? 'paidAt'] ?? 'paid_at',
        dir: sort?.desc === false ? 'asc' : 'desc',
        limit: PAGE_SIZE,
        skip: pageIndex * PAGE_SIZE,
      },
    };
  }, [filterParams, sorting, pageIndex]);
  const { rows, total, sumAmountCents, error, isLoading } = useWatch(spec);
  paging.observe(total, isLoading);
  const paid = usePaidTotals(filterParams, filters.status === '');

  const creatorIds = useMemo(() => rows.flatMap((payment) => (payment.creator_id === null ? [] : [payment.creator_id])), [rows]);
  const creators = useCreatorDirectory(filters.projectId, creatorIds);
  const methodsById = useMemo(() => new Map(methods.map((method) => [method.id, method])), [methods]);
  const paymentIds = useMemo(() => rows.map((payment) => payment.id), [rows]);
  const pending = usePendingMarks('payment', paymentIds);
  const meta: PaymentTableMeta = {
    creatorOf: creators.nameOf,
    projectOf: (id) => projectsById.get(id),
    methodOf: (id) => methodsById.get(id),
    isNotOnServer: (id) => pending.get(id)?.created === true,
  };
  const isFirstLoad = isLoading && rows.length === 0;

  return (
    <>
      <PageHeader
        title="Payments"
        description="Money sent to creators by hand, with what each payment settled, its adjustments and receipts. Voiding a payment makes its accruals payable again."
        actions={
          <button type="button" className="button button-primary" onClick={() => setIsRecording(true)}>
            <Icon name="plus" />
            Record payment
          </button>
        }
      />

      <PaymentFilterBar filters={filters} onChange={setFilters} projects={projects} creators={creators.creators} creatorOf={creators.nameOf} />

      {error === null ? null : (
        <Banner tone="danger" title="Couldn’t load payments">
          {error.message}
        </Banner>
      )}

      <div className="ac-totals">
        <Totals total={total} sumAmountCents={sumAmountCents} paid={paid} filters={filters} isLoading={isFirstLoad} />
        {hasPaymentFilters(filters) ? (
          <button type="button" className="button button-ghost button-small" onClick={() => setFilters(NO_PAYMENT_FILTERS)}>
            <Icon name="close" size={14} />
            Clear filters
          </button>
        ) : null}
      </div>

      <PaymentsTable
        rows={rows}
        sorting={sorting}
        onSortingChange={setSorting}
        meta={meta}
        isLoading={isFirstLoad}
        empty={<PaymentsEmptyState filters={filters} onClearFilters={() => setFilters(NO_PAYMENT_FILTERS)} onRecord={() => setIsRecording(true)} />}
      />

      <div className="table-footer">
        <p className="table-note">
          <Icon name="info" size={14} />
          Times are shown in your time zone ({timeZone.replace(/_/g, ' ')}).
        </p>
        <Pager total={total} pageIndex={pageIndex} pageSize={PAGE_SIZE} onPageChange={paging.setPageIndex} />
      </div>

      {isRecording ? (
        <RecordPaymentDialog preselect="none" {...(filters.projectId === '' ? {} : { projectId: filters.projectId })} onClose={() => setIsRecording(false)} />
      ) : null}
    </>
  );
}

type PaidTotals = { count: number; sumAmountCents: number | null } | null;

/**
 * Without a status filter the list mixes paid and voided payments; the money actually paid comes
 * from a second count of the same filter, paid only (one row asked for: only its totals matter).
 */
function usePaidTotals(filterParams: PaymentFilterParams, isNeeded: boolean): PaidTotals {
  const spec = useMemo<PaymentsSpec>(() => ({ name: 'payments', params: { ...filterParams, status: isNeeded ? 'paid' : 'voided', limit: 1 } }), [filterParams, isNeeded]);
  const { total, sumAmountCents, isLoading } = useWatch(spec);
  return isNeeded && !isLoading ? { count: total, sumAmountCents } : null;
}

function Totals({ total, sumAmountCents, paid, filters, isLoading }: { total: number; sumAmountCents: number | null; paid: PaidTotals; filters: PaymentFilters; isLoading: boolean }) {
  if (isLoading) return <p className="ac-totals-text">Loading…</p>;
  const matching = hasPaymentFilters(filters) ? ' matching the filters' : '';
  if (filters.status !== '' || paid === null || paid.sumAmountCents === null || sumAmountCents === null) {
    const noun = filters.status === 'voided' ? 'voided payment' : filters.status === 'paid' ? 'payment' : 'payment';
    return (
      <p className="ac-totals-text" aria-live="polite" aria-atomic="true" data-testid="payments-totals">
        <span className={filters.status === 'voided' ? 'ac-totals-amount pay-totals-voided' : 'ac-totals-amount'}>{sumAmountCents === null ? '—' : formatCents(sumAmountCents)}</span>{' '}
        <span className="ac-totals-count">
          {filters.status === 'voided' ? 'voided in' : 'paid in'} {pluralize(total, noun)}
          {matching}
        </span>
      </p>
    );
  }
  const voidedCount = total - paid.count;
  const voidedCents = sumAmountCents - paid.sumAmountCents;
  return (
    <p className="ac-totals-text" aria-live="polite" aria-atomic="true" data-testid="payments-totals">
      <span className="ac-totals-amount">{formatCents(paid.sumAmountCents)}</span>{' '}
      <span className="ac-totals-count">
        paid in {pluralize(paid.count, 'payment')}
        {matching}
        {voidedCount > 0 ? ` · ${pluralize(voidedCount, 'voided payment')} (${formatCents(voidedCents)}) not counted` : ''}
      </span>
    </p>
  );
}

function PaymentsEmptyState({ filters, onClearFilters, onRecord }: { filters: PaymentFilters; onClearFilters(): void; onRecord(): void }) {
  if (hasPaymentFilters(filters)) {
    return (
      <div className="empty-state">
        <span className="empty-icon">
          <Icon name="search" size={20} />
        </span>
        <p className="empty-title">No payments match these filters</p>
        <p className="empty-text">Try another creator or project, or widen the dates.</p>
        <div className="empty-actions">
          <button type="button" className="button button-secondary" onClick={onClearFilters}>
            Clear filters
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="empty-state">
      <span className="empty-icon">
        <Icon name="payments" size={20} />
      </span>
      <p className="empty-title">No payments recorded yet</p>
      <p className="empty-text">
        After you send money by Venmo, Cash App or PayPal, record it here with its receipt. Paying from a creator’s page or from ticked accruals marks what it settles as paid.
      </p>
      <div className="empty-actions">
        <a className="button button-secondary" href="#/accruals?status=earned">
          See what is owed
        </a>
        <button type="button" className="button button-primary" onClick={onRecord}>
          <Icon name="plus" />
          Record payment
        </button>
      </div>
    </div>
  );
}
