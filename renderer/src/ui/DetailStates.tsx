import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon.tsx';

/** A detail page while its entity loads: the shape of a title and a block. */
export function DetailLoading() {
  return (
    <div className="detail-skeleton" aria-busy="true" aria-label="Loading">
      <span className="skeleton skeleton-title" />
      <span className="skeleton skeleton-block" />
    </div>
  );
}

/**
 * A detail page whose entity could not be read: gone (`not_found`, e.g. an old link) or another
 * error, said in words, with a way back.
 */
export function DetailProblem({ icon, noun, error, back }: { icon: IconName; noun: string; error: { code: string; message: string } | null; back: ReactNode }) {
  const isMissing = error?.code === 'not_found';
  return (
    <div className="empty-state">
      <span className="empty-icon">
        <Icon name={icon} size={20} />
      </span>
      <p className="empty-title">{isMissing ? `This ${noun} doesn’t exist` : `Couldn’t load this ${noun}`}</p>
      <p className="empty-text">{isMissing ? 'It may have been opened from an old link.' : error?.message}</p>
      <div className="empty-actions">{back}</div>
    </div>
  );
}
