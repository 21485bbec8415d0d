import type { AccrualRun, CriteriaType } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';

export const TYPE_LABELS: Record<CriteriaType, string> = {
  recurring: 'Recurring',
  goals: 'Goals',
  cpm: 'CPM',
  view_threshold: 'View milestones',
  commission: 'Commissions',
};

/** Rows of the per-type counts table, in the order the product lists criteria types. */
export const RUN_TYPES: readonly CriteriaType[] = ['recurring', 'goals', 'cpm', 'view_threshold', 'commission'];

const count = (value: number) => value.toLocaleString('en-US');

/**
 * What a finished run did, as a toast: the headline number first, then where it came from.
 * "Created" is what a manager cares about; already present and skipped explain a quiet run.
 */
export function describeRun(run: Pick<AccrualRun, 'created' | 'already_present' | 'skipped' | 'by_type' | 'amount_cents_created'>): {
  title: string;
  description: string;
} {
  const title = run.created === 0 ? 'Accruals are up to date' : `${count(run.created)} new ${run.created === 1 ? 'accrual' : 'accruals'}, ${formatCents(run.amount_cents_created)}`;
  if (run.created === 0 && run.already_present === 0 && run.skipped === 0) {
    return { title, description: 'No period has ended and no milestone was reached since the last run.' };
  }
  const byType = RUN_TYPES.filter((type) => run.by_type[type].created > 0).map((type) => `${TYPE_LABELS[type]} ${count(run.by_type[type].created)}`);
  const parts = [
    ...(byType.length === 0 ? [] : [byType.join(', ')]),
    `${count(run.already_present)} already present`,
    `${count(run.skipped)} skipped`,
  ];
  return { title, description: `${parts.join(' · ')}.` };
}

/** "Running… 3 of 8 structures" while the engine works. */
export function describeProgress(progress: { done: number; total: number }): string {
  if (progress.total === 0) return 'Starting…';
  return `${count(progress.done)} of ${count(progress.total)} ${progress.total === 1 ? 'structure' : 'structures'}`;
}

const relative = new Intl.RelativeTimeFormat('en-US', { numeric: 'auto' });
const STEPS: [limitSeconds: number, unitSeconds: number, unit: Intl.RelativeTimeFormatUnit][] = [
  [3_600, 60, 'minute'],
  [86_400, 3_600, 'hour'],
  [7 * 86_400, 86_400, 'day'],
  [30 * 86_400, 7 * 86_400, 'week'],
  [365 * 86_400, 30 * 86_400, 'month'],
];

/** "just now", "3 minutes ago", "yesterday", "2 weeks ago": how long since `iso`, as of `nowMs`. */
export function formatTimeAgo(iso: string, nowMs: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '—';
  const seconds = Math.round((nowMs - then) / 1000);
  if (seconds < 45) return 'just now';
  for (const [limit, size, unit] of STEPS) {
    if (seconds < limit) return relative.format(-Math.max(1, Math.floor(seconds / size)), unit);
  }
  return relative.format(-Math.floor(seconds / (365 * 86_400)), 'year');
}
