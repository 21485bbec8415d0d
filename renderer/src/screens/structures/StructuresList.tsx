import { useId, useMemo, useState } from 'react';
import { z } from 'zod';
import type { SortingState } from '@tanstack/react-table';
import type { WatchSpec } from '../../../../core/api/contracts/index.ts';
import { stableKey } from '../../api/stable-key.ts';
import { useWatch } from '../../api/use-watch.ts';
import { routeHref, routePath } from '../../app/use-hash-route.ts';
import { pluralize, quoted } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { SearchInput } from '../../ui/SearchInput.tsx';
import { useDebouncedValue } from '../../ui/use-debounced-value.ts';
import { usePageIndex } from '../../ui/use-page-index.ts';
import { useSessionState } from '../../ui/use-session-state.ts';
import { Pager } from '../methods/Pager.tsx';
import { structureColumns } from './structure-columns.tsx';
import { useProjects } from './use-projects.ts';

type StructuresSpec = Extract<WatchSpec, { name: 'payout-structures' }>;
type SortField = NonNullable<NonNullable<StructuresSpec['params']>['sort']>;

const SORT_BY_COLUMN: Record<string, SortField> = { name: 'name', type: 'criteria_type' };
const PAGE_SIZE = 50;
const SEARCH_DEBOUNCE_MS = 250;
const INITIAL_SORTING: SortingState = [{ id: 'name', desc: false }];
const sortingSchema = z.array(z.object({ id: z.enum(['name', 'type']), desc: z.boolean() })).length(1);
/** `new` with the filtered project preselected, so "New structure" from a filtered list stays in it. */
const newStructureHref = (projectId: string) => (projectId === '' ? routePath('structures', 'new') : `${routePath('structures', 'new')}?project=${projectId}`);

/** Every payout structure: filter by project, search, order; a name opens the structure. */
export function StructuresList() {
  const projectFilterId = useId();
  const [searchText, setSearchText] = useState('');
  const [storedProjectId, setProjectId] = useSessionState('payouts.structures.project', z.string().max(36), '');
  const [isShowingArchived, setIsShowingArchived] = useSessionState('payouts.structures.includeArchived', z.boolean(), false);
  const [sorting, setSorting] = useSessionState<SortingState>('payouts.structures.sorting', sortingSchema, INITIAL_SORTING);
  const search = useDebouncedValue(searchText.trim(), SEARCH_DEBOUNCE_MS);
  const { projects, byId: projectsById, isLoading: isLoadingProjects } = useProjects();
  // A filter remembered from another session may name a project this key cannot see.
  const projectId = isLoadingProjects || projectsById.has(storedProjectId) ? storedProjectId : '';
  const paging = usePageIndex(stableKey({ search, projectId, isShowingArchived, sorting }), PAGE_SIZE);
  const { pageIndex } = paging;

  const spec = useMemo<StructuresSpec>(() => {
    const sort = sorting[0] ?? { id: 'name', desc: false };
    return {
      name: 'payout-structures',
      params: {
        ...(projectId === '' ? {} : { project_id: projectId }),
        include_archived: isShowingArchived,
        search,
        sort: SORT_BY_COLUMN[sort.id] ?? 'name',
        dir: sort.desc ? 'desc' : 'asc',
        limit: PAGE_SIZE,
        skip: pageIndex * PAGE_SIZE,
      },
    };
  }, [projectId, isShowingArchived, search, sorting, pageIndex]);
  const { rows, total, error, isLoading } = useWatch(spec);
  paging.observe(total, isLoading);
  const columns = useMemo(() => structureColumns(projectsById), [projectsById]);
  const isFirstLoad = isLoading && rows.length === 0;
  const hasNoProjects = !isLoadingProjects && projects.length === 0;

  return (
    <>
      <PageHeader
        title="Payout structures"
        description="How creators earn: a fixed amount per period, goals, a rate per 1,000 views or bonuses at view milestones. A rule edit makes a new version."
        actions={
          hasNoProjects ? undefined : (
            <a className="button button-primary" href={newStructureHref(projectId)}>
              <Icon name="plus" />
              New structure
            </a>
          )
        }
      />

      <div className="toolbar">
        <SearchInput label="Search structures" value={searchText} onChange={setSearchText} />
        <div className="st-inline-select">
          <label htmlFor={projectFilterId}>Project</label>
          <select id={projectFilterId} className="input st-select" value={projectId} onChange={(event) => setProjectId(event.target.value)}>
            <option value="">All projects</option>
            {projects.map((project) => (
              <option key={project.id} value={project.id}>
                {project.name}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={isShowingArchived} onChange={(event) => setIsShowingArchived(event.target.checked)} />
          <span>Include archived</span>
        </label>
        <p className="result-count" aria-live="polite">
          {isFirstLoad ? 'Loading…' : pluralize(total, 'structure')}
        </p>
      </div>

      {error === null ? null : (
        <Banner tone="danger" title="Couldn’t load payout structures">
          {error.message}
        </Banner>
      )}

      <DataTable
        label="Payout structures"
        columns={columns}
        rows={rows}
        getRowId={(structure) => structure.id}
        sorting={sorting}
        onSortingChange={setSorting}
        isLoading={isFirstLoad}
        rowClassName={(structure) => (structure.is_active ? undefined : 'is-inactive st-row-archived')}
        empty={
          <StructuresEmptyState
            search={search}
            projectName={projectId === '' ? null : (projectsById.get(projectId)?.name ?? null)}
            isShowingArchived={isShowingArchived}
            hasNoProjects={hasNoProjects}
            newHref={newStructureHref(projectId)}
            onClearSearch={() => setSearchText('')}
            onShowArchived={() => setIsShowingArchived(true)}
            onAllProjects={() => setProjectId('')}
          />
        }
      />

      <div className="table-footer">
        <p className="table-note">
          <Icon name="info" size={14} />
          Archived structures stop earning but keep their history.
        </p>
        <Pager total={total} pageIndex={pageIndex} pageSize={PAGE_SIZE} onPageChange={paging.setPageIndex} />
      </div>
    </>
  );
}

type EmptyStateProps = {
  search: string;
  projectName: string | null;
  isShowingArchived: boolean;
  hasNoProjects: boolean;
  newHref: string;
  onClearSearch(): void;
  onShowArchived(): void;
  onAllProjects(): void;
};

/** Says why the list is empty and offers the one step that most likely helps. */
function StructuresEmptyState({ search, projectName, isShowingArchived, hasNoProjects, newHref, onClearSearch, onShowArchived, onAllProjects }: EmptyStateProps) {
  if (hasNoProjects) {
    return (
      <div className="empty-state">
        <span className="empty-icon">
          <Icon name="projects" size={20} />
        </span>
        <p className="empty-title">Start with a project</p>
        <p className="empty-text">Payout structures belong to a project. Create one, add its creators, then come back to set how they earn.</p>
        <div className="empty-actions">
          <a className="button button-primary" href={routeHref('projects')}>
            Go to projects
          </a>
        </div>
      </div>
    );
  }
  if (search !== '') {
    return (
      <div className="empty-state">
        <span className="empty-icon">
          <Icon name="search" size={20} />
        </span>
        <p className="empty-title">No structures match {quoted(search)}</p>
        <p className="empty-text">{isShowingArchived ? 'Try another name.' : 'Try another name, or include archived structures.'}</p>
        <div className="empty-actions">
          <button type="button" className="button button-secondary" onClick={onClearSearch}>
            Clear search
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="empty-state">
      <span className="empty-icon">
        <Icon name="structures" size={20} />
      </span>
      <p className="empty-title">
        {isShowingArchived ? 'No' : 'No active'} {projectName === null ? 'payout structures' : `structures in ${quoted(projectName)}`}
      </p>
      <p className="empty-text">A structure sets how creators earn: a monthly fee, a goal bonus, a rate per 1,000 views or bonuses at view milestones.</p>
      <div className="empty-actions">
        {projectName === null ? null : (
          <button type="button" className="button button-secondary" onClick={onAllProjects}>
            All projects
          </button>
        )}
        {isShowingArchived ? null : (
          <button type="button" className="button button-secondary" onClick={onShowArchived}>
            Show archived
          </button>
        )}
        <a className="button button-primary" href={newHref}>
          <Icon name="plus" />
          New structure
        </a>
      </div>
    </div>
  );
}
