import { useCallback, useEffect, useState } from 'react';
import { NO_PAYMENT_FILTERS, paymentFiltersFromLink, paymentFiltersSchema, type PaymentFilters } from './payment-filters.ts';

const STORAGE_KEY = 'payouts.payments.filters';

function readStored(): PaymentFilters {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (raw === null) return NO_PAYMENT_FILTERS;
    const parsed = paymentFiltersSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : NO_PAYMENT_FILTERS;
  } catch {
    return NO_PAYMENT_FILTERS; // unreadable or unavailable storage: start unfiltered
  }
}

function store(filters: PaymentFilters): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(filters));
  } catch {
    // Not persisted; the screen still works for this visit.
  }
}

/**
 * The list's filters: remembered for this tab (a trip to a payment and back keeps them), and set
 * by a link such as `#/payments?creator=<id>` from a creator's page. The link's filters win once;
 * then the query is taken off the address so a reload does not undo later changes.
 */
export function usePaymentFilters(): [PaymentFilters, (next: PaymentFilters) => void] {
  const [linked] = useState(() => paymentFiltersFromLink(window.location.hash));
  const [filters, setFilters] = useState<PaymentFilters>(() => linked ?? readStored());

  useEffect(() => {
    if (linked === null) return;
    store(linked);
    const { pathname, search } = window.location;
    window.history.replaceState(window.history.state, '', `${pathname}${search}#/payments`);
  }, [linked]);

  const update = useCallback((next: PaymentFilters) => {
    setFilters(next);
    store(next);
  }, []);
  return [filters, update];
}
