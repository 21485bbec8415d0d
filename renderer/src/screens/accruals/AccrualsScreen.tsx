import { useRouteParams } from '../../app/use-hash-route.ts';
import { AccrualDetail } from './AccrualDetail.tsx';
import { AccrualsList } from './AccrualsList.tsx';

/** `#/accruals` (the list) and `#/accruals/<id>` (one accrual, explained). */
export function AccrualsScreen() {
  const [accrualId] = useRouteParams();
  if (accrualId === undefined) return <AccrualsList />;
  return <AccrualDetail key={accrualId} accrualId={accrualId} />;
}
