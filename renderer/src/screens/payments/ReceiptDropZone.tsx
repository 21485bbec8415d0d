import { useState, type DragEvent } from 'react';
import { Icon } from '../../ui/Icon.tsx';
import { RECEIPT_ACCEPT } from './receipt-files.ts';

type ReceiptDropZoneProps = {
  onFiles(files: File[]): void;
  /** Accessible name of the file input. */
  label?: string;
  isDisabled?: boolean;
  /** A slimmer zone, for a dialog that already has much to show. */
  isCompact?: boolean;
};

/** Images and PDFs dropped onto it or chosen with the file picker, several at once. */
export function ReceiptDropZone({ onFiles, label = 'Receipt files', isDisabled = false, isCompact = false }: ReceiptDropZoneProps) {
  const [isOver, setIsOver] = useState(false);

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setIsOver(false);
    if (isDisabled) return;
    const files = [...event.dataTransfer.files];
    if (files.length > 0) onFiles(files);
  }

  const classes = ['drop-zone', 'pay-drop-zone', isCompact ? 'pay-drop-zone-compact' : '', isOver ? 'is-over' : '', isDisabled ? 'is-disabled' : ''].filter(Boolean).join(' ');
  return (
    <div
      className={classes}
      onDragEnter={(event) => {
        event.preventDefault();
        if (!isDisabled) setIsOver(true);
      }}
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = isDisabled ? 'none' : 'copy';
      }}
      onDragLeave={(event) => {
        // Leaving for a child of the zone is not leaving the zone.
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setIsOver(false);
      }}
      onDrop={onDrop}
    >
      <span className="drop-zone-icon">
        <Icon name="paperclip" size={isCompact ? 17 : 20} />
      </span>
      <div className="pay-drop-zone-text">
        <p className="drop-zone-title">{isOver ? 'Drop to attach' : 'Drop receipts here'}</p>
        <p className="drop-zone-text">
          or{' '}
          <label className="drop-zone-choose">
            choose files
            <input
              className="visually-hidden"
              type="file"
              multiple
              accept={RECEIPT_ACCEPT}
              aria-label={label}
              disabled={isDisabled}
              onChange={(event) => {
                const files = [...(event.target.files ?? [])];
                // Cleared so that choosing the same file again (after removing it) adds it again.
                event.target.value = '';
                if (files.length > 0) onFiles(files);
              }}
            />
          </label>
          . Screenshots, photos or PDFs, up to 10 MB each.
        </p>
      </div>
    </div>
  );
}
