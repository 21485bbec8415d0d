import { createContext, use } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { BackendHandle } from '../backend/index.ts';

/** The session the screens run in: how to reach the data, and how to leave (web only). */
export type BackendSession = {
  handle: BackendHandle;
  client: ApiClient;
  /** The web build's key; null on the desktop, which needs none. */
  apiKey: string | null;
  /** Forgets the key and returns to the sign-in screen; null on the desktop. */
  signOut: (() => void) | null;
};

export const BackendContext = createContext<BackendSession | null>(null);

export function useBackendSession(): BackendSession {
  const session = use(BackendContext);
  if (session === null) throw new Error('useBackendSession must be used inside a BackendContext provider');
  return session;
}

export function useApi(): ApiClient {
  return useBackendSession().client;
}
