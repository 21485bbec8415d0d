import { useState } from 'react';
import type { ImportKind } from '../../../../core/api/contracts/index.ts';
import { Icon } from '../../ui/Icon.tsx';
import { ExportDialog } from './ExportDialog.tsx';
import { ImportDialog } from './ImportDialog.tsx';

type CsvActionsProps = {
  /** The kind each dialog starts on. */
  initialKind: ImportKind;
  /** Exports start filtered to this project. */
  projectId?: string;
};

/** "Import CSV" and "Export CSV" buttons with their dialogs, for a screen's header. */
export function CsvActions({ initialKind, projectId }: CsvActionsProps) {
  const [open, setOpen] = useState<'import' | 'export' | null>(null);
  return (
    <>
      <button type="button" className="button button-secondary" onClick={() => setOpen('import')}>
        <Icon name="upload" />
        Import CSV
      </button>
      <button type="button" className="button button-secondary" onClick={() => setOpen('export')}>
        <Icon name="download" />
        Export CSV
      </button>
      {open === 'import' ? <ImportDialog initialKind={initialKind} onClose={() => setOpen(null)} /> : null}
      {open === 'export' ? <ExportDialog initialKind={initialKind} projectId={projectId} onClose={() => setOpen(null)} /> : null}
    </>
  );
}
