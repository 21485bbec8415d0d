import { useSyncExternalStore } from 'react';

/** Screens reachable today. Hash routing keeps file:// (desktop) and / (web) working alike. */
export const ROUTES = ['methods', 'settings'] as const;
export type Route = (typeof ROUTES)[number];

export const DEFAULT_ROUTE: Route = 'methods';

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
