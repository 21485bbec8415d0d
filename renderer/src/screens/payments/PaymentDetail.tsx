import { useMemo, useState, type ReactNode } from 'react';
import type { Accrual, Payment } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { useResource } from '../../api/use-resource.ts';
import { routeHref, routePath } from '../../app/use-hash-route.ts';
import { formatLocalDateTime, pluralize } from '../../format.ts';
import { CopyButton } from '../../ui/CopyButton.tsx';
import { HistorySection } from '../activity/HistorySection.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { AccrualStatusBadge } from '../accruals/AccrualBadges.tsx';
import { TYPE_LABELS } from '../accruals/run-summary.ts';
import { periodText, zoneOf } from '../accruals/accrual-text.ts';
import { useProjectDirectory, useStructureDirectory } from '../accruals/use-directory.ts';
import { useMethodOptions } from '../creators/use-method-options.ts';
import { MethodAvatar } from '../methods/MethodAvatar.tsx';
import { AddReceipts } from './AddReceipts.tsx';
import { NotOnServerMark, PaymentStatusBadge } from './PaymentBadges.tsx';
import { usePendingMarks } from '../../app/use-pending-marks.ts';
import { ReceiptGallery } from './ReceiptGallery.tsx';
import { VoidPaymentDialog } from './VoidPaymentDialog.tsx';
import { adjustmentText, arithmeticText, formatPaidAt, formatPaidDay, isAdHoc, linesTotal, linkHost, signedCents } from './payment-text.ts';
import { useCreatorRecord } from './use-creator-record.ts';
import { useLineAccruals } from './use-line-accruals.ts';

/** One payment: what it settled, its adjustments and arithmetic, receipts, and Void. */
export function PaymentDetail({ paymentId }: { paymentId: string }) {
  const { result, reload } = useResource(`payment:${paymentId}`, (api) => api.call('GET /payout-payments/:id', { params: { id: paymentId } }));

  if (result === null) {
    return (
      <>
        <Breadcrumb current="Payment" />
        <div className="detail-skeleton" aria-busy="true" aria-label="Loading">
          <span className="skeleton skeleton-title" />
          <span className="skeleton skeleton-block" />
        </div>
      </>
    );
  }
  if (!result.ok) {
    const { error } = result;
    return (
      <>
        <Breadcrumb current="Payment" />
        <div className="empty-state">
          <span className="empty-icon">
            <Icon name="payments" size={20} />
          </span>
          <p className="empty-title">{error.code === 'not_found' ? 'This payment doesn’t exist' : 'Couldn’t load this payment'}</p>
          <p className="empty-text">{error.code === 'not_found' ? 'It may have been opened from an old link.' : error.message}</p>
          <div className="empty-actions">
            <a className="button button-secondary" href={routeHref('payments')}>
              All payments
            </a>
          </div>
        </div>
      </>
    );
  }
  return <LoadedPayment payment={result.data} onChanged={reload} />;
}

function Breadcrumb({ current }: { current: string }) {
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <a href={routeHref('payments')}>Payments</a>
      <Icon name="chevronRight" size={14} />
      <span aria-current="page">{current}</span>
    </nav>
  );
}

function LoadedPayment({ payment, onChanged }: { payment: Payment; onChanged(): void }) {
  const creatorData = useCreatorRecord(payment.creator_id);
  const { byId: projectsById } = useProjectDirectory();
  const { methods } = useMethodOptions();
  const [isVoiding, setIsVoiding] = useState(false);
  const project = projectsById.get(payment.project_id);
  const method = payment.method_id === null ? undefined : methods.find((candidate) => candidate.id === payment.method_id);
  const creatorName = payment.creator_id === null ? null : (creatorData?.name ?? 'Creator');
  const label = `${creatorName ?? 'Ad-hoc payment'}, ${formatPaidDay(payment.paid_at)}`;
  const isVoided = payment.status === 'voided';
  const pending = usePendingMarks('payment', [payment.id]).get(payment.id);

  return (
    <>
      <Breadcrumb current={label} />
      <header className="ac-detail-header">
        {creatorName === null ? (
          <span className="avatar pay-adhoc-avatar" aria-hidden="true">
            <Icon name="payments" size={20} />
          </span>
        ) : (
          <MethodAvatar name={creatorName} iconUrl={null} />
        )}
        <div className="ac-detail-heading">
          <h1 className="page-title">{creatorName === null ? 'Ad-hoc payment' : `Payment to ${creatorName}`}</h1>
          <p className="ac-detail-meta">
            <PaymentStatusBadge status={payment.status} />
            {pending ? <NotOnServerMark changesOnly={!pending.created} /> : null}
            <span className="pay-meta-amount">{formatCents(payment.total_amount_cents, payment.currency)}</span>
            <span>
              {method === undefined ? (payment.method_id === null ? 'Method not recorded' : 'Payout method') : `by ${method.name}`}
            </span>
            <span className="ac-detail-quiet">{formatPaidAt(payment.paid_at)}</span>
          </p>
        </div>
        {isVoided ? null : (
          <div className="page-actions">
            <button type="button" className="button button-secondary button-ghost-danger" onClick={() => setIsVoiding(true)}>
              Void…
            </button>
          </div>
        )}
      </header>

      <div className="ac-detail-grid">
        <div className="ac-detail-main">
          <section className="ac-explain" aria-labelledby="pay-sum-title">
            <div className="ac-explain-top">
              <div className="ac-explain-amount">
                <span className="ac-explain-label" id="pay-sum-title">
                  Total paid
                </span>
                <span className={isVoided ? 'ac-big-amount is-closed' : 'ac-big-amount'}>{formatCents(payment.total_amount_cents, payment.currency)}</span>
              </div>
              <div className="pay-arithmetic">
                <p className="ac-explain-headline" data-testid="payment-arithmetic">
                  {arithmeticText(payment)}
                </p>
                {isVoided ? <p className="pay-arithmetic-note">Voided: none of this counts as paid any more.</p> : null}
              </div>
            </div>
          </section>

          {isAdHoc(payment) ? null : <LinesSection payment={payment} zoneFallback={project?.timezone} />}

          {payment.payout_adjustments.length === 0 || isAdHoc(payment) ? null : <AdjustmentsSection payment={payment} />}

          <DetailSection
            title="Receipts"
            count={pluralize(payment.receipts.length, 'receipt')}
            description={payment.receipts.length === 0 ? 'No receipts yet. Add a screenshot, photo or PDF of the transfer.' : 'Proof of the transfer: screenshots, photos or PDFs.'}
          >
            {payment.receipts.length === 0 ? null : <ReceiptGallery paymentId={payment.id} receipts={payment.receipts} />}
            <AddReceipts payment={payment} onAdded={onChanged} />
          </DetailSection>

          {payment.note === null && payment.readme === null ? null : (
            <DetailSection title="Notes">
              {payment.note === null ? null : <p className="pay-note-text">{payment.note}</p>}
              {payment.readme === null ? null : <pre className="pay-readme">{payment.readme}</pre>}
            </DetailSection>
          )}

          <HistorySection entity="payment" id={payment.id} noun="payment" refreshKey={payment.updated_at} />
        </div>

        <aside className="ac-detail-aside">
          <StatusPanel payment={payment} />
          <dl className="ac-facts">
            <Fact label="Creator">
              {payment.creator_id === null ? (
                <span>None (ad hoc)</span>
              ) : (
                <>
                  <a className="cell-link" href={routePath('creators', payment.creator_id)}>
                    {creatorName}
                  </a>
                  {creatorData?.payout_handle ? <span className="ac-fact-quiet">Paid to {creatorData.payout_handle}</span> : null}
                </>
              )}
            </Fact>
            <Fact label="Project">
              <a className="cell-link" href={routePath('projects', payment.project_id)}>
                {project?.name ?? 'Project'}
              </a>
            </Fact>
            <Fact label="Method">
              {method === undefined ? (
                <span>{payment.method_id === null ? 'Not recorded' : '…'}</span>
              ) : (
                <span className="pay-method">
                  <MethodAvatar name={method.name} iconUrl={method.icon_url} />
                  <span>{method.name}</span>
                </span>
              )}
            </Fact>
            <Fact label="Paid at">
              <time dateTime={payment.paid_at} title={formatLocalDateTime(payment.paid_at)}>
                {formatPaidAt(payment.paid_at)}
              </time>
            </Fact>
            <Fact label="Tracking">
              {payment.tracking_url === null ? (
                <span className="ac-fact-quiet">No link recorded</span>
              ) : (
                <a className="cell-link pay-tracking" href={payment.tracking_url} target="_blank" rel="noopener noreferrer" title={payment.tracking_url}>
                  {linkHost(payment.tracking_url)}
                  <Icon name="externalLink" size={13} />
                </a>
              )}
            </Fact>
            <Fact label="Recorded">
              <time dateTime={payment.created_at} title={formatLocalDateTime(payment.created_at)}>
                {formatPaidAt(payment.created_at)}
              </time>
            </Fact>
            <Fact label="Payment ID">
              <span className="pay-id-row">
                <code className="ac-id">{payment.id}</code>
                <CopyButton text={payment.id} label="Copy the payment ID" />
              </span>
            </Fact>
          </dl>
        </aside>
      </div>

      {isVoiding ? <VoidPaymentDialog payment={payment} label={label} onClose={() => setIsVoiding(false)} onVoided={onChanged} /> : null}
    </>
  );
}

function DetailSection({ title, count, description, children }: { title: string; count?: string; description?: string; children: ReactNode }) {
  const id = `pay-section-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className="pay-section" aria-labelledby={id}>
      <header className="ac-videos-header">
        <h2 id={id} className="ac-section-title">
          {title}
          {count === undefined ? null : <span className="ac-section-count">{count}</span>}
        </h2>
        {description === undefined ? null : <p className="ac-section-description">{description}</p>}
      </header>
      {children}
    </section>
  );
}

function LinesSection({ payment, zoneFallback }: { payment: Payment; zoneFallback: string | undefined }) {
  const ids = useMemo(() => payment.payout_payment_lines.map((line) => line.accrual_id), [payment.payout_payment_lines]);
  const accruals = useLineAccruals(ids, payment.updated_at);
  const structureIds = useMemo(() => [...accruals.byId.values()].flatMap((accrual) => (accrual === null ? [] : [accrual.structure_id])), [accruals.byId]);
  const structures = useStructureDirectory(payment.project_id, structureIds);
  const lines = payment.payout_payment_lines;

  return (
    <DetailSection title="Lines" count={pluralize(lines.length, 'accrual')} description="The accruals this payment settled, each for its amount.">
      <div className="table-frame">
        <table className="data-table data-table-compact pay-lines-table" aria-label="Lines">
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Structure</th>
              <th scope="col" className="pay-col-line-status">
                Accrual now
              </th>
              <th scope="col" className="pay-col-line-amount">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <LineRow key={line.id} paymentId={payment.id} accrualId={line.accrual_id} amountCents={line.amount_cents} accrual={accruals.byId.get(line.accrual_id)} zoneFallback={zoneFallback} structureName={(id) => structures.nameOf(id)?.name} />
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                Lines total
              </th>
              <td className="pay-col-line-amount">{formatCents(linesTotal(payment), payment.currency)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </DetailSection>
  );
}

type LineRowProps = {
  /** The payment shown: an accrual paid by another one says so. */
  paymentId: string;
  accrualId: string;
  amountCents: number;
  /** undefined while loading; null when it could not be read. */
  accrual: Accrual | null | undefined;
  zoneFallback: string | undefined;
  structureName(id: string): string | undefined;
};

function LineRow({ paymentId, accrualId, amountCents, accrual, zoneFallback, structureName }: LineRowProps) {
  if (accrual === undefined || accrual === null) {
    return (
      <tr>
        <td>
          <a className="cell-link" href={routePath('accruals', accrualId)}>
            {accrual === null ? 'Accrual' : 'Loading…'}
          </a>
        </td>
        <td className="cell-muted">…</td>
        <td className="pay-col-line-status" />
        <td className="pay-col-line-amount">{formatCents(amountCents)}</td>
      </tr>
    );
  }
  const period = periodText(accrual, zoneOf(accrual, zoneFallback));
  return (
    <tr>
      <td>
        <div className="ac-cell-stack">
          <a className="cell-link ac-cell-primary" href={routePath('accruals', accrual.id)}>
            {period.primary}
          </a>
          {period.secondary === '' ? null : <span className="ac-cell-secondary">{period.secondary}</span>}
        </div>
      </td>
      <td>
        <div className="ac-cell-stack">
          <span className="ac-cell-primary">{structureName(accrual.structure_id) ?? '…'}</span>
          <span className="ac-cell-secondary">
            {TYPE_LABELS[accrual.criteria_type]} · rule v{accrual.version_number}
          </span>
        </div>
      </td>
      <td className="pay-col-line-status">
        {accrual.status === 'paid' && accrual.payment_id !== null && accrual.payment_id !== paymentId ? (
          <a className="pay-other-payment" href={routePath('payments', accrual.payment_id)} title="Paid by another payment">
            <AccrualStatusBadge status="paid" />
            <span>elsewhere</span>
          </a>
        ) : (
          <AccrualStatusBadge status={accrual.status} />
        )}
      </td>
      <td className="pay-col-line-amount">{formatCents(amountCents, accrual.currency)}</td>
    </tr>
  );
}

function AdjustmentsSection({ payment }: { payment: Payment }) {
  return (
    <DetailSection title="Adjustments" count={pluralize(payment.payout_adjustments.length, 'adjustment')} description="What was paid beyond or short of the lines, and why.">
      <ul className="pay-adjustments">
        {payment.payout_adjustments.map((adjustment) => (
          <li key={adjustment.id} className={adjustment.amount_cents < 0 ? 'pay-adjustment-row is-under' : 'pay-adjustment-row is-over'}>
            <div className="pay-adjustment-text">
              <span className="pay-adjustment-kind">{adjustmentText(adjustment.amount_cents, payment.currency)}</span>
              <span className="pay-adjustment-reason">{adjustment.reason}</span>
            </div>
            <span className="pay-adjustment-amount">{signedCents(adjustment.amount_cents, payment.currency)}</span>
          </li>
        ))}
      </ul>
    </DetailSection>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="ac-fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function StatusPanel({ payment }: { payment: Payment }) {
  const count = payment.payout_payment_lines.length;
  const isVoided = payment.status === 'voided';
  return (
    <section className={`ac-status-panel pay-status-panel-${payment.status}`} aria-label="Status">
      <div className="ac-status-panel-head">
        <PaymentStatusBadge status={payment.status} />
        {isVoided && payment.voided_at !== null ? <span className="ac-fact-quiet">since {formatPaidAt(payment.voided_at)}</span> : null}
      </div>
      <p className="ac-status-note">
        {isVoided
          ? count === 0
            ? 'Voided: it stays on record and no longer counts as paid.'
            : `Voided: it stays on record; the ${count === 1 ? 'accrual it settled is' : `${count.toLocaleString()} accruals it settled are`} earned again and can be paid by another payment.`
          : count === 0
            ? 'Recorded as paid. It settles no accruals.'
            : `Recorded as paid; it settles ${pluralize(count, 'accrual')}. Void it to make ${count === 1 ? 'that accrual' : 'them'} payable again.`}
      </p>
    </section>
  );
}
