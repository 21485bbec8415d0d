import { z } from 'zod';
import type { Accrual } from '../../../../core/api/contracts/index.ts';
import { periodSchema, type Period } from '../../../../core/domain/creator.ts';
import { formatDateInZone, formatPeriod } from '../../../../core/domain/explain/zoned-format.ts';

export const PERIOD_LABELS: Record<Period, string> = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' };

const periodPart = z.object({ period: z.object({ kind: periodSchema }) });
const zonePart = z.object({ time_zone: z.string() });

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
 * over the day it was reached for view milestones. Days in the project's zone.
 */
export function periodText(accrual: PeriodFields, timeZone: string, locale?: string): { primary: string; secondary: string } {
  if (accrual.criteria_type === 'view_threshold') {
    const views = accrual.view_count === null ? 'views' : `${accrual.view_count.toLocaleString(locale)} views`;
    return { primary: `Milestone ${views}`, secondary: `Reached ${formatDateInZone(accrual.period_end_at, timeZone, locale)}` };
  }
  const kind = periodKindOf(accrual);
  // Unknown kind: write the days it covers, which is right for any kind.
  const primary = formatPeriod(kind ?? 'weekly', accrual.period_start_at, accrual.period_end_at, timeZone, locale);
  return { primary, secondary: kind === null ? '' : PERIOD_LABELS[kind] };
}
