import { createColumnHelper } from '@tanstack/react-table';
import type { Creator, Project } from '../../../../core/api/contracts/index.ts';
import { formatLocalDate, formatLocalDateTime } from '../../format.ts';
import type { DataTableFeatures } from '../../ui/data-table-features.ts';
import { ProjectChips } from './ProjectChips.tsx';
import { routePath } from '../../app/use-hash-route.ts';
import { MethodAvatar } from '../methods/MethodAvatar.tsx';

const helper = createColumnHelper<DataTableFeatures, Creator>();

type CreatorColumnOptions = { projectsById: ReadonlyMap<string, Project>; onEdit(creator: Creator): void };

export function creatorColumns({ projectsById, onEdit }: CreatorColumnOptions) {
  return helper.columns([
    helper.accessor('name', {
      id: 'name',
      header: 'Name',
      meta: { className: 'col-name' },
      cell: ({ row }) => (
        <div className="method-name">
          <MethodAvatar name={row.original.name} iconUrl={null} />
          <a className="cell-link method-name-primary" href={routePath('creators', row.original.id)}>
            {row.original.name}
          </a>
        </div>
      ),
    }),
    helper.accessor('handle', {
      id: 'handle',
      header: 'Handle',
      meta: { className: 'col-handle' },
      cell: (info) => info.getValue() ?? <span className="cell-muted">—</span>,
    }),
    helper.accessor('email', {
      id: 'email',
      header: 'Email',
      enableSorting: false,
      meta: { className: 'col-email' },
      cell: (info) => {
        const email = info.getValue();
        return email === null ? (
          <span className="cell-muted">—</span>
        ) : (
          <span className="cell-ellipsis" title={email}>
            {email}
          </span>
        );
      },
    }),
    helper.accessor('project_ids', {
      id: 'projects',
      header: 'Projects',
      enableSorting: false,
      meta: { className: 'col-projects' },
      cell: (info) => <ProjectChips projectIds={info.getValue()} byId={projectsById} />,
    }),
    helper.accessor('created_at', {
      id: 'created',
      header: 'Created',
      sortDescFirst: true,
      meta: { className: 'col-created' },
      cell: (info) => (
        <time dateTime={info.getValue()} title={formatLocalDateTime(info.getValue())}>
          {formatLocalDate(info.getValue())}
        </time>
      ),
    }),
    helper.display({
      id: 'actions',
      header: () => <span className="visually-hidden">Actions</span>,
      enableSorting: false,
      meta: { className: 'col-actions-tiny' },
      cell: ({ row }) => (
        <div className="row-actions">
          <button type="button" className="button button-ghost button-small" aria-label={`Edit ${row.original.name}`} onClick={() => onEdit(row.original)}>
            Edit
          </button>
        </div>
      ),
    }),
  ]);
}
