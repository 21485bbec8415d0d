import { createColumnHelper } from '@tanstack/react-table';
import type { ReferralEvent } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { useResource } from '../../api/use-resource.ts';
import { routeHref, routePath } from '../../app/use-hash-route.ts';
import { formatLocalDate, formatLocalDateTime } from '../../format.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Banner } from '../../ui/Banner.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import type { DataTableFeatures } from '../../ui/data-table-features.ts';
import { DetailLoading, DetailProblem } from '../../ui/DetailStates.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { Section } from '../../ui/Section.tsx';
import { useCreatorDirectory, useProjectDirectory } from '../accruals/use-directory.ts';
import { EVENT_TYPE_LABELS, customerName } from './referral-view.ts';

/** One referral: who referred the customer, where, and every event with refunds against their purchase. */
export function ReferralDetail({ referralId }: { referralId: string }) {
  const referral = useResource(`referral:${referralId}`, (api) => api.call('GET /referrals/:id', { params: { id: referralId } }));
  const events = useResource(`referral-events:${referralId}`, (api) => api.call('GET /referrals/:id/events', { params: { id: referralId }, query: { limit: 100 } }));
  const row = referral.result?.ok === true ? referral.result.data : null;
  const { nameOf } = useCreatorDirectory('', row === null ? NO_IDS : [row.creator_id]);
  const { byId: projectsById } = useProjectDirectory();

  const breadcrumb = (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <a href={routeHref('referrals')}>Referrals</a>
      <Icon name="chevronRight" size={14} />
      <span aria-current="page">{row === null ? 'Referral' : customerName(row)}</span>
    </nav>
  );
  if (referral.result === null) {
    return (
      <>
        {breadcrumb}
        <DetailLoading />
      </>
    );
  }
  if (row === null) {
    const error = referral.result.ok ? null : referral.result.error;
    return (
      <>
        {breadcrumb}
        <DetailProblem
          icon="target"
          noun="referral"
          error={error}
          back={
            <a className="button button-secondary" href={routeHref('referrals')}>
              All referrals
            </a>
          }
        />
      </>
    );
  }

  const list = events.result?.ok === true ? events.result.data : NO_EVENTS;
  const byId = new Map(list.map((event) => [event.id, event]));
  const creatorName = nameOf(row.creator_id)?.name ?? 'Creator';
  return (
    <>
      {breadcrumb}
      <PageHeader title={customerName(row)} description={<span className="meta-line">Referred by {creatorName} on {formatLocalDate(row.referred_at)}</span>} />
      <dl className="detail-grid" aria-label="Details">
        <div className="detail-item">
          <dt>Creator</dt>
          <dd>
            <a className="cell-link" href={routePath('creators', row.creator_id)}>
              {creatorName}
            </a>
          </dd>
        </div>
        <div className="detail-item">
          <dt>Project</dt>
          <dd>{projectsById.get(row.project_id)?.name ?? <span className="cell-muted">—</span>}</dd>
        </div>
        <div className="detail-item">
          <dt>External id</dt>
          <dd className="cell-mono">{row.external_id}</dd>
        </div>
        <div className="detail-item">
          <dt>Spend</dt>
          <dd>{formatCents(row.spend_cents)}</dd>
        </div>
        <div className="detail-item">
          <dt>Refunded</dt>
          <dd>{formatCents(row.refunded_cents)}</dd>
        </div>
      </dl>
      <Section title="Events" description="Oldest first. A refund names the event it reverses and takes back at most what is left of it.">
        {events.result !== null && !events.result.ok ? (
          <Banner tone="danger" title="Couldn’t load the events">
            {events.result.error.message}
          </Banner>
        ) : (
          <DataTable
            label="Events"
            columns={eventColumns((id) => byId.get(id) ?? null)}
            rows={list}
            getRowId={(event) => event.id}
            isLoading={events.result === null}
            density="compact"
            empty={
              <div className="empty-state empty-state-compact">
                <p className="empty-title">No events yet</p>
                <p className="empty-text">Purchases, subscriptions and refunds of this customer appear here as they are recorded.</p>
              </div>
            }
          />
        )}
      </Section>
    </>
  );
}

const NO_EVENTS: ReferralEvent[] = [];
const NO_IDS: readonly string[] = [];
const helper = createColumnHelper<DataTableFeatures, ReferralEvent>();

function eventColumns(eventOf: (id: string) => ReferralEvent | null) {
  return helper.columns([
    helper.accessor('occurred_at', {
      id: 'when',
      header: 'When',
      cell: (info) => <span title={formatLocalDateTime(info.getValue())}>{formatLocalDate(info.getValue())}</span>,
    }),
    helper.accessor('type', {
      id: 'type',
      header: 'Type',
      cell: (info) => <Badge tone={info.getValue() === 'refund' ? 'muted' : 'accent'}>{EVENT_TYPE_LABELS[info.getValue()]}</Badge>,
    }),
    helper.accessor('external_id', {
      id: 'external',
      header: 'External id',
      cell: ({ row }) => {
        const refunded = row.original.refund_of === null ? null : eventOf(row.original.refund_of);
        return (
          <div className="method-name-text">
            <span className="cell-mono">{row.original.external_id}</span>
            {row.original.refund_of === null ? null : <span className="method-name-secondary">Refund of {refunded?.external_id ?? 'an earlier event'}</span>}
          </div>
        );
      },
    }),
    helper.accessor('amount_cents', {
      id: 'amount',
      header: 'Amount',
      meta: { className: 'st-num' },
      cell: ({ row }) => (row.original.type === 'refund' ? `−${formatCents(row.original.amount_cents, row.original.currency)}` : formatCents(row.original.amount_cents, row.original.currency)),
    }),
  ]);
}
