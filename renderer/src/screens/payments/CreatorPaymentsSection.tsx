import { useMemo, type ReactNode } from 'react';
import { z } from 'zod';
import type { SortingState } from '@tanstack/react-table';
import type { Creator, WatchSpec } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { stableKey } from '../../api/stable-key.ts';
import { useWatch } from '../../api/use-watch.ts';
import { pluralize } from '../../format.ts';
import { Icon } from '../../ui/Icon.tsx';
import { Section } from '../../ui/Section.tsx';
import { Tooltip } from '../../ui/Tooltip.tsx';
import { usePageIndex } from '../../ui/use-page-index.ts';
import { useSessionState } from '../../ui/use-session-state.ts';
import { accrualsLink } from '../accruals/accrual-filters.ts';
import { useProjectDirectory } from '../accruals/use-directory.ts';
import { useMethodOptions } from '../creators/use-method-options.ts';
import { Pager } from '../methods/Pager.tsx';
import { PaymentsTable } from './PaymentsTable.tsx';
import type { PaymentTableMeta } from './payment-columns.tsx';
import { paymentsLink } from './payment-filters.ts';
import { formatPaidDay } from './payment-text.ts';

type PaymentsSpec = Extract<WatchSpec, { name: 'payments' }>;
type AccrualsSpec = Extract<WatchSpec, { name: 'accruals' }>;

const PAGE_SIZE = 10;
const INITIAL_SORTING: SortingState = [{ id: 'paidAt', desc: true }];
const sortingSchema = z.array(z.object({ id: z.enum(['paidAt', 'total']), desc: z.boolean() })).length(1);
const HIDDEN_COLUMNS = ['creator'] as const;

/**
 * A creator's money: what they are owed (earned accruals), what they have been paid (payments not
 * voided), and every payment, live, with "Record payment".
 */
export function CreatorPaymentsSection({ creator, onRecord }: { creator: Creator; onRecord(): void }) {
  const balance = useCreatorBalance(creator.id);
  const [sorting, setSorting] = useSessionState<SortingState>('payouts.creator-payments.sorting', sortingSchema, INITIAL_SORTING);
  const paging = usePageIndex(stableKey({ creatorId: creator.id, sorting }), PAGE_SIZE);
  const { pageIndex } = paging;
  const spec = useMemo<PaymentsSpec>(() => {
    const sort = sorting[0] ?? INITIAL_SORTING[0];
    return {
      name: 'payments',
      params: {
        creator_id: creator.id,
        sort: sort?.id === 'total' ? 'total_amount_cents' : 'paid_at',
        dir: sort?.desc === false ? 'asc' : 'desc',
        limit: PAGE_SIZE,
        skip: pageIndex * PAGE_SIZE,
      },
    };
  }, [creator.id, sorting, pageIndex]);
  const history = useWatch(spec);
  paging.observe(history.total, history.isLoading);

  const { byId: projectsById } = useProjectDirectory();
  const { methods } = useMethodOptions();
  const methodsById = useMemo(() => new Map(methods.map((method) => [method.id, method])), [methods]);
  const meta: PaymentTableMeta = {
    creatorOf: (id) => (id === creator.id ? creator : null),
    projectOf: (id) => projectsById.get(id),
    methodOf: (id) => methodsById.get(id),
  };
  const hasProjects = creator.project_ids.length > 0;
  const recordButton = (
    <RecordButton isBlocked={!hasProjects} onClick={onRecord}>
      Record payment
    </RecordButton>
  );

  return (
    <Section
      title="Payments"
      count={pluralize(history.total, 'payment')}
      description="What they are owed and what they have been paid, across their projects."
      actions={
        <>
          {history.total > 0 ? (
            <a className="button button-ghost button-small" href={paymentsLink({ creatorId: creator.id })}>
              All payments
            </a>
          ) : null}
          {recordButton}
        </>
      }
    >
      <dl className="stat-row pay-balance" aria-label="Balance">
        <div className="stat pay-stat-owed">
          <dt>Outstanding</dt>
          <dd className="stat-value" data-testid="creator-outstanding">
            {balance.outstandingCents === null ? '—' : formatCents(balance.outstandingCents)}
          </dd>
          <dd className="pay-stat-note">
            {balance.outstandingCount === 0 ? (
              'Nothing owed'
            ) : (
              <a href={accrualsLink({ creatorId: creator.id, status: 'earned' })}>{pluralize(balance.outstandingCount, 'earned accrual')}</a>
            )}
          </dd>
        </div>
        <div className="stat">
          <dt>Paid to date</dt>
          <dd className="stat-value" data-testid="creator-paid-to-date">
            {balance.paidCents === null ? '—' : formatCents(balance.paidCents)}
          </dd>
          <dd className="pay-stat-note">{balance.paidCount === 0 ? 'No payments yet' : `in ${pluralize(balance.paidCount, 'payment')}, voided ones left out`}</dd>
        </div>
        <div className="stat">
          <dt>Last paid</dt>
          <dd className="stat-value stat-value-small">{balance.lastPaidAt === null ? <span className="cell-muted">Never</span> : formatPaidDay(balance.lastPaidAt)}</dd>
        </div>
      </dl>

      <PaymentsTable
        label="Payment history"
        rows={history.rows}
        sorting={sorting}
        onSortingChange={setSorting}
        meta={meta}
        isLoading={history.isLoading && history.rows.length === 0}
        hiddenColumns={HIDDEN_COLUMNS}
        density="compact"
        empty={
          <div className="empty-state empty-state-compact">
            <span className="empty-icon">
              <Icon name="payments" size={20} />
            </span>
            <p className="empty-title">No payments yet</p>
            <p className="empty-text">
              {balance.outstandingCount > 0
                ? `They are owed ${formatCents(balance.outstandingCents ?? 0)}. Record a payment once you have sent it.`
                : 'Payments you record for them show here, with their receipts.'}
            </p>
          </div>
        }
      />
      {history.total > PAGE_SIZE ? (
        <div className="table-footer">
          <span />
          <Pager total={history.total} pageIndex={pageIndex} pageSize={PAGE_SIZE} onPageChange={paging.setPageIndex} />
        </div>
      ) : null}
    </Section>
  );
}

function RecordButton({ isBlocked, onClick, children }: { isBlocked: boolean; onClick(): void; children: ReactNode }) {
  if (!isBlocked) {
    return (
      <button type="button" className="button button-secondary button-small" onClick={onClick}>
        <Icon name="plus" size={14} />
        {children}
      </button>
    );
  }
  return (
    <Tooltip text="Add the creator to a project first">
      {(describedBy) => (
        <button type="button" className="button button-secondary button-small" aria-describedby={describedBy} disabled>
          <Icon name="plus" size={14} />
          {children}
        </button>
      )}
    </Tooltip>
  );
}

type Balance = { outstandingCents: number | null; outstandingCount: number; paidCents: number | null; paidCount: number; lastPaidAt: string | null };

/** Outstanding = sum of earned accruals; paid to date = sum of payments not voided. Both live. */
export function useCreatorBalance(creatorId: string): Balance {
  const outstandingSpec = useMemo<AccrualsSpec>(() => ({ name: 'accruals', params: { creator_id: creatorId, status: 'earned', limit: 1 } }), [creatorId]);
  const paidSpec = useMemo<PaymentsSpec>(() => ({ name: 'payments', params: { creator_id: creatorId, status: 'paid', sort: 'paid_at', dir: 'desc', limit: 1 } }), [creatorId]);
  const outstanding = useWatch(outstandingSpec);
  const paid = useWatch(paidSpec);
  return {
    outstandingCents: outstanding.isLoading ? null : (outstanding.sumAmountCents ?? 0),
    outstandingCount: outstanding.total,
    paidCents: paid.isLoading ? null : (paid.sumAmountCents ?? 0),
    paidCount: paid.total,
    lastPaidAt: paid.rows[0]?.paid_at ?? null,
  };
}
