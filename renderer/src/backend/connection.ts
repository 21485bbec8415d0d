/**
 * How the renderer currently reaches its data. The desktop window talks to its own main process
 * and is always `online`; the web build depends on a WebSocket that can drop at any time.
 */
export type ConnectionState = 'connecting' | 'online' | 'offline' | 'unauthorized';

/** A tiny observable value, shaped for React's useSyncExternalStore. */
export type ConnectionStore = {
  get(): ConnectionState;
  subscribe(listener: () => void): () => void;
};

export type WritableConnectionStore = ConnectionStore & { set(state: ConnectionState): void };

export function createConnectionStore(initial: ConnectionState): WritableConnectionStore {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
  };
}
