import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { HistorySection } from '../activity/HistorySection.tsx';
import { createColumnHelper } from '@tanstack/react-table';
import type { CreatorGoal, Project, Video } from '../../../../core/api/contracts/index.ts';
import { useResource } from '../../api/use-resource.ts';
import { routeHref, routePath } from '../../app/use-hash-route.ts';
import { formatLocalDate, formatLocalDateTime, pluralize } from '../../format.ts';
import { DataTable } from '../../ui/DataTable.tsx';
import type { DataTableFeatures } from '../../ui/data-table-features.ts';
import { DetailLoading, DetailProblem } from '../../ui/DetailStates.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { Section } from '../../ui/Section.tsx';
import { Tooltip } from '../../ui/Tooltip.tsx';
import { MethodAvatar } from '../methods/MethodAvatar.tsx';
import { RemoveMemberDialog } from '../projects/RemoveMemberDialog.tsx';
import { timeZoneOption } from '../projects/time-zones.ts';
import { useProjectDirectory } from '../projects/use-project-directory.ts';
import { ReferralsList } from '../referrals/ReferralsList.tsx';
import { VideoDialog } from '../videos/VideoDialog.tsx';
import { VideosSection } from '../videos/VideosSection.tsx';
import { CreatorPaymentsSection } from '../payments/CreatorPaymentsSection.tsx';
import { RecordPaymentDialog } from '../payments/RecordPaymentDialog.tsx';
import { videoHref } from '../videos/video-columns.tsx';
import { AddToProjectDialog } from './AddToProjectDialog.tsx';
import { CreatorDialog } from './CreatorDialog.tsx';
import { DeleteGoalDialog } from './DeleteGoalDialog.tsx';
import { GoalDialog } from './GoalDialog.tsx';
import { METRIC_LABELS, PERIOD_LABELS } from './goal-form.ts';
import { useMethodOptions } from './use-method-options.ts';

type OpenDialog =
  | { kind: 'edit' }
  | { kind: 'join' }
  | { kind: 'leave'; project: Project }
  | { kind: 'goal'; goal: CreatorGoal | null }
  | { kind: 'delete-goal'; goal: CreatorGoal }
  | { kind: 'video' }
  | { kind: 'payment' }
  | null;

const NEEDS_PROJECT = 'Add the creator to a project first';

/** A creator: details, project memberships, goals and videos. */
export function CreatorDetail({ creatorId }: { creatorId: string }) {
  const { result, reload } = useResource(`creator:${creatorId}`, (api) => api.call('GET /creators/:id', { params: { id: creatorId } }));
  const { projects, byId } = useProjectDirectory();
  const { methods } = useMethodOptions();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const close = useCallback(() => setDialog(null), []);
  const leave = useCallback((project: Project) => setDialog({ kind: 'leave', project }), []);
  const editGoal = useCallback((goal: CreatorGoal) => setDialog({ kind: 'goal', goal }), []);
  const deleteGoal = useCallback((goal: CreatorGoal) => setDialog({ kind: 'delete-goal', goal }), []);

  const creator = result?.ok === true ? result.data : null;
  const memberProjects = useMemo(
    () => (creator === null ? [] : creator.project_ids.map((id) => byId.get(id)).filter((project): project is Project => project !== undefined)),
    [creator, byId],
  );
  const videoContext = useMemo(
    () => ({
      header: 'Project',
      nameOf: (video: Video) => byId.get(video.project_id)?.name ?? 'Unknown project',
      hrefOf: (video: Video) => routePath('projects', video.project_id),
    }),
    [byId],
  );

  const breadcrumb = (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <a href={routeHref('creators')}>Creators</a>
      <Icon name="chevronRight" size={14} />
      <span aria-current="page">{creator?.name ?? 'Creator'}</span>
    </nav>
  );

  if (result === null) {
    return (
      <>
        {breadcrumb}
        <DetailLoading />
      </>
    );
  }
  if (creator === null) {
    const error = result.ok ? null : result.error;
    return (
      <>
        {breadcrumb}
        <DetailProblem
          icon="creators"
          noun="creator"
          error={error}
          back={
            <a className="button button-secondary" href={routeHref('creators')}>
              All creators
            </a>
          }
        />
      </>
    );
  }

  const method = methods.find((candidate) => candidate.id === creator.default_method_id);
  const hasProjects = memberProjects.length > 0;
  const nonMemberProjects = projects.filter((project) => !creator.project_ids.includes(project.id));

  return (
    <>
      {breadcrumb}
      <div className="detail-title">
        <MethodAvatar name={creator.name} iconUrl={null} />
        <PageHeader
          title={creator.name}
          description={<span className="meta-line">{[creator.handle, creator.email].filter((part) => part !== null).join(' · ') || 'No handle or email yet'}</span>}
          actions={
            <>
              <button type="button" className="button button-secondary" onClick={() => setDialog({ kind: 'edit' })}>
                <Icon name="edit" />
                Edit
              </button>
              <a className="button button-secondary" href={routePath('creators', creator.id, 'statement')}>
                <Icon name="file" />
                Statement
              </a>
              <NeedsProject isBlocked={!hasProjects}>
                {(describedBy) => (
                  <button type="button" className="button button-primary" aria-describedby={describedBy} disabled={!hasProjects} onClick={() => setDialog({ kind: 'payment' })}>
                    <Icon name="payments" />
                    Record payment
                  </button>
                )}
              </NeedsProject>
            </>
          }
        />
      </div>

      <dl className="detail-grid" aria-label="Details">
        <div className="detail-item">
          <dt>Handle</dt>
          <dd>{creator.handle ?? <span className="cell-muted">—</span>}</dd>
        </div>
        <div className="detail-item">
          <dt>Email</dt>
          <dd>{creator.email ?? <span className="cell-muted">—</span>}</dd>
        </div>
        <div className="detail-item">
          <dt>Payout handle</dt>
          <dd>{creator.payout_handle ?? <span className="cell-muted">—</span>}</dd>
        </div>
        <div className="detail-item">
          <dt>Default payout method</dt>
          <dd>{method?.name ?? <span className="cell-muted">None</span>}</dd>
        </div>
        <div className="detail-item">
          <dt>Created</dt>
          <dd title={formatLocalDateTime(creator.created_at)}>{formatLocalDate(creator.created_at)}</dd>
        </div>
      </dl>

      <CreatorPaymentsSection creator={creator} onRecord={() => setDialog({ kind: 'payment' })} />

      <div className="detail-columns">
        <MembershipsSection
          projects={memberProjects}
          onJoin={() => setDialog({ kind: 'join' })}
          onLeave={leave}
          canJoin={nonMemberProjects.length > 0}
        />
        <GoalsSection
          goals={creator.goals}
          projectsById={byId}
          hasProjects={hasProjects}
          onAdd={() => setDialog({ kind: 'goal', goal: null })}
          onEdit={editGoal}
          onDelete={deleteGoal}
        />
      </div>

      <VideosSection
        filter={{ creator_id: creator.id }}
        context={videoContext}
        actions={
          <NeedsProject isBlocked={!hasProjects}>
            {(describedBy) => (
              <button type="button" className="button button-secondary" aria-describedby={describedBy} disabled={!hasProjects} onClick={() => setDialog({ kind: 'video' })}>
                <Icon name="plus" />
                Add video
              </button>
            )}
          </NeedsProject>
        }
        empty={
          <div className="empty-state empty-state-compact">
            <span className="empty-icon">
              <Icon name="video" size={20} />
            </span>
            <p className="empty-title">No videos yet</p>
            <p className="empty-text">
              {hasProjects ? 'Add the videos they post, or import them from a CSV.' : 'Videos belong to a project: add the creator to one first.'}
            </p>
          </div>
        }
      />

      <Section title="Referrals" description="Customers this creator referred, with what they spent and got refunded; commissions are earned from these.">
        <ReferralsList
          filter={{ projectId: '', creatorId: creator.id, from: '', to: '' }}
          names={{ creatorName: () => creator.name, projectName: (id) => byId.get(id)?.name ?? null }}
          showCreator={false}
          showProject={memberProjects.length > 1}
          compact
        />
      </Section>

      <HistorySection entity="creator" id={creator.id} noun="creator" refreshKey={creator.updated_at} />

      {dialog?.kind === 'edit' ? <CreatorDialog creator={creator} onClose={close} onSaved={reload} /> : null}
      {dialog?.kind === 'join' ? <AddToProjectDialog creator={creator} candidates={nonMemberProjects} onClose={close} onAdded={reload} /> : null}
      {dialog?.kind === 'leave' ? <RemoveMemberDialog project={dialog.project} creator={creator} onClose={close} onRemoved={reload} /> : null}
      {dialog?.kind === 'goal' ? <GoalDialog creator={creator} projects={memberProjects} goal={dialog.goal} onClose={close} onSaved={reload} /> : null}
      {dialog?.kind === 'delete-goal' ? (
        <DeleteGoalDialog goal={dialog.goal} projectName={byId.get(dialog.goal.project_id)?.name ?? 'its project'} onClose={close} onDeleted={reload} />
      ) : null}
      {dialog?.kind === 'payment' ? <RecordPaymentDialog creatorId={creator.id} preselect="all" onClose={close} /> : null}
      {dialog?.kind === 'video' ? (
        <VideoDialog creator={creator} projects={memberProjects} onClose={close} onCreated={(video) => (window.location.hash = videoHref(video))} />
      ) : null}
    </>
  );
}

/** Wraps an action that needs a project membership: disabled with the reason as a tooltip. */
function NeedsProject({ isBlocked, children }: { isBlocked: boolean; children(describedBy: string | undefined): ReactNode }) {
  if (!isBlocked) return <>{children(undefined)}</>;
  return <Tooltip text={NEEDS_PROJECT}>{(describedBy) => children(describedBy)}</Tooltip>;
}

const projectHelper = createColumnHelper<DataTableFeatures, Project>();

function MembershipsSection({ projects, canJoin, onJoin, onLeave }: { projects: Project[]; canJoin: boolean; onJoin(): void; onLeave(project: Project): void }) {
  const columns = useMemo(
    () =>
      projectHelper.columns([
        projectHelper.accessor('name', {
          id: 'name',
          header: 'Project',
          cell: ({ row }) => (
            <div className="cell-stack">
              <a className="cell-link cell-ellipsis" href={routePath('projects', row.original.id)}>
                {row.original.name}
              </a>
              <span className="cell-secondary">{timeZoneOption(row.original.timezone).name.replace(/_/g, ' ')}</span>
            </div>
          ),
        }),
        projectHelper.display({
          id: 'actions',
          header: () => <span className="visually-hidden">Actions</span>,
          meta: { className: 'col-actions-tiny' },
          cell: ({ row }) => (
            <div className="row-actions">
              <button type="button" className="button button-ghost button-small button-ghost-danger" aria-label={`Remove from ${row.original.name}`} onClick={() => onLeave(row.original)}>
                Remove
              </button>
            </div>
          ),
        }),
      ]),
    [onLeave],
  );
  return (
    <Section
      title="Projects"
      count={pluralize(projects.length, 'project')}
      actions={
        <button type="button" className="button button-secondary button-small" onClick={onJoin} disabled={!canJoin}>
          <Icon name="plus" size={14} />
          Add to project
        </button>
      }
    >
      <DataTable
        label="Projects"
        columns={columns}
        rows={projects}
        getRowId={(project) => project.id}
        isLoading={false}
        density="compact"
        empty={
          <div className="empty-state empty-state-compact">
            <p className="empty-title">Not in any project</p>
            <p className="empty-text">Goals, videos and payouts all happen inside a project.</p>
          </div>
        }
      />
    </Section>
  );
}

type GoalsSectionProps = {
  goals: CreatorGoal[];
  projectsById: ReadonlyMap<string, Project>;
  hasProjects: boolean;
  onAdd(): void;
  onEdit(goal: CreatorGoal): void;
  onDelete(goal: CreatorGoal): void;
};

const goalHelper = createColumnHelper<DataTableFeatures, CreatorGoal>();

function GoalsSection({ goals, projectsById, hasProjects, onAdd, onEdit, onDelete }: GoalsSectionProps) {
  const columns = useMemo(
    () =>
      goalHelper.columns([
        goalHelper.accessor('project_id', {
          id: 'project',
          header: 'Project',
          cell: (info) => <span className="cell-ellipsis">{projectsById.get(info.getValue())?.name ?? 'Unknown project'}</span>,
        }),
        goalHelper.accessor('metric', { id: 'metric', header: 'Metric', meta: { className: 'col-metric' }, cell: (info) => METRIC_LABELS[info.getValue()] }),
        goalHelper.accessor('target', {
          id: 'target',
          header: 'Target',
          meta: { className: 'col-number col-target' },
          cell: (info) => <span className="cell-number">{info.getValue().toLocaleString()}</span>,
        }),
        goalHelper.accessor('period', { id: 'period', header: 'Period', meta: { className: 'col-period' }, cell: (info) => PERIOD_LABELS[info.getValue()] }),
        goalHelper.display({
          id: 'actions',
          header: () => <span className="visually-hidden">Actions</span>,
          meta: { className: 'col-actions-small' },
          cell: ({ row }) => {
            const label = `${METRIC_LABELS[row.original.metric].toLowerCase()} goal in ${projectsById.get(row.original.project_id)?.name ?? 'project'}`;
            return (
              <div className="row-actions">
                <button type="button" className="button button-ghost button-small" aria-label={`Edit ${label}`} onClick={() => onEdit(row.original)}>
                  Edit
                </button>
                <button type="button" className="button button-ghost button-small button-ghost-danger" aria-label={`Delete ${label}`} onClick={() => onDelete(row.original)}>
                  Delete
                </button>
              </div>
            );
          },
        }),
      ]),
    [projectsById, onEdit, onDelete],
  );
  return (
    <Section
      title="Goals"
      count={pluralize(goals.length, 'goal')}
      actions={
        <NeedsProject isBlocked={!hasProjects}>
          {(describedBy) => (
            <button type="button" className="button button-secondary button-small" aria-describedby={describedBy} onClick={onAdd} disabled={!hasProjects}>
              <Icon name="plus" size={14} />
              Add goal
            </button>
          )}
        </NeedsProject>
      }
    >
      <DataTable
        label="Goals"
        columns={columns}
        rows={goals}
        getRowId={(goal) => goal.id}
        isLoading={false}
        density="compact"
        empty={
          <div className="empty-state empty-state-compact">
            <span className="empty-icon">
              <Icon name="target" size={20} />
            </span>
            <p className="empty-title">No goals yet</p>
            <p className="empty-text">Set what they aim for in a project, like 4 videos a week or 100,000 views a month.</p>
          </div>
        }
      />
    </Section>
  );
}

