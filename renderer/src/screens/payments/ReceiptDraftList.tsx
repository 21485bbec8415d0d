import { Icon } from '../../ui/Icon.tsx';
import { ProgressBar } from '../../ui/ProgressBar.tsx';
import { formatBytes } from '../import/read-csv-file.ts';
import type { ReceiptDraft } from './use-receipt-drafts.ts';

/** The files chosen so far: a thumbnail (or a PDF mark), size, reading progress, and why a file was refused. */
export function ReceiptDraftList({ drafts, onRemove, isDisabled }: { drafts: ReceiptDraft[]; onRemove(key: string): void; isDisabled: boolean }) {
  if (drafts.length === 0) return null;
  return (
    <ul className="pay-drafts" aria-label="Receipts to attach">
      {drafts.map((draft) => (
        <li key={draft.key} className={draft.state === 'refused' ? 'pay-draft is-refused' : 'pay-draft'}>
          <span className="pay-draft-thumb" aria-hidden="true">
            {draft.previewUrl === null ? <Icon name={draft.state === 'refused' ? 'alert' : 'file'} size={18} /> : <img src={draft.previewUrl} alt="" />}
          </span>
          <div className="pay-draft-text">
            <span className="pay-draft-name" title={draft.name}>
              {draft.name}
            </span>
            {draft.state === 'refused' ? (
              <span className="pay-draft-error">{draft.message}</span>
            ) : draft.state === 'reading' ? (
              <span className="pay-draft-progress">
                <ProgressBar label={`Reading ${draft.name}`} value={draft.progress} />
              </span>
            ) : (
              <span className="pay-draft-detail">
                {draft.contentType === 'application/pdf' ? 'PDF' : 'Image'} · {formatBytes(draft.size)}
              </span>
            )}
          </div>
          <button type="button" className="icon-button" aria-label={`Remove ${draft.name}`} onClick={() => onRemove(draft.key)} disabled={isDisabled}>
            <Icon name="close" size={15} />
          </button>
        </li>
      ))}
    </ul>
  );
}
