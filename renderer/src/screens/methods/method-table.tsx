import { createColumnHelper, metaHelper, rowSortingFeature, tableFeatures } from '@tanstack/react-table';
import type { PayoutMethod } from '../../../../core/api/contracts/index.ts';
import { formatLocalDate, formatLocalDateTime } from '../../format.ts';
import { Badge } from '../../ui/Badge.tsx';
import { MethodActions } from './MethodActions.tsx';
import { MethodAvatar } from './MethodAvatar.tsx';

/** What rows can ask the screen to do; passed as table meta so the columns stay module constants. */
export type MethodTableMeta = {
  onEdit(method: PayoutMethod): void;
  onToggleActive(method: PayoutMethod): void;
  onDelete(method: PayoutMethod): void;
  /** Methods with a request in flight: their buttons wait. */
  pendingIds: ReadonlySet<string>;
};
type MethodColumnMeta = { className: string };

/**
 * Sorting state only: the server sorts (the sort goes into the live query), so no client sorted
 * row model is registered and the table runs with `manualSorting`.
 */
export const methodTableFeatures = tableFeatures({
  rowSortingFeature,
  tableMeta: metaHelper<MethodTableMeta>(),
  columnMeta: metaHelper<MethodColumnMeta>(),
});

const helper = createColumnHelper<typeof methodTableFeatures, PayoutMethod>();

/**
 * First line of the notes, without Markdown punctuation, as a quiet second line under the name.
 * Headings usually repeat the method's name, so a line of text is preferred.
 */
function notesExcerpt(readme: string | null): string | null {
  const lines = (readme ?? '')
    .split('\n')
    .map((text) => text.trim())
    .filter((text) => text !== '');
  const line = lines.find((text) => !text.startsWith('#')) ?? lines[0];
  if (line === undefined) return null;
  return line
    .replace(/^(#{1,6}\s+|>\s*|[-*+]\s+|\d+\.\s+)/, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`~]/g, '');
}

export const methodColumns = helper.columns([
  helper.accessor('name', {
    id: 'name',
    header: 'Name',
    meta: { className: 'col-name' },
    cell: ({ row }) => {
      const method = row.original;
      const excerpt = notesExcerpt(method.readme);
      return (
        <div className="method-name">
          <MethodAvatar name={method.name} iconUrl={method.icon_url} />
          <div className="method-name-text">
            <span className="method-name-primary">{method.name}</span>
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
  helper.accessor('is_default', {
    id: 'type',
    header: 'Type',
    // Ascending first, as with the words: Custom before Default, Active before Disabled.
    sortDescFirst: false,
    meta: { className: 'col-type' },
    cell: (info) => (info.getValue() ? <Badge tone="accent">Default</Badge> : <Badge tone="neutral">Custom</Badge>),
  }),
  helper.accessor('is_active', {
    id: 'status',
    header: 'Status',
    sortDescFirst: false,
    meta: { className: 'col-status' },
    cell: (info) =>
      info.getValue() ? (
        <Badge tone="success" dot>
          Active
        </Badge>
      ) : (
        <Badge tone="muted" dot>
          Disabled
        </Badge>
      ),
  }),
  helper.accessor('created_at', {
    id: 'created',
    header: 'Created',
    // Newest first is what people want on the first click of a date column.
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
    meta: { className: 'col-actions' },
    cell: ({ row, table }) => {
      const meta = table.options.meta;
      return meta === undefined ? null : <MethodActions method={row.original} meta={meta} />;
    },
  }),
]);
