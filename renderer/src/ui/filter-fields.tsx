import { useId, type ReactNode } from 'react';

/** One labelled control of a list's filter bar. */
function FilterField({ label, className, children }: { label: string; className?: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={className === undefined ? 'ac-filter' : `ac-filter ${className}`}>
      <label className="ac-filter-label" htmlFor={id}>
        {label}
      </label>
      {children(id)}
    </div>
  );
}

type Choice = { value: string; label: string };

/**
 * A filter picker: "All …" (the empty value), then the choices. `pinned` is the selected choice
 * when the list does not hold it (pickers list the first 500), so it still shows by name.
 */
export function FilterSelect({
  label,
  className,
  allLabel,
  value,
  choices,
  pinned = null,
  onChange,
}: {
  label: string;
  className?: string;
  allLabel: string;
  value: string;
  choices: readonly Choice[];
  pinned?: Choice | null;
  onChange(value: string): void;
}) {
  return (
    <FilterField label={label} className={className}>
      {(id) => (
        <select id={id} className="input ac-select" value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">{allLabel}</option>
          {pinned === null ? null : <option value={pinned.value}>{pinned.label}</option>}
          {choices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      )}
    </FilterField>
  );
}

/** Two dates bounding a range (either may be empty); a backward range is marked invalid. */
export function DateRangeFilter({
  label,
  title,
  fromLabel,
  toLabel,
  from,
  to,
  isBackward,
  onChange,
}: {
  label: string;
  /** What the days mean, e.g. the zone they are read in. */
  title: string;
  fromLabel: string;
  toLabel: string;
  from: string;
  to: string;
  isBackward: boolean;
  onChange(next: { from?: string; to?: string }): void;
}) {
  return (
    <div className="ac-filter ac-filter-range">
      <span className="ac-filter-label" title={title}>
        {label}
      </span>
      <div className="ac-range">
        <input
          type="date"
          className="input ac-date"
          aria-label={fromLabel}
          aria-invalid={isBackward}
          value={from}
          max={to === '' ? undefined : to}
          onChange={(event) => onChange({ from: event.target.value })}
        />
        <span className="ac-range-dash" aria-hidden="true">
          –
        </span>
        <input
          type="date"
          className="input ac-date"
          aria-label={toLabel}
          aria-invalid={isBackward}
          value={to}
          min={from === '' ? undefined : from}
          onChange={(event) => onChange({ to: event.target.value })}
        />
      </div>
    </div>
  );
}
