import { useRouteParams } from '../../app/use-hash-route.ts';
import { BatchDetail } from './BatchDetail.tsx';
import { BatchesList } from './BatchesList.tsx';
import { PayCreators } from './PayCreators.tsx';

/** `#/payouts` lists the payout batches; `#/payouts/new` is the Pay creators flow; `#/payouts/<id>` one batch. */
export function PayoutsScreen() {
  const [batchId] = useRouteParams();
  if (batchId === 'new') return <PayCreators />;
  if (batchId !== undefined) return <BatchDetail key={batchId} batchId={batchId} />;
  return <BatchesList />;
}
