import { columnVisibilityFeature, createColumnHelper, metaHelper, rowSortingFeature, tableFeatures } from '@tanstack/react-table';
import type { Payment, PayoutMethod, Project } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { routePath } from '../../app/use-hash-route.ts';
import { pluralize } from '../../format.ts';
import { Icon } from '../../ui/Icon.tsx';
import type { CreatorEntry } from '../accruals/use-directory.ts';
import { MethodAvatar } from '../methods/MethodAvatar.tsx';
import { NotOnServerMark, PaymentStatusBadge } from './PaymentBadges.tsx';
import { adjustmentText, adjustmentsTotal, formatPaidDay, formatPaidTime, isAdHoc, signedCents } from './payment-text.ts';

/** What the cells look up: names live outside the payment rows. */
export type PaymentTableMeta = {
  creatorOf(id: string): CreatorEntry | null;
  projectOf(id: string): Project | undefined;
  methodOf(id: string): PayoutMethod | undefined;
  /** Whether the team server does not hold this payment yet (its creating command is pending); absent where not shown. */
  isNotOnServer?(id: string): boolean;
};
type PaymentColumnMeta = { className: string };

/**
 * Sorting state and column visibility only: the server sorts (the order goes into the live query)
 * and pages, so no client row models are registered and the table runs with `manualSorting`.
 */
export const paymentTableFeatures = tableFeatures({
  rowSortingFeature,
  columnVisibilityFeature,
  tableMeta: metaHelper<PaymentTableMeta>(),
  columnMeta: metaHelper<PaymentColumnMeta>(),
});

const helper = createColumnHelper<typeof paymentTableFeatures, Payment>();

/** "Maya Chen, May 12, 2026": how a payment is named to assistive technology. */
export function paymentLabel(payment: Payment, meta: Pick<PaymentTableMeta, 'creatorOf'> | undefined): string {
  const creator = payment.creator_id === null ? 'Ad-hoc payment' : (meta?.creatorOf(payment.creator_id)?.name ?? 'Payment');
  return `${creator}, ${formatPaidDay(payment.paid_at)}`;
}

export const paymentColumns = helper.columns([
  helper.accessor('paid_at', {
    id: 'paidAt',
    header: 'Paid',
    sortDescFirst: true,
    meta: { className: 'pay-col-paid' },
    cell: ({ row }) => (
      <div className="ac-cell-stack">
        <a className="cell-link ac-cell-primary pay-paid-link" href={routePath('payments', row.original.id)}>
          {formatPaidDay(row.original.paid_at)}
        </a>
        <span className="ac-cell-secondary">{formatPaidTime(row.original.paid_at)}</span>
      </div>
    ),
  }),
  helper.accessor('creator_id', {
    id: 'creator',
    header: 'Creator',
    enableSorting: false,
    meta: { className: 'pay-col-creator' },
    cell: ({ row, table }) => {
      const creatorId = row.original.creator_id;
      if (creatorId === null) {
        return (
          <div className="method-name">
            <span className="avatar pay-adhoc-avatar" aria-hidden="true">
              <Icon name="payments" size={15} />
            </span>
            <div className="method-name-text">
              <span className="method-name-primary">Ad hoc</span>
              <span className="method-name-secondary">No creator</span>
            </div>
          </div>
        );
      }
      const creator = table.options.meta?.creatorOf(creatorId) ?? null;
      if (creator === null) return <span className="cell-muted">Loading…</span>;
      return (
        <div className="method-name">
          <MethodAvatar name={creator.name} iconUrl={null} />
          <div className="method-name-text">
            <a className="cell-link method-name-primary" href={routePath('creators', creator.id)}>
              {creator.name}
            </a>
            {creator.handle === null ? null : <span className="method-name-secondary">{creator.handle}</span>}
          </div>
        </div>
      );
    },
  }),
  helper.accessor('project_id', {
    id: 'project',
    header: 'Project',
    enableSorting: false,
    meta: { className: 'pay-col-project' },
    cell: ({ row, table }) => <span className="pay-cell-text">{table.options.meta?.projectOf(row.original.project_id)?.name ?? '…'}</span>,
  }),
  helper.accessor('method_id', {
    id: 'method',
    header: 'Method',
    enableSorting: false,
    meta: { className: 'pay-col-method' },
    cell: ({ row, table }) => {
      const methodId = row.original.method_id;
      if (methodId === null) return <span className="cell-muted">—</span>;
      const method = table.options.meta?.methodOf(methodId);
      if (method === undefined) return <span className="cell-muted">…</span>;
      return (
        <span className="pay-method">
          <MethodAvatar name={method.name} iconUrl={method.icon_url} />
          <span className="pay-cell-text">{method.name}</span>
        </span>
      );
    },
  }),
  helper.accessor('total_amount_cents', {
    id: 'total',
    header: 'Total',
    sortDescFirst: true,
    meta: { className: 'pay-col-total' },
    cell: (info) => <span className="ac-amount pay-total">{formatCents(info.getValue(), info.row.original.currency)}</span>,
  }),
  helper.display({
    id: 'lines',
    header: 'Lines',
    meta: { className: 'pay-col-lines' },
    cell: ({ row }) => {
      const count = row.original.payout_payment_lines.length;
      return count === 0 ? <span className="cell-muted" title="Ad hoc: settles no accruals">—</span> : <span title={pluralize(count, 'accrual')}>{count.toLocaleString()}</span>;
    },
  }),
  helper.display({
    id: 'adjustment',
    header: 'Adjustment',
    meta: { className: 'pay-col-adjustment' },
    cell: ({ row }) => {
      if (row.original.payout_adjustments.length === 0 || isAdHoc(row.original)) return <span className="cell-muted">—</span>;
      const cents = adjustmentsTotal(row.original);
      const reasons = row.original.payout_adjustments.map((adjustment) => adjustment.reason).join('; ');
      return (
        <span className={cents < 0 ? 'pay-adjustment is-under' : 'pay-adjustment is-over'} title={`${adjustmentText(cents)}: ${reasons}`}>
          {signedCents(cents)}
        </span>
      );
    },
  }),
  helper.accessor('status', {
    id: 'status',
    header: 'Status',
    enableSorting: false,
    meta: { className: 'pay-col-status' },
    cell: ({ row, table }) => (
      <div className="ac-cell-stack">
        <PaymentStatusBadge status={row.original.status} />
        {table.options.meta?.isNotOnServer?.(row.original.id) ? <NotOnServerMark /> : null}
      </div>
    ),
  }),
  helper.display({
    id: 'receipts',
    header: () => (
      <span className="pay-receipt-head" title="Receipts">
        <Icon name="paperclip" size={14} />
        <span className="visually-hidden">Receipts</span>
      </span>
    ),
    meta: { className: 'pay-col-receipts' },
    cell: ({ row }) => {
      const count = row.original.receipts.length;
      if (count === 0) return null;
      return (
        <span className="pay-receipt-count" title={pluralize(count, 'receipt')} aria-label={pluralize(count, 'receipt')}>
          <Icon name="paperclip" size={14} />
          {count > 1 ? count : null}
        </span>
      );
    },
  }),
  helper.display({
    id: 'open',
    header: () => <span className="visually-hidden">Details</span>,
    meta: { className: 'ac-col-open' },
    cell: ({ row, table }) => (
      <a className="icon-button ac-open-link" href={routePath('payments', row.original.id)} aria-label={`Open ${paymentLabel(row.original, table.options.meta)}`}>
        <Icon name="chevronRight" />
      </a>
    ),
  }),
]);
