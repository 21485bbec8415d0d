import type { ReactNode } from 'react';
import type { AccrualStatus, WatchSpec } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { useWatch } from '../../api/use-watch.ts';
import { routeHref } from '../../app/use-hash-route.ts';
import { pluralize } from '../../format.ts';
import { Icon, type IconName } from '../../ui/Icon.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { accrualsLink } from '../accruals/accrual-filters.ts';
import { useAccrualEngine } from '../accruals/use-accrual-engine.ts';
import { EngineCard } from './EngineCard.tsx';
import { RecentAccruals } from './RecentAccruals.tsx';
import { LiabilitiesCard, PaymentsByMethodCard, ReadyToPayCard, UpcomingAccrualsCard } from './ReportCards.tsx';
import { StatusBreakdown, type StatusTotals } from './StatusBreakdown.tsx';

/** Counting needs the total only: one row is the smallest page a live query serves. */
const COUNT_ONLY = { limit: 1 } as const;
const CREATORS: WatchSpec = { name: 'creators', params: COUNT_ONLY };
const PROJECTS: WatchSpec = { name: 'projects', params: COUNT_ONLY };
const ACTIVE_STRUCTURES: WatchSpec = { name: 'payout-structures', params: { include_archived: false, ...COUNT_ONLY } };
const byStatus = (status: AccrualStatus): WatchSpec => ({ name: 'accruals', params: { status, ...COUNT_ONLY } });
const EARNED = byStatus('earned');
const PAID = byStatus('paid');
const REJECTED = byStatus('rejected');
const VOIDED = byStatus('voided');
const PAID_PAYMENTS: WatchSpec = { name: 'payments', params: { status: 'paid', ...COUNT_ONLY } };
const VOIDED_PAYMENTS: WatchSpec = { name: 'payments', params: { status: 'voided', ...COUNT_ONLY } };

/** The default screen: what is owed, the size of the programs, the engine, and the latest accruals. */
export function DashboardScreen() {
  const engine = useAccrualEngine();
  const creators = useWatch(CREATORS);
  const projects = useWatch(PROJECTS);
  const structures = useWatch(ACTIVE_STRUCTURES);
  const earned = useWatch(EARNED);
  const paid = useWatch(PAID);
  const rejected = useWatch(REJECTED);
  const voided = useWatch(VOIDED);
  const paidPayments = useWatch(PAID_PAYMENTS);
  const voidedPayments = useWatch(VOIDED_PAYMENTS);

  const totals: StatusTotals = {
    earned: { count: earned.total, sumCents: earned.sumAmountCents },
    paid: { count: paid.total, sumCents: paid.sumAmountCents },
    rejected: { count: rejected.total, sumCents: rejected.sumAmountCents },
    voided: { count: voided.total, sumCents: voided.sumAmountCents },
  };
  const isLoadingTotals = earned.isLoading || paid.isLoading || rejected.isLoading || voided.isLoading;
  // The reports below ask again whenever one of these live totals moves.
  const ledgerSignature = [earned, paid, rejected, voided, paidPayments, voidedPayments, structures, projects]
    .map((state) => (state.isLoading ? '…' : `${state.total}:${state.sumAmountCents ?? ''}`))
    .concat(engine.lastRun?.id ?? '')
    .join('|');
  const figure = (state: { total: number; isLoading: boolean }) => (state.isLoading ? '—' : state.total.toLocaleString());

  return (
    <>
      <PageHeader title="Dashboard" description="Where your programs stand: what creators are owed, what the accrual engine did last, and the latest accruals." />

      <div className="db-stats">
        <Stat
          href={accrualsLink({ status: 'earned' })}
          icon="accruals"
          label="Earned, not yet paid"
          value={earned.isLoading || earned.sumAmountCents === null ? '—' : formatCents(earned.sumAmountCents)}
          note={earned.isLoading ? 'Loading…' : `in ${pluralize(earned.total, 'accrual')}`}
          isPrimary
        />
        <Stat href={routeHref('creators')} icon="creators" label="Creators" value={figure(creators)} note="Across every project" />
        <Stat href={routeHref('projects')} icon="projects" label="Projects" value={figure(projects)} note="Each with its own time zone" />
        <Stat href={routeHref('structures')} icon="structures" label="Active structures" value={figure(structures)} note="Archived ones not counted" />
      </div>

      <div className="db-columns">
        <EngineCard engine={engine} />
        <StatusBreakdown totals={totals} isLoading={isLoadingTotals} />
      </div>

      <div className="db-charts">
        <LiabilitiesCard signature={ledgerSignature} />
        <PaymentsByMethodCard signature={ledgerSignature} />
      </div>

      <div className="db-upcoming">
        <ReadyToPayCard signature={ledgerSignature} />
        <UpcomingAccrualsCard signature={ledgerSignature} />
      </div>

      <RecentAccruals />
    </>
  );
}

type StatProps = { href: string; icon: IconName; label: string; value: string; note: ReactNode; isPrimary?: boolean };

function Stat({ href, icon, label, value, note, isPrimary = false }: StatProps) {
  return (
    <a className={isPrimary ? 'db-stat db-stat-primary' : 'db-stat'} href={href}>
      <span className="db-stat-label">
        <Icon name={icon} size={15} />
        {label}
      </span>
      <span className="db-stat-value">{value}</span>
      <span className="db-stat-note">{note}</span>
    </a>
  );
}
