import { PageHeader } from '../../ui/PageHeader.tsx';

/** Accruals: the screen is being built; the route exists so navigation is wired. */
export function AccrualsScreen() {
  return <PageHeader title="Accruals" />;
}
