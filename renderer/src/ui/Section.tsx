import { useId, type ReactNode } from 'react';

type SectionProps = {
  title: string;
  /** A quiet number after the title, e.g. how many rows match. */
  count?: string | undefined;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
};

/** A titled part of a detail screen (a project's creators, a creator's goals). */
export function Section({ title, count, description, actions, children }: SectionProps) {
  const titleId = useId();
  return (
    <section className="section" aria-labelledby={titleId}>
      <header className="section-header">
        <div className="section-heading">
          <h2 id={titleId} className="section-title">
            {title}
            {count === undefined ? null : <span className="section-count">{count}</span>}
          </h2>
          {description === undefined ? null : <p className="section-description">{description}</p>}
        </div>
        {actions === undefined ? null : <div className="section-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}
