import { useCallback, useEffect, useState } from 'react';
import { accrualFiltersSchema, filtersFromLink, NO_FILTERS, type AccrualFilters } from './accrual-filters.ts';

const STORAGE_KEY = 'payouts.accruals.filters';

function readStored(): AccrualFilters {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (raw === null) return NO_FILTERS;
    const parsed = accrualFiltersSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : NO_FILTERS;
  } catch {
    return NO_FILTERS; // unreadable or unavailable storage: start unfiltered
  }
}

function store(filters: AccrualFilters): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(filters));
  } catch {
    // Not persisted; the screen still works for this visit.
  }
}

/**
 * The list's filters: remembered for this tab (a trip to a detail page and back keeps them), and
 * set by a link such as `#/accruals?status=earned` from the dashboard. The link's filters win
 * once; then the query is taken off the address so a reload does not undo later changes.
 */
export function useAccrualFilters(): [AccrualFilters, (next: AccrualFilters) => void] {
  const [linked] = useState(() => filtersFromLink(window.location.hash));
  const [filters, setFilters] = useState<AccrualFilters>(() => linked ?? readStored());

  useEffect(() => {
    if (linked === null) return;
    store(linked);
    const { pathname, search } = window.location;
    window.history.replaceState(window.history.state, '', `${pathname}${search}#/accruals`);
  }, [linked]);

  const update = useCallback((next: AccrualFilters) => {
    setFilters(next);
    store(next);
  }, []);
  return [filters, update];
}
