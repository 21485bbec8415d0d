import { useSyncExternalStore } from 'react';
import type { ConnectionState } from '../backend/index.ts';
import { useBackendSession } from './backend-context.ts';

export function useConnectionState(): ConnectionState {
  const { connection } = useBackendSession().handle;
  return useSyncExternalStore(connection.subscribe, connection.get);
}
