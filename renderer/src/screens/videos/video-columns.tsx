import { createColumnHelper } from '@tanstack/react-table';
import type { Video } from '../../../../core/api/contracts/index.ts';
import { routePath } from '../../app/use-hash-route.ts';
import { formatLocalDate, formatLocalDateTime } from '../../format.ts';
import { Badge } from '../../ui/Badge.tsx';
import type { DataTableFeatures } from '../../ui/data-table-features.ts';
import { PLATFORM_LABELS, formatViews, shortUrl } from './video-format.ts';

const helper = createColumnHelper<DataTableFeatures, Video>();

export function videoHref(video: Pick<Video, 'id' | 'creator_id'>): string {
  return routePath('creators', video.creator_id, 'videos', video.id);
}

type VideoColumnOptions = {
  /** The other side of the video: its creator (in a project) or its project (on a creator's page). */
  context: { header: string; nameOf(video: Video): string; hrefOf(video: Video): string | null };
};

export function videoColumns({ context }: VideoColumnOptions) {
  return helper.columns([
    helper.accessor('url', {
      id: 'url',
      header: 'Video',
      enableSorting: false,
      meta: { className: 'col-video' },
      cell: ({ row }) => (
        <a className="cell-link video-link" href={videoHref(row.original)} title={`${row.original.url} — open its view history`}>
          {shortUrl(row.original.url)}
        </a>
      ),
    }),
    helper.accessor('platform', {
      id: 'platform',
      header: 'Platform',
      meta: { className: 'col-platform' },
      cell: (info) => <Badge tone="neutral">{PLATFORM_LABELS[info.getValue()]}</Badge>,
    }),
    helper.display({
      id: 'context',
      header: context.header,
      enableSorting: false,
      meta: { className: 'col-context' },
      cell: ({ row }) => {
        const href = context.hrefOf(row.original);
        const name = context.nameOf(row.original);
        return href === null ? (
          <span className="cell-muted">{name}</span>
        ) : (
          <a className="cell-link cell-link-quiet" href={href}>
            {name}
          </a>
        );
      },
    }),
    helper.accessor('posted_at', {
      id: 'posted',
      header: 'Posted',
      sortDescFirst: true,
      meta: { className: 'col-created' },
      cell: (info) => (
        <time dateTime={info.getValue()} title={formatLocalDateTime(info.getValue())}>
          {formatLocalDate(info.getValue())}
        </time>
      ),
    }),
    helper.accessor('views', {
      id: 'views',
      header: 'Latest views',
      enableSorting: false,
      meta: { className: 'col-number' },
      cell: ({ row }) => {
        const { views, views_captured_at: capturedAt } = row.original;
        if (views === null || capturedAt === null) return <span className="cell-muted">No views yet</span>;
        return (
          <div className="cell-stack cell-stack-end">
            <span className="cell-number">{formatViews(views)}</span>
            <span className="cell-secondary" title={formatLocalDateTime(capturedAt)}>
              {formatLocalDate(capturedAt)}
            </span>
          </div>
        );
      },
    }),
  ]);
}
