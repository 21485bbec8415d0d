import type { PayoutMethod, WatchSpec } from '../../../../core/api/contracts/index.ts';
import { useWatch } from '../../api/use-watch.ts';

const SPEC: Extract<WatchSpec, { name: 'payout-methods' }> = { name: 'payout-methods', params: { include_disabled: true, sort: 'name', dir: 'asc', limit: 500 } };

/** Payout methods for the "Default payout method" select, live; disabled ones stay listed (a creator may still have one). */
export function useMethodOptions(): { methods: PayoutMethod[]; isLoading: boolean } {
  const { rows, isLoading } = useWatch(SPEC);
  return { methods: rows, isLoading };
}
