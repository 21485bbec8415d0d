import { useState, type ReactNode } from 'react';
import { HistorySection } from '../activity/HistorySection.tsx';
import type { Accrual } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { useResource } from '../../api/use-resource.ts';
import { routeHref, routePath } from '../../app/use-hash-route.ts';
import { formatLocalDateTime, pluralize } from '../../format.ts';
import { Icon } from '../../ui/Icon.tsx';
import { MethodAvatar } from '../methods/MethodAvatar.tsx';
import { AccrualStatusBadge, CriteriaTypeBadge } from './AccrualBadges.tsx';
import { StatusChangeDialog } from './StatusChangeDialog.tsx';
import { periodText, zoneOf } from './accrual-text.ts';
import { explainAccrual, type ExplainedVideo } from '../../../../core/domain/explain/explain-accrual.ts';
import type { StatusAction } from './status-change.ts';
import { useProjectDirectory } from './use-directory.ts';
import { formatDateInZone, formatDateTimeInZone } from '../../../../core/domain/explain/zoned-format.ts';

/** One accrual: its amount explained from the inputs the engine recorded, and Reject / Void. */
export function AccrualDetail({ accrualId }: { accrualId: string }) {
  const { result, reload } = useResource(`accrual:${accrualId}`, (api) => api.call('GET /payout-accruals/:id', { params: { id: accrualId } }));

  if (result === null) {
    return (
      <>
        <Breadcrumb current="Accrual" />
        <div className="detail-skeleton" aria-busy="true" aria-label="Loading">
          <span className="skeleton skeleton-title" />
          <span className="skeleton skeleton-block" />
        </div>
      </>
    );
  }
  if (!result.ok) {
    const { error } = result;
    return (
      <>
        <Breadcrumb current="Accrual" />
        <div className="empty-state">
          <span className="empty-icon">
            <Icon name="accruals" size={20} />
          </span>
          <p className="empty-title">{error.code === 'not_found' ? 'This accrual doesn’t exist' : 'Couldn’t load this accrual'}</p>
          <p className="empty-text">{error.code === 'not_found' ? 'It may have been opened from an old link.' : error.message}</p>
          <div className="empty-actions">
            <a className="button button-secondary" href={routeHref('accruals')}>
              All accruals
            </a>
          </div>
        </div>
      </>
    );
  }
  return <LoadedAccrual accrual={result.data} onChanged={reload} />;
}

/** The names around an accrual (its creator, structure and project) come from their own reads. */
function LoadedAccrual({ accrual, onChanged }: { accrual: Accrual; onChanged(): void }) {
  const creator = useResource(`creator:${accrual.creator_id}`, (api) => api.call('GET /creators/:id', { params: { id: accrual.creator_id } }));
  const structure = useResource(`structure:${accrual.structure_id}`, (api) => api.call('GET /payout-structures/:id', { params: { id: accrual.structure_id } }));
  const { byId: projectsById } = useProjectDirectory();
  const project = projectsById.get(accrual.project_id);
  const zone = zoneOf(accrual, project?.timezone);
  const period = periodText(accrual, zone);
  const creatorName = creator.result?.ok === true ? creator.result.data.name : 'Creator';
  const structureName = structure.result?.ok === true ? structure.result.data.name : 'Structure';

  return (
    <>
      <Breadcrumb current={`${creatorName}, ${period.primary}`} />
      <AccrualView
        accrual={accrual}
        creatorName={creatorName}
        structureName={structureName}
        projectName={project?.name ?? null}
        zone={zone}
        onChanged={onChanged}
      />
    </>
  );
}

function Breadcrumb({ current }: { current: string }) {
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <a href={routeHref('accruals')}>Accruals</a>
      <Icon name="chevronRight" size={14} />
      <span aria-current="page">{current}</span>
    </nav>
  );
}

type AccrualViewProps = {
  accrual: Accrual;
  creatorName: string;
  structureName: string;
  projectName: string | null;
  zone: string;
  onChanged(): void;
};

function AccrualView({ accrual, creatorName, structureName, projectName, zone, onChanged }: AccrualViewProps) {
  const [dialog, setDialog] = useState<StatusAction | null>(null);
  const explanation = explainAccrual(accrual, { timeZone: zone });
  const period = periodText(accrual, zone);
  const isEarned = accrual.status === 'earned';

  return (
    <>
      <header className="ac-detail-header">
        <MethodAvatar name={creatorName} iconUrl={null} />
        <div className="ac-detail-heading">
          <h1 className="page-title">
            {creatorName} · {structureName}
          </h1>
          <p className="ac-detail-meta">
            <AccrualStatusBadge status={accrual.status} />
            <CriteriaTypeBadge type={accrual.criteria_type} />
            <span>{period.primary}</span>
            {period.secondary === '' ? null : <span className="ac-detail-quiet">{period.secondary}</span>}
          </p>
        </div>
        {isEarned ? (
          <div className="page-actions">
            <button type="button" className="button button-secondary" onClick={() => setDialog('rejected')}>
              Reject…
            </button>
            <button type="button" className="button button-secondary" onClick={() => setDialog('voided')}>
              Void…
            </button>
          </div>
        ) : null}
      </header>

      <div className="ac-detail-grid">
        <div className="ac-detail-main">
          <section className="ac-explain" aria-labelledby="ac-explain-title">
            <div className="ac-explain-top">
              <div className="ac-explain-amount">
                <span className="ac-explain-label">Amount</span>
                <span className={accrual.status === 'rejected' || accrual.status === 'voided' ? 'ac-big-amount is-closed' : 'ac-big-amount'}>
                  {formatCents(accrual.amount_cents, accrual.currency)}
                </span>
              </div>
              <p className="ac-explain-headline">{explanation.headline}</p>
            </div>
            <h2 id="ac-explain-title" className="ac-explain-title">
              How this amount was calculated
            </h2>
            <ul className="ac-steps">
              {explanation.lines.map((line, index) => (
                <li key={index}>{line}</li>
              ))}
            </ul>
          </section>

          {explanation.videos.length === 0 ? null : <CountedVideos accrual={accrual} videos={explanation.videos} />}

          <details className="ac-raw">
            <summary>Recorded inputs</summary>
            <p className="ac-raw-note">Everything the engine used, exactly as it recorded it when the accrual was created.</p>
            <pre className="code-block">{JSON.stringify(accrual.inputs_snapshot, null, 2)}</pre>
          </details>

          <HistorySection entity="accrual" id={accrual.id} noun="accrual" refreshKey={accrual.updated_at} />
        </div>

        <aside className="ac-detail-aside">
          <StatusPanel accrual={accrual} zone={zone} />
          <dl className="ac-facts">
            <Fact label="Creator">
              <a className="cell-link" href={routePath('creators', accrual.creator_id)}>
                {creatorName}
              </a>
            </Fact>
            <Fact label="Structure">
              <a className="cell-link" href={routePath('structures', accrual.structure_id)}>
                {structureName}
              </a>
              <span className="ac-fact-quiet">Rule v{accrual.version_number}</span>
            </Fact>
            <Fact label="Project">
              <a className="cell-link" href={routePath('projects', accrual.project_id)}>
                {projectName ?? 'Project'}
              </a>
              <span className="ac-fact-quiet">{zone}</span>
            </Fact>
            <Fact label={FACT_LABELS[accrual.criteria_type]}>
              <span>{period.primary}</span>
              <span className="ac-fact-quiet">
                {accrual.criteria_type === 'view_threshold'
                  ? `Reached ${formatDateTimeInZone(accrual.period_end_at, zone)}`
                  : accrual.criteria_type === 'commission'
                    ? formatDateTimeInZone(accrual.period_start_at, zone)
                    : `${formatDateTimeInZone(accrual.period_start_at, zone)} to ${formatDateTimeInZone(accrual.period_end_at, zone)}`}
              </span>
            </Fact>
            {accrual.criteria_type === 'commission' ? (
              <Fact label="Payable from">
                <span>{formatDateTimeInZone(accrual.payable_at, zone)}</span>
              </Fact>
            ) : null}
            <Fact label="Accrued">
              <time dateTime={accrual.created_at} title={formatLocalDateTime(accrual.created_at)}>
                {formatDateInZone(accrual.created_at, zone)}
              </time>
            </Fact>
            <Fact label="Accrual ID">
              <code className="ac-id">{accrual.id}</code>
            </Fact>
          </dl>
        </aside>
      </div>

      {dialog === null ? null : (
        <StatusChangeDialog
          action={dialog}
          rows={[accrual]}
          labelOf={() => `${creatorName}, ${period.primary}`}
          onClose={() => setDialog(null)}
          onFinished={onChanged}
        />
      )}
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="ac-fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const FACT_LABELS: Record<Accrual['criteria_type'], string> = { recurring: 'Period', goals: 'Period', cpm: 'Period', view_threshold: 'Milestone', commission: 'Event' };

const STATUS_NOTES: Record<Accrual['status'], string> = {
  earned: 'Owed to the creator. A payment settles it; reject or void it if it should not be paid.',
  paid: 'Settled by a payment. To change it, void that payment first.',
  rejected: 'Rejected: it stays on record and will not be paid.',
  voided: 'Voided: it stays on record as cancelled and will not be paid.',
};

/** What an earned commission or clawback is, in place of the general note: held, or owed back. */
function earnedNote(accrual: Accrual, zone: string): string {
  if (accrual.kind === 'clawback') return 'Owed back by the creator: it lowers their next payment and is never paid alone. Reject or void it if it should not be taken back.';
  if (accrual.payable_at > new Date().toISOString()) return `Held until ${formatDateTimeInZone(accrual.payable_at, zone)}: it can be paid from then. Reject or void it if it should not be paid.`;
  return STATUS_NOTES.earned;
}

function StatusPanel({ accrual, zone }: { accrual: Accrual; zone: string }) {
  const isChanged = accrual.status === 'rejected' || accrual.status === 'voided';
  const note = accrual.status === 'earned' ? earnedNote(accrual, zone) : STATUS_NOTES[accrual.status];
  return (
    <section className={`ac-status-panel ac-status-panel-${accrual.status}`} aria-label="Status">
      <div className="ac-status-panel-head">
        <AccrualStatusBadge status={accrual.status} />
        {isChanged ? <span className="ac-fact-quiet">since {formatDateInZone(accrual.updated_at, zone)}</span> : null}
      </div>
      <p className="ac-status-note">{note}</p>
    </section>
  );
}

function CountedVideos({ accrual, videos }: { accrual: Accrual; videos: ExplainedVideo[] }) {
  const total = videos.reduce((sum, video) => sum + video.views, 0);
  const isMilestone = accrual.criteria_type === 'view_threshold';
  return (
    <section className="ac-videos" aria-labelledby="ac-videos-title">
      <header className="ac-videos-header">
        <h2 id="ac-videos-title" className="ac-section-title">
          {isMilestone ? 'Video' : 'Counted videos'}
          {isMilestone ? null : <span className="ac-section-count">{pluralize(videos.length, 'video')}</span>}
        </h2>
        <p className="ac-section-description">
          {isMilestone ? 'Views as of the snapshot that crossed the milestone.' : 'Videos posted while the creator was assigned, with their views at the end of the period.'}
        </p>
      </header>
      <div className="table-frame">
        <table className="data-table data-table-compact ac-videos-table" aria-label={isMilestone ? 'Video' : 'Counted videos'}>
          <thead>
            <tr>
              <th scope="col">Video</th>
              <th scope="col" className="ac-col-posted">
                Posted
              </th>
              <th scope="col" className="ac-col-views">
                Views
              </th>
            </tr>
          </thead>
          <tbody>
            {videos.map((video) => (
              <tr key={video.id}>
                <td>
                  <a className="cell-link ac-video-url" href={routePath('creators', accrual.creator_id, 'videos', video.id)} title={video.url}>
                    <Icon name="video" size={14} />
                    <span>{video.url}</span>
                  </a>
                </td>
                <td className="ac-col-posted">{video.postedOn}</td>
                <td className="ac-col-views">{video.views.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
          {videos.length > 1 ? (
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  Total
                </th>
                <td className="ac-col-views">{total.toLocaleString()}</td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
    </section>
  );
}
