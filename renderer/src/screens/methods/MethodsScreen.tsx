import { useMemo, useState } from 'react';
import { z } from 'zod';
import type { SortingState } from '@tanstack/react-table';
import type { PayoutMethod, WatchSpec } from '../../../../core/api/contracts/index.ts';
import { useWatch } from '../../api/use-watch.ts';
import { stableKey } from '../../api/stable-key.ts';
import { pluralize } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useDebouncedValue } from '../../ui/use-debounced-value.ts';
import { useSessionState } from '../../ui/use-session-state.ts';
import { DeleteMethodDialog } from './DeleteMethodDialog.tsx';
import { DEFAULT_NOT_DELETABLE } from './MethodActions.tsx';
import { MethodDialog } from './MethodDialog.tsx';
import { MethodsEmptyState } from './MethodsEmptyState.tsx';
import { MethodsTable } from './MethodsTable.tsx';
import { Pager } from './Pager.tsx';
import type { MethodTableMeta } from './method-table.tsx';
import { useToggleActive } from './use-toggle-active.ts';

type MethodsSpec = Extract<WatchSpec, { name: 'payout-methods' }>;
type SortField = NonNullable<NonNullable<MethodsSpec['params']>['sort']>;

/**
 * Table column → the live query's sort field. Status is inverted so that ascending reads
 * "Active, then Disabled", the same order as the words.
 */
const SORT_BY_COLUMN: Record<string, { field: SortField; isInverted: boolean }> = {
  name: { field: 'name', isInverted: false },
  type: { field: 'is_default', isInverted: false },
  status: { field: 'is_active', isInverted: true },
  created: { field: 'created_at', isInverted: false },
};

const PAGE_SIZE = 50;
const SEARCH_DEBOUNCE_MS = 250;
const INITIAL_SORTING: SortingState = [{ id: 'name', desc: false }];
const sortingSchema = z.array(z.object({ id: z.enum(['name', 'type', 'status', 'created']), desc: z.boolean() })).length(1);

type OpenDialog = { kind: 'create' } | { kind: 'edit'; method: PayoutMethod } | { kind: 'delete'; method: PayoutMethod } | null;

export function MethodsScreen() {
  const [searchText, setSearchText] = useState('');
  const [isShowingDisabled, setIsShowingDisabled] = useSessionState('payouts.methods.includeDisabled', z.boolean(), false);
  const [sorting, setSorting] = useSessionState<SortingState>('payouts.methods.sorting', sortingSchema, INITIAL_SORTING);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const search = useDebouncedValue(searchText.trim(), SEARCH_DEBOUNCE_MS);

  // A new filter or order starts again at the first page; derived, so it needs no effect.
  const filterKey = stableKey({ search, isShowingDisabled, sorting });
  const [page, setPage] = useState({ filterKey, index: 0 });
  const [lastTotal, setLastTotal] = useState(0);
  const requestedPage = page.filterKey === filterKey ? page.index : 0;
  // After deletions the last page can vanish; stay on the last one that exists.
  const pageIndex = Math.min(requestedPage, Math.max(0, Math.ceil(lastTotal / PAGE_SIZE) - 1));

  const spec = useMemo<MethodsSpec>(() => {
    const sort = sorting[0] ?? { id: 'name', desc: false };
    const mapping = SORT_BY_COLUMN[sort.id] ?? { field: 'name', isInverted: false };
    const isDescending = sort.desc !== mapping.isInverted;
    return {
      name: 'payout-methods',
      params: {
        include_disabled: isShowingDisabled,
        search,
        sort: mapping.field,
        dir: isDescending ? 'desc' : 'asc',
        limit: PAGE_SIZE,
        skip: pageIndex * PAGE_SIZE,
      },
    };
  }, [sorting, isShowingDisabled, search, pageIndex]);

  const { rows, total, error, isLoading } = useWatch(spec);
  if (!isLoading && total !== lastTotal) setLastTotal(total);

  const { toggleActive, pendingIds } = useToggleActive({ isShowingDisabled });
  const meta = useMemo<MethodTableMeta>(
    () => ({
      onEdit: (method) => setDialog({ kind: 'edit', method }),
      onDelete: (method) => setDialog({ kind: 'delete', method }),
      onToggleActive: toggleActive,
      pendingIds,
    }),
    [toggleActive, pendingIds],
  );

  const isFirstLoad = isLoading && rows.length === 0;
  const closeDialog = () => setDialog(null);

  return (
    <>
      <PageHeader
        title="Payout methods"
        description="The ways money reaches your creators. Venmo, Cash App and PayPal come built in; add any other method you pay with."
        actions={
          <button type="button" className="button button-primary" onClick={() => setDialog({ kind: 'create' })}>
            <Icon name="plus" />
            New method
          </button>
        }
      />

      <div className="toolbar">
        <div className="search">
          <Icon name="search" className="search-icon" />
          <input
            className="input search-input"
            type="search"
            aria-label="Search methods"
            placeholder="Search methods"
            maxLength={100}
            value={searchText}
            onChange={(event) => setSearchText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape' && searchText !== '') {
                event.preventDefault();
                setSearchText('');
              }
            }}
          />
          {searchText === '' ? null : (
            <button type="button" className="icon-button search-clear" aria-label="Clear search" onClick={() => setSearchText('')}>
              <Icon name="close" size={14} />
            </button>
          )}
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={isShowingDisabled} onChange={(event) => setIsShowingDisabled(event.target.checked)} />
          <span>Include disabled</span>
        </label>
        <p className="result-count" aria-live="polite">
          {isFirstLoad ? 'Loading…' : pluralize(total, 'method')}
        </p>
      </div>

      {error === null ? null : (
        <Banner tone="danger" title="Couldn’t load payout methods">
          {error.message}
        </Banner>
      )}

      <MethodsTable
        rows={rows}
        sorting={sorting}
        onSortingChange={setSorting}
        meta={meta}
        isLoading={isFirstLoad}
        empty={
          <MethodsEmptyState
            search={search}
            isShowingDisabled={isShowingDisabled}
            onClearSearch={() => setSearchText('')}
            onShowDisabled={() => setIsShowingDisabled(true)}
            onCreate={() => setDialog({ kind: 'create' })}
          />
        }
      />

      <div className="table-footer">
        <p className="table-note">
          <Icon name="info" size={14} />
          {DEFAULT_NOT_DELETABLE}.
        </p>
        <Pager total={total} pageIndex={pageIndex} pageSize={PAGE_SIZE} onPageChange={(index) => setPage({ filterKey, index })} />
      </div>

      {dialog?.kind === 'create' ? <MethodDialog method={null} onClose={closeDialog} /> : null}
      {dialog?.kind === 'edit' ? <MethodDialog method={dialog.method} onClose={closeDialog} /> : null}
      {dialog?.kind === 'delete' ? <DeleteMethodDialog method={dialog.method} onClose={closeDialog} /> : null}
    </>
  );
}
