import type { PayoutsBridge } from '../../core/api/backend.ts';
import type { WatchMessage } from '../../core/api/contracts/watch.ts';
import type { ApiResponse } from '../../core/api/envelope.ts';
import { IPC_CHANNELS } from './channels.ts';

/** The part of Electron's ipcRenderer the bridge uses; it stays inside the preload. */
export type IpcRendererLike = {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
};

/**
 * `window.payouts`: the renderer's Backend over IPC. Named methods only, so the page can ask main
 * for exactly these things and nothing else (it never gets ipcRenderer itself).
 */
export function createPayoutsBridge(ipc: IpcRendererLike, newWatchId: () => string = () => crypto.randomUUID()) {
  return {
    transport: 'ipc',

    request: async (request) => (await ipc.invoke(IPC_CHANNELS.request, request)) as ApiResponse,

    watch: (spec, onMessage) => {
      const id = newWatchId();
      let isActive = true;
      const listener = (_event: unknown, ...args: unknown[]): void => {
        if (isActive && args[0] === id) onMessage(args[1] as WatchMessage);
      };
      const stopListening = (): void => {
        isActive = false;
        ipc.removeListener(IPC_CHANNELS.watchMessage, listener);
      };

      ipc.on(IPC_CHANNELS.watchMessage, listener);
      ipc.invoke(IPC_CHANNELS.watch, id, spec).catch((error: unknown) => {
        if (!isActive) return;
        stopListening();
        // main refuses a watch only for a spec it cannot parse
        onMessage({ type: 'error', error: { code: 'invalid_query', message: describeIpcError(error) } });
      });

      return () => {
        if (!isActive) return;
        stopListening();
        ipc.invoke(IPC_CHANNELS.unwatch, id).catch(() => {
          // the window is going away or main already stopped this query: nothing left to end
        });
      };
    },
  } satisfies PayoutsBridge;
}

/** Electron prefixes remote errors with "Error invoking remote method '…': Error: "; the rest is ours. */
function describeIpcError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^Error invoking remote method '[^']*': (Error: )?/, '');
}
