import { useMemo } from 'react';
import type { Project, WatchSpec } from '../../../../core/api/contracts/index.ts';
import { useWatch } from '../../api/use-watch.ts';

/** Enough for every organisation this app is for; the live query's page limit is 500. */
const DIRECTORY_LIMIT = 500;
const SPEC: Extract<WatchSpec, { name: 'projects' }> = { name: 'projects', params: { sort: 'name', dir: 'asc', limit: DIRECTORY_LIMIT } };

/** Every project by name, live: for pickers, filters and the chips that name a creator's projects. */
export function useProjectDirectory(): { projects: Project[]; byId: ReadonlyMap<string, Project>; isLoading: boolean } {
  const { rows, isLoading } = useWatch(SPEC);
  const projects = rows;
  const byId = useMemo(() => new Map(projects.map((project) => [project.id, project])), [projects]);
  return { projects, byId, isLoading };
}
