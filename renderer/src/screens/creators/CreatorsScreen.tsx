import { PageHeader } from '../../ui/PageHeader.tsx';

/** Creators: the screen is being built; the route exists so navigation is wired. */
export function CreatorsScreen() {
  return <PageHeader title="Creators" />;
}
