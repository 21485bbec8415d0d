import { useTable, type OnChangeFn, type RowData, type SortingState } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { dataTableFeatures, type DataColumns } from './data-table-features.ts';
import { Icon } from './Icon.tsx';

type DataTableProps<TData extends RowData> = {
  /** The table's accessible name, e.g. "Creators". */
  label: string;
  columns: DataColumns<TData>;
  rows: TData[];
  getRowId(row: TData): string;
  /** Server-side order; leave both out for a table that cannot be sorted. */
  sorting?: SortingState;
  onSortingChange?: OnChangeFn<SortingState>;
  /** First load: placeholder rows instead of the empty state. */
  isLoading: boolean;
  /** Shown in place of the rows when there are none. */
  empty: ReactNode;
  rowClassName?(row: TData): string | undefined;
  /** `compact` for tables inside panels: shorter rows, no avatar in the placeholders. */
  density?: 'regular' | 'compact';
};

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;
const SKELETON_ROWS = [0, 1, 2];
const NO_SORTING: SortingState = [];

/**
 * The catalog screens' table, in the look of the payout methods one: TanStack Table v9 with the
 * order in the live query (`manualSorting`), skeleton rows on the first load, an empty state.
 */
export function DataTable<TData extends RowData>({
  label,
  columns,
  rows,
  getRowId,
  sorting,
  onSortingChange,
  isLoading,
  empty,
  rowClassName,
  density = 'regular',
}: DataTableProps<TData>) {
  const isSortable = sorting !== undefined && onSortingChange !== undefined;
  const table = useTable({
    features: dataTableFeatures,
    columns,
    data: rows,
    getRowId,
    state: { sorting: sorting ?? NO_SORTING },
    ...(onSortingChange === undefined ? {} : { onSortingChange }),
    enableSorting: isSortable,
    manualSorting: true,
    // The live query always has an order; a third click flips it instead of dropping it.
    enableSortingRemoval: false,
    enableMultiSort: false,
  });
  const columnCount = columns.length;
  const bodyRows = table.getRowModel().rows;

  return (
    <div className="table-frame">
      <table className={density === 'compact' ? 'data-table data-table-compact' : 'data-table'} aria-label={label}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const className = header.column.columnDef.meta?.className;
                return (
                  <th key={header.id} scope="col" className={className} aria-sort={sorted === false ? undefined : ARIA_SORT[sorted]}>
                    {header.isPlaceholder ? null : header.column.getCanSort() ? (
                      <button
                        type="button"
                        className={sorted === false ? 'sort-button' : 'sort-button is-sorted'}
                        onClick={header.column.getToggleSortingHandler()}
                      >
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
            ? SKELETON_ROWS.map((index) => (
                <tr key={index} className="skeleton-row" aria-hidden="true">
                  <td colSpan={columnCount}>
                    <div className="skeleton-line">
                      {density === 'compact' ? null : <span className="skeleton skeleton-avatar" />}
                      <span className="skeleton skeleton-text" />
                    </div>
                  </td>
                </tr>
              ))
            : null}
          {bodyRows.length === 0 && !isLoading ? (
            <tr className="empty-row">
              <td colSpan={columnCount}>{empty}</td>
            </tr>
          ) : null}
          {bodyRows.map((row) => (
            <tr key={row.id} className={rowClassName?.(row.original)}>
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
