import { PageHeader } from '../../ui/PageHeader.tsx';

/** Payments: the screen is being built; the route exists so navigation is wired. */
export function PaymentsScreen() {
  return <PageHeader title="Payments" />;
}
