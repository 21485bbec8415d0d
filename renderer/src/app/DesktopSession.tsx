import { useState } from 'react';
import type { BackendHandle } from '../backend/index.ts';
import { SessionProvider } from './SessionProvider.tsx';
import { Shell } from './Shell.tsx';

/** The desktop window: the main process is the backend, and the person at the machine is trusted. */
export function DesktopSession({ create }: { create(): BackendHandle }) {
  const [handle] = useState(create);
  return (
    <SessionProvider handle={handle} apiKey={null} signOut={null}>
      <Shell />
    </SessionProvider>
  );
}
