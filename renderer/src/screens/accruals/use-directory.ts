import { useEffect, useMemo, useState } from 'react';
import type { Creator, Project, StructureRow, WatchSpec } from '../../../../core/api/contracts/index.ts';
import type { ApiClient } from '../../api/client.ts';
import { useWatch } from '../../api/use-watch.ts';
import { useApi } from '../../app/backend-context.ts';

/** The live query's largest page: enough projects, members and structures for the pickers. */
const DIRECTORY_LIMIT = 500;

export type CreatorEntry = Pick<Creator, 'id' | 'name' | 'handle' | 'project_ids'>;
export type StructureEntry = Pick<StructureRow, 'id' | 'name' | 'project_id' | 'criteria_type' | 'is_active'>;

/**
 * Rows a live page does not cover (a creator past the first 500, one who left the project, an
 * archived structure of another project), fetched once each by id. `fetchOne` must be a module
 * constant; `known` is what the live query already has.
 */
function useFetchedMissing<T>(ids: readonly string[], known: ReadonlyMap<string, T>, isReady: boolean, fetchOne: (api: ApiClient, id: string) => Promise<T | null>) {
  const api = useApi();
  const [fetched, setFetched] = useState<ReadonlyMap<string, T | null>>(new Map());
  const missing = isReady ? [...new Set(ids)].filter((id) => !known.has(id) && !fetched.has(id)).sort() : [];
  const missingKey = missing.join(',');

  useEffect(() => {
    if (missingKey === '') return;
    let isActive = true;
    const wanted = missingKey.split(',');
    void Promise.all(wanted.map(async (id) => [id, await fetchOne(api, id)] as const)).then((found) => {
      if (!isActive) return;
      setFetched((current) => new Map([...current, ...found]));
    });
    return () => {
      isActive = false;
    };
  }, [api, missingKey, fetchOne]);

  return fetched;
}

async function fetchCreator(api: ApiClient, id: string): Promise<CreatorEntry | null> {
  const result = await api.call('GET /creators/:id', { params: { id } });
  return result.ok ? result.data : null;
}

async function fetchStructure(api: ApiClient, id: string): Promise<StructureEntry | null> {
  const result = await api.call('GET /payout-structures/:id', { params: { id } });
  return result.ok ? result.data : null;
}

const PROJECTS_SPEC: Extract<WatchSpec, { name: 'projects' }> = { name: 'projects', params: { sort: 'name', dir: 'asc', limit: DIRECTORY_LIMIT } };

/** Every project, live, by id: names, and the time zone each one's periods are cut in. */
export function useProjectDirectory(): { projects: Project[]; byId: ReadonlyMap<string, Project>; isLoading: boolean } {
  const { rows, isLoading } = useWatch(PROJECTS_SPEC);
  const byId = useMemo(() => new Map(rows.map((project) => [project.id, project])), [rows]);
  return { projects: rows, byId, isLoading };
}

/**
 * Creators (of one project, or all), live, for the filter; `nameOf` also answers for creators the
 * live page does not hold, such as those of the rows on screen.
 */
export function useCreatorDirectory(projectId: string, shownIds: readonly string[]) {
  const spec = useMemo<Extract<WatchSpec, { name: 'creators' }>>(
    () => ({ name: 'creators', params: { ...(projectId === '' ? {} : { project_id: projectId }), sort: 'name', dir: 'asc', limit: DIRECTORY_LIMIT } }),
    [projectId],
  );
  const { rows, isLoading } = useWatch(spec);
  const byId = useMemo(() => new Map<string, CreatorEntry>(rows.map((creator) => [creator.id, creator])), [rows]);
  const fetched = useFetchedMissing(shownIds, byId, !isLoading, fetchCreator);
  return { creators: rows, nameOf: (id: string): CreatorEntry | null => byId.get(id) ?? fetched.get(id) ?? null, isLoading };
}

/** Structures (of one project, or all, archived included), live; `nameOf` as for creators. */
export function useStructureDirectory(projectId: string, shownIds: readonly string[]) {
  const spec = useMemo<Extract<WatchSpec, { name: 'payout-structures' }>>(
    () => ({
      name: 'payout-structures',
      params: { ...(projectId === '' ? {} : { project_id: projectId }), include_archived: true, sort: 'name', dir: 'asc', limit: DIRECTORY_LIMIT },
    }),
    [projectId],
  );
  const { rows, isLoading } = useWatch(spec);
  const byId = useMemo(() => new Map<string, StructureEntry>(rows.map((structure) => [structure.id, structure])), [rows]);
  const fetched = useFetchedMissing(shownIds, byId, !isLoading, fetchStructure);
  return { structures: rows, nameOf: (id: string): StructureEntry | null => byId.get(id) ?? fetched.get(id) ?? null, isLoading };
}
