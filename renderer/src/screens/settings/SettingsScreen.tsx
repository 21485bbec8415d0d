import { useBackendSession } from '../../app/backend-context.ts';
import { maskApiKey } from '../../backend/api-key.ts';
import { CopyButton } from '../../ui/CopyButton.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { BackupPanel } from './BackupPanel.tsx';
import { SyncPanel } from './SyncPanel.tsx';

/** Where scripts reach the headless server when this window is the desktop app. */
const DEFAULT_SERVER_API = 'http://127.0.0.1:8787/api/v1';

export function SettingsScreen() {
  const { handle, apiKey, signOut } = useBackendSession();
  const isDesktop = handle.transport === 'ipc';
  const apiBaseUrl = handle.apiBaseUrl ?? DEFAULT_SERVER_API;
  const example = `curl -H "Authorization: Bearer <your key>" ${apiBaseUrl}/payout-methods`;

  return (
    <div className="settings">
      <PageHeader title="Settings" description="How this window reaches your data, how scripts can reach it too, sync with your team server, and backups." />
      <section className="panel" aria-labelledby="settings-connection">
        <h2 id="settings-connection" className="panel-title">
          Connection
        </h2>
        <dl className="settings-list">
          <div className="settings-row">
            <dt>Transport</dt>
            <dd>
              <span className="settings-value">{isDesktop ? 'Desktop (IPC)' : 'Web (HTTP + WebSocket)'}</span>
              <span className="settings-note">
                {isDesktop
                  ? 'This window talks to the app’s own process. Your data stays on this computer.'
                  : `This page talks to the Payouts desk server at ${window.location.host}.`}
              </span>
            </dd>
          </div>
          <div className="settings-row">
            <dt>API base URL</dt>
            <dd>
              <span className="settings-value settings-inline">
                <code className="code-chip">{apiBaseUrl}</code>
                <CopyButton text={apiBaseUrl} label="Copy API base URL" />
              </span>
              <span className="settings-note">
                {isDesktop ? (
                  <>
                    For scripts and agents, once the headless server runs (<code>npm run serve</code>). Create a key with{' '}
                    <code>npm run payouts -- keys create --name NAME</code>.
                  </>
                ) : (
                  <>
                    Scripts and agents use the same API with their own key (<code>npm run payouts -- keys create --name NAME</code>).
                  </>
                )}
              </span>
            </dd>
          </div>
          {apiKey === null ? null : (
            <div className="settings-row">
              <dt>API key</dt>
              <dd>
                <code className="code-chip">{maskApiKey(apiKey)}</code>
                <span className="settings-note">Kept in this browser only.</span>
              </dd>
            </div>
          )}
        </dl>
      </section>
      <SyncPanel />
      <BackupPanel />
      <section className="panel" aria-labelledby="settings-example">
        <h2 id="settings-example" className="panel-title">
          Example request
        </h2>
        <pre className="code-block">{example}</pre>
      </section>
      {signOut === null ? null : (
        <section className="panel panel-row" aria-labelledby="settings-session">
          <div>
            <h2 id="settings-session" className="panel-title">
              Session
            </h2>
            <p className="settings-note">Signing out forgets the API key in this browser.</p>
          </div>
          <button type="button" className="button button-secondary" onClick={signOut}>
            <Icon name="logout" />
            Sign out
          </button>
        </section>
      )}
    </div>
  );
}
