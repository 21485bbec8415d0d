export type TimeZoneOption = {
  /** IANA name, e.g. "Europe/Paris". */
  name: string;
  /** "UTC+01:00" today; offsets move with daylight saving, so this is only a guide. */
  offset: string;
  /** Lower-case text the search box matches against: name with spaces, and the offset. */
  searchText: string;
};

let cached: TimeZoneOption[] | null = null;

function offsetOf(name: string, at: Date): string {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((candidate) => candidate.type === 'timeZoneName');
    const value = part?.value ?? 'GMT';
    return value === 'GMT' ? 'UTC±00:00' : value.replace('GMT', 'UTC');
  } catch {
    return '';
  }
}

/** Every zone the runtime knows, UTC first, then alphabetical; computed once. */
export function timeZoneOptions(): TimeZoneOption[] {
  if (cached !== null) return cached;
  const now = new Date();
  const names = Intl.supportedValuesOf('timeZone').filter((name) => name !== 'UTC');
  cached = ['UTC', ...names].map((name) => {
    const offset = name === 'UTC' ? '' : offsetOf(name, now);
    return { name, offset, searchText: `${name.replace(/_/g, ' ')} ${name} ${offset}`.toLowerCase() };
  });
  return cached;
}

/** The zone's option, or one made up for a zone the list lacks (an alias saved elsewhere). */
export function timeZoneOption(name: string): TimeZoneOption {
  return timeZoneOptions().find((option) => option.name === name) ?? { name, offset: offsetOf(name, new Date()), searchText: name.toLowerCase() };
}

/** "3:04 PM" in that zone now, for the hint under the picker. */
export function localTimeIn(name: string): string | null {
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone: name, hour: 'numeric', minute: '2-digit' }).format(new Date());
  } catch {
    return null;
  }
}
