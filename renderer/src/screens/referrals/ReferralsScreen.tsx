import { useMemo } from 'react';
import { useRouteParams } from '../../app/use-hash-route.ts';
import { DateRangeFilter, FilterSelect } from '../../ui/filter-fields.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useSessionState } from '../../ui/use-session-state.ts';
import { useCreatorDirectory, useProjectDirectory } from '../accruals/use-directory.ts';
import { CsvActions } from '../import/CsvActions.tsx';
import { ReferralDetail } from './ReferralDetail.tsx';
import { ReferralsList } from './ReferralsList.tsx';
import { referralFilterSchema, type ReferralFilter } from './referral-view.ts';

/** `#/referrals` (every referral, with filters) and one referral with its events at `#/referrals/<id>`. */
export function ReferralsScreen() {
  const [referralId] = useRouteParams();
  if (referralId !== undefined) return <ReferralDetail key={referralId} referralId={referralId} />;
  return <ReferralsOverview />;
}

const NO_FILTER: ReferralFilter = { projectId: '', creatorId: '', from: '', to: '' };

function ReferralsOverview() {
  const [filter, setFilter] = useSessionState<ReferralFilter>('payouts.referrals.filter', referralFilterSchema, NO_FILTER);
  const { projects, byId: projectsById } = useProjectDirectory();
  const { creators, nameOf } = useCreatorDirectory(filter.projectId, NO_IDS);
  const names = useMemo(
    () => ({ creatorName: (id: string) => nameOf(id)?.name ?? null, projectName: (id: string) => projectsById.get(id)?.name ?? null }),
    [nameOf, projectsById],
  );
  const isBackward = filter.from !== '' && filter.to !== '' && filter.from > filter.to;
  return (
    <>
      <PageHeader
        title="Referrals"
        description="Customers your creators referred, and what each one bought, renewed and got refunded. Commissions are earned from these events."
        actions={<CsvActions initialKind="referrals" />}
      />
      <div className="ac-filters" role="group" aria-label="Filters">
        <FilterSelect
          label="Project"
          allLabel="All projects"
          value={filter.projectId}
          choices={projects.map((project) => ({ value: project.id, label: project.name }))}
          onChange={(projectId) => setFilter({ ...filter, projectId, creatorId: '' })}
        />
        <FilterSelect
          label="Creator"
          allLabel="All creators"
          value={filter.creatorId}
          choices={creators.map((creator) => ({ value: creator.id, label: creator.name }))}
          onChange={(creatorId) => setFilter({ ...filter, creatorId })}
        />
        <DateRangeFilter
          label="Referred"
          title="Days in your computer’s time zone"
          fromLabel="Referred from"
          toLabel="Referred to"
          from={filter.from}
          to={filter.to}
          isBackward={isBackward}
          onChange={(range) => setFilter({ ...filter, ...range })}
        />
      </div>
      <ReferralsList filter={isBackward ? { ...filter, to: '' } : filter} names={names} showCreator showProject />
    </>
  );
}

const NO_IDS: readonly string[] = [];
