import { Icon } from '../ui/Icon.tsx';
import { useConnectionState } from './use-connection-state.ts';

/** Shown while the web build's live connection is down; it heals by itself, so no action is offered. */
export function ConnectionBanner() {
  const state = useConnectionState();
  if (state !== 'offline') return null;
  return (
    <div className="offline-banner" role="status">
      <Icon name="offline" />
      <strong>Offline — reconnecting…</strong>
      <span className="offline-banner-detail">Live updates are paused and changes can’t be saved until the server is reachable.</span>
    </div>
  );
}
