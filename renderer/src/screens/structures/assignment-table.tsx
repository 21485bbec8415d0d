import { useEffect, useRef, type InputHTMLAttributes, type ReactNode } from 'react';
import {
  createColumnHelper,
  metaHelper,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type OnChangeFn,
  type RowSelectionState,
  type SortingState,
} from '@tanstack/react-table';
import type { AssignmentRow } from '../../../../core/api/contracts/index.ts';
import { routePath } from '../../app/use-hash-route.ts';
import { formatLocalDate, formatLocalDateTime } from '../../format.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Icon } from '../../ui/Icon.tsx';
import type { CreatorName } from './use-creator-names.ts';

type AssignmentTableMeta = { nameOf(creatorId: string): CreatorName | undefined };
type ColumnMeta = { className?: string };

/**
 * Sorting state (the live query sorts) and row selection, for bulk unassign. Only open
 * assignments can be selected: a past one has nothing left to end.
 */
const assignmentTableFeatures = tableFeatures({
  rowSortingFeature,
  rowSelectionFeature,
  tableMeta: metaHelper<AssignmentTableMeta>(),
  columnMeta: metaHelper<ColumnMeta>(),
});

const helper = createColumnHelper<typeof assignmentTableFeatures, AssignmentRow>();

/** A checkbox that can also show "some" (the header's when part of the page is selected). */
function Checkbox({ isIndeterminate = false, ...input }: InputHTMLAttributes<HTMLInputElement> & { isIndeterminate?: boolean }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current !== null) ref.current.indeterminate = isIndeterminate;
  }, [isIndeterminate]);
  return <input ref={ref} type="checkbox" className="st-row-check" {...input} />;
}

const displayName = (meta: AssignmentTableMeta | undefined, creatorId: string) => meta?.nameOf(creatorId)?.name ?? 'Unknown creator';

function DateCell({ iso }: { iso: string | null }) {
  if (iso === null) return <span className="st-quiet">—</span>;
  return (
    <time dateTime={iso} title={formatLocalDateTime(iso)}>
      {formatLocalDate(iso)}
    </time>
  );
}

const columns = helper.columns([
  helper.display({
    id: 'select',
    enableSorting: false,
    meta: { className: 'st-col-select' },
    header: ({ table }) => (
      <Checkbox
        aria-label="Select all assigned creators on this page"
        checked={table.getIsAllPageRowsSelected() && table.getIsSomePageRowsSelected()}
        isIndeterminate={table.getIsSomePageRowsSelected() && !table.getIsAllPageRowsSelected()}
        disabled={!table.getRowModel().rows.some((row) => row.getCanSelect())}
        onChange={table.getToggleAllPageRowsSelectedHandler()}
      />
    ),
    // A past assignment has nothing left to end: no checkbox, rather than one that can't be used.
    cell: ({ row, table }) =>
      row.getCanSelect() ? (
        <Checkbox aria-label={`Select ${displayName(table.options.meta, row.original.creator_id)}`} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />
      ) : null,
  }),
  helper.accessor('creator_id', {
    id: 'creator',
    header: 'Creator',
    enableSorting: false,
    meta: { className: 'st-col-creator' },
    cell: ({ row, table }) => {
      const creator = table.options.meta?.nameOf(row.original.creator_id);
      if (creator === undefined) return <span className="skeleton skeleton-text" aria-label="Loading name" />;
      return (
        <div className="st-cell-stack">
          <a className="st-cell-link" href={routePath('creators', creator.id)}>
            {creator.name}
          </a>
          {creator.handle === null ? null : <span className="st-cell-secondary">{creator.handle}</span>}
        </div>
      );
    },
  }),
  helper.accessor('assigned_at', {
    id: 'assigned',
    header: 'Assigned',
    sortDescFirst: true,
    meta: { className: 'st-col-date' },
    cell: (info) => <DateCell iso={info.getValue()} />,
  }),
  helper.accessor('unassigned_at', {
    id: 'unassigned',
    header: 'Unassigned',
    sortDescFirst: true,
    meta: { className: 'st-col-date' },
    cell: (info) => <DateCell iso={info.getValue()} />,
  }),
  helper.accessor('is_active', {
    id: 'status',
    header: 'Status',
    enableSorting: false,
    meta: { className: 'st-col-assignment-status' },
    cell: (info) =>
      info.getValue() ? (
        <Badge tone="success" dot>
          Assigned
        </Badge>
      ) : (
        <Badge tone="muted" dot>
          Past
        </Badge>
      ),
  }),
]);

type AssignmentsTableProps = {
  rows: AssignmentRow[];
  nameOf(creatorId: string): CreatorName | undefined;
  sorting: SortingState;
  onSortingChange: OnChangeFn<SortingState>;
  rowSelection: RowSelectionState;
  onRowSelectionChange: OnChangeFn<RowSelectionState>;
  isLoading: boolean;
  empty: ReactNode;
};

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

/** A structure's assignments, current and (on request) past, with checkboxes for bulk unassign. */
export function AssignmentsTable({ rows, nameOf, sorting, onSortingChange, rowSelection, onRowSelectionChange, isLoading, empty }: AssignmentsTableProps) {
  const table = useTable({
    features: assignmentTableFeatures,
    columns,
    data: rows,
    getRowId: (assignment) => assignment.id,
    state: { sorting, rowSelection },
    onSortingChange,
    onRowSelectionChange,
    enableRowSelection: (row) => row.original.is_active,
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    meta: { nameOf },
  });
  const bodyRows = table.getRowModel().rows;

  return (
    <div className="table-frame">
      <table className="data-table st-assignments-table" aria-label="Assigned creators">
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <th key={header.id} scope="col" className={header.column.columnDef.meta?.className} aria-sort={sorted === false ? undefined : ARIA_SORT[sorted]}>
                    {header.isPlaceholder ? null : header.column.getCanSort() ? (
                      <button type="button" className={sorted === false ? 'sort-button' : 'sort-button is-sorted'} onClick={header.column.getToggleSortingHandler()}>
                        <table.FlexRender header={header} />
                        <Icon name={sorted === 'asc' ? 'arrowUp' : sorted === 'desc' ? 'arrowDown' : 'sort'} size={13} className="sort-icon" />
                      </button>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {bodyRows.length === 0 && isLoading
            ? [0, 1].map((index) => (
                <tr key={index} className="skeleton-row" aria-hidden="true">
                  <td colSpan={columns.length}>
                    <span className="skeleton skeleton-text" />
                  </td>
                </tr>
              ))
            : null}
          {bodyRows.length === 0 && !isLoading ? (
            <tr className="empty-row">
              <td colSpan={columns.length}>{empty}</td>
            </tr>
          ) : null}
          {bodyRows.map((row) => (
            <tr key={row.id} className={[row.original.is_active ? '' : 'st-row-past', row.getIsSelected() ? 'is-selected' : ''].filter(Boolean).join(' ') || undefined}>
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className={cell.column.columnDef.meta?.className}>
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
