import { useMemo, useState } from 'react';
import { z } from 'zod';
import type { SortingState } from '@tanstack/react-table';
import type { Project, WatchSpec } from '../../../../core/api/contracts/index.ts';
import { useWatch } from '../../api/use-watch.ts';
import { stableKey } from '../../api/stable-key.ts';
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
import { projectColumns } from './project-columns.tsx';
import { ProjectDialog } from './ProjectDialog.tsx';

type ProjectsSpec = Extract<WatchSpec, { name: 'projects' }>;
type SortField = NonNullable<NonNullable<ProjectsSpec['params']>['sort']>;

const SORT_BY_COLUMN: Record<string, SortField> = { name: 'name', timezone: 'timezone', created: 'created_at' };
const PAGE_SIZE = 50;
const SEARCH_DEBOUNCE_MS = 250;
const INITIAL_SORTING: SortingState = [{ id: 'name', desc: false }];
const sortingSchema = z.array(z.object({ id: z.enum(['name', 'timezone', 'created']), desc: z.boolean() })).length(1);

type OpenDialog = { kind: 'create' } | { kind: 'edit'; project: Project } | null;

/** All projects: search, order, create and edit; a name opens the project. */
export function ProjectsList() {
  const [searchText, setSearchText] = useState('');
  const [sorting, setSorting] = useSessionState<SortingState>('payouts.projects.sorting', sortingSchema, INITIAL_SORTING);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const search = useDebouncedValue(searchText.trim(), SEARCH_DEBOUNCE_MS);
  const paging = usePageIndex(stableKey({ search, sorting }), PAGE_SIZE);
  const { pageIndex } = paging;

  const spec = useMemo<ProjectsSpec>(() => {
    const sort = sorting[0] ?? { id: 'name', desc: false };
    return {
      name: 'projects',
      params: { search, sort: SORT_BY_COLUMN[sort.id] ?? 'name', dir: sort.desc ? 'desc' : 'asc', limit: PAGE_SIZE, skip: pageIndex * PAGE_SIZE },
    };
  }, [sorting, search, pageIndex]);
  const { rows, total, error, isLoading } = useWatch(spec);
  paging.observe(total, isLoading);
  const columns = useMemo(() => projectColumns((project) => setDialog({ kind: 'edit', project })), []);
  const isFirstLoad = isLoading && rows.length === 0;

  return (
    <>
      <PageHeader
        title="Projects"
        description="A project groups creators and their videos. Its time zone decides where the days, weeks and months of its payout periods begin."
        actions={
          <>
            <CsvActions initialKind="videos" />
            <button type="button" className="button button-primary" onClick={() => setDialog({ kind: 'create' })}>
              <Icon name="plus" />
              New project
            </button>
          </>
        }
      />

      <div className="toolbar">
        <SearchInput label="Search projects" value={searchText} onChange={setSearchText} />
        <p className="result-count" aria-live="polite">
          {isFirstLoad ? 'Loading…' : pluralize(total, 'project')}
        </p>
      </div>

      {error === null ? null : (
        <Banner tone="danger" title="Couldn’t load projects">
          {error.message}
        </Banner>
      )}

      <DataTable
        label="Projects"
        columns={columns}
        rows={rows}
        getRowId={(project) => project.id}
        sorting={sorting}
        onSortingChange={setSorting}
        isLoading={isFirstLoad}
        empty={
          search !== '' ? (
            <div className="empty-state">
              <span className="empty-icon">
                <Icon name="search" size={20} />
              </span>
              <p className="empty-title">No projects match {quoted(search)}</p>
              <p className="empty-text">Try another name.</p>
              <div className="empty-actions">
                <button type="button" className="button button-secondary" onClick={() => setSearchText('')}>
                  Clear search
                </button>
              </div>
            </div>
          ) : (
            <div className="empty-state">
              <span className="empty-icon">
                <Icon name="projects" size={20} />
              </span>
              <p className="empty-title">No projects yet</p>
              <p className="empty-text">Create a project for each campaign or program you pay creators for, then add its creators.</p>
              <div className="empty-actions">
                <button type="button" className="button button-primary" onClick={() => setDialog({ kind: 'create' })}>
                  <Icon name="plus" />
                  Create a project
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
        <ProjectDialog project={null} onClose={() => setDialog(null)} onCreated={(project) => (window.location.hash = routePath('projects', project.id))} />
      ) : null}
      {dialog?.kind === 'edit' ? <ProjectDialog project={dialog.project} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
