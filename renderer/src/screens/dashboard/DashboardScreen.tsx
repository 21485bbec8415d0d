import { PageHeader } from '../../ui/PageHeader.tsx';

/** Dashboard: the screen is being built; the route exists so navigation is wired. */
export function DashboardScreen() {
  return <PageHeader title="Dashboard" />;
}
