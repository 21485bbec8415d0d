import { useMemo } from 'react';
import type { Project, WatchSpec } from '../../../../core/api/contracts/index.ts';
import { useWatch } from '../../api/use-watch.ts';

/** The live query's largest page; enough projects for any organisation this app is for. */
const PROJECT_LIMIT = 500;
const SPEC: Extract<WatchSpec, { name: 'projects' }> = { name: 'projects', params: { sort: 'name', dir: 'asc', limit: PROJECT_LIMIT } };

/** Every project, live, by name and by id: for the project filter, the picker and the Project column. */
export function useProjects(): { projects: Project[]; byId: ReadonlyMap<string, Project>; isLoading: boolean } {
  const { rows, isLoading } = useWatch(SPEC);
  const byId = useMemo(() => new Map(rows.map((project) => [project.id, project])), [rows]);
  return { projects: rows, byId, isLoading };
}
