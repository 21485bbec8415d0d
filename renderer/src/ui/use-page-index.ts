import { useState } from 'react';

/**
 * Which page of a live list to ask for. A new filter or order (a new `filterKey`) starts again at
 * the first page, derived rather than reset by an effect; after deletions the last page can
 * vanish, so the index stays on the last page that exists. Call `observe` with each answer.
 */
export function usePageIndex(filterKey: string, pageSize: number) {
  const [page, setPage] = useState({ filterKey, index: 0 });
  const [lastTotal, setLastTotal] = useState(0);
  const requested = page.filterKey === filterKey ? page.index : 0;
  const pageIndex = Math.min(requested, Math.max(0, Math.ceil(lastTotal / pageSize) - 1));
  return {
    pageIndex,
    setPageIndex: (index: number) => setPage({ filterKey, index }),
    /** Records the total of the latest answer; called during render, like the methods screen does. */
    observe(total: number, isLoading: boolean) {
      if (!isLoading && total !== lastTotal) setLastTotal(total);
    },
  };
}
