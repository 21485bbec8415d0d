import type { CatalogRoutes } from './catalog.ts';
import type { PayoutMethodRoutes } from './payout-methods.ts';
import type { StructureRoutes } from './structures.ts';

/** Every v1 route, merged from the per-domain contracts; the renderer's client is typed by it. */
export type ApiRoutes = PayoutMethodRoutes & CatalogRoutes & StructureRoutes;
export type RouteKey = keyof ApiRoutes;

export * from './payout-methods.ts';
export * from './catalog.ts';
export * from './structures.ts';
export * from './watch.ts';
