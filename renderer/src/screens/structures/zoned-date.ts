/**
 * Calendar days in a project's time zone. A structure's periods are cut in the project's zone, so
 * "joined on May 1" means May 1 00:00 there, not in the manager's browser. Dates are plain
 * `YYYY-MM-DD` strings: a Date would silently shift them by the local offset.
 */

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function partsIn(timeZone: string, at: number): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const parts = Object.fromEntries(format.formatToParts(new Date(at)).map((part) => [part.type, part.value]));
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
  };
}

/** How far the zone's wall clock is ahead of UTC at the instant `at`, in milliseconds. */
function offsetAt(timeZone: string, at: number): number {
  const wall = partsIn(timeZone, at);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return wallAsUtc - Math.floor(at / 1000) * 1000;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The instant a day starts in `timeZone`, as the API's ISO timestamp: ('2026-05-01',
 * 'America/New_York') → '2026-05-01T04:00:00.000Z'. The offset is looked up twice because it may
 * differ between UTC midnight and local midnight on a daylight-saving day.
 */
export function startOfDayInZone(date: string, timeZone: string): string {
  if (!isCalendarDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const wallMidnight = Date.UTC(year, month - 1, day);
  let instant = wallMidnight - offsetAt(timeZone, wallMidnight);
  instant = wallMidnight - offsetAt(timeZone, instant);
  return new Date(instant).toISOString();
}

/** The calendar day it is at `now` in `timeZone`, as `YYYY-MM-DD`. */
export function todayInZone(timeZone: string, now: number): string {
  const { year, month, day } = partsIn(timeZone, now);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
