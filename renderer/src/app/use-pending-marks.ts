import { useEffect, useState } from 'react';
import type { ActivityEntity, PendingEntity } from '../../../core/api/contracts/index.ts';
import { useApi } from './backend-context.ts';
import { syncSignature, useSyncStatus } from './sync-status-context.ts';

export type PendingMarks = ReadonlyMap<string, PendingEntity>;

const NONE: PendingMarks = new Map();

/**
 * Which of these entities have local changes the team server has not answered yet
 * (`GET /sync/pending`), read again whenever the sync status moves. Nothing is marked while sync
 * is off: without a team server, "not yet on the team server" says nothing useful.
 */
export function usePendingMarks(entity: ActivityEntity, ids: readonly string[]): PendingMarks {
  const api = useApi();
  const { status } = useSyncStatus();
  const isOn = status !== null && status.state !== 'off';
  const idList = [...new Set(ids)].slice(0, 200).join(',');
  const signature = syncSignature(status);
  const [loaded, setLoaded] = useState<PendingMarks | null>(null);

  useEffect(() => {
    if (!isOn || idList === '') return;
    let isActive = true;
    void api.call('GET /sync/pending', { query: { entity, ids: idList } }).then((result) => {
      if (isActive && result.ok) setLoaded(new Map(result.data.map((row) => [row.id, row])));
    });
    return () => {
      isActive = false;
    };
  }, [api, entity, idList, isOn, signature]);

  if (!isOn || idList === '' || loaded === null) return NONE;
  // While a new page's marks load, the previous page's still answer for the ids they cover.
  return loaded;
}
