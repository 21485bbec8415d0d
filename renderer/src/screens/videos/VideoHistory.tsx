import { useMemo, useState } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import type { Video } from '../../../../core/api/contracts/index.ts';
import { useResource } from '../../api/use-resource.ts';
import { routeHref, routePath } from '../../app/use-hash-route.ts';
import { formatLocalDate, formatLocalDateTime, pluralize } from '../../format.ts';
import { Badge } from '../../ui/Badge.tsx';
import { CopyButton } from '../../ui/CopyButton.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import type { DataTableFeatures } from '../../ui/data-table-features.ts';
import { Icon } from '../../ui/Icon.tsx';
import { LineChart } from '../../ui/LineChart.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { Section } from '../../ui/Section.tsx';
import { Pager } from '../methods/Pager.tsx';
import { useProjectDirectory } from '../projects/use-project-directory.ts';
import { AddViewsDialog } from './AddViewsDialog.tsx';
import { PLATFORM_LABELS, formatShortDateTime, formatViews, formatViewsCompact, shortUrl } from './video-format.ts';

type SnapshotRow = { captured_at: string; views: number; change: number | null };

const PAGE_SIZE = 50;
const helper = createColumnHelper<DataTableFeatures, SnapshotRow>();
const DAY_MS = 24 * 60 * 60 * 1000;
const axisDate = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const axisTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric' });
const axisMonth = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' });
/** Dates on the time axis: with hours when the history spans under two days, months and years past four months. */
function formatAxisTime(iso: string, spanMs: number): string {
  const format = spanMs < 2 * DAY_MS ? axisTime : spanMs > 120 * DAY_MS ? axisMonth : axisDate;
  return format.format(new Date(iso));
}
const signed = new Intl.NumberFormat(undefined, { signDisplay: 'exceptZero' });

const snapshotColumns = helper.columns([
  helper.accessor('captured_at', {
    id: 'captured',
    header: 'Counted at',
    meta: { className: 'col-when' },
    cell: (info) => (
      <time dateTime={info.getValue()} title={formatLocalDateTime(info.getValue())}>
        {formatShortDateTime(info.getValue())}
      </time>
    ),
  }),
  helper.accessor('views', {
    id: 'views',
    header: 'Views',
    meta: { className: 'col-number' },
    cell: (info) => <span className="cell-number">{formatViews(info.getValue())}</span>,
  }),
  helper.accessor('change', {
    id: 'change',
    header: 'Change',
    meta: { className: 'col-number' },
    cell: (info) => {
      const change = info.getValue();
      if (change === null) return <span className="cell-muted">First count</span>;
      return <span className={change < 0 ? 'cell-number change-down' : change > 0 ? 'cell-number change-up' : 'cell-number cell-muted'}>{signed.format(change)}</span>;
    },
  }),
]);

/** Newest first, each with the difference to the count before it. */
function snapshotRows(video: Video): SnapshotRow[] {
  const rows = video.snapshots.map((snapshot, index) => {
    const previous = video.snapshots[index - 1];
    return { captured_at: snapshot.captured_at, views: snapshot.views, change: previous === undefined ? null : snapshot.views - previous.views };
  });
  return rows.reverse();
}

type VideoHistoryProps = { creatorId: string; videoId: string };

/** One video's view history: a chart of views over time, every count, and "Add views". */
export function VideoHistory({ creatorId, videoId }: VideoHistoryProps) {
  const video = useResource(`video:${videoId}`, (api) => api.call('GET /videos/:id', { params: { id: videoId } }));
  const creator = useResource(`creator:${creatorId}`, (api) => api.call('GET /creators/:id', { params: { id: creatorId } }));
  const { byId: projects } = useProjectDirectory();
  const [isAdding, setIsAdding] = useState(false);
  const [pageIndex, setPageIndex] = useState(0);
  const [latest, setLatest] = useState<Video | null>(null);

  const loaded = video.result?.ok === true ? video.result.data : null;
  // The answer of "Add views" is the video as it is now; it wins until the next fetch.
  const current = latest !== null && (loaded === null || latest.updated_at >= loaded.updated_at) ? latest : loaded;
  const rows = useMemo(() => (current === null ? [] : snapshotRows(current)), [current]);
  const points = useMemo(() => current?.snapshots.map((snapshot) => ({ at: snapshot.captured_at, value: snapshot.views })) ?? [], [current]);
  const creatorName = creator.result?.ok === true ? creator.result.data.name : 'Creator';

  const breadcrumb = (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <a href={routeHref('creators')}>Creators</a>
      <Icon name="chevronRight" size={14} />
      <a href={routePath('creators', creatorId)}>{creatorName}</a>
      <Icon name="chevronRight" size={14} />
      <span aria-current="page">Video</span>
    </nav>
  );

  if (video.result === null) {
    return (
      <>
        {breadcrumb}
        <div className="detail-skeleton" aria-busy="true" aria-label="Loading">
          <span className="skeleton skeleton-title" />
          <span className="skeleton skeleton-block" />
        </div>
      </>
    );
  }
  if (current === null) {
    const error = video.result.ok ? null : video.result.error;
    return (
      <>
        {breadcrumb}
        <div className="empty-state">
          <span className="empty-icon">
            <Icon name="video" size={20} />
          </span>
          <p className="empty-title">{error?.code === 'not_found' ? 'This video doesn’t exist' : 'Couldn’t load this video'}</p>
          <p className="empty-text">{error?.code === 'not_found' ? 'It may have been opened from an old link.' : error?.message}</p>
          <div className="empty-actions">
            <a className="button button-secondary" href={routePath('creators', creatorId)}>
              Back to {creatorName}
            </a>
          </div>
        </div>
      </>
    );
  }

  const project = projects.get(current.project_id);
  const first = current.snapshots[0];
  const last = current.snapshots[current.snapshots.length - 1];
  const chartLabel =
    first === undefined || last === undefined
      ? 'No views recorded yet'
      : `Views over time: ${formatViews(first.views)} on ${formatLocalDate(first.captured_at)}, ${formatViews(last.views)} on ${formatLocalDate(last.captured_at)}`;

  return (
    <>
      {breadcrumb}
      <div className="video-header">
        <PageHeader
          title={shortUrl(current.url)}
          description={
            <span className="meta-line">
              <Badge tone="neutral">{PLATFORM_LABELS[current.platform]}</Badge>
              <span className="meta-item">
                {project === undefined ? (
                  'Project'
                ) : (
                  <a className="cell-link cell-link-quiet" href={routePath('projects', project.id)}>
                    {project.name}
                  </a>
                )}
              </span>
              <span className="meta-item" title={formatLocalDateTime(current.posted_at)}>
                Posted {formatShortDateTime(current.posted_at)}
              </span>
              <CopyButton text={current.url} label="Copy video URL" />
            </span>
          }
          actions={
            <button type="button" className="button button-primary" onClick={() => setIsAdding(true)}>
              <Icon name="plus" />
              Add views
            </button>
          }
        />
      </div>

      <dl className="stat-row">
        <div className="stat">
          <dt>Latest views</dt>
          <dd className="stat-value">{current.views === null ? '—' : formatViews(current.views)}</dd>
        </div>
        <div className="stat">
          <dt>Counts recorded</dt>
          <dd className="stat-value">{current.snapshots.length.toLocaleString()}</dd>
        </div>
        <div className="stat">
          <dt>Last counted</dt>
          <dd className="stat-value stat-value-small">{last === undefined ? '—' : formatShortDateTime(last.captured_at)}</dd>
        </div>
        <div className="stat">
          <dt>Gained since first count</dt>
          <dd className="stat-value">{first === undefined || last === undefined ? '—' : signed.format(last.views - first.views)}</dd>
        </div>
      </dl>

      <Section title="Views over time">
        <div className="panel chart-panel">
          {points.length === 0 ? (
            <div className="empty-state empty-state-compact">
              <span className="empty-icon">
                <Icon name="eye" size={20} />
              </span>
              <p className="empty-title">No views recorded yet</p>
              <p className="empty-text">Add the views the platform shows now, or import view snapshots from a CSV.</p>
              <div className="empty-actions">
                <button type="button" className="button button-primary" onClick={() => setIsAdding(true)}>
                  <Icon name="plus" />
                  Add views
                </button>
              </div>
            </div>
          ) : (
            <LineChart
              points={points}
              label={chartLabel}
              formatValue={(value) => `${formatViews(value)} views`}
              formatAxisValue={formatViewsCompact}
              formatTime={formatShortDateTime}
              formatAxisTime={formatAxisTime}
            />
          )}
        </div>
      </Section>

      <Section title="History" count={pluralize(rows.length, 'count')}>
        <DataTable
          label="View history"
          columns={snapshotColumns}
          rows={rows.slice(pageIndex * PAGE_SIZE, (pageIndex + 1) * PAGE_SIZE)}
          getRowId={(row) => row.captured_at}
          isLoading={false}
          density="compact"
          empty={
            <div className="empty-state empty-state-compact">
              <p className="empty-title">No counts yet</p>
            </div>
          }
        />
        <div className="table-footer">
          <span />
          <Pager total={rows.length} pageIndex={pageIndex} pageSize={PAGE_SIZE} onPageChange={setPageIndex} />
        </div>
      </Section>

      {isAdding ? (
        <AddViewsDialog
          video={current}
          onClose={() => setIsAdding(false)}
          onAdded={(updated) => {
            setLatest(updated);
            setPageIndex(0);
            video.reload();
          }}
        />
      ) : null}
    </>
  );
}
