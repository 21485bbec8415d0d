import type { Period } from './creator.ts';

/**
 * Periods are cut in the project's IANA time zone: daily [00:00, next 00:00), weekly Monday
 * 00:00 to the next Monday, monthly the 1st 00:00 to the next 1st. Across a daylight-saving
 * change a local day lasts 23 or 25 hours, so periods are computed from local calendar dates and
 * converted to UTC instants, never by adding fixed numbers of milliseconds.
 */
export type PeriodRange = { start: number; end: number };

type LocalDate = { year: number; month: number; day: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/** The wall-clock fields of an instant in a zone. */
function localFields(instant: number, timeZone: string) {
  const fields: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return fields as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

/** Offset of the zone at an instant, in ms (local wall clock minus UTC). */
function offsetAt(instant: number, timeZone: string): number {
  const f = localFields(instant, timeZone);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The UTC instant of local midnight starting a calendar date. When midnight does not exist (a
 * zone that springs forward at 00:00), the day starts at the first instant after the gap.
 */
export function startOfLocalDate(date: LocalDate, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day);
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  if (second === first) return first;
  // The two offsets disagree: midnight falls in a gap or an overlap. Take the earliest instant
  // whose local date is `date`.
  const candidates = [first, second].sort((a, b) => a - b);
  for (const candidate of candidates) {
    const f = localFields(candidate, timeZone);
    if (f.year === date.year && f.month === date.month && f.day === date.day) return candidate;
  }
  return Math.max(first, second);
}

function localDateOf(instant: number, timeZone: string): LocalDate {
  const f = localFields(instant, timeZone);
  return { year: f.year, month: f.month, day: f.day };
}

/** "2026-05-04": the calendar date of an instant in a zone (a period is named by its first day). */
export function localDateText(instant: number, timeZone: string): string {
  const { year, month, day } = localDateOf(instant, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Calendar arithmetic on plain dates (no time zone involved). */
function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function firstDateOfPeriod(kind: Period, date: LocalDate): LocalDate {
  if (kind === 'daily') return date;
  if (kind === 'monthly') return { year: date.year, month: date.month, day: 1 };
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

function firstDateOfNextPeriod(kind: Period, first: LocalDate): LocalDate {
  if (kind === 'daily') return addDays(first, 1);
  if (kind === 'weekly') return addDays(first, 7);
  return first.month === 12 ? { year: first.year + 1, month: 1, day: 1 } : { year: first.year, month: first.month + 1, day: 1 };
}

/** The period of the given kind that contains `instant` (ms since epoch). */
export function periodContaining(kind: Period, instant: number, timeZone: string): PeriodRange {
  const first = firstDateOfPeriod(kind, localDateOf(instant, timeZone));
  let start = startOfLocalDate(first, timeZone);
  if (start > instant) {
    // Only possible right around a gap at midnight; step back one period.
    return periodContaining(kind, start - 1, timeZone);
  }
  const end = startOfLocalDate(firstDateOfNextPeriod(kind, first), timeZone);
  if (end <= instant) start = end; // defensive: never return a period that does not contain the instant
  return start === end ? periodContaining(kind, end, timeZone) : { start, end };
}

/** The period right after `period`. */
export function nextPeriod(kind: Period, period: PeriodRange, timeZone: string): PeriodRange {
  return periodContaining(kind, period.end, timeZone);
}

/**
 * Every period of `kind` whose end lies in (after, until] — the periods that ended in that
 * window — oldest first.
 */
export function periodsEndingIn(kind: Period, after: number, until: number, timeZone: string): PeriodRange[] {
  const periods: PeriodRange[] = [];
  if (until <= after) return periods;
  let period = periodContaining(kind, after, timeZone);
  if (period.end <= after) period = nextPeriod(kind, period, timeZone);
  while (period.end <= until) {
    periods.push(period);
    period = nextPeriod(kind, period, timeZone);
  }
  return periods;
}
