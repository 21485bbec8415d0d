import { useEffect, useState } from 'react';
import type { Receipt } from '../../../../core/api/contracts/index.ts';
import { useApi } from '../../app/backend-context.ts';

export type ReceiptUrl = { state: 'loading' } | { state: 'ready'; url: string } | { state: 'failed'; message: string };

/**
 * A receipt's bytes, fetched through the API (over IPC or HTTP alike) and shown through an object
 * URL: the page's CSP allows `blob:` images, and no key ever ends up in an address. The URL is
 * revoked when the receipt leaves the screen.
 */
export function useReceiptUrl(paymentId: string, receipt: Pick<Receipt, 'id' | 'content_type'>): ReceiptUrl {
  const api = useApi();
  const [loaded, setLoaded] = useState<{ id: string; value: ReceiptUrl } | null>(null);

  useEffect(() => {
    let isActive = true;
    let url: string | null = null;
    void api.call('GET /payout-payments/:id/receipts/:receipt_id', { params: { id: paymentId, receipt_id: receipt.id } }).then((result) => {
      if (!isActive) return;
      if (!result.ok) {
        setLoaded({ id: receipt.id, value: { state: 'failed', message: result.error.code === 'not_found' ? 'This file is missing from the store.' : result.error.message } });
        return;
      }
      // Copied into a fresh buffer: a Blob takes an ArrayBuffer-backed view.
      url = URL.createObjectURL(new Blob([new Uint8Array(result.data)], { type: receipt.content_type }));
      setLoaded({ id: receipt.id, value: { state: 'ready', url } });
    });
    return () => {
      isActive = false;
      if (url !== null) URL.revokeObjectURL(url);
    };
  }, [api, paymentId, receipt.id, receipt.content_type]);

  return loaded !== null && loaded.id === receipt.id ? loaded.value : { state: 'loading' };
}
