import { ACCRUAL_STATUSES, type Project } from '../../../../core/api/contracts/index.ts';
import { isBackwardRange, type AccrualFilters } from './accrual-filters.ts';
import { STATUS_LABELS } from './status-change.ts';
import type { CreatorEntry, StructureEntry } from './use-directory.ts';
import { DateRangeFilter, FilterSelect } from '../../ui/filter-fields.tsx';

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
        label="Structure"
        allLabel="All structures"
        value={filters.structureId}
        choices={structures.map(structureChoice)}
        pinned={selectedStructure && toChoice(selectedStructure)}
        onChange={(structureId) => set({ structureId })}
      />
      <FilterSelect
        label="Status"
        className="ac-filter-status"
        allLabel="All statuses"
        value={filters.status}
        choices={ACCRUAL_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }))}
        onChange={(status) => set({ status: status as AccrualFilters['status'] })}
      />
      <DateRangeFilter
        label="Period ends"
        title={`Days in ${timeZone}`}
        fromLabel="Period ends on or after"
        toLabel="Period ends on or before"
        from={filters.from}
        to={filters.to}
        isBackward={isBackward}
        onChange={set}
      />
    </div>
  );
}

const toChoice = (entry: { id: string; name: string }) => ({ value: entry.id, label: entry.name });
const structureChoice = (structure: StructureEntry) => ({ value: structure.id, label: structure.is_active ? structure.name : `${structure.name} (archived)` });
