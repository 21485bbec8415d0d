import { useTable, type OnChangeFn, type SortingState, type ColumnVisibilityState } from '@tanstack/react-table';
import { useMemo, type ReactNode } from 'react';
import type { Payment } from '../../../../core/api/contracts/index.ts';
import { routePath } from '../../app/use-hash-route.ts';
import { Icon } from '../../ui/Icon.tsx';
import { openOnRowClick } from '../../ui/row-click.ts';
import { paymentColumns, paymentTableFeatures, type PaymentTableMeta } from './payment-columns.tsx';

type PaymentsTableProps = {
  rows: Payment[];
  sorting: SortingState;
  onSortingChange: OnChangeFn<SortingState>;
  meta: PaymentTableMeta;
  /** First load: placeholder rows instead of the empty state. */
  isLoading: boolean;
  empty: ReactNode;
  label?: string;
  /** Column ids left out (the creator page's history does not repeat the creator). */
  hiddenColumns?: readonly string[];
  density?: 'regular' | 'compact';
};

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;
const SKELETON_ROWS = [0, 1, 2, 3];
const NO_HIDDEN: readonly string[] = [];

/**
 * The payments: TanStack Table v9 with the order and the page in the live query (`manualSorting`).
 * Used by the Payments screen and, without the creator column, by a creator's payment history.
 */
export function PaymentsTable({ rows, sorting, onSortingChange, meta, isLoading, empty, label = 'Payments', hiddenColumns = NO_HIDDEN, density = 'regular' }: PaymentsTableProps) {
  const columnVisibility = useMemo<ColumnVisibilityState>(() => Object.fromEntries(hiddenColumns.map((id) => [id, false])), [hiddenColumns]);
  const table = useTable({
    features: paymentTableFeatures,
    columns: paymentColumns,
    data: rows,
    getRowId: (payment) => payment.id,
    state: { sorting, columnVisibility },
    onSortingChange,
    manualSorting: true,
    // The live query always has an order; a third click flips it instead of dropping it.
    enableSortingRemoval: false,
    enableMultiSort: false,
    meta,
  });
  const columnCount = table.getVisibleLeafColumns().length;
  const bodyRows = table.getRowModel().rows;

  return (
    <div className="table-frame">
      <table className={density === 'compact' ? 'data-table data-table-compact pay-table' : 'data-table pay-table'} aria-label={label}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const className = header.column.columnDef.meta?.className;
                return (
                  <th key={header.id} scope="col" className={className} aria-sort={sorted === false ? undefined : ARIA_SORT[sorted]}>
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
            <tr key={row.id} className={`ac-row pay-row pay-row-${row.original.status}`} onClick={(event) => openOnRowClick(event, routePath('payments', row.original.id))}>
              {row.getVisibleCells().map((cell) => (
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
