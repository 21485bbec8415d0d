import { PageHeader } from '../../ui/PageHeader.tsx';

/** Projects: the screen is being built; the route exists so navigation is wired. */
export function ProjectsScreen() {
  return <PageHeader title="Projects" />;
}
