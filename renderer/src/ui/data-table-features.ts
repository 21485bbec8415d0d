import { metaHelper, rowSortingFeature, tableFeatures, type ColumnHelper, type RowData } from '@tanstack/react-table';

/** What a column may carry for the table's markup: its cells' class (width, alignment). */
export type DataColumnMeta = { className?: string };

/**
 * Features of the catalog tables: sorting state only. The server sorts (the order goes into the
 * live query), so no client sorted row model is registered and tables run with `manualSorting`.
 */
export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  columnMeta: metaHelper<DataColumnMeta>(),
});

export type DataTableFeatures = typeof dataTableFeatures;

/** Columns as `helper.columns([...])` returns them: each keeps its own value type. */
export type DataColumns<TData extends RowData> = ReturnType<ColumnHelper<DataTableFeatures, TData>['columns']>;
