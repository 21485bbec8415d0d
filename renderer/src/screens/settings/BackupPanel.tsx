import { useEffect, useState } from 'react';
import type { BackupInfo } from '../../../../core/api/contracts/backups.ts';
import { useApi } from '../../app/backend-context.ts';
import { useResource } from '../../api/use-resource.ts';
import { formatLocalDateTime } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { CopyButton } from '../../ui/CopyButton.tsx';
import { downloadBytes } from '../../ui/download.ts';
import { Icon } from '../../ui/Icon.tsx';
import { ProgressBar } from '../../ui/ProgressBar.tsx';
import { useToast } from '../../ui/toast-context.ts';
import { formatBytes } from '../import/read-csv-file.ts';

/**
 * Settings → Backup: one consistent copy of the store, written while the app keeps working,
 * into the data folder's backups/ (and downloadable). Restoring needs the app stopped, so the
 * panel says how.
 */
export function BackupPanel() {
  const api = useApi();
  const toast = useToast();
  const backups = useResource('backups', (client) => client.call('GET /backups', {}));
  const [isStarting, setIsStarting] = useState(false);
  const [downloading, setDownloading] = useState<string | null>(null);
  const rows = backups.result?.ok ? backups.result.data : [];
  const running = rows.find((row) => row.status === 'running') ?? null;
  const { reload } = backups;

  // While a backup is being written, follow its progress.
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(reload, 400);
    return () => clearTimeout(timer);
  }, [running, reload, backups.result]);

  async function start() {
    setIsStarting(true);
    const result = await api.call('POST /backups', { body: {} });
    setIsStarting(false);
    if (!result.ok) toast.show({ tone: 'danger', title: 'The backup did not start', description: result.error.message });
    reload();
  }

  async function download(row: BackupInfo) {
    setDownloading(row.id);
    const result = await api.call('GET /backups/:id/file', { params: { id: row.id } });
    setDownloading(null);
    if (!result.ok) return toast.show({ tone: 'danger', title: 'Download failed', description: result.error.message });
    downloadBytes(row.file_name, result.data, 'application/vnd.sqlite3');
  }

  const unavailable = backups.result && !backups.result.ok ? backups.result.error.message : null;
  const restoreCommand = 'npm run payouts -- restore FILE';

  return (
    <section className="panel" aria-labelledby="settings-backup">
      <div className="panel-row">
        <div>
          <h2 id="settings-backup" className="panel-title">
            Backup
          </h2>
          <p className="settings-note">One consistent copy of everything (payments, receipts, accruals, settings), taken while you keep working.</p>
        </div>
        <button type="button" className="button button-primary" onClick={() => void start()} disabled={isStarting || running !== null || unavailable !== null} aria-busy={isStarting || running !== null}>
          <Icon name="download" />
          {running ? 'Backing up…' : 'Back up now'}
        </button>
      </div>
      {unavailable ? <Banner tone="info">{unavailable}</Banner> : null}
      {running ? (
        <div className="backup-progress">
          <ProgressBar label={`Writing ${running.file_name}`} value={running.bytes_total > 0 ? running.bytes_written / running.bytes_total : null} />
          <span className="settings-note">
            {formatBytes(running.bytes_written)} of about {formatBytes(running.bytes_total)}
          </span>
        </div>
      ) : null}
      {rows.length === 0 && !unavailable && backups.result ? <p className="settings-note backup-empty">No backups yet.</p> : null}
      {rows.length > 0 ? (
        <ul className="backup-list" aria-label="Backups">
          {rows.map((row) => (
            <li key={row.id} className="backup-item">
              <div className="backup-item-main">
                <span className="settings-value">{formatLocalDateTime(row.started_at)}</span>
                <span className="settings-note">
                  {row.status === 'completed' && row.size_bytes !== null ? formatBytes(row.size_bytes) : row.status === 'running' ? 'being written' : `failed: ${row.error}`}
                </span>
                <span className="settings-inline">
                  <code className="code-chip backup-path">{row.path}</code>
                  <CopyButton text={row.path} label="Copy the backup's path" />
                </span>
              </div>
              {row.status === 'completed' ? (
                <button type="button" className="button button-secondary" onClick={() => void download(row)} disabled={downloading !== null} aria-busy={downloading === row.id}>
                  <Icon name="download" />
                  Download
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="settings-note backup-restore">
        To restore a backup, quit the app (or stop the server) and run <code>{restoreCommand}</code>. The file is checked first (integrity, version, ledger
        rules); the current data is kept aside, never deleted.
      </p>
    </section>
  );
}
