import { useState } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import type { ApiRoutes, ReferralRow } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { useResource } from '../../api/use-resource.ts';
import { useApi } from '../../app/backend-context.ts';
import { routePath } from '../../app/use-hash-route.ts';
import { formatLocalDate, formatLocalDateTime } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import type { DataTableFeatures } from '../../ui/data-table-features.ts';
import { Icon } from '../../ui/Icon.tsx';
import { customerName, referralsQuery, type ReferralFilter } from './referral-view.ts';

type ReferralsQueryInput = ApiRoutes['GET /referrals']['query'];
const PAGE_SIZE = 50;

type Names = { creatorName(id: string): string | null; projectName(id: string): string | null };

/**
 * Referrals (`GET /referrals`), newest first, with what each customer spent and got back; the
 * customer opens the referral and its events. Used by the Referrals screen and a creator's page.
 */
export function ReferralsList({ filter, names, showCreator, showProject, compact = false }: { filter: ReferralFilter; names: Names; showCreator: boolean; showProject: boolean; compact?: boolean }) {
  const query = referralsQuery(filter, PAGE_SIZE);
  const requestKey = `referrals:${JSON.stringify(query)}`;
  const { result, reload } = useResource(requestKey, (api) => api.call('GET /referrals', { query: query as ReferralsQueryInput }));
  const api = useApi();
  const [more, setMore] = useState<{ key: string; rows: ReferralRow[]; cursor: string | null } | null>(null);
  const [isLoadingMore, setIsLoadingMore] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const firstCursor = result?.ok === true ? ((result.meta['next_cursor'] as string | null | undefined) ?? null) : null;
  const extra = more?.key === requestKey ? more : null;
  const rows = result?.ok === true ? [...result.data, ...(extra?.rows ?? [])] : NO_ROWS;
  const cursor = extra ? extra.cursor : firstCursor;

  async function loadMore() {
    if (!cursor) return;
    setIsLoadingMore(true);
    setProblem(null);
    const answer = await api.call('GET /referrals', { query: { ...query, cursor } as ReferralsQueryInput });
    setIsLoadingMore(false);
    if (!answer.ok) return setProblem(answer.error.message);
    setMore({ key: requestKey, rows: [...(extra?.rows ?? []), ...answer.data], cursor: (answer.meta['next_cursor'] as string | null | undefined) ?? null });
  }

  if (result !== null && !result.ok) {
    return (
      <Banner tone="danger" title="Couldn’t load the referrals">
        {result.error.message}{' '}
        <button type="button" className="button button-ghost button-small" onClick={reload}>
          Try again
        </button>
      </Banner>
    );
  }
  const columns = referralColumns(names).filter((column) => (column.id !== 'creator' || showCreator) && (column.id !== 'project' || showProject));
  return (
    <>
      <DataTable
        label="Referrals"
        columns={columns}
        rows={rows}
        getRowId={(row) => row.id}
        isLoading={result === null}
        density={compact ? 'compact' : 'regular'}
        empty={
          <div className={compact ? 'empty-state empty-state-compact' : 'empty-state'}>
            <span className="empty-icon">
              <Icon name="target" size={20} />
            </span>
            <p className="empty-title">No referrals</p>
            <p className="empty-text">Referred customers appear here when your shop or a webhook relay records them, or when you import them from a CSV.</p>
          </div>
        }
      />
      {problem === null ? null : (
        <Banner tone="danger" title="More referrals could not be read">
          {problem}
        </Banner>
      )}
      {cursor ? (
        <div className="table-footer">
          <button type="button" className="button button-secondary" onClick={() => void loadMore()} disabled={isLoadingMore} aria-busy={isLoadingMore}>
            {isLoadingMore ? 'Loading…' : 'Show more'}
          </button>
        </div>
      ) : null}
    </>
  );
}

const NO_ROWS: ReferralRow[] = [];
const helper = createColumnHelper<DataTableFeatures, ReferralRow>();

function referralColumns({ creatorName, projectName }: Names) {
  return helper.columns([
    helper.accessor('referred_at', {
      id: 'referred',
      header: 'Referred',
      meta: { className: 'rf-col-date' },
      cell: (info) => <span title={formatLocalDateTime(info.getValue())}>{formatLocalDate(info.getValue())}</span>,
    }),
    helper.accessor('external_id', {
      id: 'customer',
      header: 'Customer',
      cell: ({ row }) => (
        <div className="method-name-text">
          <a className="cell-link method-name-primary" href={routePath('referrals', row.original.id)}>
            {customerName(row.original)}
          </a>
          {row.original.customer_label === null ? null : <span className="method-name-secondary">{row.original.external_id}</span>}
        </div>
      ),
    }),
    helper.accessor('creator_id', {
      id: 'creator',
      header: 'Creator',
      cell: (info) => (
        <a className="cell-link" href={routePath('creators', info.getValue())}>
          {creatorName(info.getValue()) ?? 'Creator'}
        </a>
      ),
    }),
    helper.accessor('project_id', {
      id: 'project',
      header: 'Project',
      cell: (info) => projectName(info.getValue()) ?? <span className="cell-muted">—</span>,
    }),
    helper.accessor('event_count', { id: 'events', header: 'Events', meta: { className: 'st-num' }, cell: (info) => info.getValue().toLocaleString() }),
    helper.accessor('spend_cents', { id: 'spend', header: 'Spend', meta: { className: 'st-num' }, cell: (info) => formatCents(info.getValue()) }),
    helper.accessor('refunded_cents', {
      id: 'refunded',
      header: 'Refunded',
      meta: { className: 'st-num' },
      cell: (info) => (info.getValue() === 0 ? <span className="cell-muted">—</span> : formatCents(info.getValue())),
    }),
  ]);
}
