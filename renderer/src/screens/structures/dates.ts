const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Version 1 is in effect "from the beginning" (the API says 1970-01-01); nobody needs to read that date. */
export const BEGINNING = '1970-01-01T00:00:00.000Z';

/** "May 3, 2026, 10:31 AM" in the manager's locale and zone: when a version took effect. */
export function formatDateTimeShort(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : dateTimeFormat.format(date);
}
