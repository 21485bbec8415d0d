import { useState, type ReactNode } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import type { BatchLine, PayoutBatch } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { useResource } from '../../api/use-resource.ts';
import { useApi } from '../../app/backend-context.ts';
import { routeHref, routePath } from '../../app/use-hash-route.ts';
import { formatLocalDate, formatLocalDateTime, pluralize } from '../../format.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Banner } from '../../ui/Banner.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import type { DataTableFeatures } from '../../ui/data-table-features.ts';
import { DetailLoading, DetailProblem } from '../../ui/DetailStates.tsx';
import { downloadBytes } from '../../ui/download.ts';
import { Icon } from '../../ui/Icon.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { Section } from '../../ui/Section.tsx';
import { useToast } from '../../ui/toast-context.ts';
import { useProjectDirectory } from '../accruals/use-directory.ts';
import { useMethodOptions } from '../creators/use-method-options.ts';
import { BATCH_STATUS_LABELS, BATCH_STATUS_TONES, FORMAT_LABELS, LINE_STATUS_LABELS, LINE_STATUS_TONES, takesPaypalResult } from './batch-view.ts';
import { DeleteDraftDialog, MarkAllPaidDialog, ResultFileDialog, SettleLineDialog } from './SettleDialogs.tsx';

type OpenDialog = { kind: 'delete' } | { kind: 'all-paid' } | { kind: 'result' } | { kind: 'line'; line: BatchLine; status: 'paid' | 'failed' } | null;

/** One payout batch: its lines and what is left to do (export, download, settle). */
export function BatchDetail({ batchId }: { batchId: string }) {
  const { result, reload } = useResource(`payout-batch:${batchId}`, (api) => api.call('GET /payout-batches/:id', { params: { id: batchId } }));
  const [changed, setChanged] = useState<PayoutBatch | null>(null);
  const breadcrumb = (label: string) => (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <a href={routeHref('payouts')}>Payouts</a>
      <Icon name="chevronRight" size={14} />
      <span aria-current="page">{label}</span>
    </nav>
  );
  if (result === null) {
    return (
      <>
        {breadcrumb('Batch')}
        <DetailLoading />
      </>
    );
  }
  if (!result.ok) {
    return (
      <>
        {breadcrumb('Batch')}
        <DetailProblem
          icon="payments"
          noun="payout batch"
          error={result.error}
          back={
            <a className="button button-secondary" href={routeHref('payouts')}>
              All payout batches
            </a>
          }
        />
      </>
    );
  }
  // The answer of the last action is newer than the loaded batch until the reload comes back.
  const batch = changed !== null && changed.updated_at >= result.data.updated_at ? changed : result.data;
  return (
    <LoadedBatch
      batch={batch}
      breadcrumb={breadcrumb}
      onStale={reload}
      onChanged={(next) => {
        setChanged(next);
        reload();
      }}
    />
  );
}

type LoadedBatchProps = {
  batch: PayoutBatch;
  breadcrumb(label: string): ReactNode;
  onChanged(batch: PayoutBatch): void;
  /** After a refusal: the batch may have changed elsewhere (another window, the team server). */
  onStale(): void;
};

function LoadedBatch({ batch, breadcrumb, onChanged, onStale }: LoadedBatchProps) {
  const api = useApi();
  const toast = useToast();
  const { byId: projectsById } = useProjectDirectory();
  const { methods } = useMethodOptions();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [busy, setBusy] = useState<'export' | 'download' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const projectName = projectsById.get(batch.project_id)?.name ?? 'Project';
  const methodName = methods.find((method) => method.id === batch.method_id)?.name ?? 'Payout method';
  const title = `${projectName} · ${methodName}`;
  const counts = { paid: 0, failed: 0, open: 0 };
  for (const line of batch.lines) counts[line.status] += 1;

  async function download(exported: PayoutBatch) {
    const file = exported.file;
    if (file === null) return setProblem('This batch has no file yet: export it first.');
    setBusy('download');
    const answer = await api.call('GET /payout-batches/:id/file', { params: { id: exported.id } });
    setBusy(null);
    if (!answer.ok) return setProblem(answer.error.message);
    downloadBytes(file.file_name, answer.data, file.content_type);
    toast.show({ tone: 'success', title: `Downloaded ${file.file_name}`, description: `${pluralize(file.rows, 'row')}. Upload it to the provider to send the money.` });
  }

  async function exportAndDownload() {
    setBusy('export');
    setProblem(null);
    const answer = await api.call('POST /payout-batches/:id/export', { params: { id: batch.id } });
    setBusy(null);
    if (!answer.ok) {
      setProblem(answer.error.message);
      onStale();
      return;
    }
    onChanged(answer.data);
    await download(answer.data);
  }

  const isExported = batch.status === 'exported';
  // A settle dialog may have been refused because the batch moved on elsewhere: read it again.
  const closeSettle = () => {
    setDialog(null);
    onStale();
  };
  const lineActions = isExported ? (line: BatchLine, status: 'paid' | 'failed') => setDialog({ kind: 'line', line, status }) : null;
  return (
    <>
      {breadcrumb(`${projectName}, ${formatLocalDate(batch.created_at)}`)}
      <PageHeader
        title={title}
        description={
          <span className="meta-line">
            <Badge tone={BATCH_STATUS_TONES[batch.status]} dot>
              {BATCH_STATUS_LABELS[batch.status]}
            </Badge>
            <span className="meta-item">{formatCents(batch.total_amount_cents, batch.currency)}</span>
            <span className="meta-item">{pluralize(batch.line_count, 'creator')}</span>
            <span className="meta-item">{FORMAT_LABELS[batch.format]}</span>
            <span className="meta-item" title={formatLocalDateTime(batch.created_at)}>
              Created {formatLocalDate(batch.created_at)}
            </span>
          </span>
        }
        actions={
          <>
            {batch.status === 'draft' ? (
              <>
                <button type="button" className="button button-secondary button-ghost-danger" onClick={() => setDialog({ kind: 'delete' })}>
                  Delete draft…
                </button>
                <button type="button" className="button button-primary" onClick={() => void exportAndDownload()} disabled={busy !== null} aria-busy={busy === 'export'}>
                  <Icon name="download" />
                  {busy === 'export' ? 'Exporting…' : 'Export & download'}
                </button>
              </>
            ) : (
              <button type="button" className="button button-secondary" onClick={() => void download(batch)} disabled={busy !== null} aria-busy={busy === 'download'}>
                <Icon name="download" />
                Download file
              </button>
            )}
            {isExported && takesPaypalResult(batch.format) ? (
              <button type="button" className="button button-secondary" onClick={() => setDialog({ kind: 'result' })}>
                <Icon name="upload" />
                Upload PayPal result file…
              </button>
            ) : null}
            {isExported && counts.open > 0 ? (
              <button type="button" className="button button-primary" onClick={() => setDialog({ kind: 'all-paid' })}>
                <Icon name="check" />
                Mark all paid…
              </button>
            ) : null}
          </>
        }
      />
      {problem === null ? null : (
        <Banner tone="danger" title="That didn’t work">
          {problem}
        </Banner>
      )}
      {batch.status === 'draft' ? (
        <Banner tone="info" title="Draft">
          Export the batch to get the file: its lines then show as processing, and no other batch or payment takes their accruals. Delete the draft to free them.
        </Banner>
      ) : null}
      {isExported ? (
        <Banner tone="info" title="Waiting for the provider">
          Upload the file to {methodName}. When the money has gone out, {takesPaypalResult(batch.format) ? 'upload PayPal’s result file, or ' : ''}mark the lines paid or failed. A failed line’s balance is payable again.
        </Banner>
      ) : null}

      <Section
        title="Lines"
        count={batch.status === 'draft' ? pluralize(batch.lines.length, 'line') : `${counts.paid} paid · ${counts.failed} failed · ${counts.open} open`}
        description="One line per creator: every payable accrual, clawbacks netted. Each paid line is one payment, with the batch file as its receipt."
      >
        <DataTable label="Batch lines" columns={lineColumns(lineActions)} rows={batch.lines} getRowId={(line) => line.id} isLoading={false} density="compact" empty={null} />
      </Section>

      {batch.skipped.length === 0 ? null : (
        <Section title="Not paid this time" count={pluralize(batch.skipped.length, 'creator')} description="Left out when the draft was made; their balance carries forward.">
          <ul className="pb-skipped-list">
            {batch.skipped.map((skipped) => (
              <li key={skipped.creator_id}>
                <a className="cell-link" href={routePath('creators', skipped.creator_id)}>
                  {skipped.creator_name}
                </a>{' '}
                <span className="cell-muted">{skipped.message}</span>
              </li>
            ))}
          </ul>
        </Section>
      )}

      {dialog?.kind === 'delete' ? <DeleteDraftDialog batch={batch} onClose={() => setDialog(null)} onDeleted={() => (window.location.hash = routeHref('payouts'))} /> : null}
      {dialog?.kind === 'all-paid' ? <MarkAllPaidDialog batch={batch} openCount={counts.open} onClose={closeSettle} onSettled={onChanged} /> : null}
      {dialog?.kind === 'result' ? <ResultFileDialog batch={batch} onClose={closeSettle} onSettled={onChanged} /> : null}
      {dialog?.kind === 'line' ? <SettleLineDialog batch={batch} line={dialog.line} status={dialog.status} onClose={closeSettle} onSettled={onChanged} /> : null}
    </>
  );
}

const helper = createColumnHelper<DataTableFeatures, BatchLine>();

function lineColumns(onSettle: ((line: BatchLine, status: 'paid' | 'failed') => void) | null) {
  const columns = helper.columns([
    helper.accessor('creator_name', {
      id: 'creator',
      header: 'Creator',
      cell: ({ row }) => (
        <a className="cell-link" href={routePath('creators', row.original.creator_id)}>
          {row.original.creator_name}
        </a>
      ),
    }),
    helper.accessor('recipient', { id: 'recipient', header: 'Recipient', cell: (info) => <span className="cell-mono">{info.getValue()}</span> }),
    helper.accessor('amount_cents', {
      id: 'amount',
      header: 'Amount',
      meta: { className: 'st-num' },
      cell: ({ row }) => (
        <div className="pb-amount">
          <strong>{formatCents(row.original.amount_cents)}</strong>
          {row.original.clawback_cents === 0 ? null : <span className="method-name-secondary">after −{formatCents(-row.original.clawback_cents)} clawbacks</span>}
        </div>
      ),
    }),
    helper.accessor('status', {
      id: 'status',
      header: 'Status',
      cell: (info) => (
        <Badge tone={LINE_STATUS_TONES[info.getValue()]} dot>
          {LINE_STATUS_LABELS[info.getValue()]}
        </Badge>
      ),
    }),
    helper.accessor('payment_id', {
      id: 'outcome',
      header: 'Outcome',
      cell: ({ row }) => {
        const line = row.original;
        if (line.status === 'paid' && line.payment_id !== null) {
          return (
            <div className="method-name-text">
              <a className="cell-link" href={routePath('payments', line.payment_id)}>
                Payment
              </a>
              {line.provider_reference === null ? null : <span className="method-name-secondary cell-mono">{line.provider_reference}</span>}
            </div>
          );
        }
        if (line.status === 'failed') return <span className="pb-failure">{line.failure_reason}</span>;
        return <span className="cell-muted">—</span>;
      },
    }),
  ]);
  if (onSettle === null) return columns;
  return [
    ...columns,
    ...helper.columns([
      helper.display({
        id: 'actions',
        header: () => <span className="visually-hidden">Actions</span>,
        meta: { className: 'pb-col-actions' },
        cell: ({ row }) =>
          row.original.status !== 'open' ? null : (
            <div className="pb-line-actions">
              <button type="button" className="button button-secondary button-small" onClick={() => onSettle(row.original, 'paid')} aria-label={`Mark ${row.original.creator_name} paid`}>
                Mark paid
              </button>
              <button type="button" className="button button-ghost button-small" onClick={() => onSettle(row.original, 'failed')} aria-label={`Mark ${row.original.creator_name} failed`}>
                Failed…
              </button>
            </div>
          ),
      }),
    ]),
  ];
}
