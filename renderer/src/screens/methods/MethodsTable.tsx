import { useTable, type OnChangeFn, type SortingState } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import type { PayoutMethod } from '../../../../core/api/contracts/index.ts';
import { Icon } from '../../ui/Icon.tsx';
import { methodColumns, methodTableFeatures, type MethodTableMeta } from './method-table.tsx';

type MethodsTableProps = {
  rows: PayoutMethod[];
  sorting: SortingState;
  onSortingChange: OnChangeFn<SortingState>;
  meta: MethodTableMeta;
  /** First load: placeholder rows instead of an empty state. */
  isLoading: boolean;
  /** Shown in place of the rows when there are none. */
  empty: ReactNode;
};

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;
const SKELETON_ROWS = [0, 1, 2];

export function MethodsTable({ rows, sorting, onSortingChange, meta, isLoading, empty }: MethodsTableProps) {
  const table = useTable({
    features: methodTableFeatures,
    columns: methodColumns,
    data: rows,
    getRowId: (method) => method.id,
    state: { sorting },
    onSortingChange,
    manualSorting: true,
    // The live query always has an order; a third click flips it instead of dropping it.
    enableSortingRemoval: false,
    enableMultiSort: false,
    meta,
  });
  const columnCount = methodColumns.length;
  const bodyRows = table.getRowModel().rows;

  return (
    <div className="table-frame">
      <table className="data-table">
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
          {bodyRows.map((row) => (
            <tr key={row.id} className={row.original.is_active ? undefined : 'is-inactive'}>
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
