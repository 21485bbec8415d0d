import { createContext, use } from 'react';

export type ToastTone = 'success' | 'danger' | 'info';

export type ToastInput = {
  tone?: ToastTone;
  title: string;
  description?: string;
  /** One follow-up, e.g. "Undo". Running it dismisses the toast. */
  action?: { label: string; run(): void };
};

export type Toaster = { show(toast: ToastInput): void };

export const ToastContext = createContext<Toaster | null>(null);

export function useToast(): Toaster {
  const toaster = use(ToastContext);
  if (toaster === null) throw new Error('useToast must be used inside ToastProvider');
  return toaster;
}
