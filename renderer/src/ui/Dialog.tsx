import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Icon } from './Icon.tsx';

type DialogProps = {
  title: string;
  description?: ReactNode;
  onClose(): void;
  children: ReactNode;
  size?: 'small' | 'medium' | 'large';
};

/**
 * A modal built on the native <dialog>: showModal() gives focus containment, an inert page behind
 * and the top layer for free. Mount it to open, unmount it to close. Focus goes to the element
 * marked `data-autofocus` (else the browser's first focusable one); Escape calls onClose.
 */
export function Dialog({ title, description, onClose, children, size = 'medium' }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    const previouslyFocused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      dialog.close();
      // Put the user back where they were (the row's button), if it still exists.
      if (previouslyFocused?.isConnected) previouslyFocused.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${size}`}
      aria-labelledby={titleId}
      aria-describedby={description === undefined ? undefined : descriptionId}
      aria-modal="true"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      // Browsers may close a dialog without a cancellable cancel event (repeated Escape).
      onClose={onClose}
    >
      <header className="dialog-header">
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <button type="button" className="icon-button dialog-close" aria-label="Close" onClick={onClose}>
          <Icon name="close" />
        </button>
      </header>
      {description === undefined ? null : (
        <div id={descriptionId} className="dialog-description">
          {description}
        </div>
      )}
      {children}
    </dialog>
  );
}
