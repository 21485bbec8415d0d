import type { Project } from '../../../../core/api/contracts/index.ts';
import { routePath } from '../../app/use-hash-route.ts';

const SHOWN = 2;

/** A creator's projects as small linked chips; the rest as "+2" with their names in its title. */
export function ProjectChips({ projectIds, byId }: { projectIds: readonly string[]; byId: ReadonlyMap<string, Project> }) {
  if (projectIds.length === 0) return <span className="cell-muted">No projects</span>;
  const named = projectIds
    .map((id) => ({ id, name: byId.get(id)?.name ?? 'Unknown project' }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const shown = named.slice(0, SHOWN);
  const rest = named.slice(SHOWN);
  return (
    <ul className="chips" aria-label="Projects">
      {shown.map((project) => (
        <li key={project.id}>
          <a className="chip" href={routePath('projects', project.id)} title={project.name}>
            {project.name}
          </a>
        </li>
      ))}
      {rest.length === 0 ? null : (
        <li>
          <span className="chip chip-more" title={rest.map((project) => project.name).join(', ')}>
            +{rest.length}
          </span>
        </li>
      )}
    </ul>
  );
}
