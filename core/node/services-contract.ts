import type { ApiRequest, ApiResponse } from '../api/envelope.ts';
import type { WatchMessage } from '../api/contracts/watch.ts';
import type { Principal } from '../api/principal.ts';

/**
 * What a host (Electron main or the headless server) gets from startServices: the v1 router, live
 * queries, and a close that stops timers and flushes the store.
 */
export type Services = {
  handle(request: ApiRequest, principal: Principal): Promise<ApiResponse>;
  /** Validates `spec` (unknown: it crossed a boundary) and streams results until unsubscribed. */
  watch(spec: unknown, principal: Principal, onMessage: (message: WatchMessage) => void): () => void;
  /** Resolves the principal for a Bearer key, or null when the key is unknown or revoked. */
  authenticate(bearer: string | undefined): Promise<Principal | null>;
  /** The principal of the person at this machine (the desktop window over IPC). */
  localPrincipal(): Principal;
  close(): Promise<void>;
};
