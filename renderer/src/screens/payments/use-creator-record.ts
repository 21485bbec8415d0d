import { useEffect, useState } from 'react';
import type { Creator } from '../../../../core/api/contracts/index.ts';
import { useApi } from '../../app/backend-context.ts';

/** One creator (name, payout handle, default method, projects) by id; null until read, or without an id. */
export function useCreatorRecord(id: string | null | undefined): Creator | null {
  const api = useApi();
  const [loaded, setLoaded] = useState<Creator | null>(null);
  useEffect(() => {
    if (id === null || id === undefined) return;
    let isActive = true;
    void api.call('GET /creators/:id', { params: { id } }).then((result) => {
      if (isActive && result.ok) setLoaded(result.data);
    });
    return () => {
      isActive = false;
    };
  }, [api, id]);
  return loaded !== null && loaded.id === id ? loaded : null;
}
