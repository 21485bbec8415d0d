import { useState } from 'react';
import type { Receipt } from '../../../../core/api/contracts/index.ts';
import { useBackendSession } from '../../app/backend-context.ts';
import { formatLocalDateTime } from '../../format.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { formatBytes } from '../import/read-csv-file.ts';
import { isImageType } from './receipt-files.ts';
import { useReceiptUrl, type ReceiptUrl } from './use-receipt-url.ts';

/** The payment's receipts: images as thumbnails (click to see them large), PDFs as files to open or save. */
export function ReceiptGallery({ paymentId, receipts }: { paymentId: string; receipts: Receipt[] }) {
  const [viewing, setViewing] = useState<{ receipt: Receipt; url: string } | null>(null);
  return (
    <>
      <ul className="pay-receipts" aria-label="Receipts">
        {receipts.map((receipt) => (
          <ReceiptCard key={receipt.id} paymentId={paymentId} receipt={receipt} onView={(url) => setViewing({ receipt, url })} />
        ))}
      </ul>
      {viewing === null ? null : <ReceiptViewer receipt={viewing.receipt} url={viewing.url} onClose={() => setViewing(null)} />}
    </>
  );
}

function ReceiptCard({ paymentId, receipt, onView }: { paymentId: string; receipt: Receipt; onView(url: string): void }) {
  const file = useReceiptUrl(paymentId, receipt);
  const isImage = isImageType(receipt.content_type);
  return (
    <li className="pay-receipt">
      <div className={isImage ? 'pay-receipt-preview' : 'pay-receipt-preview is-document'}>
        <Preview file={file} receipt={receipt} onView={onView} />
      </div>
      <div className="pay-receipt-info">
        <div className="pay-receipt-text">
          <span className="pay-receipt-name" title={receipt.file_name}>
            {receipt.file_name}
          </span>
          <span className="pay-receipt-detail" title={`Added ${formatLocalDateTime(receipt.created_at)}`}>
            {receipt.content_type === 'application/pdf' ? 'PDF' : receipt.content_type.replace('image/', '').toUpperCase()} · {formatBytes(receipt.size_bytes)}
          </span>
        </div>
        <FileActions file={file} receipt={receipt} />
      </div>
    </li>
  );
}

function Preview({ file, receipt, onView }: { file: ReceiptUrl; receipt: Receipt; onView(url: string): void }) {
  const [brokenUrl, setBrokenUrl] = useState<string | null>(null);
  if (file.state === 'ready' && brokenUrl === file.url) {
    return (
      <span className="pay-receipt-missing" role="img" aria-label={`${receipt.file_name} can’t be shown`}>
        <Icon name="image" size={20} />
        <span>Can’t show this image; save a copy to open it.</span>
      </span>
    );
  }
  if (file.state === 'loading') return <span className="skeleton pay-receipt-skeleton" aria-label={`Loading ${receipt.file_name}`} />;
  if (file.state === 'failed') {
    return (
      <span className="pay-receipt-missing" role="img" aria-label={`${receipt.file_name} could not be loaded`}>
        <Icon name="alert" size={20} />
        <span>{file.message}</span>
      </span>
    );
  }
  if (isImageType(receipt.content_type)) {
    return (
      <button type="button" className="pay-receipt-open" onClick={() => onView(file.url)} aria-label={`View ${receipt.file_name}`}>
        <img src={file.url} alt={receipt.file_name} onError={() => setBrokenUrl(file.url)} />
      </button>
    );
  }
  return (
    <span className="pay-receipt-doc" aria-hidden="true">
      <Icon name="file" size={28} />
      <span>PDF</span>
    </span>
  );
}

/** Open (web: a new tab with the browser's viewer) and Save a copy; the desktop window saves. */
function FileActions({ file, receipt }: { file: ReceiptUrl; receipt: Receipt }) {
  const { handle } = useBackendSession();
  if (file.state !== 'ready') return null;
  const canOpenInTab = handle.transport === 'http';
  return (
    <div className="pay-receipt-actions">
      {canOpenInTab ? (
        <a className="icon-button" href={file.url} target="_blank" rel="noopener noreferrer" aria-label={`Open ${receipt.file_name}`} title="Open in a new tab">
          <Icon name="externalLink" size={15} />
        </a>
      ) : null}
      <a className="icon-button" href={file.url} download={receipt.file_name} aria-label={`Save a copy of ${receipt.file_name}`} title="Save a copy">
        <Icon name="download" size={15} />
      </a>
    </div>
  );
}

function ReceiptViewer({ receipt, url, onClose }: { receipt: Receipt; url: string; onClose(): void }) {
  return (
    <Dialog title={receipt.file_name} size="large" onClose={onClose}>
      <div className="dialog-body pay-viewer">
        <img src={url} alt={receipt.file_name} />
      </div>
      <footer className="dialog-footer dialog-footer-split">
        <span className="pay-footer-summary">{formatBytes(receipt.size_bytes)}</span>
        <div className="dialog-footer-actions">
          <a className="button button-secondary" href={url} download={receipt.file_name}>
            <Icon name="download" />
            Save a copy
          </a>
          <button type="button" className="button button-primary" onClick={onClose} data-autofocus>
            Close
          </button>
        </div>
      </footer>
    </Dialog>
  );
}
