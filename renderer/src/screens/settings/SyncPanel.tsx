import { useEffect, useState, type FormEvent } from 'react';
import type { SyncConflict } from '../../../../core/api/contracts/index.ts';
import { useApi } from '../../app/backend-context.ts';
import { useSyncStatus } from '../../app/sync-status-context.ts';
import { useRouteParams } from '../../app/use-hash-route.ts';
import { conflictTargets, refusedAction, undoneText, type ConflictTarget } from './conflict-words.ts';
import { useResource } from '../../api/use-resource.ts';
import { formatLocalDateTime } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { useToast } from '../../ui/toast-context.ts';

const STATE_TEXT = { off: 'Off', idle: 'Synced', pushing: 'Sending changes…', pulling: 'Receiving changes…', offline: 'Offline', error: 'Error' } as const;

/**
 * Settings → Sync (SPEC §8, docs/sync.md): the team server's address and this member's key
 * (checked by the server before it is saved, then shown only as its prefix), "Sync now" with what
 * the cycle did, and the commands the team server refused, in words.
 */
export function SyncPanel() {
  const api = useApi();
  const toast = useToast();
  const status = useResource('sync', (client) => client.call('GET /sync', {}));
  const conflicts = useResource('sync-conflicts', (client) => client.call('GET /sync/conflicts', {}));
  const [serverUrl, setServerUrl] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<null | 'saving' | 'syncing'>(null);
  const current = status.result?.ok ? status.result.data : null;
  const unavailable = status.result && !status.result.ok ? status.result.error.message : null;
  const refused = conflicts.result?.ok ? conflicts.result.data : [];
  const shared = useSyncStatus();
  const [section] = useRouteParams();
  const { reload: reloadStatus } = status;
  const { reload: reloadConflicts } = conflicts;
  const signature = `${shared.status?.state}:${shared.status?.pending}:${shared.status?.conflicted}:${shared.status?.last_pull_at}`;

  // The timer's cycles (seen by the shared status) move this panel too.
  useEffect(() => {
    reloadStatus();
    reloadConflicts();
  }, [signature, reloadStatus, reloadConflicts]);

  // `#/settings/sync` and `#/settings/sync-conflicts` (the sidebar chip's links) bring this panel or its conflicts into view.
  const anchor = section === 'sync-conflicts' && refused.length > 0 ? 'settings-sync-conflicts' : section === 'sync' || section === 'sync-conflicts' ? 'settings-sync' : null;
  useEffect(() => {
    if (anchor) document.getElementById(anchor)?.scrollIntoView({ block: 'start' });
  }, [anchor]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy('saving');
    const result = await api.call('PUT /sync', { body: { server_url: serverUrl, api_key: apiKey } });
    setBusy(null);
    if (!result.ok) {
      setFieldErrors(result.fieldErrors);
      toast.show({ tone: 'danger', title: 'Sync was not set up', description: result.error.message });
      return;
    }
    setFieldErrors({});
    setApiKey('');
    status.reload();
    shared.refresh();
  }

  async function syncNow() {
    setBusy('syncing');
    const result = await api.call('POST /sync/runs', {});
    setBusy(null);
    if (!result.ok) toast.show({ tone: 'danger', title: 'Sync did not run', description: result.error.message });
    else if (result.data.error) toast.show({ tone: 'danger', title: 'Sync stopped', description: result.data.error });
    else toast.show({ tone: 'success', title: 'Synced', description: `${result.data.pushed} sent, ${result.data.conflicted} refused, ${result.data.pulled} received` });
    status.reload();
    conflicts.reload();
    shared.refresh();
  }

  async function dismiss(id: string) {
    const result = await api.call('DELETE /sync/conflicts/:id', { params: { id } });
    if (!result.ok) toast.show({ tone: 'danger', title: 'Not dismissed', description: result.error.message });
    conflicts.reload();
    status.reload();
    shared.refresh();
  }

  async function turnOff() {
    await api.call('DELETE /sync', {});
    status.reload();
    shared.refresh();
  }

  return (
    <section className="panel" aria-labelledby="settings-sync">
      <div className="panel-row">
        <div>
          <h2 id="settings-sync" className="panel-title">
            Sync
          </h2>
          <p className="settings-note">Work offline and share one truth with your team server: your changes are sent in order, then the server’s are received.</p>
        </div>
        {current && current.state !== 'off' ? (
          <button type="button" className="button button-primary" onClick={() => void syncNow()} disabled={busy !== null} aria-busy={busy === 'syncing'}>
            <Icon name="clock" />
            {busy === 'syncing' ? 'Syncing…' : 'Sync now'}
          </button>
        ) : null}
      </div>
      {unavailable ? <Banner tone="info">{unavailable}</Banner> : null}
      {current ? (
        <dl className="settings-list" role="group" aria-label="Sync status">
          <div className="settings-row">
            <dt>Status</dt>
            <dd>
              <span className="settings-value">{STATE_TEXT[current.state]}</span>
              <span className="settings-note">
                {current.pending} pending · {current.conflicted} refused
                {current.last_pull_at ? ` · last received ${formatLocalDateTime(current.last_pull_at)}` : ''}
              </span>
              {current.blobs_missing > 0 ? (
                <span className="settings-note">
                  {current.blobs_missing} receipt or payout file{current.blobs_missing === 1 ? '' : 's'} not yet downloaded from the team server (asked again at each sync)
                </span>
              ) : null}
              {current.last_error ? <span className="settings-note">{current.last_error}</span> : null}
            </dd>
          </div>
          {current.server_url ? (
            <div className="settings-row">
              <dt>Team server</dt>
              <dd>
                <code className="code-chip">{current.server_url}</code>
                <span className="settings-note">
                  Key <code>{current.key_prefix}…</code>, every {current.interval_seconds} seconds.{' '}
                  <button type="button" className="button button-secondary" onClick={() => void turnOff()}>
                    Turn sync off
                  </button>
                </span>
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      <form className="sync-form" onSubmit={(event) => void save(event)} aria-label="Team server">
        <label>
          Team server URL
          <input type="url" required value={serverUrl} onChange={(event) => setServerUrl(event.target.value)} placeholder="https://payouts.example.com" aria-invalid={fieldErrors.server_url ? true : undefined} />
        </label>
        {fieldErrors.server_url ? <span className="settings-note">{fieldErrors.server_url}</span> : null}
        <label>
          Your API key
          <input type="password" required value={apiKey} onChange={(event) => setApiKey(event.target.value)} autoComplete="off" aria-invalid={fieldErrors.api_key ? true : undefined} />
        </label>
        {fieldErrors.api_key ? <span className="settings-note">{fieldErrors.api_key}</span> : null}
        <button type="submit" className="button button-secondary" disabled={busy !== null} aria-busy={busy === 'saving'}>
          Check and save
        </button>
      </form>
      {refused.length > 0 ? (
        <>
          <h3 id="settings-sync-conflicts" className="panel-subtitle">
            Conflicts
          </h3>
          <ul className="backup-list" aria-label="Refused by the team server">
            {refused.map((conflict) => (
              <ConflictItem key={conflict.id} conflict={conflict} onDismiss={() => void dismiss(conflict.id)} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** One refused command in words: what it was, the server's answer, what was undone here, and links to what still exists. */
function ConflictItem({ conflict, onDismiss }: { conflict: SyncConflict; onDismiss(): void }) {
  return (
    <li className="backup-item" aria-label={`${refusedAction(conflict.method, conflict.path)} was refused`}>
      <div className="backup-item-main">
        <span className="settings-value">
          {refusedAction(conflict.method, conflict.path)} was refused by the team server: {conflict.message}
        </span>
        <span className="settings-note">{undoneText(conflict)}</span>
        <span className="settings-note">
          <code>
            {conflict.method} {conflict.path}
          </code>{' '}
          answered {conflict.status} <code>{conflict.code}</code> · {formatLocalDateTime(conflict.at)}
        </span>
        <ConflictLinks targets={conflictTargets(conflict)} />
      </div>
      <button type="button" className="button button-secondary" onClick={onDismiss}>
        Dismiss
      </button>
    </li>
  );
}

/** Links to the entities a conflict names, each shown once it is known to still exist here. */
function ConflictLinks({ targets }: { targets: ConflictTarget[] }) {
  const api = useApi();
  const [existing, setExisting] = useState<ReadonlySet<string>>(new Set());
  const key = targets.map((entry) => `${entry.read}:${entry.id}`).join(',');
  useEffect(() => {
    let isActive = true;
    const wanted = key === '' ? [] : key.split(',');
    void Promise.all(
      wanted.map(async (entry) => {
        const [read, id] = entry.split(/:(?=[^:]*$)/) as [ConflictTarget['read'], string];
        const result = await api.call(read, { params: { id } });
        return result.ok ? id : null;
      }),
    ).then((ids) => {
      if (isActive) setExisting(new Set(ids.filter((id) => id !== null)));
    });
    return () => {
      isActive = false;
    };
  }, [api, key]);
  const shown = targets.filter((entry) => existing.has(entry.id));
  if (shown.length === 0) return null;
  return (
    <span className="sync-conflict-links">
      {shown.map((entry) => (
        <a key={entry.id} className="cell-link" href={entry.href}>
          {entry.label}
        </a>
      ))}
    </span>
  );
}
