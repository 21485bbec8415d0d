import { useMemo, useState } from 'react';
import type { RowSelectionState, SortingState, Updater } from '@tanstack/react-table';
import type { Project, StructureDetail, WatchSpec } from '../../../../core/api/contracts/index.ts';
import { stableKey } from '../../api/stable-key.ts';
import { useWatch } from '../../api/use-watch.ts';
import { pluralize } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { Tooltip } from '../../ui/Tooltip.tsx';
import { usePageIndex } from '../../ui/use-page-index.ts';
import { Pager } from '../methods/Pager.tsx';
import { AssignCreatorsDialog } from './AssignCreatorsDialog.tsx';
import { AssignmentsTable } from './assignment-table.tsx';
import { Panel } from './Panel.tsx';
import { UnassignDialog } from './UnassignDialog.tsx';
import { useCreatorNames } from './use-creator-names.ts';

type AssignmentsSpec = Extract<WatchSpec, { name: 'assignments' }>;
type SortField = NonNullable<NonNullable<AssignmentsSpec['params']>['sort']>;

const PAGE_SIZE = 25;
/** The open assignments, all at once: the header's count and who the Assign dialog leaves out. */
const OPEN_LIMIT = 500;
const SORT_BY_COLUMN: Record<string, SortField> = { assigned: 'assigned_at', unassigned: 'unassigned_at' };
const INITIAL_SORTING: SortingState = [{ id: 'assigned', desc: true }];
const ARCHIVED_HINT = 'Archived structures can’t take new creators';

type OpenDialog = 'assign' | 'unassign' | null;

/** Who is on the structure, and who was: live, with bulk unassign and an Assign dialog. */
export function AssignmentsPanel({ structure, project }: { structure: StructureDetail; project: Project | undefined }) {
  const isArchived = structure.archived_at !== null;
  const [isShowingPast, setIsShowingPast] = useState(false);
  const [sorting, setSorting] = useState<SortingState>(INITIAL_SORTING);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const filterKey = stableKey({ isShowingPast, sorting });
  const paging = usePageIndex(filterKey, PAGE_SIZE);
  const { pageIndex } = paging;

  const spec = useMemo<AssignmentsSpec>(() => {
    const sort = sorting[0] ?? { id: 'assigned', desc: true };
    return {
      name: 'assignments',
      params: {
        structure_id: structure.id,
        include_inactive: isShowingPast,
        sort: SORT_BY_COLUMN[sort.id] ?? 'assigned_at',
        dir: sort.desc ? 'desc' : 'asc',
        limit: PAGE_SIZE,
        skip: pageIndex * PAGE_SIZE,
      },
    };
  }, [structure.id, isShowingPast, sorting, pageIndex]);
  const { rows, total, isLoading, error } = useWatch(spec);
  paging.observe(total, isLoading);

  const openSpec = useMemo<AssignmentsSpec>(() => ({ name: 'assignments', params: { structure_id: structure.id, limit: OPEN_LIMIT } }), [structure.id]);
  const open = useWatch(openSpec);
  const assignedIds = useMemo(() => new Set(open.rows.map((assignment) => assignment.creator_id)), [open.rows]);
  const { nameOf } = useCreatorNames(structure.project_id, rows.map((assignment) => assignment.creator_id));

  // A selection belongs to the page it was made on: another page, filter or order starts empty.
  const selectionKey = stableKey({ filterKey, pageIndex });
  const [selection, setSelection] = useState<{ key: string; value: RowSelectionState }>({ key: selectionKey, value: {} });
  const rowSelection = selection.key === selectionKey ? selection.value : {};
  const onRowSelectionChange = (updater: Updater<RowSelectionState>) =>
    setSelection({ key: selectionKey, value: typeof updater === 'function' ? updater(rowSelection) : updater });
  // Rows that left the page (unassigned elsewhere, now past) drop out of the selection.
  const selectedRows = rows.filter((assignment) => assignment.is_active && rowSelection[assignment.id] === true);
  const selectedCreators = selectedRows.map((assignment) => ({
    id: assignment.creator_id,
    name: nameOf(assignment.creator_id)?.name ?? 'Unknown creator',
    assignedAt: assignment.assigned_at,
  }));
  const isFirstLoad = isLoading && rows.length === 0;

  const assignButton = (
    <button type="button" className="button button-primary" disabled={isArchived} onClick={() => setDialog('assign')}>
      <Icon name="plus" />
      Assign creators
    </button>
  );

  return (
    <Panel
      title="Creators"
      count={open.isLoading ? undefined : `${open.total.toLocaleString()} assigned`}
      description="Creators earn under this structure while they are assigned. Only members of the project can be assigned."
      actions={
        isArchived ? (
          <Tooltip text={ARCHIVED_HINT}>
            {(describedBy) => (
              <button type="button" className="button button-primary" disabled aria-describedby={describedBy}>
                <Icon name="plus" />
                Assign creators
              </button>
            )}
          </Tooltip>
        ) : (
          assignButton
        )
      }
    >
      <div className="st-panel-toolbar">
        {selectedRows.length > 0 ? (
          <div className="st-selection-bar" role="region" aria-label="Selection">
            <span className="st-selection-count">{pluralize(selectedRows.length, 'creator')} selected</span>
            <button type="button" className="button button-secondary button-small st-button-danger-text" onClick={() => setDialog('unassign')}>
              Unassign
            </button>
            <button type="button" className="button button-ghost button-small" onClick={() => setSelection({ key: selectionKey, value: {} })}>
              Clear selection
            </button>
          </div>
        ) : (
          <p className="st-quiet st-toolbar-hint">{open.total > 0 ? 'Select assigned creators to unassign them.' : ''}</p>
        )}
        <label className="checkbox st-toolbar-end">
          <input type="checkbox" checked={isShowingPast} onChange={(event) => setIsShowingPast(event.target.checked)} />
          <span>Include past</span>
        </label>
      </div>

      {error === null ? null : (
        <Banner tone="danger" title="Couldn’t load the assignments">
          {error.message}
        </Banner>
      )}

      <AssignmentsTable
        rows={rows}
        nameOf={nameOf}
        sorting={sorting}
        onSortingChange={setSorting}
        rowSelection={rowSelection}
        onRowSelectionChange={onRowSelectionChange}
        isLoading={isFirstLoad}
        empty={
          <div className="empty-state st-empty-compact">
            <span className="empty-icon">
              <Icon name="creators" size={20} />
            </span>
            <p className="empty-title">{isShowingPast ? 'No one has been assigned yet' : 'No creators assigned'}</p>
            <p className="empty-text">
              {isArchived
                ? 'This structure is archived; no one can be assigned any more.'
                : isShowingPast
                  ? 'Assign the project’s creators to start their earnings.'
                  : 'Assign the project’s creators to start their earnings. Turn on “Include past” to see earlier assignments.'}
            </p>
            {isArchived ? null : <div className="empty-actions">{assignButton}</div>}
          </div>
        }
      />
      <div className="table-footer">
        <span />
        <Pager total={total} pageIndex={pageIndex} pageSize={PAGE_SIZE} onPageChange={paging.setPageIndex} />
      </div>

      {dialog === 'assign' ? <AssignCreatorsDialog structure={structure} project={project} assignedIds={assignedIds} onClose={() => setDialog(null)} /> : null}
      {dialog === 'unassign' && selectedCreators.length > 0 ? (
        <UnassignDialog
          structure={structure}
          project={project}
          creators={selectedCreators}
          onClose={() => setDialog(null)}
          onDone={() => setSelection({ key: selectionKey, value: {} })}
        />
      ) : null}
    </Panel>
  );
}
