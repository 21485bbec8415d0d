import { PageHeader } from '../../ui/PageHeader.tsx';

/** Earnings: the screen is being built; the route exists so navigation is wired. */
export function EarningsScreen() {
  return <PageHeader title="Earnings" />;
}
