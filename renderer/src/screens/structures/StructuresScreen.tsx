import { PageHeader } from '../../ui/PageHeader.tsx';

/** Structures: the screen is being built; the route exists so navigation is wired. */
export function StructuresScreen() {
  return <PageHeader title="Structures" />;
}
