import { useRouteParams } from '../../app/use-hash-route.ts';
import { PaymentDetail } from './PaymentDetail.tsx';
import { PaymentsList } from './PaymentsList.tsx';

/** `#/payments` (the list) and `#/payments/<id>` (one payment: lines, adjustments, receipts, void). */
export function PaymentsScreen() {
  const [paymentId] = useRouteParams();
  if (paymentId === undefined) return <PaymentsList />;
  return <PaymentDetail key={paymentId} paymentId={paymentId} />;
}
