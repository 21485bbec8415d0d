import { useId, type ReactNode } from 'react';
import { ACCRUAL_STATUSES, type Project } from '../../../../core/api/contracts/index.ts';
import { isBackwardRange, type AccrualFilters } from './accrual-filters.ts';
import { STATUS_LABELS } from './status-change.ts';
import type { CreatorEntry, StructureEntry } from './use-directory.ts';

type AccrualFilterBarProps = {
  filters: AccrualFilters;
  onChange(next: AccrualFilters): void;
  projects: Project[];
  creators: CreatorEntry[];
  structures: StructureEntry[];
  /** For a selected id the pickers do not list (past the first 500): its name all the same. */
  creatorOf(id: string): CreatorEntry | null;
  structureOf(id: string): StructureEntry | null;
  /** The zone the period days are read in. */
  timeZone: string;
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

/** One control per API filter: project, creator, structure, status and the days periods end. */
export function AccrualFilterBar({ filters, onChange, projects, creators, structures, creatorOf, structureOf, timeZone }: AccrualFilterBarProps) {
  const set = (patch: Partial<AccrualFilters>) => onChange({ ...filters, ...patch });

  function changeProject(projectId: string) {
    // A structure belongs to one project; a creator may belong to several.
    const structure = filters.structureId === '' ? null : structureOf(filters.structureId);
    const creator = filters.creatorId === '' ? null : creatorOf(filters.creatorId);
    set({
      projectId,
      structureId: projectId !== '' && structure !== null && structure.project_id !== projectId ? '' : filters.structureId,
      creatorId: projectId !== '' && creator !== null && !creator.project_ids.includes(projectId) ? '' : filters.creatorId,
    });
  }

  const selectedCreator = filters.creatorId === '' || creators.some((creator) => creator.id === filters.creatorId) ? null : creatorOf(filters.creatorId);
  const selectedStructure =
    filters.structureId === '' || structures.some((structure) => structure.id === filters.structureId) ? null : structureOf(filters.structureId);
  const isBackward = isBackwardRange(filters);

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
      <FilterField label="Structure">
        {(id) => (
          <select id={id} className="input ac-select" value={filters.structureId} onChange={(event) => set({ structureId: event.target.value })}>
            <option value="">All structures</option>
            {selectedStructure === null ? null : <option value={selectedStructure.id}>{selectedStructure.name}</option>}
            {structures.map((structure) => (
              <option key={structure.id} value={structure.id}>
                {structure.is_active ? structure.name : `${structure.name} (archived)`}
              </option>
            ))}
          </select>
        )}
      </FilterField>
      <FilterField label="Status" className="ac-filter-status">
        {(id) => (
          <select
            id={id}
            className="input ac-select"
            value={filters.status}
            onChange={(event) => set({ status: event.target.value as AccrualFilters['status'] })}
          >
            <option value="">All statuses</option>
            {ACCRUAL_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        )}
      </FilterField>
      <div className="ac-filter ac-filter-range">
        <span className="ac-filter-label" title={`Days in ${timeZone}`}>
          Period ends
        </span>
        <div className="ac-range">
          <input
            type="date"
            className="input ac-date"
            aria-label="Period ends on or after"
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
            aria-label="Period ends on or before"
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
