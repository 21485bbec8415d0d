import type { ApiRequest, ApiResponse } from './envelope.ts';
import type { WatchMessage, WatchSpec } from './contracts/watch.ts';

/**
 * What the renderer talks to. Electron implements it over IPC (the preload bridge), the web build
 * over HTTP + WebSocket to `npm run serve`. Same router, same answers.
 */
export type Backend = {
  request(request: ApiRequest): Promise<ApiResponse>;
  /** Subscribes to a live query; returns the function that ends the subscription. */
  watch(spec: WatchSpec, onMessage: (message: WatchMessage) => void): () => void;
};

/** The one object the Electron preload exposes on `window.payouts`. */
export type PayoutsBridge = Backend & { readonly transport: 'ipc' };
