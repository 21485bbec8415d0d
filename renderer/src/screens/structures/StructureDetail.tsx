import { useEffect, useMemo, useState } from 'react';
import { HistorySection } from '../activity/HistorySection.tsx';
import type { StructureDetail as Detail, WatchSpec } from '../../../../core/api/contracts/index.ts';
import { useResource } from '../../api/use-resource.ts';
import { useWatch } from '../../api/use-watch.ts';
import { routePath } from '../../app/use-hash-route.ts';
import { formatLocalDate, formatLocalDateTime } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ArchiveStructureDialog } from './ArchiveStructureDialog.tsx';
import { AssignmentsPanel } from './AssignmentsPanel.tsx';
import { Breadcrumb } from './Breadcrumb.tsx';
import { BEGINNING, formatDateTimeShort } from './dates.ts';
import { Panel } from './Panel.tsx';
import { RenameStructureDialog } from './RenameStructureDialog.tsx';
import { RuleDetails } from './RuleDetails.tsx';
import { summarizeRule } from './rule-text.ts';
import { LoadProblem } from './LoadStates.tsx';
import { StructureStatusBadge, TypeBadge } from './TypeBadge.tsx';
import { useProjects } from './use-projects.ts';
import { VersionHistory } from './VersionHistory.tsx';

type OpenDialog = 'rename' | 'archive' | null;

/**
 * The detail comes from one GET (it carries every version); the project's structures live query
 * says when it changed anywhere (a rename, a rule edit, an archive from another window or the
 * API), and the page fetches it again.
 */
function useStructure(structureId: string) {
  const resource = useResource(`structure:${structureId}`, (api) => api.call('GET /payout-structures/:id', { params: { id: structureId } }));
  const loaded = resource.result?.ok === true ? resource.result.data : null;
  const spec = useMemo<Extract<WatchSpec, { name: 'payout-structures' }> | null>(
    () => (loaded === null ? null : { name: 'payout-structures', params: { project_id: loaded.project_id, include_archived: true, limit: 500 } }),
    [loaded],
  );
  const live = useWatch(spec ?? { name: 'payout-structures', params: { include_archived: true, limit: 1 } });
  const liveUpdatedAt = spec === null ? undefined : live.rows.find((row) => row.id === structureId)?.updated_at;
  const { reload } = resource;
  useEffect(() => {
    if (loaded !== null && liveUpdatedAt !== undefined && liveUpdatedAt !== loaded.updated_at) reload();
  }, [loaded, liveUpdatedAt, reload]);
  return resource;
}

/** `#/structures/<id>`: the rule in effect, the creators on it, and every version. */
export function StructureDetail({ structureId }: { structureId: string }) {
  const { result, reload } = useStructure(structureId);
  const { byId: projectsById } = useProjects();
  const [dialog, setDialog] = useState<OpenDialog>(null);

  if (result === null) return <DetailSkeleton />;
  if (!result.ok) return <LoadProblem code={result.error.code} message={result.error.message} />;
  const structure = result.data;
  const project = projectsById.get(structure.project_id);
  const isArchived = structure.archived_at !== null;

  return (
    <>
      <Breadcrumb trail={[{ label: structure.name }]} />
      <PageHeader
        title={structure.name}
        description={
          <span className="st-meta-line">
            <TypeBadge type={structure.criteria_type} />
            <StructureStatusBadge isActive={structure.is_active} />
            <span className="st-meta-item">
              <Icon name="projects" size={14} />
              {project === undefined ? (
                'Project'
              ) : (
                <a className="st-cell-plain-link" href={routePath('projects', project.id)}>
                  {project.name}
                </a>
              )}
            </span>
            <span className="st-meta-item">
              Created{' '}
              <time dateTime={structure.created_at} title={formatLocalDateTime(structure.created_at)}>
                {formatLocalDate(structure.created_at)}
              </time>
            </span>
          </span>
        }
        actions={
          <>
            <button type="button" className="button button-secondary" onClick={() => setDialog('rename')}>
              <Icon name="edit" size={15} />
              Rename
            </button>
            {isArchived ? null : (
              <button type="button" className="button button-secondary st-button-danger-text" onClick={() => setDialog('archive')}>
                Archive
              </button>
            )}
          </>
        }
      />

      {isArchived && structure.archived_at !== null ? (
        <div className="st-banner-spaced">
          <Banner tone="warning" title={`Archived on ${formatLocalDate(structure.archived_at)}`}>
            Periods that end after {formatDateTimeShort(structure.archived_at)} aren’t paid under this structure, and no one can be assigned to it. Its
            history stays below.
          </Banner>
        </div>
      ) : null}

      <RulePanel structure={structure} isArchived={isArchived} />
      <AssignmentsPanel structure={structure} project={project} />
      <VersionHistory versions={structure.versions} />
      <HistorySection entity="payout_structure" id={structure.id} noun="structure" refreshKey={structure.updated_at} />

      {dialog === 'rename' ? <RenameStructureDialog structure={structure} onClose={() => setDialog(null)} onDone={reload} /> : null}
      {dialog === 'archive' ? <ArchiveStructureDialog structure={structure} onClose={() => setDialog(null)} onDone={reload} /> : null}
    </>
  );
}

function RulePanel({ structure, isArchived }: { structure: Detail; isArchived: boolean }) {
  const current = structure.current_version;
  const summary = summarizeRule(current);
  return (
    <Panel
      title="Rule"
      count={`version ${current.version_number}`}
      description={
        current.effective_from === BEGINNING ? (
          'In effect from the beginning.'
        ) : (
          <>
            In effect since{' '}
            <time dateTime={current.effective_from} title={formatLocalDateTime(current.effective_from)}>
              {formatDateTimeShort(current.effective_from)}
            </time>
            .
          </>
        )
      }
      actions={
        isArchived ? undefined : (
          <a className="button button-secondary" href={routePath('structures', structure.id, 'rule')}>
            <Icon name="edit" size={15} />
            Edit rule
          </a>
        )
      }
    >
      <div className="st-rule-card">
        <div className="st-rule-summary">
          <p className="st-rule-summary-headline">{summary.headline}</p>
          <p className="st-quiet">{summary.detail}</p>
        </div>
        <RuleDetails rule={current} name={`version ${current.version_number}`} />
      </div>
    </Panel>
  );
}

function DetailSkeleton() {
  return (
    <div aria-busy="true">
      <div className="st-breadcrumb">
        <span className="skeleton skeleton-text" />
      </div>
      <div className="page-header">
        <div className="page-heading">
          <span className="skeleton st-skeleton-title" />
        </div>
      </div>
      <div className="st-panel st-skeleton-card" aria-hidden="true">
        <span className="skeleton skeleton-text" />
        <span className="skeleton st-skeleton-block" />
      </div>
    </div>
  );
}
