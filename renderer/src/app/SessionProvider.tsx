import { useEffect, useMemo, type ReactNode } from 'react';
import { createApiClient } from '../api/client.ts';
import type { BackendHandle } from '../backend/index.ts';
import { BackendContext, type BackendSession } from './backend-context.ts';

type SessionProviderProps = {
  handle: BackendHandle;
  apiKey: string | null;
  signOut: (() => void) | null;
  children: ReactNode;
};

/** Opens the backend's long-lived connection for as long as the session is shown. */
export function SessionProvider({ handle, apiKey, signOut, children }: SessionProviderProps) {
  useEffect(() => {
    handle.start();
    return () => handle.close();
  }, [handle]);

  const session = useMemo<BackendSession>(
    () => ({ handle, client: createApiClient(handle.backend), apiKey, signOut }),
    [handle, apiKey, signOut],
  );
  return <BackendContext value={session}>{children}</BackendContext>;
}
