import { useState } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import type { ApiRoutes, PayoutBatchRow } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { useResource } from '../../api/use-resource.ts';
import { useApi } from '../../app/backend-context.ts';
import { routePath } from '../../app/use-hash-route.ts';
import { formatLocalDate, formatLocalDateTime } from '../../format.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Banner } from '../../ui/Banner.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import type { DataTableFeatures } from '../../ui/data-table-features.ts';
import { FilterSelect } from '../../ui/filter-fields.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useProjectDirectory } from '../accruals/use-directory.ts';
import { useMethodOptions } from '../creators/use-method-options.ts';
import { BATCH_STATUS_LABELS, BATCH_STATUS_TONES } from './batch-view.ts';

type ListQuery = NonNullable<ApiRoutes['GET /payout-batches']['query']>;
type Status = 'draft' | 'exported' | 'settled';
const PAGE_SIZE = 50;

/** Every payout batch, newest first: project, status, totals and how many lines are paid, failed or open. */
export function BatchesList() {
  const [projectId, setProjectId] = useState('');
  const [status, setStatus] = useState<Status | ''>('');
  const { projects, byId: projectsById } = useProjectDirectory();
  const { methods } = useMethodOptions();
  const query: ListQuery = { limit: PAGE_SIZE, ...(projectId !== '' && { project_id: projectId }), ...(status !== '' && { status }) };
  const requestKey = `payout-batches:${JSON.stringify(query)}`;
  const { result, reload } = useResource(requestKey, (api) => api.call('GET /payout-batches', { query }));
  const api = useApi();
  const [more, setMore] = useState<{ key: string; rows: PayoutBatchRow[]; cursor: string | null } | null>(null);
  const [isLoadingMore, setIsLoadingMore] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const extra = more?.key === requestKey ? more : null;
  const rows = result?.ok === true ? [...result.data, ...(extra?.rows ?? [])] : NO_ROWS;
  const cursor = extra ? extra.cursor : result?.ok === true ? ((result.meta['next_cursor'] as string | null | undefined) ?? null) : null;

  async function loadMore() {
    if (!cursor) return;
    setIsLoadingMore(true);
    setProblem(null);
    const answer = await api.call('GET /payout-batches', { query: { ...query, cursor } });
    setIsLoadingMore(false);
    if (!answer.ok) return setProblem(answer.error.message);
    setMore({ key: requestKey, rows: [...(extra?.rows ?? []), ...answer.data], cursor: (answer.meta['next_cursor'] as string | null | undefined) ?? null });
  }

  const names = { projectName: (id: string) => projectsById.get(id)?.name ?? null, methodName: (id: string) => methods.find((method) => method.id === id)?.name ?? null };
  return (
    <>
      <PageHeader
        title="Payouts"
        description="Payout batches: a whole program paid in one pass through a provider’s file. Draft, export the file, upload it to the provider, then mark the lines paid or failed."
        actions={
          <a className="button button-primary" href={routePath('payouts', 'new')}>
            <Icon name="payments" />
            Pay creators
          </a>
        }
      />
      <div className="ac-filters" role="group" aria-label="Filters">
        <FilterSelect label="Project" allLabel="All projects" value={projectId} choices={projects.map((project) => ({ value: project.id, label: project.name }))} onChange={setProjectId} />
        <FilterSelect
          label="Status"
          allLabel="Any status"
          value={status}
          choices={(['draft', 'exported', 'settled'] as const).map((value) => ({ value, label: BATCH_STATUS_LABELS[value] }))}
          onChange={(value) => setStatus(value as Status | '')}
        />
      </div>
      {result !== null && !result.ok ? (
        <Banner tone="danger" title="Couldn’t load the payout batches">
          {result.error.message}{' '}
          <button type="button" className="button button-ghost button-small" onClick={reload}>
            Try again
          </button>
        </Banner>
      ) : (
        <DataTable
          label="Payout batches"
          columns={batchColumns(names)}
          rows={rows}
          getRowId={(row) => row.id}
          isLoading={result === null}
          empty={
            <div className="empty-state">
              <span className="empty-icon">
                <Icon name="payments" size={20} />
              </span>
              <p className="empty-title">No payout batches</p>
              <p className="empty-text">Pay a project’s creators in one pass: pick the project and the payout method, check who is paid, and download the file for PayPal, Venmo or Wise.</p>
              <div className="empty-actions">
                <a className="button button-secondary" href={routePath('payouts', 'new')}>
                  Pay creators
                </a>
              </div>
            </div>
          }
        />
      )}
      {problem === null ? null : (
        <Banner tone="danger" title="More batches could not be read">
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

const NO_ROWS: PayoutBatchRow[] = [];
const helper = createColumnHelper<DataTableFeatures, PayoutBatchRow>();

type Names = { projectName(id: string): string | null; methodName(id: string): string | null };

function batchColumns({ projectName, methodName }: Names) {
  return helper.columns([
    helper.accessor('created_at', {
      id: 'created',
      header: 'Created',
      meta: { className: 'rf-col-date' },
      cell: ({ row }) => (
        <a className="cell-link" href={routePath('payouts', row.original.id)} title={formatLocalDateTime(row.original.created_at)}>
          {formatLocalDate(row.original.created_at)}
        </a>
      ),
    }),
    helper.accessor('project_id', { id: 'project', header: 'Project', cell: (info) => projectName(info.getValue()) ?? <span className="cell-muted">—</span> }),
    helper.accessor('method_id', { id: 'method', header: 'Method', cell: (info) => methodName(info.getValue()) ?? <span className="cell-muted">—</span> }),
    helper.accessor('status', { id: 'status', header: 'Status', cell: (info) => <Badge tone={BATCH_STATUS_TONES[info.getValue()]} dot>{BATCH_STATUS_LABELS[info.getValue()]}</Badge> }),
    helper.accessor('total_amount_cents', { id: 'total', header: 'Total', meta: { className: 'st-num' }, cell: ({ row }) => formatCents(row.original.total_amount_cents, row.original.currency) }),
    helper.accessor('line_count', { id: 'lines', header: 'Creators', meta: { className: 'st-num' }, cell: (info) => info.getValue().toLocaleString() }),
    helper.accessor('paid_count', { id: 'paid', header: 'Paid', meta: { className: 'st-num' }, cell: (info) => info.getValue().toLocaleString() }),
    helper.accessor('failed_count', { id: 'failed', header: 'Failed', meta: { className: 'st-num' }, cell: (info) => info.getValue().toLocaleString() }),
    helper.accessor('open_count', { id: 'open', header: 'Open', meta: { className: 'st-num' }, cell: (info) => info.getValue().toLocaleString() }),
  ]);
}
