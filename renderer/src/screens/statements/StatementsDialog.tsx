import { useState } from 'react';
import type { Project } from '../../../../core/api/contracts/index.ts';
import { statementsZipStem } from '../../../../core/domain/statement.ts';
import { useApi } from '../../app/backend-context.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { downloadBytes } from '../../ui/download.ts';
import { Field } from '../../ui/Field.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { useToast } from '../../ui/toast-context.ts';

type Format = 'pdf' | 'csv';

/**
 * Every member's statement of one project over one range, as one zip of PDF or CSV files
 * (`GET /statements`). Empty dates are the server's default: this month up to today.
 */
export function StatementsDialog({ project, onClose }: { project: Pick<Project, 'id' | 'name'>; onClose(): void }) {
  const api = useApi();
  const toast = useToast();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [format, setFormat] = useState<Format>('pdf');
  const [problem, setProblem] = useState<string | null>(null);
  const [isPreparing, setIsPreparing] = useState(false);

  async function download() {
    setIsPreparing(true);
    setProblem(null);
    const range = { ...(from !== '' && { from }), ...(to !== '' && { to }) };
    // The range the server settles on (the defaults are days in the project's time zone) names the file.
    const listed = await api.call('GET /statements', { query: { project_id: project.id, ...range, format: 'json' } });
    if (!listed.ok) {
      setIsPreparing(false);
      return setProblem(listed.error.message);
    }
    const statements = listed.data instanceof Uint8Array ? [] : listed.data.statements;
    if (statements.length === 0) {
      setIsPreparing(false);
      return setProblem(`${project.name} has no members yet, so there is no statement to download.`);
    }
    const first = statements[0]!;
    const answer = await api.call('GET /statements', { query: { project_id: project.id, from: first.from, to: first.to, format } });
    setIsPreparing(false);
    if (!answer.ok) return setProblem(answer.error.message);
    if (!(answer.data instanceof Uint8Array)) return setProblem('The server did not answer a zip file.');
    const filename = `${statementsZipStem(project, first)}.zip`;
    downloadBytes(filename, answer.data, 'application/zip');
    toast.show({
      tone: 'success',
      title: `Downloaded ${filename}`,
      description: `${statements.length.toLocaleString()} ${statements.length === 1 ? 'statement' : 'statements'} as ${format.toUpperCase()}, ${first.from} to ${first.to}.`,
    });
    onClose();
  }

  return (
    <Dialog
      title="Download statements"
      onClose={onClose}
      description={<p>One statement per member of {project.name}, in one zip. Leave the dates empty for this month up to today.</p>}
    >
      <div className="dialog-body">
        {problem === null ? null : (
          <Banner tone="danger" title="Not downloaded">
            {problem}
          </Banner>
        )}
        <div className="field-row">
          <Field label="From" optional>
            {(control) => <input {...control} type="date" className="input" value={from} onChange={(event) => setFrom(event.target.value)} />}
          </Field>
          <Field label="To" optional>
            {(control) => <input {...control} type="date" className="input" value={to} onChange={(event) => setTo(event.target.value)} />}
          </Field>
        </div>
        <Field label="Files">
          {(control) => (
            <select {...control} className="input select" value={format} onChange={(event) => setFormat(event.target.value === 'csv' ? 'csv' : 'pdf')}>
              <option value="pdf">PDF (to send or print)</option>
              <option value="csv">CSV (for a spreadsheet)</option>
            </select>
          )}
        </Field>
      </div>
      <footer className="dialog-footer">
        <button type="button" className="button button-secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button-primary" onClick={() => void download()} disabled={isPreparing} aria-busy={isPreparing} data-autofocus>
          <Icon name="download" />
          {isPreparing ? 'Preparing…' : 'Download zip'}
        </button>
      </footer>
    </Dialog>
  );
}
