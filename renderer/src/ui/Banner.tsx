import type { ReactNode } from 'react';
import { Icon } from './Icon.tsx';

type BannerProps = { tone: 'danger' | 'warning' | 'info'; title?: string; children: ReactNode };

/** An inline message inside a screen or dialog; alerts are announced when they appear. */
export function Banner({ tone, title, children }: BannerProps) {
  return (
    <div className={`banner banner-${tone}`} role={tone === 'info' ? 'status' : 'alert'}>
      <Icon name={tone === 'info' ? 'info' : 'alert'} className="banner-icon" />
      <div className="banner-body">
        {title === undefined ? null : <strong className="banner-title">{title}</strong>}
        <div>{children}</div>
      </div>
    </div>
  );
}
