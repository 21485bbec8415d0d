import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ImportKind, ImportReport } from '../../../../core/api/contracts/index.ts';
import type { ApiClient } from '../../api/client.ts';
import { importReportSchema } from '../../api/response-schemas.ts';
import { useApi } from '../../app/backend-context.ts';
import { pluralize } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { downloadText } from '../../ui/download.ts';
import { Icon } from '../../ui/Icon.tsx';
import { ProgressBar } from '../../ui/ProgressBar.tsx';
import { useToast } from '../../ui/toast-context.ts';
import { DropZone } from './DropZone.tsx';
import { FilePreview, ReportCounts, ReportErrors } from './ImportReportView.tsx';
import { IMPORT_KINDS, guessKind } from './import-kinds.ts';
import { KindChoice } from './KindChoice.tsx';
import { ReadAborted, formatBytes, readCsvFile, type LoadedCsv, type ReadProgress } from './read-csv-file.ts';

/**
 * Where the import is. Every step after reading keeps the file, so another kind can be checked
 * against it without reading it again.
 */
type Phase =
  | { step: 'choose' }
  | { step: 'reading'; name: string; progress: ReadProgress }
  | { step: 'checking'; file: LoadedCsv }
  | { step: 'preview'; file: LoadedCsv; report: ImportReport }
  | { step: 'importing'; file: LoadedCsv; report: ImportReport }
  /** The real import was refused: the server wrote nothing. */
  | { step: 'refused'; file: LoadedCsv; report: ImportReport | null; message: string }
  | { step: 'failed'; file: LoadedCsv | null; title: string; message: string };

function runImport(api: ApiClient, kind: ImportKind, csv: string, isDryRun: boolean) {
  // Every kind has the same contract shape (a CSV and dry_run in, a report out).
  return api.call(`POST /imports/${kind}` as 'POST /imports/creators', { body: { csv, dry_run: isDryRun } });
}

function countsSentence(kind: ImportKind, report: ImportReport): string {
  const labels = IMPORT_KINDS[kind].counts;
  const parts = [`${report.created.toLocaleString()} ${labels.created.toLowerCase()}`];
  if (IMPORT_KINDS[kind].hasUpdates) parts.push(`${report.updated.toLocaleString()} ${labels.updated.toLowerCase()}`);
  parts.push(`${report.unchanged.toLocaleString()} ${labels.unchanged.toLowerCase()}`);
  return `${parts.join(', ')}.`;
}

type ImportDialogProps = { initialKind: ImportKind; onClose(): void };

/**
 * CSV import in three steps: choose the kind and a file; read it (with progress) and let the
 * server check it without writing (a dry run); import only a file without problems. The server
 * imports every row or none, and the dialog says so at each step.
 */
export function ImportDialog({ initialKind, onClose }: ImportDialogProps) {
  const api = useApi();
  const toast = useToast();
  const [kind, setKind] = useState<ImportKind>(initialKind);
  /** The kind chosen now, for a file that finishes reading after the choice changed. */
  const kindRef = useRef(initialKind);
  const [phase, setPhase] = useState<Phase>({ step: 'choose' });
  const readAbort = useRef<AbortController | null>(null);
  /** Answers for an older file or kind are dropped: only the latest request may move the dialog. */
  const requestSeq = useRef(0);

  useEffect(() => {
    const sequence = requestSeq;
    const reading = readAbort;
    return () => {
      // Closed: stop reading, and let a running import answer with a toast only.
      reading.current?.abort();
      sequence.current++;
    };
  }, []);

  async function check(file: LoadedCsv, checkedKind: ImportKind) {
    const seq = ++requestSeq.current;
    setPhase({ step: 'checking', file });
    const result = await runImport(api, checkedKind, file.text, true);
    if (seq !== requestSeq.current) return;
    if (result.ok) return setPhase({ step: 'preview', file, report: result.data });
    setPhase({ step: 'failed', file, title: 'Couldn’t check the file', message: result.error.message });
  }

  async function read(file: File) {
    readAbort.current?.abort();
    const controller = new AbortController();
    readAbort.current = controller;
    ++requestSeq.current;
    setPhase({ step: 'reading', name: file.name, progress: { bytesRead: 0, totalBytes: file.size, rows: 0 } });
    try {
      const onProgress = (progress: ReadProgress) => {
        if (!controller.signal.aborted) setPhase({ step: 'reading', name: file.name, progress });
      };
      const loaded = await readCsvFile(file, onProgress, controller.signal);
      if (controller.signal.aborted) return;
      if (loaded.text.trim() === '') {
        return setPhase({ step: 'failed', file: null, title: 'The file is empty', message: `${file.name} has no rows. Choose a CSV with a header row and at least one row.` });
      }
      await check(loaded, kindRef.current);
    } catch (error) {
      if (error instanceof ReadAborted) return;
      console.warn('reading the CSV failed', error);
      setPhase({ step: 'failed', file: null, title: 'Couldn’t read the file', message: `${file.name} could not be read. Check that it is a text file and try again.` });
    }
  }

  function changeKind(next: ImportKind) {
    setKind(next);
    kindRef.current = next;
    // A file already read is checked again as the new kind; one being read will be when it is done.
    const file = phase.step === 'checking' || phase.step === 'preview' || phase.step === 'refused' || phase.step === 'failed' ? phase.file : null;
    if (file !== null) void check(file, next);
  }

  async function importFile(file: LoadedCsv, report: ImportReport) {
    const seq = ++requestSeq.current;
    setPhase({ step: 'importing', file, report });
    const result = await runImport(api, kind, file.text, false);
    if (result.ok) {
      const info = IMPORT_KINDS[kind];
      toast.show({
        tone: 'success',
        title: `Imported ${pluralize(result.data.rows, 'row')} of ${info.label.toLowerCase()}`,
        description: countsSentence(kind, result.data),
      });
      // The dialog may have been closed meanwhile; the toast above is the answer then.
      if (seq === requestSeq.current) onClose();
      return;
    }
    if (seq !== requestSeq.current) {
      toast.show({ tone: 'danger', title: `${file.name} was not imported`, description: result.error.message });
      return;
    }
    if (result.error.code === 'network_error') {
      return setPhase({
        step: 'failed',
        file,
        title: 'The server didn’t answer',
        message: 'The connection dropped before the import finished. Check the list, then import again: rows already imported are recognised and left unchanged.',
      });
    }
    const refusedReport = importReportSchema.safeParse(result.meta['report']);
    setPhase({ step: 'refused', file, report: refusedReport.success ? refusedReport.data : null, message: result.error.message });
  }

  const info = IMPORT_KINDS[kind];
  const isBusy = phase.step === 'reading' || phase.step === 'checking' || phase.step === 'importing';

  return (
    <Dialog
      title="Import CSV"
      size="large"
      onClose={onClose}
      description={<p>Add or update {info.label.toLowerCase()} from a spreadsheet. Every row is checked first; a file with any problem imports nothing.</p>}
    >
      <div className="dialog-body">
        <KindChoice legend="What the file holds" value={kind} onChange={changeKind} isDisabled={phase.step === 'importing'} isAutoFocused />

        {phase.step === 'choose' ? <DropZone onFile={(file) => void read(file)} /> : null}

        {phase.step === 'reading' ? (
          <div className="import-status">
            <FileLine name={phase.name} detail={`${formatBytes(phase.progress.bytesRead)} of ${formatBytes(phase.progress.totalBytes)}`} />
            <ProgressBar label={`Reading ${phase.name}`} value={phase.progress.totalBytes === 0 ? 1 : phase.progress.bytesRead / phase.progress.totalBytes} />
            <p className="import-status-text" aria-live="polite">
              Reading… {pluralize(phase.progress.rows, 'row')} so far
            </p>
          </div>
        ) : null}

        {phase.step === 'checking' ? (
          <div className="import-status">
            <FileLine name={phase.file.name} detail={`${formatBytes(phase.file.size)} · ${pluralize(phase.file.rows, 'row')}`} />
            <ProgressBar label={`Checking ${phase.file.name}`} value={null} />
            <p className="import-status-text" aria-live="polite">
              Checking {pluralize(phase.file.rows, 'row')} as {info.label.toLowerCase()}… nothing is imported yet.
            </p>
          </div>
        ) : null}

        {phase.step === 'preview' ? (
          <>
            <FileLine
              name={phase.file.name}
              detail={`${formatBytes(phase.file.size)} · ${pluralize(phase.file.rows, 'row')}`}
              action={<ChooseAnother onFile={(file) => void read(file)} />}
            />
            <KindHint file={phase.file} kind={kind} onSwitch={changeKind} />
            <ReportCounts kind={kind} report={phase.report} />
            {phase.report.errors.length > 0 ? (
              <>
                <Banner tone="danger" title={`${pluralize(phase.report.errors.length, 'problem')}${phase.report.errors_truncated ? '+' : ''} found — nothing will be imported`}>
                  Every row must be valid before any is imported. Fix these lines in the file, then choose it again.
                </Banner>
                <ReportErrors report={phase.report} />
              </>
            ) : (
              <Banner tone="info" title="Ready to import">
                All {pluralize(phase.report.rows, 'row')} passed the checks. Nothing has been changed yet.
              </Banner>
            )}
            <FilePreview file={phase.file} errorLines={new Set(phase.report.errors.map((error) => error.line))} />
          </>
        ) : null}

        {phase.step === 'importing' ? (
          <div className="import-status">
            <FileLine name={phase.file.name} detail={`${formatBytes(phase.file.size)} · ${pluralize(phase.file.rows, 'row')}`} />
            <ProgressBar label={`Importing ${phase.file.name}`} value={null} />
            <p className="import-status-text" aria-live="polite">
              Importing {pluralize(phase.report.rows, 'row')}… You can close this window and keep working; a notification tells you when it is done.
            </p>
          </div>
        ) : null}

        {phase.step === 'refused' ? (
          <>
            <FileLine name={phase.file.name} detail={`${formatBytes(phase.file.size)} · ${pluralize(phase.file.rows, 'row')}`} action={<ChooseAnother onFile={(file) => void read(file)} />} />
            <Banner tone="danger" title="Nothing was imported">
              {phase.report === null ? phase.message : 'The data changed since the check and some rows are no longer valid. Fix these lines, then choose the file again.'}
            </Banner>
            {phase.report === null ? null : (
              <>
                <ReportCounts kind={kind} report={phase.report} />
                <ReportErrors report={phase.report} />
              </>
            )}
          </>
        ) : null}

        {phase.step === 'failed' ? (
          <>
            <Banner tone="danger" title={phase.title}>
              {phase.message}
            </Banner>
            {phase.file === null ? <DropZone onFile={(file) => void read(file)} /> : null}
          </>
        ) : null}
      </div>
      <footer className="dialog-footer dialog-footer-split">
        <button type="button" className="button button-ghost" onClick={() => downloadText(`${kind}-template.csv`, `${info.columns.join(',')}\r\n`)}>
          <Icon name="download" />
          Template
        </button>
        <div className="dialog-footer-actions">
          <button type="button" className="button button-secondary" onClick={onClose}>
            {phase.step === 'importing' ? 'Close' : 'Cancel'}
          </button>
          <ImportButton phase={phase} onImport={(file, report) => void importFile(file, report)} onRetry={(file) => void check(file, kind)} isBusy={isBusy} />
        </div>
      </footer>
    </Dialog>
  );
}

function ImportButton({
  phase,
  isBusy,
  onImport,
  onRetry,
}: {
  phase: Phase;
  isBusy: boolean;
  onImport(file: LoadedCsv, report: ImportReport): void;
  onRetry(file: LoadedCsv): void;
}) {
  if (phase.step === 'failed' && phase.file !== null) {
    const file = phase.file;
    return (
      <button type="button" className="button button-primary" onClick={() => onRetry(file)}>
        Check again
      </button>
    );
  }
  const rows = phase.step === 'preview' || phase.step === 'importing' ? phase.report.rows : phase.step === 'checking' || phase.step === 'refused' ? phase.file.rows : 0;
  const isReady = phase.step === 'preview' && phase.report.errors.length === 0 && phase.report.rows > 0;
  return (
    <button
      type="button"
      className="button button-primary"
      disabled={!isReady || isBusy}
      aria-busy={phase.step === 'importing'}
      onClick={() => {
        if (phase.step === 'preview') onImport(phase.file, phase.report);
      }}
    >
      {rows > 0 ? `Import ${pluralize(rows, 'row')}` : 'Import'}
    </button>
  );
}

function FileLine({ name, detail, action }: { name: string; detail: string; action?: ReactNode }) {
  return (
    <div className="file-line">
      <span className="file-line-icon">
        <Icon name="file" size={18} />
      </span>
      <div className="file-line-text">
        <span className="file-line-name">{name}</span>
        <span className="file-line-detail">{detail}</span>
      </div>
      {action}
    </div>
  );
}

function ChooseAnother({ onFile }: { onFile(file: File): void }) {
  return (
    <label className="button button-secondary button-small file-line-action">
      Choose another file
      <input
        className="visually-hidden"
        type="file"
        accept=".csv,text/csv"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file !== undefined) onFile(file);
        }}
      />
    </label>
  );
}

/** When the header clearly belongs to another kind, says so and offers to switch. */
function KindHint({ file, kind, onSwitch }: { file: LoadedCsv; kind: ImportKind; onSwitch(kind: ImportKind): void }) {
  const guess = guessKind(file.header, kind);
  if (guess === null) return null;
  return (
    <div className="kind-hint" role="status">
      <Icon name="info" size={15} />
      <span>
        This file’s columns look like <strong>{IMPORT_KINDS[guess].label.toLowerCase()}</strong>.
      </span>
      <button type="button" className="button button-ghost button-small" onClick={() => onSwitch(guess)}>
        Check as {IMPORT_KINDS[guess].label.toLowerCase()}
      </button>
    </div>
  );
}
