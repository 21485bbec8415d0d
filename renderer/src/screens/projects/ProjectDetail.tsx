import { useCallback, useMemo, useState } from 'react';
import type { SortingState } from '@tanstack/react-table';
import type { Creator, Project, Video, WatchSpec } from '../../../../core/api/contracts/index.ts';
import { stableKey } from '../../api/stable-key.ts';
import { useResource } from '../../api/use-resource.ts';
import { useWatch } from '../../api/use-watch.ts';
import { routeHref, routePath } from '../../app/use-hash-route.ts';
import { formatLocalDate, pluralize, quoted } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { SearchInput } from '../../ui/SearchInput.tsx';
import { Section } from '../../ui/Section.tsx';
import { useDebouncedValue } from '../../ui/use-debounced-value.ts';
import { usePageIndex } from '../../ui/use-page-index.ts';
import { CsvActions } from '../import/CsvActions.tsx';
import { Pager } from '../methods/Pager.tsx';
import { StatementsDialog } from '../statements/StatementsDialog.tsx';
import { VideosSection } from '../videos/VideosSection.tsx';
import { AddCreatorsDialog } from './AddCreatorsDialog.tsx';
import { memberColumns } from './member-columns.tsx';
import { ProjectDialog } from './ProjectDialog.tsx';
import { RemoveMemberDialog } from './RemoveMemberDialog.tsx';
import { firstLine } from './project-columns.tsx';
import { timeZoneOption } from './time-zones.ts';

type CreatorsSpec = Extract<WatchSpec, { name: 'creators' }>;
type SortField = NonNullable<NonNullable<CreatorsSpec['params']>['sort']>;

const SORT_BY_COLUMN: Record<string, SortField> = { name: 'name' };
const PAGE_SIZE = 50;
/** Names for the videos table's Creator column: the members, who are the only ones who can post. */
const NAME_LIMIT = 500;

type OpenDialog = { kind: 'edit' } | { kind: 'add' } | { kind: 'statements' } | { kind: 'remove'; creator: Creator } | null;

/** One project: its details, its creators (members) and its videos. */
export function ProjectDetail({ projectId }: { projectId: string }) {
  const { result, reload } = useResource(`project:${projectId}`, (api) => api.call('GET /projects/:id', { params: { id: projectId } }));
  const [dialog, setDialog] = useState<OpenDialog>(null);

  if (result === null) return <DetailSkeleton />;
  if (!result.ok) {
    return (
      <>
        <Breadcrumb current="Project" />
        <div className="empty-state">
          <span className="empty-icon">
            <Icon name="projects" size={20} />
          </span>
          <p className="empty-title">{result.error.code === 'not_found' ? 'This project doesn’t exist' : 'Couldn’t load this project'}</p>
          <p className="empty-text">{result.error.code === 'not_found' ? 'It may have been opened from an old link.' : result.error.message}</p>
          <div className="empty-actions">
            <a className="button button-secondary" href={routeHref('projects')}>
              All projects
            </a>
          </div>
        </div>
      </>
    );
  }
  const project = result.data;
  const zone = timeZoneOption(project.timezone);
  const notes = firstLine(project.readme);

  return (
    <>
      <Breadcrumb current={project.name} />
      <PageHeader
        title={project.name}
        description={
          <span className="meta-line">
            <span className="meta-item">
              <Icon name="clock" size={14} />
              {zone.name.replace(/_/g, ' ')}
              {zone.offset === '' ? null : <span className="meta-quiet">({zone.offset})</span>}
            </span>
            <span className="meta-item">Created {formatLocalDate(project.created_at)}</span>
            {notes === null ? null : <span className="meta-item meta-notes">{notes}</span>}
          </span>
        }
        actions={
          <>
            <CsvActions initialKind="videos" projectId={project.id} />
            <a className="button button-secondary" href={`${routePath('payouts', 'new')}?project=${encodeURIComponent(project.id)}`}>
              <Icon name="payments" />
              Pay creators
            </a>
            <button type="button" className="button button-secondary" onClick={() => setDialog({ kind: 'statements' })}>
              <Icon name="file" />
              Statements
            </button>
            <button type="button" className="button button-secondary" onClick={() => setDialog({ kind: 'edit' })}>
              <Icon name="edit" />
              Edit
            </button>
          </>
        }
      />

      <MembersSection project={project} onAdd={() => setDialog({ kind: 'add' })} onRemove={(creator) => setDialog({ kind: 'remove', creator })} />
      <ProjectVideos project={project} />

      {dialog?.kind === 'edit' ? (
        <ProjectDialog
          project={project}
          onClose={() => {
            setDialog(null);
            reload();
          }}
        />
      ) : null}
      {dialog?.kind === 'statements' ? <StatementsDialog project={project} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'add' ? <AddCreatorsDialog project={project} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'remove' ? <RemoveMemberDialog project={project} creator={dialog.creator} onClose={() => setDialog(null)} /> : null}
    </>
  );
}

function Breadcrumb({ current }: { current: string }) {
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <a href={routeHref('projects')}>Projects</a>
      <Icon name="chevronRight" size={14} />
      <span aria-current="page">{current}</span>
    </nav>
  );
}

function DetailSkeleton() {
  return (
    <div className="detail-skeleton" aria-busy="true" aria-label="Loading">
      <span className="skeleton skeleton-text" />
      <span className="skeleton skeleton-title" />
      <span className="skeleton skeleton-block" />
    </div>
  );
}

type MembersSectionProps = { project: Project; onAdd(): void; onRemove(creator: Creator): void };

function MembersSection({ project, onAdd, onRemove }: MembersSectionProps) {
  const [searchText, setSearchText] = useState('');
  const search = useDebouncedValue(searchText.trim(), 250);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'name', desc: false }]);
  const paging = usePageIndex(stableKey({ search, sorting }), PAGE_SIZE);
  const { pageIndex } = paging;
  const spec = useMemo<CreatorsSpec>(() => {
    const sort = sorting[0] ?? { id: 'name', desc: false };
    return {
      name: 'creators',
      params: { project_id: project.id, search, sort: SORT_BY_COLUMN[sort.id] ?? 'name', dir: sort.desc ? 'desc' : 'asc', limit: PAGE_SIZE, skip: pageIndex * PAGE_SIZE },
    };
  }, [project.id, search, sorting, pageIndex]);
  const { rows, total, error, isLoading } = useWatch(spec);
  paging.observe(total, isLoading);
  const columns = useMemo(() => memberColumns(onRemove), [onRemove]);
  const isFirstLoad = isLoading && rows.length === 0;

  return (
    <Section
      title="Creators"
      count={isFirstLoad ? undefined : pluralize(total, search === '' ? 'member' : 'match', search === '' ? 'members' : 'matches')}
      actions={
        <>
          <SearchInput label="Search members" value={searchText} onChange={setSearchText} />
          <button type="button" className="button button-primary" onClick={onAdd}>
            <Icon name="plus" />
            Add creators
          </button>
        </>
      }
    >
      {error === null ? null : (
        <Banner tone="danger" title="Couldn’t load the members">
          {error.message}
        </Banner>
      )}
      <DataTable
        label="Members"
        columns={columns}
        rows={rows}
        getRowId={(creator) => creator.id}
        sorting={sorting}
        onSortingChange={setSorting}
        isLoading={isFirstLoad}
        empty={
          search !== '' ? (
            <div className="empty-state empty-state-compact">
              <p className="empty-title">No members match {quoted(search)}</p>
              <div className="empty-actions">
                <button type="button" className="button button-secondary" onClick={() => setSearchText('')}>
                  Clear search
                </button>
              </div>
            </div>
          ) : (
            <div className="empty-state empty-state-compact">
              <span className="empty-icon">
                <Icon name="creators" size={20} />
              </span>
              <p className="empty-title">No creators in this project yet</p>
              <p className="empty-text">Add creators you already have, or import a creators CSV whose projects column names this project.</p>
              <div className="empty-actions">
                <button type="button" className="button button-secondary" onClick={onAdd}>
                  Choose creators
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
    </Section>
  );
}

function ProjectVideos({ project }: { project: Project }) {
  const namesSpec = useMemo<CreatorsSpec>(() => ({ name: 'creators', params: { project_id: project.id, sort: 'name', limit: NAME_LIMIT } }), [project.id]);
  const { rows: members } = useWatch(namesSpec);
  const names = useMemo(() => new Map(members.map((creator) => [creator.id, creator.name])), [members]);
  const nameOf = useCallback((video: Video) => names.get(video.creator_id) ?? 'Former member', [names]);
  const hrefOf = useCallback((video: Video) => routePath('creators', video.creator_id), []);
  const context = useMemo(() => ({ header: 'Creator', nameOf, hrefOf }), [nameOf, hrefOf]);
  return (
    <VideosSection
      filter={{ project_id: project.id }}
      context={context}
      empty={
        <div className="empty-state empty-state-compact">
          <span className="empty-icon">
            <Icon name="video" size={20} />
          </span>
          <p className="empty-title">No videos yet</p>
          <p className="empty-text">Add videos from a creator’s page, or import a videos CSV with this project in its project column.</p>
        </div>
      }
    />
  );
}
