import { ACCRUAL_STATUSES, type AccrualStatus } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { pluralize } from '../../format.ts';
import { Icon } from '../../ui/Icon.tsx';
import { AccrualStatusBadge } from '../accruals/AccrualBadges.tsx';
import { accrualsLink } from '../accruals/accrual-filters.ts';

export type StatusTotals = Record<AccrualStatus, { count: number; sumCents: number | null }>;

/** Every accrual by status: how many, how much, and each one's share of the whole, linking to the list. */
export function StatusBreakdown({ totals, isLoading }: { totals: StatusTotals; isLoading: boolean }) {
  const all = ACCRUAL_STATUSES.reduce((sum, status) => sum + (totals[status].sumCents ?? 0), 0);
  const count = ACCRUAL_STATUSES.reduce((sum, status) => sum + totals[status].count, 0);
  return (
    <section className="db-card" aria-labelledby="db-status-title">
      <header className="db-card-header">
        <div>
          <h2 id="db-status-title" className="db-card-title">
            Accruals by status
          </h2>
          <p className="db-card-subtitle">{isLoading ? 'Loading…' : `${pluralize(count, 'accrual')}, ${formatCents(all)} in all`}</p>
        </div>
      </header>
      <ul className="db-status-list">
        {ACCRUAL_STATUSES.map((status) => {
          const { count: statusCount, sumCents } = totals[status];
          const share = all === 0 || sumCents === null ? 0 : (sumCents / all) * 100;
          return (
            <li key={status}>
              <a className="db-status-row" href={accrualsLink({ status })}>
                <span className="db-status-name">
                  <AccrualStatusBadge status={status} />
                  {pluralize(statusCount, 'accrual')}
                </span>
                <span className="db-status-amount">{sumCents === null ? '—' : formatCents(sumCents)}</span>
                <span className="db-status-bar" aria-hidden="true">
                  <span className={`db-status-fill db-fill-${status}`} style={{ width: `${share}%` }} />
                </span>
              </a>
            </li>
          );
        })}
      </ul>
      <footer className="db-card-footer">
        <a className="db-link" href={accrualsLink({})}>
          Open accruals
          <Icon name="chevronRight" size={14} />
        </a>
      </footer>
    </section>
  );
}
