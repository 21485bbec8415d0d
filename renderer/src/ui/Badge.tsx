import type { ReactNode } from 'react';

export type BadgeTone = 'neutral' | 'accent' | 'success' | 'muted';

/** A short status word; `dot` marks states (Active / Disabled) as opposed to kinds (Default / Custom). */
export function Badge({ tone, dot = false, children }: { tone: BadgeTone; dot?: boolean; children: ReactNode }) {
  return (
    <span className={`badge badge-${tone}`}>
      {dot ? <span className="badge-dot" aria-hidden="true" /> : null}
      {children}
    </span>
  );
}
