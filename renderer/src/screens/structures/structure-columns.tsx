import { createColumnHelper } from '@tanstack/react-table';
import type { Project, StructureRow } from '../../../../core/api/contracts/index.ts';
import { routePath } from '../../app/use-hash-route.ts';
import { formatLocalDate, formatLocalDateTime } from '../../format.ts';
import type { DataTableFeatures } from '../../ui/data-table-features.ts';
import { summarizeRule } from './rule-text.ts';
import { StructureStatusBadge, TypeBadge } from './TypeBadge.tsx';

const helper = createColumnHelper<DataTableFeatures, StructureRow>();

/** Columns of the structures list; the Project column names projects from the live directory. */
export function structureColumns(projectsById: ReadonlyMap<string, Project>) {
  return helper.columns([
    helper.accessor('name', {
      id: 'name',
      header: 'Name',
      meta: { className: 'st-col-name' },
      cell: ({ row }) => {
        const structure = row.original;
        return (
          <div className="st-cell-stack">
            <a className="st-cell-link" href={routePath('structures', structure.id)}>
              {structure.name}
            </a>
            <span className="st-cell-secondary">
              {structure.archived_at === null ? (
                <>
                  Created <time dateTime={structure.created_at} title={formatLocalDateTime(structure.created_at)}>{formatLocalDate(structure.created_at)}</time>
                </>
              ) : (
                <>
                  Archived <time dateTime={structure.archived_at} title={formatLocalDateTime(structure.archived_at)}>{formatLocalDate(structure.archived_at)}</time>
                </>
              )}
            </span>
          </div>
        );
      },
    }),
    helper.accessor('project_id', {
      id: 'project',
      header: 'Project',
      enableSorting: false,
      meta: { className: 'st-col-project' },
      cell: (info) => {
        const project = projectsById.get(info.getValue());
        return project === undefined ? (
          <span className="st-quiet">—</span>
        ) : (
          <a className="st-cell-plain-link" href={routePath('projects', project.id)} title={project.name}>
            {project.name}
          </a>
        );
      },
    }),
    helper.accessor('criteria_type', {
      id: 'type',
      header: 'Type',
      meta: { className: 'st-col-type' },
      cell: (info) => <TypeBadge type={info.getValue()} />,
    }),
    helper.accessor('current_version', {
      id: 'rule',
      header: 'Rule',
      enableSorting: false,
      meta: { className: 'st-col-rule' },
      cell: (info) => {
        const summary = summarizeRule(info.getValue());
        return (
          <div className="st-cell-stack">
            <span className="st-rule-headline">{summary.headline}</span>
            <span className="st-cell-secondary" title={summary.detail}>
              {summary.detail}
            </span>
          </div>
        );
      },
    }),
    helper.accessor((structure) => structure.current_version.version_number, {
      id: 'version',
      header: 'Version',
      enableSorting: false,
      meta: { className: 'st-col-version' },
      cell: (info) => <span className="st-version-chip">v{info.getValue()}</span>,
    }),
    helper.accessor('is_active', {
      id: 'status',
      header: 'Status',
      enableSorting: false,
      meta: { className: 'st-col-status' },
      cell: (info) => <StructureStatusBadge isActive={info.getValue()} />,
    }),
  ]);
}
