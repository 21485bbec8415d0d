import type { CatalogRoutes } from './catalog.ts';
import type { PayoutMethodRoutes } from './payout-methods.ts';
import type { StructureRoutes } from './structures.ts';
import type { ImportRoutes } from './imports.ts';
import type { AccrualRoutes } from './accruals.ts';
import type { PaymentRoutes } from './payments.ts';
import type { EarningsRoutes } from './earnings.ts';
import type { BackupRoutes } from './backups.ts';
import type { TaxYearRoutes } from './tax-years.ts';
import type { ReportRoutes } from './reports.ts';
import type { ActivityRoutes } from './activity.ts';
import type { SyncClientRoutes, SyncServerRoutes } from './sync.ts';
import type { ReferralRoutes } from './referrals.ts';
import type { StatementRoutes } from './statements.ts';
import type { PayoutBatchRoutes } from './payout-batches.ts';

/** Every v1 route, merged from the per-domain contracts; the renderer's client is typed by it. */
export type ApiRoutes = PayoutMethodRoutes & CatalogRoutes & StructureRoutes & ImportRoutes & AccrualRoutes & PaymentRoutes & EarningsRoutes & BackupRoutes & TaxYearRoutes & ReportRoutes & ActivityRoutes & SyncServerRoutes & SyncClientRoutes & ReferralRoutes & StatementRoutes & PayoutBatchRoutes;
export type RouteKey = keyof ApiRoutes;

export * from './payout-methods.ts';
export * from './catalog.ts';
export * from './structures.ts';
export * from './imports.ts';
export * from './accruals.ts';
export * from './payments.ts';
export * from './earnings.ts';
export * from './tax-years.ts';
export * from './reports.ts';
export * from './watch.ts';
export * from './backups.ts';
export * from './activity.ts';
export * from './sync.ts';
export * from './referrals.ts';
export * from './statements.ts';
export * from './payout-batches.ts';
