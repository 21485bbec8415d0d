import type { BackendHandle } from './types.ts';
import { createHttpBackend, type HttpBackendOptions } from './http.ts';
import { createIpcBackend, readBridge } from './ipc.ts';

export type { BackendHandle, Transport } from './types.ts';
export type { ConnectionState, ConnectionStore } from './connection.ts';
export type { HttpBackendOptions } from './http.ts';

/**
 * Which transport this page uses: IPC when the Electron preload exposed `window.payouts`, else
 * HTTP + WebSocket to the server that served the page. The HTTP backend needs an API key, so the
 * web choice is a factory the sign-in flow calls once it has one.
 */
export type BackendChoice =
  | { transport: 'ipc'; create(): BackendHandle }
  | { transport: 'http'; create(options: HttpBackendOptions): BackendHandle };

export function pickBackend(): BackendChoice {
  const bridge = readBridge();
  if (bridge !== null) return { transport: 'ipc', create: () => createIpcBackend(bridge) };
  return { transport: 'http', create: createHttpBackend };
}
