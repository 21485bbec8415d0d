import type { Project } from '../../../../core/api/contracts/index.ts';
import type { CreatorEntry } from '../accruals/use-directory.ts';
import { DateRangeFilter, FilterSelect } from '../../ui/filter-fields.tsx';
import { PAYMENT_STATUSES, PAYMENT_STATUS_LABELS, isBackwardPaidRange, type PaymentFilters } from './payment-filters.ts';

type PaymentFilterBarProps = {
  filters: PaymentFilters;
  onChange(next: PaymentFilters): void;
  projects: Project[];
  creators: CreatorEntry[];
  /** For a selected creator the picker does not list (past the first 500): their name all the same. */
  creatorOf(id: string): CreatorEntry | null;
};

/** One control per live-query filter: project, creator, status and the days the money went out. */
export function PaymentFilterBar({ filters, onChange, projects, creators, creatorOf }: PaymentFilterBarProps) {
  const set = (patch: Partial<PaymentFilters>) => onChange({ ...filters, ...patch });

  function changeProject(projectId: string) {
    const creator = filters.creatorId === '' ? null : creatorOf(filters.creatorId);
    // A creator may belong to several projects; one outside the new project is let go.
    set({ projectId, creatorId: projectId !== '' && creator !== null && !creator.project_ids.includes(projectId) ? '' : filters.creatorId });
  }

  const selectedCreator = filters.creatorId === '' || creators.some((creator) => creator.id === filters.creatorId) ? null : creatorOf(filters.creatorId);
  const isBackward = isBackwardPaidRange(filters);

  return (
    <div className="ac-filters" role="group" aria-label="Filters">
      <FilterSelect label="Project" allLabel="All projects" value={filters.projectId} choices={projects.map(toChoice)} onChange={changeProject} />
      <FilterSelect
        label="Creator"
        allLabel="All creators"
        value={filters.creatorId}
        choices={creators.map(toChoice)}
        pinned={selectedCreator && toChoice(selectedCreator)}
        onChange={(creatorId) => set({ creatorId })}
      />
      <FilterSelect
        label="Status"
        className="ac-filter-status"
        allLabel="All statuses"
        value={filters.status}
        choices={PAYMENT_STATUSES.map((status) => ({ value: status, label: PAYMENT_STATUS_LABELS[status] }))}
        onChange={(status) => set({ status: status as PaymentFilters['status'] })}
      />
      <DateRangeFilter
        label="Paid between"
        title="Days in your time zone"
        fromLabel="Paid on or after"
        toLabel="Paid on or before"
        from={filters.from}
        to={filters.to}
        isBackward={isBackward}
        onChange={set}
      />
    </div>
  );
}

const toChoice = (entry: { id: string; name: string }) => ({ value: entry.id, label: entry.name });
