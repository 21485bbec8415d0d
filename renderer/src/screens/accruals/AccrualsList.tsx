import { useMemo, useState } from 'react';
import { z } from 'zod';
import type { OnChangeFn, RowSelectionState, SortingState } from '@tanstack/react-table';
import type { Accrual, WatchSpec } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { stableKey } from '../../api/stable-key.ts';
import { useWatch } from '../../api/use-watch.ts';
import { routeHref } from '../../app/use-hash-route.ts';
import { pluralize } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { usePageIndex } from '../../ui/use-page-index.ts';
import { useSessionState } from '../../ui/use-session-state.ts';
import { Pager } from '../methods/Pager.tsx';
import { AccrualFilterBar } from './AccrualFilterBar.tsx';
import { AccrualsTable } from './AccrualsTable.tsx';
import { EngineProgress, RunAccrualsButton } from './RunAccrualsButton.tsx';
import { StatusChangeDialog } from './StatusChangeDialog.tsx';
import { accrualLabel, type AccrualTableMeta } from './accrual-columns.tsx';
import { filterParams, hasFilters, NO_FILTERS, type AccrualFilters } from './accrual-filters.ts';
import { STATUS_LABELS, summarizeSelection, type StatusAction } from './status-change.ts';
import { useAccrualEngine, type AccrualEngine } from './use-accrual-engine.ts';
import { useAccrualFilters } from './use-accrual-filters.ts';
import { useCreatorDirectory, useProjectDirectory, useStructureDirectory } from './use-directory.ts';
import { localTimeZone } from '../../../../core/domain/explain/zoned-format.ts';
import { RecordPaymentDialog } from '../payments/RecordPaymentDialog.tsx';
import { checkPayableSelection } from '../payments/payment-form.ts';
import { Tooltip } from '../../ui/Tooltip.tsx';

type AccrualsSpec = Extract<WatchSpec, { name: 'accruals' }>;
type SortField = NonNullable<NonNullable<AccrualsSpec['params']>['sort']>;

const SORT_BY_COLUMN: Record<string, SortField> = { period: 'period_end_at', amount: 'amount_cents' };
const PAGE_SIZE = 50;
const INITIAL_SORTING: SortingState = [{ id: 'period', desc: true }];
const sortingSchema = z.array(z.object({ id: z.enum(['period', 'amount']), desc: z.boolean() })).length(1);

/** Selected rows by id, with the last copy seen of each (they may be on another page now). */
type Selection = { filterKey: string; ids: RowSelectionState; rows: ReadonlyMap<string, Accrual> };

/** Every accrual: filters for each API filter, totals of the filtered set, bulk Reject / Void, and a run of the engine. */
export function AccrualsList() {
  const [filters, setFilters] = useAccrualFilters();
  const [sorting, setSorting] = useSessionState<SortingState>('payouts.accruals.sorting', sortingSchema, INITIAL_SORTING);
  const [dialog, setDialog] = useState<StatusAction | null>(null);
  const [isPaying, setIsPaying] = useState(false);
  const engine = useAccrualEngine();
  const { projects, byId: projectsById } = useProjectDirectory();
  const timeZone = projectsById.get(filters.projectId)?.timezone ?? localTimeZone();

  // A new filter starts again at the first page and with nothing selected; a new order only pages.
  const filterKey = stableKey({ filters, timeZone });
  const paging = usePageIndex(stableKey({ filterKey, sorting }), PAGE_SIZE);
  const { pageIndex } = paging;

  const spec = useMemo<AccrualsSpec>(() => {
    const sort = sorting[0] ?? INITIAL_SORTING[0];
    return {
      name: 'accruals',
      params: {
        ...filterParams(filters, timeZone),
        sort: SORT_BY_COLUMN[sort?.id ?? 'period'] ?? 'period_end_at',
        dir: sort?.desc === false ? 'asc' : 'desc',
        limit: PAGE_SIZE,
        skip: pageIndex * PAGE_SIZE,
      },
    };
  }, [filters, timeZone, sorting, pageIndex]);
  const { rows, total, sumAmountCents, error, isLoading } = useWatch(spec);
  paging.observe(total, isLoading);

  const creatorIds = useMemo(() => rows.map((accrual) => accrual.creator_id), [rows]);
  const structureIds = useMemo(() => rows.map((accrual) => accrual.structure_id), [rows]);
  const creators = useCreatorDirectory(filters.projectId, creatorIds);
  const structures = useStructureDirectory(filters.projectId, structureIds);

  const meta: AccrualTableMeta = {
    creatorOf: creators.nameOf,
    structureOf: structures.nameOf,
    projectOf: (id) => projectsById.get(id),
    isShowingProject: filters.projectId === '' && projects.length > 1,
  };

  const [selection, setSelection] = useState<Selection>({ filterKey, ids: {}, rows: new Map() });
  const current = selection.filterKey === filterKey ? selection : { filterKey, ids: {}, rows: new Map<string, Accrual>() };
  const pageById = new Map(rows.map((accrual) => [accrual.id, accrual]));
  const selectedRows = Object.keys(current.ids)
    .map((id) => pageById.get(id) ?? current.rows.get(id))
    .filter((accrual): accrual is Accrual => accrual !== undefined);
  const onRowSelectionChange: OnChangeFn<RowSelectionState> = (updater) => {
    const ids = typeof updater === 'function' ? updater(current.ids) : updater;
    const kept = new Map<string, Accrual>();
    for (const id of Object.keys(ids)) {
      const accrual = pageById.get(id) ?? current.rows.get(id);
      if (accrual !== undefined) kept.set(id, accrual);
    }
    setSelection({ filterKey, ids, rows: kept });
  };
  const clearSelection = () => setSelection({ filterKey, ids: {}, rows: new Map() });

  const isFirstLoad = isLoading && rows.length === 0;

  return (
    <>
      <PageHeader
        title="Accruals"
        description="What creators have earned under their payout structures, period by period. The engine adds accruals as periods end; reject or void the ones that should not be paid."
        actions={<RunAccrualsButton engine={engine} />}
      />
      <EngineProgress engine={engine} />

      <AccrualFilterBar
        filters={filters}
        onChange={setFilters}
        projects={projects}
        creators={creators.creators}
        structures={structures.structures}
        creatorOf={creators.nameOf}
        structureOf={structures.nameOf}
        timeZone={timeZone}
      />

      {error === null ? null : (
        <Banner tone="danger" title="Couldn’t load accruals">
          {error.message}
        </Banner>
      )}

      <div className="ac-totals">
        <Totals total={total} sumAmountCents={sumAmountCents} filters={filters} isLoading={isFirstLoad} />
        {selectedRows.length > 0 ? (
          <SelectionBar rows={selectedRows} onAction={setDialog} onPay={() => setIsPaying(true)} onClear={clearSelection} />
        ) : hasFilters(filters) ? (
          <button type="button" className="button button-ghost button-small" onClick={() => setFilters(NO_FILTERS)}>
            <Icon name="close" size={14} />
            Clear filters
          </button>
        ) : (
          <p className="ac-totals-hint">Tick accruals to pay, reject or void them.</p>
        )}
      </div>

      <AccrualsTable
        rows={rows}
        sorting={sorting}
        onSortingChange={setSorting}
        rowSelection={current.ids}
        onRowSelectionChange={onRowSelectionChange}
        meta={meta}
        isLoading={isFirstLoad}
        empty={<AccrualsEmptyState filters={filters} engine={engine} onClearFilters={() => setFilters(NO_FILTERS)} />}
      />

      <div className="table-footer">
        <p className="table-note">
          <Icon name="info" size={14} />
          Periods are shown in each project’s time zone. Only earned accruals can be rejected or voided.
        </p>
        <Pager total={total} pageIndex={pageIndex} pageSize={PAGE_SIZE} onPageChange={paging.setPageIndex} />
      </div>

      {dialog === null ? null : (
        <StatusChangeDialog
          action={dialog}
          rows={selectedRows}
          labelOf={(accrual) => accrualLabel(accrual, meta)}
          onClose={() => setDialog(null)}
          onFinished={clearSelection}
        />
      )}
      {isPaying ? <PayDialog rows={selectedRows} onClose={() => setIsPaying(false)} onRecorded={clearSelection} /> : null}
    </>
  );
}

/** Record payment for the ticked accruals: their creator and project, those accruals ticked. */
function PayDialog({ rows: openedWith, onClose, onRecorded }: { rows: Accrual[]; onClose(): void; onRecorded(): void }) {
  // The selection is cleared once the payment is recorded; the dialog keeps what it was opened with.
  const [rows] = useState(openedWith);
  const check = checkPayableSelection(rows);
  if (!check.ok) return null;
  return (
    <RecordPaymentDialog
      creatorId={check.creatorId}
      projectId={check.projectId}
      preselect={rows.map((accrual) => accrual.id)}
      onClose={onClose}
      onRecorded={onRecorded}
    />
  );
}

function Totals({ total, sumAmountCents, filters, isLoading }: { total: number; sumAmountCents: number | null; filters: AccrualFilters; isLoading: boolean }) {
  if (isLoading) return <p className="ac-totals-text">Loading…</p>;
  const noun = filters.status === '' ? 'accrual' : `${STATUS_LABELS[filters.status].toLowerCase()} accrual`;
  return (
    <p className="ac-totals-text" aria-live="polite" aria-atomic="true" data-testid="accruals-totals">
      <span className="ac-totals-amount">
        {sumAmountCents === null ? '—' : formatCents(sumAmountCents)}
      </span>{' '}
      <span className="ac-totals-count">
        in {pluralize(total, noun)}
        {hasFilters(filters) ? ' matching the filters' : ''}
      </span>
    </p>
  );
}

function SelectionBar({ rows, onAction, onPay, onClear }: { rows: Accrual[]; onAction(action: StatusAction): void; onPay(): void; onClear(): void }) {
  const summary = summarizeSelection(rows);
  const payable = checkPayableSelection(rows);
  return (
    <div className="ac-selection">
      <p className="ac-selection-text">
        <strong>{pluralize(summary.count, 'accrual')} selected</strong>
        <span className="ac-selection-amount">{formatCents(summary.totalCents)}</span>
      </p>
      <div className="ac-selection-actions">
        {payable.ok ? (
          <button type="button" className="button button-primary button-small" onClick={onPay}>
            Record payment…
          </button>
        ) : (
          <Tooltip text={payable.reason}>
            {(describedBy) => (
              <button type="button" className="button button-primary button-small" aria-describedby={describedBy} disabled>
                Record payment…
              </button>
            )}
          </Tooltip>
        )}
        <button type="button" className="button button-secondary button-small" onClick={() => onAction('rejected')}>
          Reject…
        </button>
        <button type="button" className="button button-secondary button-small" onClick={() => onAction('voided')}>
          Void…
        </button>
        <button type="button" className="button button-ghost button-small" onClick={onClear}>
          Clear selection
        </button>
      </div>
    </div>
  );
}

/** Says why the list is empty and offers the one step that most likely helps. */
function AccrualsEmptyState({ filters, engine, onClearFilters }: { filters: AccrualFilters; engine: AccrualEngine; onClearFilters(): void }) {
  if (hasFilters(filters)) {
    return (
      <div className="empty-state">
        <span className="empty-icon">
          <Icon name="search" size={20} />
        </span>
        <p className="empty-title">No accruals match these filters</p>
        <p className="empty-text">Try another creator, structure or status, or widen the period.</p>
        <div className="empty-actions">
          <button type="button" className="button button-secondary" onClick={onClearFilters}>
            Clear filters
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="empty-state">
      <span className="empty-icon">
        <Icon name="accruals" size={20} />
      </span>
      <p className="empty-title">No accruals yet</p>
      <p className="empty-text">
        Accruals appear when a period ends for creators assigned to a payout structure. The engine runs on its own at regular intervals; run it now to catch up.
      </p>
      <div className="empty-actions">
        <a className="button button-secondary" href={routeHref('structures')}>
          Go to structures
        </a>
        <RunAccrualsButton engine={engine} />
      </div>
    </div>
  );
}
