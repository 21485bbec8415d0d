import type { BackendChoice } from '../backend/index.ts';
import { ToastProvider } from '../ui/Toasts.tsx';
import { DesktopSession } from './DesktopSession.tsx';
import { WebSession } from './WebSession.tsx';

export function App({ choice, initialKey }: { choice: BackendChoice; initialKey: string | null }) {
  return (
    <ToastProvider>
      {choice.transport === 'ipc' ? <DesktopSession create={choice.create} /> : <WebSession create={choice.create} initialKey={initialKey} />}
    </ToastProvider>
  );
}
