import { useEffect, useMemo, useState } from 'react';
import type { Creator, WatchSpec } from '../../../../core/api/contracts/index.ts';
import { useWatch } from '../../api/use-watch.ts';
import { useApi } from '../../app/backend-context.ts';

export type CreatorName = Pick<Creator, 'id' | 'name' | 'handle'>;

/** The live query's largest page: the members of one project, for names in the assignments table. */
const MEMBER_LIMIT = 500;

/**
 * Names for creator ids: the project's members come from the live creators query (and follow
 * renames); anyone else (a creator who left the project, past its first 500) is fetched once.
 */
export function useCreatorNames(projectId: string, ids: readonly string[]): { nameOf(id: string): CreatorName | undefined; isLoading: boolean } {
  const api = useApi();
  const spec = useMemo<Extract<WatchSpec, { name: 'creators' }>>(
    () => ({ name: 'creators', params: { project_id: projectId, sort: 'name', dir: 'asc', limit: MEMBER_LIMIT } }),
    [projectId],
  );
  const { rows: members, isLoading } = useWatch(spec);
  const [fetched, setFetched] = useState<ReadonlyMap<string, CreatorName | null>>(new Map());
  const membersById = useMemo(() => new Map(members.map((creator) => [creator.id, creator])), [members]);
  const missing = isLoading ? [] : ids.filter((id) => !membersById.has(id) && !fetched.has(id));
  const missingKey = [...new Set(missing)].sort().join(',');

  useEffect(() => {
    if (missingKey === '') return;
    let isActive = true;
    const wanted = missingKey.split(',');
    void Promise.all(
      wanted.map(async (id) => {
        const result = await api.call('GET /creators/:id', { params: { id } });
        return [id, result.ok ? { id, name: result.data.name, handle: result.data.handle } : null] as const;
      }),
    ).then((found) => {
      if (!isActive) return;
      setFetched((current) => {
        const next = new Map(current);
        for (const [id, creator] of found) next.set(id, creator);
        return next;
      });
    });
    return () => {
      isActive = false;
    };
  }, [api, missingKey]);

  return {
    nameOf: (id) => membersById.get(id) ?? fetched.get(id) ?? undefined,
    isLoading,
  };
}
