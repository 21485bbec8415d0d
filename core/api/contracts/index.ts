import type { PayoutMethodRoutes } from './payout-methods.ts';

/** Every v1 route, merged from the per-domain contracts; the renderer's client is typed by it. */
export type ApiRoutes = PayoutMethodRoutes;
export type RouteKey = keyof ApiRoutes;

export * from './payout-methods.ts';
export * from './watch.ts';
