import { useId } from 'react';
import type { ImportKind } from '../../../../core/api/contracts/index.ts';
import { IMPORT_KINDS, KIND_ORDER } from './import-kinds.ts';

type KindChoiceProps = {
  legend: string;
  value: ImportKind;
  onChange(kind: ImportKind): void;
  isDisabled?: boolean;
  /** The chosen radio takes the dialog's first focus. */
  isAutoFocused?: boolean;
};

/** The three kinds of CSV as a radio group of cards; the chosen one lists its columns. */
export function KindChoice({ legend, value, onChange, isDisabled = false, isAutoFocused = false }: KindChoiceProps) {
  const name = useId();
  const info = IMPORT_KINDS[value];
  return (
    <fieldset className="kind-choice" disabled={isDisabled}>
      <legend className="field-label">{legend}</legend>
      <div className="kind-options">
        {KIND_ORDER.map((kind) => (
          <label key={kind} className={kind === value ? 'kind-option is-selected' : 'kind-option'}>
            <input type="radio" name={name} value={kind} checked={kind === value} onChange={() => onChange(kind)} {...(isAutoFocused && kind === value ? { 'data-autofocus': true } : {})} />
            <span className="kind-option-label">{IMPORT_KINDS[kind].label}</span>
          </label>
        ))}
      </div>
      <p className="field-hint">{info.description}</p>
      <p className="kind-columns">
        <span className="kind-columns-label">Columns</span>
        {info.columns.map((column) => (
          <code key={column} className={info.required.includes(column) ? 'is-required' : undefined} title={info.required.includes(column) ? 'Required' : 'Optional'}>
            {column}
          </code>
        ))}
      </p>
    </fieldset>
  );
}
