import type { Backend, PayoutsBridge } from '../../../core/api/backend.ts';
import type { BackendHandle } from './types.ts';
import { createConnectionStore } from './connection.ts';

/**
 * The preload bridge, if this page runs in the desktop window. Read defensively instead of
 * trusting a global declaration: the same bundle also runs as a plain web page.
 */
export function readBridge(): PayoutsBridge | null {
  const candidate = (globalThis as { payouts?: unknown }).payouts;
  if (typeof candidate !== 'object' || candidate === null) return null;
  const bridge = candidate as Partial<PayoutsBridge>;
  if (bridge.transport !== 'ipc' || typeof bridge.request !== 'function' || typeof bridge.watch !== 'function') {
    return null;
  }
  return bridge as PayoutsBridge;
}

/** Desktop: requests and live queries go to the main process; there is no network to lose. */
export function createIpcBackend(bridge: PayoutsBridge): BackendHandle {
  const backend: Backend = {
    // Called through the bridge object: contextBridge functions must not lose their receiver.
    request: (request) => bridge.request(request),
    watch: (spec, onMessage) => bridge.watch(spec, onMessage),
  };
  return {
    transport: 'ipc',
    backend,
    connection: createConnectionStore('online'),
    apiBaseUrl: null,
    start: () => undefined,
    close: () => undefined,
  };
}
