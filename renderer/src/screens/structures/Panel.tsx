import { useId, type ReactNode } from 'react';

type PanelProps = {
  title: string;
  /** A quiet word after the title: "3 assigned", "2 versions". */
  count?: string | undefined;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
};

/** A titled block of the structure page (rule, creators, version history). */
export function Panel({ title, count, description, actions, children }: PanelProps) {
  const titleId = useId();
  return (
    <section className="st-panel" aria-labelledby={titleId}>
      <header className="st-panel-header">
        <div className="st-panel-heading">
          <h2 id={titleId} className="st-panel-title">
            {title}
            {count === undefined ? null : <span className="st-panel-count">{count}</span>}
          </h2>
          {description === undefined ? null : <p className="st-panel-description">{description}</p>}
        </div>
        {actions === undefined ? null : <div className="st-panel-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}
