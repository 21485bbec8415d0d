import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SyncStatus } from '../../../core/api/contracts/index.ts';
import { useApi } from './backend-context.ts';
import { SyncStatusContext, type SyncStatusValue } from './sync-status-context.ts';

/** How often the status is read while the window is visible: cycles run in the service host, and no live query reports them. */
const POLL_MS = 4000;

/**
 * Reads `GET /sync` every few seconds while the window is visible (and at once when asked), so the
 * sidebar chip and the pending marks follow the timer's cycles. An installation without a sync
 * client (404) is asked once. When the machine comes back online (the window's `online` event) and
 * sync is configured, a cycle runs at once instead of at the timer's next turn.
 */
export function SyncStatusProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [asked, setAsked] = useState(0);
  const refresh = useCallback(() => setAsked((count) => count + 1), []);
  const isConfigured = Boolean(status?.server_url);

  useEffect(() => {
    if (!isConfigured) return;
    const onOnline = () => void api.call('POST /sync/runs', {}).then(refresh);
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [api, refresh, isConfigured]);

  useEffect(() => {
    let isActive = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    async function read() {
      timer = null;
      const result = await api.call('GET /sync', {});
      if (!isActive) return;
      if (result.ok) setStatus(result.data);
      else if (result.error.code === 'not_found') {
        setStatus(null);
        return;
      }
      schedule();
    }
    function schedule() {
      timer = setTimeout(() => void (document.visibilityState === 'visible' ? read() : schedule()), POLL_MS);
    }
    void read();
    return () => {
      isActive = false;
      if (timer) clearTimeout(timer);
    };
  }, [api, asked]);

  const value = useMemo<SyncStatusValue>(() => ({ status, refresh }), [status, refresh]);
  return <SyncStatusContext value={value}>{children}</SyncStatusContext>;
}
