import { useMemo, useRef, useState } from 'react';
import { Icon } from '../../ui/Icon.tsx';
import { timeZoneOption, timeZoneOptions } from './time-zones.ts';

type ControlProps = { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined };

type TimeZonePickerProps = {
  control: ControlProps;
  value: string;
  onChange(name: string): void;
  onBlur(): void;
  selectRef(element: HTMLSelectElement | null): void;
};

/**
 * A search box over a list of every IANA zone. The list is a native listbox (`<select size>`), so
 * keyboard, screen readers and `getByLabel('Time zone')` work as with any select; the zone
 * currently chosen stays listed even when the search hides its neighbours.
 */
export function TimeZonePicker({ control, value, onChange, onBlur, selectRef }: TimeZonePickerProps) {
  const [search, setSearch] = useState('');
  const listRef = useRef<HTMLSelectElement | null>(null);
  const needle = search.trim().toLowerCase();
  const options = useMemo(() => {
    const all = timeZoneOptions();
    const matching = needle === '' ? all : all.filter((option) => option.searchText.includes(needle));
    return matching.some((option) => option.name === value) ? matching : [timeZoneOption(value), ...matching];
  }, [needle, value]);
  const matchCount = needle === '' ? null : options.filter((option) => option.searchText.includes(needle)).length;

  return (
    <div className="tz-picker">
      <div className="search tz-search">
        <Icon name="search" className="search-icon" />
        <input
          className="input search-input"
          type="search"
          aria-label="Search time zones"
          placeholder="Search, e.g. New York or +05:30"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') {
              event.preventDefault();
              listRef.current?.focus();
            } else if (event.key === 'Enter') {
              // Enter picks the first match instead of submitting the form.
              event.preventDefault();
              const first = options.find((option) => option.searchText.includes(needle));
              if (first !== undefined) onChange(first.name);
            } else if (event.key === 'Escape' && search !== '') {
              event.preventDefault();
              setSearch('');
            }
          }}
        />
      </div>
      <select
        {...control}
        ref={(element) => {
          listRef.current = element;
          selectRef(element);
        }}
        className="input tz-list"
        size={6}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
      >
        {options.map((option) => (
          <option key={option.name} value={option.name}>
            {option.name.replace(/_/g, ' ')}
            {option.offset === '' ? '' : `  ·  ${option.offset}`}
          </option>
        ))}
      </select>
      {matchCount === 0 ? <p className="tz-no-match">No time zone matches “{search.trim()}”.</p> : null}
    </div>
  );
}
