import { routeHref } from '../../app/use-hash-route.ts';
import { Icon } from '../../ui/Icon.tsx';

export type Crumb = { label: string; href?: string };

/** "Structures › Weekly CPM › Edit rule": where this page sits, with a way back. */
export function Breadcrumb({ trail }: { trail: Crumb[] }) {
  const crumbs: Crumb[] = [{ label: 'Structures', href: routeHref('structures') }, ...trail];
  return (
    <nav className="st-breadcrumb" aria-label="Breadcrumb">
      <ol>
        {crumbs.map((crumb, index) => {
          const isLast = index === crumbs.length - 1;
          return (
            <li key={`${index}-${crumb.label}`}>
              {isLast || crumb.href === undefined ? (
                <span aria-current={isLast ? 'page' : undefined}>{crumb.label}</span>
              ) : (
                <a href={crumb.href}>{crumb.label}</a>
              )}
              {isLast ? null : <Icon name="chevronRight" size={13} className="st-breadcrumb-separator" />}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
