import { useRouteParams } from '../../app/use-hash-route.ts';
import { ProjectDetail } from './ProjectDetail.tsx';
import { ProjectsList } from './ProjectsList.tsx';

/** `#/projects` lists them; `#/projects/<id>` opens one. */
export function ProjectsScreen() {
  const [projectId] = useRouteParams();
  // Keyed by id: another project starts with fresh state (dialogs, pages).
  return projectId === undefined ? <ProjectsList /> : <ProjectDetail key={projectId} projectId={projectId} />;
}
