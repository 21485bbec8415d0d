import { combineLatest, map, of, startWith, switchMap, throttleTime, type Observable, type Subscription } from 'rxjs';
import type { MangoQuerySelector, RxCollection } from 'rxdb';
import { toPayoutMethod } from '../domain/payout-method.ts';
import { toProject } from '../domain/project.ts';
import { handleKey, toCreator } from '../domain/creator.ts';
import { toVideo } from '../domain/video.ts';
import { toStructureRow } from '../domain/payout-structure.ts';
import { toAssignmentRow } from '../domain/assignment.ts';
import { escapeRegex, foldKey } from '../domain/text.ts';
import type { PayoutsDatabase } from '../store/database.ts';
import { readRows } from '../store/rows.ts';
import { answersFilter, type LedgerSums, type SumFilter, type SummedCollection } from '../store/ledger-sums.ts';
import { watchSpecSchema, type EngineProgress, type EngineStatus, type ParsedWatchSpec, type WatchMessage } from './contracts/watch.ts';
import { engineState$ } from '../accrual/engine-state.ts';
import type { AccrualRun } from '../domain/accrual.ts';
import { toFieldErrors } from './router.ts';

type Plan = {
  collection: RxCollection;
  selector: MangoQuerySelector<Record<string, unknown>>;
  /** Stored field to sort by, then ties broken by `tieBreak` fields and the id. */
  sortField: string;
  tieBreak?: string[];
  toRow(doc: never): unknown;
  /** Also report the sum of this field over every matching row… */
  sumField?: string;
  /** …which SQL answers (when the store keeps ledger sums) for this collection and filter. */
  sumOf?: { collection: SummedCollection; filter: SumFilter };
};

/** Spec → which collection, selector and order; names map to stored fields (name → name_key). */
function plan(db: PayoutsDatabase, orgId: string, spec: ParsedWatchSpec): Plan {
  switch (spec.name) {
    case 'payout-methods': {
      const { include_disabled, search, sort } = spec.params;
      const selector: Record<string, unknown> = { org_id: orgId };
      if (!include_disabled) selector.is_active = true;
      if (search.trim()) selector.name_key = { $regex: escapeRegex(foldKey(search)) };
      return { collection: db.payout_methods, selector, sortField: sort === 'name' ? 'name_key' : sort, tieBreak: ['name_key'], toRow: toPayoutMethod };
    }
    case 'projects': {
      const { search, sort } = spec.params;
      const selector: Record<string, unknown> = { org_id: orgId };
      if (search.trim()) selector.name_key = { $regex: escapeRegex(foldKey(search)) };
      return { collection: db.projects, selector, sortField: sort === 'name' ? 'name_key' : sort, tieBreak: ['name_key'], toRow: toProject };
    }
    case 'creators': {
      const { project_id, search, sort } = spec.params;
      const selector: Record<string, unknown> = { org_id: orgId };
      if (project_id) selector.memberships = { $elemMatch: { project_id } };
      if (search.trim()) {
        const needle = escapeRegex(handleKey(search) || foldKey(search));
        selector.$or = [{ name_key: { $regex: needle } }, { handle_key: { $regex: needle } }];
      }
      const sortField = sort === 'name' ? 'name_key' : sort === 'handle' ? 'handle_key' : sort;
      return { collection: db.creators, selector, sortField, tieBreak: ['name_key'], toRow: toCreator };
    }
    case 'videos': {
      const { project_id, creator_id, sort } = spec.params;
      const selector: Record<string, unknown> = { org_id: orgId };
      if (project_id) selector.project_id = project_id;
      if (creator_id) selector.creator_id = creator_id;
      return { collection: db.videos, selector, sortField: sort, toRow: toVideo };
    }
    case 'payout-structures': {
      const { project_id, include_archived, search, sort } = spec.params;
      const selector: Record<string, unknown> = { org_id: orgId };
      if (project_id) selector.project_id = project_id;
      if (!include_archived) selector.is_active = true;
      if (search.trim()) selector.name = { $regex: escapeRegex(search.trim()), $options: 'i' };
      return { collection: db.payout_structures, selector, sortField: sort, tieBreak: ['name'], toRow: toStructureRow };
    }
    case 'accruals': {
      const { project_id, creator_id, structure_id, status, from, to, sort } = spec.params;
      const selector: Record<string, unknown> = { org_id: orgId };
      if (project_id) selector.project_id = project_id;
      if (creator_id) selector.creator_id = creator_id;
      if (structure_id) selector.structure_id = structure_id;
      if (status) selector.status = status;
      if (from || to) selector.period_end_at = { ...(from && { $gte: from }), ...(to && { $lte: to }) };
      return {
        collection: db.accruals,
        selector,
        sortField: sort,
        toRow: (doc: never) => doc,
        sumField: 'amount_cents',
        sumOf: { collection: 'accruals', filter: { org_id: orgId, project_id, creator_id, structure_id, status, from, to } },
      };
    }
    case 'payments': {
      const { project_id, creator_id, status, from, to, sort } = spec.params;
      const selector: Record<string, unknown> = { org_id: orgId };
      if (project_id) selector.project_id = project_id;
      if (creator_id) selector.creator_id = creator_id;
      if (status) selector.status = status;
      if (from || to) selector.paid_at = { ...(from && { $gte: from }), ...(to && { $lte: to }) };
      return {
        collection: db.payments,
        selector,
        sortField: sort,
        toRow: (doc: never) => doc,
        sumField: 'total_amount_cents',
        sumOf: { collection: 'payments', filter: { org_id: orgId, project_id, creator_id, status, from, to } },
      };
    }
    case 'accrual-engine':
      throw new Error('accrual-engine is not a collection query');
    case 'assignments': {
      const { structure_id, include_inactive, sort } = spec.params;
      const selector: Record<string, unknown> = { org_id: orgId, structure_id };
      if (!include_inactive) selector.unassigned_at = null;
      return { collection: db.assignments, selector, sortField: sort, toRow: toAssignmentRow };
    }
  }
}

/**
 * Runs a named live query in the process that owns the store and streams its current page and
 * total to `onMessage` until the returned function is called. The spec crossed a boundary, so it
 * is validated here; an invalid spec yields one error message and no subscription.
 */
export function watchQuery(
  db: PayoutsDatabase,
  orgId: string,
  rawSpec: unknown,
  onMessage: (message: WatchMessage) => void,
  progress$: Observable<EngineProgress> = of({ running: false, done: 0, total: 0, started_at: null }),
  sums?: LedgerSums,
): () => void {
  const parsed = watchSpecSchema.safeParse(rawSpec);
  if (!parsed.success) {
    const first = toFieldErrors(parsed.error)[0];
    onMessage({ type: 'error', error: { code: 'invalid_query', message: `Invalid live query: ${first?.path}: ${first?.message}` } });
    return () => undefined;
  }
  if (parsed.data.name === 'accrual-engine') {
    const subscription = combineLatest([engineState$(db), progress$]).subscribe(([doc, progress]) => {
      const row: EngineStatus = { progress, last_run: ((doc?.toJSON().data as { last_run?: AccrualRun | null } | undefined)?.last_run ?? null) };
      onMessage({ type: 'result', rows: [row], total: 1 });
    });
    return () => subscription.unsubscribe();
  }
  const subscription = subscribe(plan(db, orgId, parsed.data), parsed.data.params, onMessage, sums);
  return () => subscription.unsubscribe();
}

function subscribe(query: Plan, page: { dir: 'asc' | 'desc'; limit: number; skip: number }, onMessage: (message: WatchMessage) => void, sums: LedgerSums | undefined): Subscription {
  const sumField = query.sumField;
  const ties = (query.tieBreak ?? []).filter((field) => field !== query.sortField);
  const sort = [{ [query.sortField]: page.dir }, ...ties.map((field) => ({ [field]: 'asc' })), { id: 'asc' }];
  const rows$ = query.collection.find({ selector: query.selector, sort: sort as never, limit: page.limit, skip: page.skip }).$;
  // The count and the sum cover every matching row (two million accruals in a large program):
  // when the store keeps ledger sums and they answer the filter, one SQL aggregate over the side
  // table (core/store/ledger-sums.ts) gives both, no document read; otherwise RxDB counts and the
  // stored rows are read (memory stores; bounds in another form than stored timestamps). Once at
  // the start and again after changes — a run's thousands of inserts are one bulk; bursts of
  // bulks are totalled at most every 100 ms.
  const afterChanges = <T,>(compute: () => T | Promise<T>) =>
    query.collection.eventBulks$.pipe(
      startWith(null),
      throttleTime(100, undefined, { leading: true, trailing: true }),
      switchMap(async () => compute()),
    );
  const sumOf = query.sumOf;
  let totals$: Observable<{ count: number; sum: number | undefined }>;
  if (sums && sumOf && answersFilter(sumOf.filter)) {
    totals$ = afterChanges(() => sums.totals(sumOf.collection, sumOf.filter) ?? { count: 0, sum: 0 });
  } else {
    const count$ = query.collection.count({ selector: query.selector }).$;
    const sum$ = sumField
      ? afterChanges(async () => {
          const rows = await readRows(query.collection, { selector: query.selector, sort: sort as never });
          return rows.reduce((sum, row) => sum + Number((row as Record<string, unknown>)[sumField]), 0);
        })
      : of(undefined);
    totals$ = combineLatest([count$, sum$]).pipe(map(([count, sum]) => ({ count, sum })));
  }
  return combineLatest([rows$, totals$]).subscribe({
    next: ([docs, { count, sum }]) =>
      onMessage({
        type: 'result',
        rows: docs.map((doc) => query.toRow(doc.toMutableJSON() as never)),
        total: count,
        ...(sum !== undefined && { sum_amount_cents: sum }),
      }),
    error: (error: unknown) => onMessage({ type: 'error', error: { code: 'internal_error', message: String(error) } }),
  });
}
