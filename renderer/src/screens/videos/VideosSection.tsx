import { useMemo, useState, type ReactNode } from 'react';
import type { SortingState } from '@tanstack/react-table';
import type { WatchSpec } from '../../../../core/api/contracts/index.ts';
import { stableKey } from '../../api/stable-key.ts';
import { useWatch } from '../../api/use-watch.ts';
import { pluralize } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { Section } from '../../ui/Section.tsx';
import { usePageIndex } from '../../ui/use-page-index.ts';
import { Pager } from '../methods/Pager.tsx';
import { videoColumns } from './video-columns.tsx';

type VideosSpec = Extract<WatchSpec, { name: 'videos' }>;
type SortField = NonNullable<NonNullable<VideosSpec['params']>['sort']>;

const SORT_BY_COLUMN: Record<string, SortField> = { posted: 'posted_at', platform: 'platform' };
/** Rows carry their whole view history, so pages stay short. */
const PAGE_SIZE = 25;
const INITIAL_SORTING: SortingState = [{ id: 'posted', desc: true }];

type VideosSectionProps = {
  filter: { project_id: string } | { creator_id: string };
  context: Parameters<typeof videoColumns>[0]['context'];
  actions?: ReactNode;
  empty: ReactNode;
};

/** A live, paged table of videos (of a project or of a creator); a video opens its view history. */
export function VideosSection({ filter, context, actions, empty }: VideosSectionProps) {
  const [sorting, setSorting] = useState<SortingState>(INITIAL_SORTING);
  const paging = usePageIndex(stableKey({ filter, sorting }), PAGE_SIZE);
  const { pageIndex } = paging;
  const filterKey = stableKey(filter);
  const spec = useMemo<VideosSpec>(() => {
    const sort = sorting[0] ?? { id: 'posted', desc: true };
    return {
      name: 'videos',
      params: {
        ...(JSON.parse(filterKey) as VideosSectionProps['filter']),
        sort: SORT_BY_COLUMN[sort.id] ?? 'posted_at',
        dir: sort.desc ? 'desc' : 'asc',
        limit: PAGE_SIZE,
        skip: pageIndex * PAGE_SIZE,
      },
    };
  }, [filterKey, sorting, pageIndex]);
  const { rows, total, error, isLoading } = useWatch(spec);
  paging.observe(total, isLoading);
  // Column definitions close over the context's lookups; rebuilt when those change.
  const columns = useMemo(() => videoColumns({ context }), [context]);
  const isFirstLoad = isLoading && rows.length === 0;

  return (
    <Section title="Videos" count={isFirstLoad ? undefined : pluralize(total, 'video')} actions={actions}>
      {error === null ? null : (
        <Banner tone="danger" title="Couldn’t load videos">
          {error.message}
        </Banner>
      )}
      <DataTable
        label="Videos"
        columns={columns}
        rows={rows}
        getRowId={(video) => video.id}
        sorting={sorting}
        onSortingChange={setSorting}
        isLoading={isFirstLoad}
        density="compact"
        empty={empty}
      />
      <div className="table-footer">
        <span />
        <Pager total={total} pageIndex={pageIndex} pageSize={PAGE_SIZE} onPageChange={paging.setPageIndex} />
      </div>
    </Section>
  );
}
