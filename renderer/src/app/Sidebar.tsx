import type { ConnectionState, Transport } from '../backend/index.ts';
import { Icon, type IconName } from '../ui/Icon.tsx';
import { Tooltip } from '../ui/Tooltip.tsx';
import { routeHref, routePath, type Route } from './use-hash-route.ts';
import type { SyncStatus } from '../../../core/api/contracts/index.ts';
import { pluralize } from '../format.ts';
import { useSyncStatus } from './sync-status-context.ts';
import { useBackendSession } from './backend-context.ts';
import { useConnectionState } from './use-connection-state.ts';

type NavItem = { label: string; icon: IconName; route?: Route };

/** The product's map: what works today links somewhere, the rest is announced as coming. */
const WORK_ITEMS: NavItem[] = [
  { label: 'Dashboard', icon: 'earnings', route: 'dashboard' },
  { label: 'Payout methods', icon: 'methods', route: 'methods' },
  { label: 'Projects', icon: 'projects', route: 'projects' },
  { label: 'Creators', icon: 'creators', route: 'creators' },
  { label: 'Structures', icon: 'structures', route: 'structures' },
  { label: 'Accruals', icon: 'accruals', route: 'accruals' },
  { label: 'Payments', icon: 'payments', route: 'payments' },
  { label: 'Payouts', icon: 'upload', route: 'payouts' },
  { label: 'Earnings', icon: 'earnings', route: 'earnings' },
  { label: 'Referrals', icon: 'target', route: 'referrals' },
  { label: 'Tax year', icon: 'file', route: 'tax-year' },
  { label: 'Activity', icon: 'clock', route: 'activity' },
];

export function Sidebar({ route }: { route: Route }) {
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <Icon name="payments" size={18} />
        </span>
        <span className="brand-name">Payouts desk</span>
      </div>
      <nav className="nav" aria-label="Main">
        <ul className="nav-list">
          {WORK_ITEMS.map((item) => (
            <li key={item.label}>{item.route === undefined ? <SoonItem item={item} /> : <NavLink item={item} route={item.route} current={route} />}</li>
          ))}
        </ul>
        <ul className="nav-list nav-list-bottom">
          <li>
            <NavLink item={{ label: 'Settings', icon: 'settings' }} route="settings" current={route} />
          </li>
        </ul>
      </nav>
      <SyncChip />
      <ConnectionStatus />
    </aside>
  );
}

function NavLink({ item, route, current }: { item: NavItem; route: Route; current: Route }) {
  const isCurrent = route === current;
  return (
    <a className={isCurrent ? 'nav-item is-current' : 'nav-item'} href={routeHref(route)} aria-current={isCurrent ? 'page' : undefined}>
      <Icon name={item.icon} />
      <span>{item.label}</span>
    </a>
  );
}

function SoonItem({ item }: { item: NavItem }) {
  return (
    <Tooltip text={`${item.label} is coming soon`} placement="right">
      {(describedBy) => (
        <span className="nav-item is-disabled" role="link" aria-disabled="true" aria-describedby={describedBy}>
          <Icon name={item.icon} />
          <span>{item.label}</span>
          <span className="soon-tag">Soon</span>
        </span>
      )}
    </Tooltip>
  );
}

const STATUS_TEXT: Record<Transport, Record<ConnectionState, string>> = {
  ipc: { online: 'On this computer', connecting: 'On this computer', offline: 'On this computer', unauthorized: 'On this computer' },
  http: { online: 'Connected', connecting: 'Connecting…', offline: 'Reconnecting…', unauthorized: 'Signed out' },
};

function ConnectionStatus() {
  const { handle } = useBackendSession();
  const state = useConnectionState();
  const host = handle.transport === 'http' ? window.location.host : 'Desktop app';
  return (
    <div className="connection-status">
      <span className={`status-dot status-${state}`} aria-hidden="true" />
      <div className="connection-text">
        <span className="connection-state">{STATUS_TEXT[handle.transport][state]}</span>
        <span className="connection-host">{host}</span>
      </div>
    </div>
  );
}

type ChipView = { text: string; tone: 'synced' | 'pending' | 'offline' | 'conflicts'; href: string; title: string };

/** What the chip says, most urgent first; null when sync is off (or this installation has no sync client). */
export function syncChipView(status: SyncStatus | null): ChipView | null {
  if (status === null || status.state === 'off') return null;
  const settings = routePath('settings', 'sync');
  const server = status.server_url ?? 'the team server';
  if (status.conflicted > 0) return { text: pluralize(status.conflicted, 'conflict'), tone: 'conflicts', href: routePath('settings', 'sync-conflicts'), title: 'The team server refused changes made here: see what was undone' };
  if (status.state === 'offline') return { text: 'Offline', tone: 'offline', href: settings, title: status.last_error ?? `${server} could not be reached; changes wait here` };
  if (status.state === 'error') return { text: 'Sync stopped', tone: 'offline', href: settings, title: status.last_error ?? 'The last sync stopped' };
  if (status.state === 'pushing' || status.state === 'pulling') return { text: 'Syncing…', tone: 'pending', href: settings, title: `Syncing with ${server}` };
  if (status.pending > 0) return { text: `${status.pending.toLocaleString()} pending`, tone: 'pending', href: settings, title: `${pluralize(status.pending, 'change')} made here not yet on ${server}` };
  return { text: 'Synced', tone: 'synced', href: settings, title: `Everything made here is on ${server}` };
}

/** The sync status chip (SPEC §8): synced, N pending, offline or N conflicts; links to Settings → Sync. */
function SyncChip() {
  const { status } = useSyncStatus();
  const view = syncChipView(status);
  if (view === null) return null;
  return (
    <a className={`sync-chip sync-chip-${view.tone}`} href={view.href} title={view.title} aria-label={`Sync: ${view.text}`} data-testid="sync-chip">
      <Icon name={view.tone === 'conflicts' ? 'alert' : view.tone === 'offline' ? 'offline' : view.tone === 'synced' ? 'check' : 'clock'} size={14} />
      <span>{view.text}</span>
    </a>
  );
}
