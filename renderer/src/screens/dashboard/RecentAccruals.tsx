import { useMemo } from 'react';
import type { WatchSpec } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { useWatch } from '../../api/use-watch.ts';
import { routeHref, routePath } from '../../app/use-hash-route.ts';
import { Icon } from '../../ui/Icon.tsx';
import { AccrualStatusBadge, CriteriaTypeBadge } from '../accruals/AccrualBadges.tsx';
import { periodText, zoneOf } from '../accruals/accrual-text.ts';
import { useCreatorDirectory, useProjectDirectory, useStructureDirectory } from '../accruals/use-directory.ts';

const RECENT_LIMIT = 6;
const RECENT_SPEC: Extract<WatchSpec, { name: 'accruals' }> = { name: 'accruals', params: { sort: 'period_end_at', dir: 'desc', limit: RECENT_LIMIT } };

/** The latest periods accrued, live, each opening its explanation. */
export function RecentAccruals() {
  const { rows, isLoading } = useWatch(RECENT_SPEC);
  const creatorIds = useMemo(() => rows.map((accrual) => accrual.creator_id), [rows]);
  const structureIds = useMemo(() => rows.map((accrual) => accrual.structure_id), [rows]);
  const creators = useCreatorDirectory('', creatorIds);
  const structures = useStructureDirectory('', structureIds);
  const { byId: projectsById } = useProjectDirectory();

  return (
    <section aria-labelledby="db-recent-title">
      <header className="db-section-header">
        <div>
          <h2 id="db-recent-title" className="ac-section-title">
            Recent accruals
          </h2>
          <p className="ac-section-description">The latest periods and milestones accrued, across every project.</p>
        </div>
        <a className="db-link" href={routeHref('accruals')}>
          All accruals
          <Icon name="chevronRight" size={14} />
        </a>
      </header>
      <div className="table-frame">
        <table className="data-table data-table-compact" aria-label="Recent accruals">
          <thead>
            <tr>
              <th scope="col">Creator</th>
              <th scope="col">Structure</th>
              <th scope="col" className="ac-col-type">
                Type
              </th>
              <th scope="col" className="ac-col-period">
                Period
              </th>
              <th scope="col" className="ac-col-amount">
                Amount
              </th>
              <th scope="col" className="ac-col-status">
                Status
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr className="empty-row">
                <td colSpan={6}>
                  <p className="db-empty-row">{isLoading ? 'Loading…' : 'No accruals yet. They appear here as periods end for assigned creators.'}</p>
                </td>
              </tr>
            ) : (
              rows.map((accrual) => {
                const zone = zoneOf(accrual, projectsById.get(accrual.project_id)?.timezone);
                const period = periodText(accrual, zone);
                return (
                  <tr key={accrual.id} className={`ac-row-${accrual.status}`}>
                    <td className="ac-cell-primary">{creators.nameOf(accrual.creator_id)?.name ?? '…'}</td>
                    <td>
                      <span className="ac-cell-primary db-cell-quiet">{structures.nameOf(accrual.structure_id)?.name ?? '…'}</span>
                    </td>
                    <td className="ac-col-type">
                      <CriteriaTypeBadge type={accrual.criteria_type} />
                    </td>
                    <td className="ac-col-period">
                      <a className="cell-link ac-period-link" href={routePath('accruals', accrual.id)}>
                        {period.primary}
                      </a>
                    </td>
                    <td className="ac-col-amount">
                      <span className="ac-amount">{formatCents(accrual.amount_cents)}</span>
                    </td>
                    <td className="ac-col-status">
                      <AccrualStatusBadge status={accrual.status} />
                    </td>
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
