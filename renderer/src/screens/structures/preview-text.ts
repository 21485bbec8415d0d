import type { Period } from '../../../../core/domain/creator.ts';
import { formatCents } from '../../../../core/domain/money.ts';

const monthDay = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' });
const monthYear = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', year: 'numeric' });

/** A calendar day given as YYYY-MM-DD, as a UTC instant to format (the day is already local to the project). */
function day(text: string): Date {
  const [year, month, date] = text.split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, date ?? 1));
}

/** "Nov 9", "Nov 9 – 15", "Nov 30 – Dec 6", "Nov 2026": a preview period by its first and last day. */
export function describePeriod(kind: Period, firstDay: string, lastDay: string): string {
  const first = day(firstDay);
  if (kind === 'monthly') return monthYear.format(first);
  if (kind === 'daily' || firstDay === lastDay) return monthDay.format(first);
  const last = day(lastDay);
  const isSameMonth = first.getUTCMonth() === last.getUTCMonth();
  return `${monthDay.format(first)} – ${isSameMonth ? last.getUTCDate() : monthDay.format(last)}`;
}

/** "3 weeks", "1 month", "12 days". */
export function periodsWord(kind: Period, count: number): string {
  const unit = kind === 'daily' ? 'day' : kind === 'weekly' ? 'week' : 'month';
  return `${count} ${count === 1 ? unit : `${unit}s`}`;
}

/** "+$5.00", "-$7.47", "$0.00": a difference with its sign. */
export function signedCents(cents: number): string {
  return cents > 0 ? `+${formatCents(cents)}` : formatCents(cents);
}
