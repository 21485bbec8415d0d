import { createColumnHelper, metaHelper, rowSelectionFeature, rowSortingFeature, tableFeatures } from '@tanstack/react-table';
import type { Accrual, Project } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { routePath } from '../../app/use-hash-route.ts';
import { Icon } from '../../ui/Icon.tsx';
import { MethodAvatar } from '../methods/MethodAvatar.tsx';
import { AccrualStatusBadge, CriteriaTypeBadge } from './AccrualBadges.tsx';
import { periodText, zoneOf } from './accrual-text.ts';
import type { CreatorEntry, StructureEntry } from './use-directory.ts';

/** What the cells look up: names and zones live outside the accrual rows. */
export type AccrualTableMeta = {
  creatorOf(id: string): CreatorEntry | null;
  structureOf(id: string): StructureEntry | null;
  projectOf(id: string): Project | undefined;
  /** Without a project filter, rows of several projects mix: the structure cell names its project. */
  isShowingProject: boolean;
};
type AccrualColumnMeta = { className: string };

/**
 * Sorting and selection state only: the server sorts (the order goes into the live query) and
 * pages, so no client row models are registered and the table runs with `manualSorting`.
 */
export const accrualTableFeatures = tableFeatures({
  rowSortingFeature,
  rowSelectionFeature,
  tableMeta: metaHelper<AccrualTableMeta>(),
  columnMeta: metaHelper<AccrualColumnMeta>(),
});

const helper = createColumnHelper<typeof accrualTableFeatures, Accrual>();

/** "Maya Chen, Nov 9 – 15, 2026": how a row is named to assistive technology and in dialogs. */
export function accrualLabel(accrual: Accrual, meta: Pick<AccrualTableMeta, 'creatorOf' | 'projectOf'>): string {
  const creator = meta.creatorOf(accrual.creator_id)?.name ?? 'Unknown creator';
  return `${creator}, ${periodText(accrual, zoneOf(accrual, meta.projectOf(accrual.project_id)?.timezone)).primary}`;
}

export const accrualColumns = helper.columns([
  helper.display({
    id: 'select',
    enableSorting: false,
    meta: { className: 'ac-col-select' },
    header: ({ table }) => {
      const isAll = table.getIsAllPageRowsSelected();
      const isSome = table.getIsSomePageRowsSelected();
      return (
        <input
          type="checkbox"
          className="ac-checkbox"
          aria-label="Select every accrual on this page"
          checked={isAll}
          ref={(element) => {
            if (element !== null) element.indeterminate = isSome && !isAll;
          }}
          onChange={table.getToggleAllPageRowsSelectedHandler()}
          disabled={table.getRowModel().rows.length === 0}
        />
      );
    },
    cell: ({ row, table }) => {
      const meta = table.options.meta;
      return (
        <input
          type="checkbox"
          className="ac-checkbox"
          aria-label={meta === undefined ? 'Select accrual' : `Select ${accrualLabel(row.original, meta)}`}
          checked={row.getIsSelected()}
          onChange={row.getToggleSelectedHandler()}
        />
      );
    },
  }),
  helper.accessor('creator_id', {
    id: 'creator',
    header: 'Creator',
    enableSorting: false,
    meta: { className: 'ac-col-creator' },
    cell: ({ row, table }) => {
      const creator = table.options.meta?.creatorOf(row.original.creator_id) ?? null;
      if (creator === null) return <span className="cell-muted">Loading…</span>;
      return (
        <div className="method-name">
          <MethodAvatar name={creator.name} iconUrl={null} />
          <div className="method-name-text">
            <span className="method-name-primary">{creator.name}</span>
            {creator.handle === null ? null : <span className="method-name-secondary">{creator.handle}</span>}
          </div>
        </div>
      );
    },
  }),
  helper.accessor('structure_id', {
    id: 'structure',
    header: 'Structure',
    enableSorting: false,
    meta: { className: 'ac-col-structure' },
    cell: ({ row, table }) => {
      const meta = table.options.meta;
      const structure = meta?.structureOf(row.original.structure_id) ?? null;
      const project = meta?.isShowingProject ? meta.projectOf(row.original.project_id) : undefined;
      return (
        <div className="ac-cell-stack">
          <span className="ac-cell-primary">{structure?.name ?? '…'}</span>
          <span className="ac-cell-secondary">
            {project === undefined ? `Rule v${row.original.version_number}` : `${project.name} · v${row.original.version_number}`}
          </span>
        </div>
      );
    },
  }),
  helper.accessor('criteria_type', {
    id: 'type',
    header: 'Type',
    enableSorting: false,
    meta: { className: 'ac-col-type' },
    cell: (info) => <CriteriaTypeBadge type={info.getValue()} />,
  }),
  helper.accessor('period_end_at', {
    id: 'period',
    header: 'Period',
    // Latest first is what people want on the first click of a date column.
    sortDescFirst: true,
    meta: { className: 'ac-col-period' },
    cell: ({ row, table }) => {
      const accrual = row.original;
      const zone = zoneOf(accrual, table.options.meta?.projectOf(accrual.project_id)?.timezone);
      const text = periodText(accrual, zone);
      return (
        <div className="ac-cell-stack">
          <a className="cell-link ac-cell-primary ac-period-link" href={routePath('accruals', accrual.id)} title={text.primary}>
            {text.primary}
          </a>
          <span className="ac-cell-secondary">{text.secondary}</span>
        </div>
      );
    },
  }),
  helper.accessor('amount_cents', {
    id: 'amount',
    header: 'Amount',
    sortDescFirst: true,
    meta: { className: 'ac-col-amount' },
    cell: (info) => <span className="ac-amount">{formatCents(info.getValue(), info.row.original.currency)}</span>,
  }),
  helper.accessor('status', {
    id: 'status',
    header: 'Status',
    enableSorting: false,
    meta: { className: 'ac-col-status' },
    cell: (info) => <AccrualStatusBadge status={info.getValue()} />,
  }),
  helper.display({
    id: 'open',
    header: () => <span className="visually-hidden">Details</span>,
    enableSorting: false,
    meta: { className: 'ac-col-open' },
    cell: ({ row, table }) => {
      const meta = table.options.meta;
      return (
        <a
          className="icon-button ac-open-link"
          href={routePath('accruals', row.original.id)}
          aria-label={meta === undefined ? 'Explain accrual' : `Explain ${accrualLabel(row.original, meta)}`}
        >
          <Icon name="chevronRight" />
        </a>
      );
    },
  }),
]);
