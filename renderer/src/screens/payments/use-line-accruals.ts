import { useEffect, useState } from 'react';
import type { Accrual } from '../../../../core/api/contracts/index.ts';
import { useApi } from '../../app/backend-context.ts';

const PARALLEL = 6;

/**
 * The accruals a payment's lines settle (their periods and structures), read by id a few at a
 * time. `version` re-reads them, e.g. after a void turned them back to earned.
 */
export function useLineAccruals(accrualIds: readonly string[], version: string): { byId: ReadonlyMap<string, Accrual | null>; isLoading: boolean } {
  const api = useApi();
  const key = `${version}|${accrualIds.join(',')}`;
  const [loaded, setLoaded] = useState<{ key: string; byId: ReadonlyMap<string, Accrual | null> } | null>(null);

  useEffect(() => {
    let isActive = true;
    const ids = key.split('|')[1]?.split(',').filter(Boolean) ?? [];
    const found = new Map<string, Accrual | null>();
    let next = 0;
    async function worker() {
      while (isActive && next < ids.length) {
        const id = ids[next++] as string;
        const result = await api.call('GET /payout-accruals/:id', { params: { id } });
        found.set(id, result.ok ? result.data : null);
      }
    }
    void Promise.all(Array.from({ length: Math.min(PARALLEL, ids.length) }, worker)).then(() => {
      if (isActive) setLoaded({ key, byId: found });
    });
    return () => {
      isActive = false;
    };
  }, [api, key]);

  const isCurrent = loaded !== null && loaded.key === key;
  return { byId: isCurrent ? loaded.byId : (loaded?.byId ?? new Map()), isLoading: !isCurrent };
}
