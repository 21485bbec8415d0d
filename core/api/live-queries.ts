import { combineLatest, type Subscription } from 'rxjs';
import type { MangoQuerySelector } from 'rxdb';
import { toPayoutMethod, type PayoutMethodDoc } from '../domain/payout-method.ts';
import { escapeRegex } from '../domain/text.ts';
import type { PayoutsDatabase } from '../store/database.ts';
import { watchSpecSchema, type ParsedWatchSpec, type WatchMessage } from './contracts/watch.ts';
import { toFieldErrors } from './router.ts';

/**
 * Runs a named live query in the process that owns the store and streams its current page and
 * total to `onMessage` until the returned function is called. The spec crossed a boundary, so it
 * is validated here; an invalid spec yields one error message and no subscription.
 */
export function watchQuery(db: PayoutsDatabase, orgId: string, rawSpec: unknown, onMessage: (message: WatchMessage) => void): () => void {
  const parsed = watchSpecSchema.safeParse(rawSpec);
  if (!parsed.success) {
    const first = toFieldErrors(parsed.error)[0];
    onMessage({ type: 'error', error: { code: 'invalid_query', message: `Invalid live query: ${first?.path}: ${first?.message}` } });
    return () => undefined;
  }
  const subscription = subscribe(db, orgId, parsed.data, onMessage);
  return () => subscription.unsubscribe();
}

function subscribe(db: PayoutsDatabase, orgId: string, spec: ParsedWatchSpec, onMessage: (message: WatchMessage) => void): Subscription {
  switch (spec.name) {
    case 'payout-methods': {
      const { include_disabled, search, sort, dir, limit, skip } = spec.params;
      const selector: MangoQuerySelector<PayoutMethodDoc> = { org_id: orgId };
      if (!include_disabled) selector.is_active = true;
      const needle = search.trim();
      if (needle) selector.name_key = { $regex: escapeRegex(needle.toLocaleLowerCase('en-US')) };
      const sortField = sort === 'name' ? 'name_key' : sort;
      const rows$ = db.payout_methods.find({ selector, sort: [{ [sortField]: dir }, ...(sortField === 'name_key' ? [] : [{ name_key: 'asc' as const }]), { id: 'asc' }], limit, skip }).$;
      const total$ = db.payout_methods.count({ selector }).$;
      return combineLatest([rows$, total$]).subscribe({
        next: ([docs, total]) => onMessage({ type: 'result', rows: docs.map((doc) => toPayoutMethod(doc.toMutableJSON())), total }),
        error: (error: unknown) => onMessage({ type: 'error', error: { code: 'internal_error', message: String(error) } }),
      });
    }
  }
}
