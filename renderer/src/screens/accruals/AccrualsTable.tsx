import { useTable, type OnChangeFn, type RowSelectionState, type SortingState } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import type { Accrual } from '../../../../core/api/contracts/index.ts';
import { routePath } from '../../app/use-hash-route.ts';
import { Icon } from '../../ui/Icon.tsx';
import { openOnRowClick } from '../../ui/row-click.ts';
import { accrualColumns, accrualTableFeatures, type AccrualTableMeta } from './accrual-columns.tsx';

type AccrualsTableProps = {
  rows: Accrual[];
  sorting: SortingState;
  onSortingChange: OnChangeFn<SortingState>;
  rowSelection: RowSelectionState;
  onRowSelectionChange: OnChangeFn<RowSelectionState>;
  meta: AccrualTableMeta;
  /** First load: placeholder rows instead of the empty state. */
  isLoading: boolean;
  empty: ReactNode;
};

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;
const SKELETON_ROWS = [0, 1, 2, 3];

/**
 * The accruals: TanStack Table v9 with the order and the page in the live query (`manualSorting`)
 * and row selection kept by id, so a selection survives paging and live updates.
 */
export function AccrualsTable({ rows, sorting, onSortingChange, rowSelection, onRowSelectionChange, meta, isLoading, empty }: AccrualsTableProps) {
  const table = useTable({
    features: accrualTableFeatures,
    columns: accrualColumns,
    data: rows,
    getRowId: (accrual) => accrual.id,
    state: { sorting, rowSelection },
    onSortingChange,
    onRowSelectionChange,
    manualSorting: true,
    // The live query always has an order; a third click flips it instead of dropping it.
    enableSortingRemoval: false,
    enableMultiSort: false,
    // Shift-click selects the rows between the last one ticked and this one.
    isRowRangeSelectionEvent: (event) => (event as { nativeEvent?: { shiftKey?: boolean } }).nativeEvent?.shiftKey === true,
    meta,
  });
  const columnCount = accrualColumns.length;
  const bodyRows = table.getRowModel().rows;

  return (
    <div className="table-frame">
      <table className="data-table ac-table" aria-label="Accruals">
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
                      <span className="skeleton skeleton-avatar" />
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
          {bodyRows.map((row) => {
            const classes = ['ac-row', `ac-row-${row.original.status}`, row.getIsSelected() ? 'is-selected' : ''].filter(Boolean).join(' ');
            return (
              <tr key={row.id} className={classes} onClick={(event) => openOnRowClick(event, routePath('accruals', row.original.id))}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className={cell.column.columnDef.meta?.className}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
