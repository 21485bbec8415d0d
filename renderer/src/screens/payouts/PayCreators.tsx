import { useId, useState } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import type { BatchPlan, MissingRecipient, SkippedCreator } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { useResource } from '../../api/use-resource.ts';
import { useApi } from '../../app/backend-context.ts';
import { routeHref, routePath } from '../../app/use-hash-route.ts';
import { pluralize } from '../../format.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Banner } from '../../ui/Banner.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import type { DataTableFeatures } from '../../ui/data-table-features.ts';
import { Icon } from '../../ui/Icon.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { Section } from '../../ui/Section.tsx';
import { useToast } from '../../ui/toast-context.ts';
import { useProjectDirectory } from '../accruals/use-directory.ts';
import { useMethodOptions } from '../creators/use-method-options.ts';
import { FORMAT_LABELS, creatorsLeftIn, projectFromLink } from './batch-view.ts';

type PlanLine = BatchPlan['lines'][number];

/**
 * Pay creators (`#/payouts/new`): pick the project and the payout method, see who would be paid
 * (clawbacks netted), who is left out and why, and who the rail cannot pay with the fix; then
 * create the draft, whose page exports and downloads the file.
 */
export function PayCreators() {
  const [projectId, setProjectId] = useState(() => projectFromLink(window.location.hash));
  const [methodId, setMethodId] = useState('');
  const { projects } = useProjectDirectory();
  const { methods } = useMethodOptions();
  const activeMethods = methods.filter((method) => method.is_active);
  const projectFieldId = useId();
  const methodFieldId = useId();

  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={routeHref('payouts')}>Payouts</a>
        <Icon name="chevronRight" size={14} />
        <span aria-current="page">Pay creators</span>
      </nav>
      <PageHeader title="Pay creators" description="Everything payable in a project, one line per creator, in the file your payout provider takes. Nothing is paid until you upload the file there and mark the lines paid." />
      <div className="ac-filters" role="group" aria-label="Batch">
        <div className="ac-filter">
          <label className="ac-filter-label" htmlFor={projectFieldId}>
            Project
          </label>
          <select id={projectFieldId} className="input ac-select" value={projectId} onChange={(event) => setProjectId(event.target.value)}>
            <option value="">Choose a project</option>
            {projects.map((project) => (
              <option key={project.id} value={project.id}>
                {project.name}
              </option>
            ))}
          </select>
        </div>
        <div className="ac-filter">
          <label className="ac-filter-label" htmlFor={methodFieldId}>
            Payout method
          </label>
          <select id={methodFieldId} className="input ac-select" value={methodId} onChange={(event) => setMethodId(event.target.value)}>
            <option value="">Choose a method</option>
            {activeMethods.map((method) => (
              <option key={method.id} value={method.id}>
                {method.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {projectId === '' || methodId === '' ? (
        <div className="empty-state">
          <span className="empty-icon">
            <Icon name="payments" size={20} />
          </span>
          <p className="empty-title">Choose a project and a payout method</p>
          <p className="empty-text">PayPal and Venmo get a PayPal Payouts file, Wise its batch payment file, any other method a plain CSV.</p>
        </div>
      ) : (
        <Preview key={`${projectId}:${methodId}`} projectId={projectId} methodId={methodId} />
      )}
    </>
  );
}

function Preview({ projectId, methodId }: { projectId: string; methodId: string }) {
  const api = useApi();
  const toast = useToast();
  const { result, reload } = useResource(`batch-preview:${projectId}:${methodId}`, (client) => client.call('GET /payout-batches/preview', { query: { project_id: projectId, method_id: methodId } }));
  const [leaveOut, setLeaveOut] = useState(false);
  const [isCreating, setIsCreating] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  if (result === null) {
    return (
      <div className="detail-skeleton" aria-busy="true" aria-label="Loading">
        <span className="skeleton skeleton-block" />
      </div>
    );
  }
  if (!result.ok) {
    return (
      <Banner tone="danger" title="Couldn’t work out the batch">
        {result.error.message}{' '}
        <button type="button" className="button button-ghost button-small" onClick={reload}>
          Try again
        </button>
      </Banner>
    );
  }
  const plan = result.data;
  const missing = plan.missing_recipients;
  const isBlocked = missing.length > 0 && !leaveOut;
  const canCreate = plan.lines.length > 0 && !isBlocked && !isCreating;

  async function create() {
    setIsCreating(true);
    setProblem(null);
    const answer = await api.call('POST /payout-batches', {
      body: { project_id: projectId, method_id: methodId, ...(missing.length > 0 && { creator_ids: creatorsLeftIn(plan) }) },
    });
    setIsCreating(false);
    if (!answer.ok) {
      setProblem(answer.error.message);
      reload();
      return;
    }
    toast.show({ tone: 'success', title: 'Draft batch created', description: `${pluralize(answer.data.line_count, 'creator')}, ${formatCents(answer.data.total_amount_cents, answer.data.currency)}. Export it to get the file.` });
    window.location.hash = routePath('payouts', answer.data.id);
  }

  return (
    <>
      <section className="pb-summary" aria-label="Summary">
        <div className="pb-summary-item">
          <span className="pb-summary-label">To pay</span>
          <span className="pb-summary-value" data-testid="preview-total">
            {formatCents(plan.total_amount_cents, plan.currency)}
          </span>
        </div>
        <div className="pb-summary-item">
          <span className="pb-summary-label">Creators</span>
          <span className="pb-summary-value">{plan.lines.length.toLocaleString()}</span>
        </div>
        <div className="pb-summary-item">
          <span className="pb-summary-label">Accruals</span>
          <span className="pb-summary-value">{plan.accrual_count.toLocaleString()}</span>
        </div>
        <div className="pb-summary-item">
          <span className="pb-summary-label">File</span>
          <span className="pb-summary-text">{FORMAT_LABELS[plan.format]}</span>
        </div>
      </section>

      <Section title="Paid in this batch" count={pluralize(plan.lines.length, 'creator')} description="Every payable accrual of each creator, clawbacks of refunded sales taken off.">
        <DataTable
          label="Creators to pay"
          columns={lineColumns}
          rows={plan.lines}
          getRowId={(line) => line.creator_id}
          isLoading={false}
          density="compact"
          empty={
            <div className="empty-state empty-state-compact">
              <p className="empty-title">Nothing to pay</p>
              <p className="empty-text">No creator of this project has a payable balance above the minimum.</p>
            </div>
          }
        />
      </Section>

      {missing.length === 0 ? null : (
        <Section
          title="No payout handle for this method"
          count={pluralize(missing.length, 'creator')}
          description="The file cannot pay them. Add the handle on the creator’s page and come back, or leave them out of this batch: their balance waits for the next one."
        >
          <DataTable label="Creators missing a payout handle" columns={missingColumns} rows={missing} getRowId={(row) => row.creator_id} isLoading={false} density="compact" empty={null} />
          <label className="pb-leave-out">
            <input type="checkbox" checked={leaveOut} onChange={(event) => setLeaveOut(event.target.checked)} />
            Leave {missing.length === 1 ? 'them' : `these ${missing.length.toLocaleString()}`} out of this batch
          </label>
        </Section>
      )}

      {plan.skipped.length === 0 ? null : (
        <Section title="Not paid this time" count={pluralize(plan.skipped.length, 'creator')} description="Below the minimum payout, or nothing positive left after clawbacks. Their balance carries forward.">
          <DataTable label="Skipped creators" columns={skippedColumns} rows={plan.skipped} getRowId={(row) => row.creator_id} isLoading={false} density="compact" empty={null} />
        </Section>
      )}

      {problem === null ? null : (
        <Banner tone="danger" title="The draft was not created">
          {problem}
        </Banner>
      )}
      <div className="pb-flow-footer">
        {isBlocked ? <span className="pb-flow-hint">Add the missing payout handles, or leave those creators out.</span> : <span />}
        <button type="button" className="button button-primary" disabled={!canCreate} aria-busy={isCreating} onClick={() => void create()}>
          {isCreating ? 'Creating…' : `Create draft batch (${formatCents(plan.total_amount_cents, plan.currency)})`}
        </button>
      </div>
    </>
  );
}

const lineHelper = createColumnHelper<DataTableFeatures, PlanLine>();
const lineColumns = lineHelper.columns([
  lineHelper.accessor('creator_name', {
    id: 'creator',
    header: 'Creator',
    cell: ({ row }) => (
      <a className="cell-link" href={routePath('creators', row.original.creator_id)}>
        {row.original.creator_name}
      </a>
    ),
  }),
  lineHelper.accessor('recipient', { id: 'recipient', header: 'Paid to', cell: (info) => <span className="cell-mono">{info.getValue()}</span> }),
  lineHelper.accessor('accrual_ids', { id: 'accruals', header: 'Accruals', meta: { className: 'st-num' }, cell: (info) => info.getValue().length.toLocaleString() }),
  lineHelper.accessor('clawback_cents', {
    id: 'clawbacks',
    header: 'Clawbacks',
    meta: { className: 'st-num' },
    cell: (info) => (info.getValue() === 0 ? <span className="cell-muted">—</span> : `−${formatCents(-info.getValue())}`),
  }),
  lineHelper.accessor('amount_cents', { id: 'amount', header: 'Amount', meta: { className: 'st-num' }, cell: (info) => <strong>{formatCents(info.getValue())}</strong> }),
]);

const missingHelper = createColumnHelper<DataTableFeatures, MissingRecipient>();
const missingColumns = missingHelper.columns([
  missingHelper.accessor('creator_name', {
    id: 'creator',
    header: 'Creator',
    cell: ({ row }) => (
      <a className="cell-link" href={routePath('creators', row.original.creator_id)}>
        {row.original.creator_name}
      </a>
    ),
  }),
  missingHelper.accessor('problem', { id: 'problem', header: 'Problem', cell: (info) => info.getValue() }),
  missingHelper.accessor('fix', { id: 'fix', header: 'Fix', cell: (info) => info.getValue() }),
  missingHelper.accessor('amount_cents', { id: 'amount', header: 'Owed', meta: { className: 'st-num' }, cell: (info) => formatCents(info.getValue()) }),
]);

const SKIP_LABELS: Record<SkippedCreator['reason'], string> = { below_minimum: 'Below minimum', not_positive: 'Nothing to pay' };
const skippedHelper = createColumnHelper<DataTableFeatures, SkippedCreator>();
const skippedColumns = skippedHelper.columns([
  skippedHelper.accessor('creator_name', {
    id: 'creator',
    header: 'Creator',
    cell: ({ row }) => (
      <a className="cell-link" href={routePath('creators', row.original.creator_id)}>
        {row.original.creator_name}
      </a>
    ),
  }),
  skippedHelper.accessor('reason', { id: 'reason', header: 'Reason', cell: (info) => <Badge tone="muted">{SKIP_LABELS[info.getValue()]}</Badge> }),
  skippedHelper.accessor('message', { id: 'why', header: 'Why', cell: (info) => info.getValue() }),
  skippedHelper.accessor('balance_cents', { id: 'balance', header: 'Balance', meta: { className: 'st-num' }, cell: (info) => formatCents(info.getValue()) }),
]);
