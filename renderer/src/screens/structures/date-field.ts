import { isCalendarDate, startOfDayInZone, todayInZone } from './zoned-date.ts';

export type DateCheck = { ok: true; iso: string | undefined } | { ok: false; message: string };

/**
 * An optional "joined on" / "as of" date → the API's timestamp: the start of that day in the
 * project's time zone, or undefined (the server's "now") when left empty. Not in the future.
 */
export function checkOptionalDate(text: string, timeZone: string, now: number): DateCheck {
  const value = text.trim();
  if (value === '') return { ok: true, iso: undefined };
  if (!isCalendarDate(value)) return { ok: false, message: 'Enter a date, or leave it empty for now' };
  if (value > todayInZone(timeZone, now)) return { ok: false, message: 'Can’t be in the future' };
  return { ok: true, iso: startOfDayInZone(value, timeZone) };
}

/** "UTC", "America/New_York" → "America/New York": for hints. */
export function zoneName(timeZone: string): string {
  return timeZone.replace(/_/g, ' ');
}

/** Server messages about a date name creators by id ("overlaps an earlier assignment of <id>"); dialogs know their names. */
export function withNames(message: string, creators: readonly { id: string; name: string }[]): string {
  return creators.reduce((text, creator) => text.replaceAll(creator.id, creator.name), message);
}
