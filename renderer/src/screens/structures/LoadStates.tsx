import { routeHref } from '../../app/use-hash-route.ts';
import { Icon } from '../../ui/Icon.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { Breadcrumb } from './Breadcrumb.tsx';

/** While a form's data loads: the page's title and the shape of the card to come. */
export function FormSkeleton({ title }: { title: string }) {
  return (
    <div aria-busy="true">
      <PageHeader title={title} />
      <div className="st-form-card st-skeleton-card" aria-hidden="true">
        <span className="skeleton skeleton-text" />
        <span className="skeleton st-skeleton-block" />
        <span className="skeleton skeleton-text" />
        <span className="skeleton st-skeleton-block" />
      </div>
    </div>
  );
}

/** A structure that could not be loaded: gone, never existed, or the server is unreachable. */
export function LoadProblem({ code, message }: { code: string; message: string }) {
  const isMissing = code === 'not_found';
  return (
    <>
      <Breadcrumb trail={[{ label: 'Structure' }]} />
      <div className="empty-state">
        <span className="empty-icon">
          <Icon name="structures" size={20} />
        </span>
        <p className="empty-title">{isMissing ? 'This structure doesn’t exist' : 'Couldn’t load this structure'}</p>
        <p className="empty-text">{isMissing ? 'It may have been deleted, or opened from an old link.' : message}</p>
        <div className="empty-actions">
          <a className="button button-secondary" href={routeHref('structures')}>
            All structures
          </a>
        </div>
      </div>
    </>
  );
}
