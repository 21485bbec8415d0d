import { z } from 'zod';
import type { Accrual } from '../../../../core/api/contracts/index.ts';
import { periodSchema, type Period } from '../../../../core/domain/creator.ts';
import { formatDateInZone, formatPeriod } from '../../../../core/domain/explain/zoned-format.ts';

export const PERIOD_LABELS: Record<Period, string> = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' };

const periodPart = z.object({ period: z.object({ kind: periodSchema }) });
const zonePart = z.object({ time_zone: z.string() });
const eventPart = z.object({ type: z.enum(['purchase', 'subscription', 'recurring', 'refund']), external_id: z.string() });
/** A commission names the event it is on; a clawback the refund that made it. */
const commissionPart = z.union([z.object({ kind: z.literal('clawback'), refund: eventPart }), z.object({ event: eventPart })]);
const EVENT_LABELS = { purchase: 'Purchase', subscription: 'Subscription', recurring: 'Recurring payment', refund: 'Refund' } as const;

type PeriodFields = Pick<Accrual, 'criteria_type' | 'period_start_at' | 'period_end_at' | 'view_count' | 'inputs_snapshot'>;

/** The kind of period the accrual covers, as the engine recorded it; null for view milestones. */
export function periodKindOf(accrual: Pick<Accrual, 'inputs_snapshot'>): Period | null {
  const parsed = periodPart.safeParse(accrual.inputs_snapshot);
  return parsed.success ? parsed.data.period.kind : null;
}

/** The zone the accrual's dates are written in: its project's, else the one the engine recorded, else UTC. */
export function zoneOf(accrual: Pick<Accrual, 'inputs_snapshot'>, projectZone: string | undefined): string {
  if (projectZone !== undefined) return projectZone;
  const parsed = zonePart.safeParse(accrual.inputs_snapshot);
  return parsed.success ? parsed.data.time_zone : 'UTC';
}

/**
 * The Period cell: "Nov 9 – 15, 2026" over "Weekly" for periods, "Milestone 1,000,000 views"
 * over the day it was reached for view milestones, "Purchase order_1" (or "Refund order_1_r"
 * for a clawback) over the day of the event for commissions. Days in the project's zone.
 */
export function periodText(accrual: PeriodFields, timeZone: string, locale?: string): { primary: string; secondary: string } {
  if (accrual.criteria_type === 'commission') {
    const day = formatDateInZone(accrual.period_start_at, timeZone, locale);
    const parsed = commissionPart.safeParse(accrual.inputs_snapshot);
    if (!parsed.success) return { primary: day, secondary: 'Commission' };
    const event = 'refund' in parsed.data ? parsed.data.refund : parsed.data.event;
    return { primary: `${EVENT_LABELS[event.type]} ${event.external_id}`, secondary: day };
  }
  if (accrual.criteria_type === 'view_threshold') {
    const views = accrual.view_count === null ? 'views' : `${accrual.view_count.toLocaleString(locale)} views`;
    return { primary: `Milestone ${views}`, secondary: `Reached ${formatDateInZone(accrual.period_end_at, timeZone, locale)}` };
  }
  const kind = periodKindOf(accrual);
  // Unknown kind: write the days it covers, which is right for any kind.
  const primary = formatPeriod(kind ?? 'weekly', accrual.period_start_at, accrual.period_end_at, timeZone, locale);
  return { primary, secondary: kind === null ? '' : PERIOD_LABELS[kind] };
}
