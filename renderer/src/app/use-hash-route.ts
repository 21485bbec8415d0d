import { useSyncExternalStore } from 'react';

/** Screens reachable today. Hash routing keeps file:// (desktop) and / (web) working alike. */
export const ROUTES = ['dashboard', 'methods', 'projects', 'creators', 'structures', 'accruals', 'payments', 'payouts', 'earnings', 'referrals', 'tax-year', 'activity', 'settings'] as const;
export type Route = (typeof ROUTES)[number];

export const DEFAULT_ROUTE: Route = 'dashboard';

function isRoute(name: string): name is Route {
  return (ROUTES as readonly string[]).includes(name);
}

/** `#/settings` → settings; anything unknown (or no hash at all) → the default screen. */
export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return isRoute(name) ? name : DEFAULT_ROUTE;
}

export function routeHref(route: Route): string {
  return `#/${route}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHashRoute(): Route {
  return useSyncExternalStore(subscribe, () => parseRoute(window.location.hash));
}

/** The path segments after the screen name: `#/creators/ID/videos` → ['ID', 'videos']. */
export function parseRouteParams(hash: string): string[] {
  return hash.replace(/^#\/?/, '').split('?')[0]?.split('/').slice(1).filter(Boolean).map(decodeURIComponent) ?? [];
}

/** Segments after the screen name, joined (stable string for useSyncExternalStore). */
export function useRouteParams(): string[] {
  const joined = useSyncExternalStore(subscribe, () => parseRouteParams(window.location.hash).join('/'));
  return joined ? joined.split('/') : [];
}

/** `#/creators/ID` for a screen and its path segments. */
export function routePath(route: Route, ...segments: string[]): string {
  return [routeHref(route), ...segments.map(encodeURIComponent)].join('/');
}
