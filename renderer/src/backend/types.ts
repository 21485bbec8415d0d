import type { Backend } from '../../../core/api/backend.ts';
import type { ConnectionStore } from './connection.ts';

export type Transport = 'ipc' | 'http';

/** A Backend plus what the shell needs to know about how it is reached. */
export type BackendHandle = {
  transport: Transport;
  backend: Backend;
  connection: ConnectionStore;
  /** Base URL scripts can call with a key; null when this window is not served over HTTP. */
  apiBaseUrl: string | null;
  /** Opens long-lived connections (the web build's WebSocket). Safe to call again after close. */
  start(): void;
  /** Closes long-lived connections; live watches are kept and resubscribed on the next start. */
  close(): void;
};
