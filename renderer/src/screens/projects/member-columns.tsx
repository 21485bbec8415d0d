import { createColumnHelper } from '@tanstack/react-table';
import type { Creator } from '../../../../core/api/contracts/index.ts';
import type { DataTableFeatures } from '../../ui/data-table-features.ts';
import { CreatorName } from '../creators/CreatorName.tsx';

const helper = createColumnHelper<DataTableFeatures, Creator>();

export function memberColumns(onRemove: (creator: Creator) => void) {
  return helper.columns([
    helper.accessor('name', {
      id: 'name',
      header: 'Name',
      meta: { className: 'col-name' },
      cell: ({ row }) => <CreatorName creator={row.original} />,
    }),
    helper.accessor('email', {
      id: 'email',
      header: 'Email',
      enableSorting: false,
      meta: { className: 'col-email' },
      cell: (info) => info.getValue() ?? <span className="cell-muted">—</span>,
    }),
    helper.accessor('payout_handle', {
      id: 'payout',
      header: 'Payout handle',
      enableSorting: false,
      meta: { className: 'col-payout' },
      cell: (info) => info.getValue() ?? <span className="cell-muted">—</span>,
    }),
    helper.display({
      id: 'actions',
      header: () => <span className="visually-hidden">Actions</span>,
      enableSorting: false,
      meta: { className: 'col-actions-narrow' },
      cell: ({ row }) => (
        <div className="row-actions">
          <button
            type="button"
            className="button button-ghost button-small button-ghost-danger"
            aria-label={`Remove ${row.original.name}`}
            onClick={() => onRemove(row.original)}
          >
            Remove
          </button>
        </div>
      ),
    }),
  ]);
}
