import { useId, type ReactNode } from 'react';
import type { Project } from '../../../../core/api/contracts/index.ts';
import type { CreatorEntry } from '../accruals/use-directory.ts';
import { PAYMENT_STATUSES, PAYMENT_STATUS_LABELS, isBackwardPaidRange, type PaymentFilters } from './payment-filters.ts';

type PaymentFilterBarProps = {
  filters: PaymentFilters;
  onChange(next: PaymentFilters): void;
  projects: Project[];
  creators: CreatorEntry[];
  /** For a selected creator the picker does not list (past the first 500): their name all the same. */
  creatorOf(id: string): CreatorEntry | null;
};

function FilterField({ label, className, children }: { label: string; className?: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={className === undefined ? 'ac-filter' : `ac-filter ${className}`}>
      <label className="ac-filter-label" htmlFor={id}>
        {label}
      </label>
      {children(id)}
    </div>
  );
}

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
      <FilterField label="Project">
        {(id) => (
          <select id={id} className="input ac-select" value={filters.projectId} onChange={(event) => changeProject(event.target.value)}>
            <option value="">All projects</option>
            {projects.map((project) => (
              <option key={project.id} value={project.id}>
                {project.name}
              </option>
            ))}
          </select>
        )}
      </FilterField>
      <FilterField label="Creator">
        {(id) => (
          <select id={id} className="input ac-select" value={filters.creatorId} onChange={(event) => set({ creatorId: event.target.value })}>
            <option value="">All creators</option>
            {selectedCreator === null ? null : <option value={selectedCreator.id}>{selectedCreator.name}</option>}
            {creators.map((creator) => (
              <option key={creator.id} value={creator.id}>
                {creator.name}
              </option>
            ))}
          </select>
        )}
      </FilterField>
      <FilterField label="Status" className="ac-filter-status">
        {(id) => (
          <select id={id} className="input ac-select" value={filters.status} onChange={(event) => set({ status: event.target.value as PaymentFilters['status'] })}>
            <option value="">All statuses</option>
            {PAYMENT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {PAYMENT_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        )}
      </FilterField>
      <div className="ac-filter ac-filter-range">
        <span className="ac-filter-label" title="Days in your time zone">
          Paid between
        </span>
        <div className="ac-range">
          <input
            type="date"
            className="input ac-date"
            aria-label="Paid on or after"
            aria-invalid={isBackward}
            value={filters.from}
            max={filters.to === '' ? undefined : filters.to}
            onChange={(event) => set({ from: event.target.value })}
          />
          <span className="ac-range-dash" aria-hidden="true">
            –
          </span>
          <input
            type="date"
            className="input ac-date"
            aria-label="Paid on or before"
            aria-invalid={isBackward}
            value={filters.to}
            min={filters.from === '' ? undefined : filters.from}
            onChange={(event) => set({ to: event.target.value })}
          />
        </div>
      </div>
    </div>
  );
}
