import { useState } from 'react';
import type { ImportKind } from '../../../../core/api/contracts/index.ts';
import type { ApiClient } from '../../api/client.ts';
import { useApi } from '../../app/backend-context.ts';
import { pluralize } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { downloadText } from '../../ui/download.ts';
import { Field } from '../../ui/Field.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { useToast } from '../../ui/toast-context.ts';
import { useProjectDirectory } from '../projects/use-project-directory.ts';
import { IMPORT_KINDS } from './import-kinds.ts';
import { KindChoice } from './KindChoice.tsx';
import { countCsvRows } from './read-csv-file.ts';

function runExport(api: ApiClient, kind: ImportKind, projectId: string) {
  // Every kind has the same contract shape (an optional project in, CSV text out).
  return api.call(`GET /exports/${kind}` as 'GET /exports/creators', { query: projectId === '' ? {} : { project_id: projectId } });
}

/** "summer-launch" from "Summer launch!", for file names. */
function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'project'
  );
}

function today(): string {
  const now = new Date();
  const pad = (part: number) => String(part).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

type ExportDialogProps = { initialKind: ImportKind; projectId?: string | undefined; onClose(): void };

/** Downloads creators, videos or view snapshots as CSV, in the layout the import reads. */
export function ExportDialog({ initialKind, projectId, onClose }: ExportDialogProps) {
  const api = useApi();
  const toast = useToast();
  const { projects } = useProjectDirectory();
  const [kind, setKind] = useState<ImportKind>(initialKind);
  const [project, setProject] = useState(projectId ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [isExporting, setIsExporting] = useState(false);

  async function download() {
    setIsExporting(true);
    setProblem(null);
    const result = await runExport(api, kind, project);
    setIsExporting(false);
    if (!result.ok) return setProblem(result.error.message);
    const projectName = projects.find((candidate) => candidate.id === project)?.name;
    const filename = `${kind}${projectName === undefined ? '' : `-${slug(projectName)}`}-${today()}.csv`;
    downloadText(filename, result.data);
    toast.show({ tone: 'success', title: `Exported ${filename}`, description: `${pluralize(countCsvRows(result.data), 'row')} of ${IMPORT_KINDS[kind].label.toLowerCase()}.` });
    onClose();
  }

  return (
    <Dialog title="Export CSV" onClose={onClose} description={<p>The file uses the same columns as the import, so it can be edited and imported back.</p>}>
      <div className="dialog-body">
        {problem === null ? null : (
          <Banner tone="danger" title="Not exported">
            {problem}
          </Banner>
        )}
        <KindChoice legend="What to export" value={kind} onChange={setKind} />
        <Field label="Project" hint={project === '' ? 'Everything in the organisation.' : undefined}>
          {(control) => (
            <select {...control} className="input select" value={project} onChange={(event) => setProject(event.target.value)}>
              <option value="">All projects</option>
              {projects.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <footer className="dialog-footer">
        <button type="button" className="button button-secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button-primary" onClick={() => void download()} disabled={isExporting} aria-busy={isExporting} data-autofocus>
          <Icon name="download" />
          Download CSV
        </button>
      </footer>
    </Dialog>
  );
}
