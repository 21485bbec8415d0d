import { Icon } from './Icon.tsx';

type SearchInputProps = {
  /** Accessible name and placeholder, e.g. "Search creators". */
  label: string;
  value: string;
  onChange(value: string): void;
  maxLength?: number;
};

/** The toolbar's search box: Escape or the × clears it. */
export function SearchInput({ label, value, onChange, maxLength = 100 }: SearchInputProps) {
  return (
    <div className="search">
      <Icon name="search" className="search-icon" />
      <input
        className="input search-input"
        type="search"
        aria-label={label}
        placeholder={label}
        maxLength={maxLength}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && value !== '') {
            event.preventDefault();
            onChange('');
          }
        }}
      />
      {value === '' ? null : (
        <button type="button" className="icon-button search-clear" aria-label="Clear search" onClick={() => onChange('')}>
          <Icon name="close" size={14} />
        </button>
      )}
    </div>
  );
}
