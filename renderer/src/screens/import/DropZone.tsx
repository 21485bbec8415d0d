import { useState, type DragEvent } from 'react';
import { Icon } from '../../ui/Icon.tsx';

/** A file input that also takes a file dropped onto it. */
export function DropZone({ onFile }: { onFile(file: File): void }) {
  const [isOver, setIsOver] = useState(false);

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setIsOver(false);
    const file = event.dataTransfer.files[0];
    if (file !== undefined) onFile(file);
  }

  return (
    <div
      className={isOver ? 'drop-zone is-over' : 'drop-zone'}
      onDragEnter={(event) => {
        event.preventDefault();
        setIsOver(true);
      }}
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(event) => {
        // Leaving for a child of the zone is not leaving the zone.
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setIsOver(false);
      }}
      onDrop={onDrop}
    >
      <span className="drop-zone-icon">
        <Icon name="upload" size={20} />
      </span>
      <p className="drop-zone-title">{isOver ? 'Drop to read the file' : 'Drop a CSV file here'}</p>
      <p className="drop-zone-text">
        or{' '}
        <label className="drop-zone-choose">
          choose a file
          <input
            className="visually-hidden"
            type="file"
            accept=".csv,text/csv"
            aria-label="CSV file"
            onChange={(event) => {
              const file = event.target.files?.[0];
              // Cleared so that choosing the same file again (after fixing it) reads it again.
              event.target.value = '';
              if (file !== undefined) onFile(file);
            }}
          />
        </label>{' '}
        from your computer. UTF-8, comma-separated, with a header row.
      </p>
    </div>
  );
}
