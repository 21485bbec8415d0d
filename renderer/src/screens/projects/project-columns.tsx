import { createColumnHelper } from '@tanstack/react-table';
import type { Project } from '../../../../core/api/contracts/index.ts';
import { routePath } from '../../app/use-hash-route.ts';
import { formatLocalDate, formatLocalDateTime } from '../../format.ts';
import type { DataTableFeatures } from '../../ui/data-table-features.ts';
import { MethodAvatar } from '../methods/MethodAvatar.tsx';
import { timeZoneOption } from './time-zones.ts';

const helper = createColumnHelper<DataTableFeatures, Project>();

/** First line of the notes without Markdown punctuation, as a quiet second line under the name. */
export function firstLine(readme: string | null): string | null {
  const line = (readme ?? '')
    .split('\n')
    .map((text) => text.trim())
    .find((text) => text !== '' && !text.startsWith('#'));
  return line === undefined ? null : line.replace(/^(>\s*|[-*+]\s+|\d+\.\s+)/, '').replace(/[*_`~]/g, '');
}

export function projectColumns(onEdit: (project: Project) => void) {
  return helper.columns([
    helper.accessor('name', {
      id: 'name',
      header: 'Name',
      meta: { className: 'col-name' },
      cell: ({ row }) => {
        const project = row.original;
        const excerpt = firstLine(project.readme);
        return (
          <div className="method-name">
            <MethodAvatar name={project.name} iconUrl={null} />
            <div className="method-name-text">
              <a className="cell-link method-name-primary" href={routePath('projects', project.id)}>
                {project.name}
              </a>
              {excerpt === null ? null : (
                <span className="method-name-secondary" title={excerpt}>
                  {excerpt}
                </span>
              )}
            </div>
          </div>
        );
      },
    }),
    helper.accessor('timezone', {
      id: 'timezone',
      header: 'Time zone',
      meta: { className: 'col-timezone' },
      cell: (info) => {
        const option = timeZoneOption(info.getValue());
        return (
          <div className="cell-stack">
            <span>{option.name.replace(/_/g, ' ')}</span>
            {option.offset === '' ? null : <span className="cell-secondary">{option.offset} today</span>}
          </div>
        );
      },
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
      meta: { className: 'col-actions-narrow' },
      cell: ({ row }) => (
        <div className="row-actions">
          <a className="button button-ghost button-small" href={routePath('projects', row.original.id)} aria-label={`Open ${row.original.name}`}>
            Open
          </a>
          <button type="button" className="button button-ghost button-small" aria-label={`Edit ${row.original.name}`} onClick={() => onEdit(row.original)}>
            Edit
          </button>
        </div>
      ),
    }),
  ]);
}
