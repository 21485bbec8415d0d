import type { Period } from '../creator.ts';

/**
 * Dates as the project sees them. A structure's periods are cut in its project's time zone, so
 * "the week of Nov 9" must be written in that zone, not in the manager's browser zone: a week
 * that starts Monday 00:00 in New York starts Sunday evening in Los Angeles.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: string | undefined, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify([locale ?? '', timeZone, options]);
  let found = formats.get(key);
  if (found === undefined) {
    found = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formats.set(key, found);
  }
  return found;
}

/** Recent ICU versions put narrow and thin spaces around "AM" and range dashes; plain spaces read the same. */
function plainSpaces(text: string): string {
  return text.replace(/[\u202f\u2009\u00a0]/g, ' ');
}

function instant(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

const DATE: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric' };
const DATE_TIME: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' };

/** "Nov 9, 2026" in `timeZone`. */
export function formatDateInZone(iso: string, timeZone: string, locale?: string): string {
  const date = instant(iso);
  return date === null ? '—' : plainSpaces(format(locale, timeZone, DATE).format(date));
}

/** "Nov 9, 2026, 12:00 AM" in `timeZone`. */
export function formatDateTimeInZone(iso: string, timeZone: string, locale?: string): string {
  const date = instant(iso);
  return date === null ? '—' : plainSpaces(format(locale, timeZone, DATE_TIME).format(date));
}

/**
 * A period by its days in the zone: daily "Nov 9, 2026", weekly "Nov 9 – 15, 2026" (its end is
 * the next period's first instant, so the last day is the one before), monthly "October 2026".
 */
export function formatPeriod(kind: Period, startIso: string, endIso: string, timeZone: string, locale?: string): string {
  const start = instant(startIso);
  const end = instant(endIso);
  if (start === null || end === null) return '—';
  if (kind === 'monthly') return plainSpaces(format(locale, timeZone, { year: 'numeric', month: 'long' }).format(start));
  const lastDay = new Date(Math.max(start.getTime(), end.getTime() - 1));
  const days = format(locale, timeZone, DATE);
  return plainSpaces(kind === 'daily' ? days.format(start) : days.formatRange(start, lastDay));
}

const UNITS: [seconds: number, singular: string, plural: string][] = [
  [86_400, 'day', 'days'],
  [3_600, 'hour', 'hours'],
  [60, 'minute', 'minutes'],
];

/** 302400 → "3 days 12 hours", 604800 → "7 days", 2682000 → "31 days 1 hour", 45 → "45 seconds" (seconds past a minute are left out). */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, singular, plural] of UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count.toLocaleString('en-US')} ${count === 1 ? singular : plural}`);
  }
  return parts.join(' ');
}

/** The browser's own zone: the default for date filters when no project is chosen. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
