import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Icon } from './Icon.tsx';
import { ToastContext, type ToastInput, type Toaster } from './toast-context.ts';

type ShownToast = ToastInput & { id: number };

const MAX_VISIBLE = 4;
const VISIBLE_MS = { success: 4_500, info: 6_000, danger: 8_000 } as const;

/** Results of actions, shown bottom-right; errors stay a little longer than confirmations. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ShownToast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((toast) => toast.id !== id)), []);
  const toaster = useMemo<Toaster>(
    () => ({
      show(toast) {
        const id = nextId.current++;
        setToasts((current) => [...current, { ...toast, id }].slice(-MAX_VISIBLE));
      },
    }),
    [],
  );

  return (
    <ToastContext value={toaster}>
      {children}
      <section className="toasts" aria-label="Notifications">
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} onDismiss={dismiss} />
        ))}
      </section>
    </ToastContext>
  );
}

function ToastItem({ toast, onDismiss }: { toast: ShownToast; onDismiss(id: number): void }) {
  const tone = toast.tone ?? 'success';
  const [isPaused, setIsPaused] = useState(false);

  useEffect(() => {
    if (isPaused) return;
    const timer = setTimeout(() => onDismiss(toast.id), VISIBLE_MS[tone]);
    return () => clearTimeout(timer);
  }, [isPaused, onDismiss, toast.id, tone]);

  return (
    <div
      className={`toast toast-${tone}`}
      role={tone === 'danger' ? 'alert' : 'status'}
      // Hovering or focusing keeps a toast up long enough to read it or reach its action.
      onMouseEnter={() => setIsPaused(true)}
      onMouseLeave={() => setIsPaused(false)}
      onFocus={() => setIsPaused(true)}
      onBlur={() => setIsPaused(false)}
    >
      <Icon name={tone === 'danger' ? 'alert' : tone === 'info' ? 'info' : 'check'} className="toast-icon" />
      <div className="toast-body">
        <p className="toast-title">{toast.title}</p>
        {toast.description === undefined ? null : <p className="toast-description">{toast.description}</p>}
      </div>
      {toast.action === undefined ? null : (
        <button
          type="button"
          className="toast-action"
          onClick={() => {
            toast.action?.run();
            onDismiss(toast.id);
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button type="button" className="icon-button toast-close" aria-label="Dismiss notification" onClick={() => onDismiss(toast.id)}>
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}
