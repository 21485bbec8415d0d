import { useMemo, useState } from 'react';
import { z } from 'zod';
import type { SortingState } from '@tanstack/react-table';
import type { Creator, WatchSpec } from '../../../../core/api/contracts/index.ts';
import { stableKey } from '../../api/stable-key.ts';
import { useWatch } from '../../api/use-watch.ts';
import { routePath } from '../../app/use-hash-route.ts';
import { pluralize, quoted } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { SearchInput } from '../../ui/SearchInput.tsx';
import { useDebouncedValue } from '../../ui/use-debounced-value.ts';
import { usePageIndex } from '../../ui/use-page-index.ts';
import { useSessionState } from '../../ui/use-session-state.ts';
import { CsvActions } from '../import/CsvActions.tsx';
import { Pager } from '../methods/Pager.tsx';
import { useProjectDirectory } from '../projects/use-project-directory.ts';
import { creatorColumns } from './creator-columns.tsx';
import { CreatorDialog } from './CreatorDialog.tsx';

type CreatorsSpec = Extract<WatchSpec, { name: 'creators' }>;
type SortField = NonNullable<NonNullable<CreatorsSpec['params']>['sort']>;

const SORT_BY_COLUMN: Record<string, SortField> = { name: 'name', handle: 'handle', created: 'created_at' };
const PAGE_SIZE = 50;
const INITIAL_SORTING: SortingState = [{ id: 'name', desc: false }];
const sortingSchema = z.array(z.object({ id: z.enum(['name', 'handle', 'created']), desc: z.boolean() })).length(1);

type OpenDialog = { kind: 'create' } | { kind: 'edit'; creator: Creator } | null;

/** Everyone the organisation pays: search, filter by project, create and edit. */
export function CreatorsList() {
  const [searchText, setSearchText] = useState('');
  const [projectId, setProjectId] = useSessionState('payouts.creators.project', z.string().max(36), '');
  const [sorting, setSorting] = useSessionState<SortingState>('payouts.creators.sorting', sortingSchema, INITIAL_SORTING);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const search = useDebouncedValue(searchText.trim(), 250);
  const { projects, byId } = useProjectDirectory();
  // A remembered project that no longer exists filters nothing.
  const filterProjectId = projectId !== '' && (byId.size === 0 || byId.has(projectId)) ? projectId : '';
  const paging = usePageIndex(stableKey({ search, filterProjectId, sorting }), PAGE_SIZE);
  const { pageIndex } = paging;

  const spec = useMemo<CreatorsSpec>(() => {
    const sort = sorting[0] ?? { id: 'name', desc: false };
    return {
      name: 'creators',
      params: {
        ...(filterProjectId === '' ? {} : { project_id: filterProjectId }),
        search,
        sort: SORT_BY_COLUMN[sort.id] ?? 'name',
        dir: sort.desc ? 'desc' : 'asc',
        limit: PAGE_SIZE,
        skip: pageIndex * PAGE_SIZE,
      },
    };
  }, [filterProjectId, search, sorting, pageIndex]);
  const { rows, total, error, isLoading } = useWatch(spec);
  paging.observe(total, isLoading);
  const columns = useMemo(() => creatorColumns({ projectsById: byId, onEdit: (creator) => setDialog({ kind: 'edit', creator }) }), [byId]);
  const isFirstLoad = isLoading && rows.length === 0;
  const projectName = byId.get(filterProjectId)?.name;

  return (
    <>
      <PageHeader
        title="Creators"
        description="The people you pay. Add them to projects to give them goals, track their videos and assign payout structures."
        actions={
          <>
            <CsvActions initialKind="creators" {...(filterProjectId === '' ? {} : { projectId: filterProjectId })} />
            <button type="button" className="button button-primary" onClick={() => setDialog({ kind: 'create' })}>
              <Icon name="plus" />
              New creator
            </button>
          </>
        }
      />

      <div className="toolbar">
        <SearchInput label="Search creators" value={searchText} onChange={setSearchText} />
        <select className="input select toolbar-select" aria-label="Project" value={filterProjectId} onChange={(event) => setProjectId(event.target.value)}>
          <option value="">All projects</option>
          {projects.map((project) => (
            <option key={project.id} value={project.id}>
              {project.name}
            </option>
          ))}
        </select>
        <p className="result-count" aria-live="polite">
          {isFirstLoad ? 'Loading…' : pluralize(total, 'creator')}
        </p>
      </div>

      {error === null ? null : (
        <Banner tone="danger" title="Couldn’t load creators">
          {error.message}
        </Banner>
      )}

      <DataTable
        label="Creators"
        columns={columns}
        rows={rows}
        getRowId={(creator) => creator.id}
        sorting={sorting}
        onSortingChange={setSorting}
        isLoading={isFirstLoad}
        empty={
          search !== '' || filterProjectId !== '' ? (
            <div className="empty-state">
              <span className="empty-icon">
                <Icon name="search" size={20} />
              </span>
              <p className="empty-title">
                {search !== '' ? `No creators match ${quoted(search)}` : `No creators in ${quoted(projectName ?? 'this project')}`}
                {search !== '' && projectName !== undefined ? ` in ${quoted(projectName)}` : ''}
              </p>
              <p className="empty-text">Search looks at names and handles.</p>
              <div className="empty-actions">
                {search !== '' ? (
                  <button type="button" className="button button-secondary" onClick={() => setSearchText('')}>
                    Clear search
                  </button>
                ) : null}
                {filterProjectId !== '' ? (
                  <button type="button" className="button button-secondary" onClick={() => setProjectId('')}>
                    Show all projects
                  </button>
                ) : null}
              </div>
            </div>
          ) : (
            <div className="empty-state">
              <span className="empty-icon">
                <Icon name="creators" size={20} />
              </span>
              <p className="empty-title">No creators yet</p>
              <p className="empty-text">Add creators one by one, or import a spreadsheet of them with Import CSV.</p>
              <div className="empty-actions">
                <button type="button" className="button button-primary" onClick={() => setDialog({ kind: 'create' })}>
                  <Icon name="plus" />
                  Add a creator
                </button>
              </div>
            </div>
          )
        }
      />

      <div className="table-footer">
        <span />
        <Pager total={total} pageIndex={pageIndex} pageSize={PAGE_SIZE} onPageChange={paging.setPageIndex} />
      </div>

      {dialog?.kind === 'create' ? (
        <CreatorDialog creator={null} onClose={() => setDialog(null)} onSaved={(creator) => (window.location.hash = routePath('creators', creator.id))} />
      ) : null}
      {dialog?.kind === 'edit' ? <CreatorDialog creator={dialog.creator} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
