import type { Accrual } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { pluralize } from '../../format.ts';
import { CriteriaTypeBadge } from '../accruals/AccrualBadges.tsx';
import { periodText } from '../accruals/accrual-text.ts';

type AccrualPickerProps = {
  rows: Accrual[];
  /** How many earned accruals there are in all (the list holds the oldest 500). */
  total: number;
  selected: ReadonlySet<string>;
  onChange(next: ReadonlySet<string>): void;
  structureName(id: string): string;
  zone: string;
  isLoading: boolean;
  isDisabled: boolean;
  /** The accrual the server just refused, marked in the list. */
  refusedId: string | null;
  /** What to say when there is nothing to settle. */
  emptyText: string;
};

/** The creator's outstanding accruals in the project, each with its amount, to tick for this payment. */
export function AccrualPicker({ rows, total, selected, onChange, structureName, zone, isLoading, isDisabled, refusedId, emptyText }: AccrualPickerProps) {
  const selectedRows = rows.filter((accrual) => selected.has(accrual.id));
  const sum = selectedRows.reduce((total, accrual) => total + accrual.amount_cents, 0);
  const isAll = rows.length > 0 && selectedRows.length === rows.length;
  const isSome = selectedRows.length > 0 && !isAll;

  function toggle(id: string) {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onChange(next);
  }

  return (
    <fieldset className="pay-picker" disabled={isDisabled}>
      <legend className="pay-picker-legend">
        <span className="field-label">Accruals to settle</span>
        {rows.length > 0 ? <span className="pay-picker-count">{pluralize(rows.length, 'outstanding accrual')}</span> : null}
      </legend>
      {isLoading && rows.length === 0 ? (
        <div className="pay-picker-empty" aria-busy="true">
          <span className="skeleton skeleton-text" />
        </div>
      ) : rows.length === 0 ? (
        <p className="pay-picker-empty">{emptyText}</p>
      ) : (
        <>
          <label className="pay-picker-all">
            <input
              type="checkbox"
              className="ac-checkbox"
              checked={isAll}
              ref={(element) => {
                if (element !== null) element.indeterminate = isSome;
              }}
              onChange={() => onChange(isAll ? new Set() : new Set(rows.map((accrual) => accrual.id)))}
            />
            <span>{isAll ? 'All selected' : 'Select all'}</span>
          </label>
          <ul className="pay-picker-list">
            {rows.map((accrual) => {
              const period = periodText(accrual, zone);
              const isChecked = selected.has(accrual.id);
              const classes = ['pay-picker-row', isChecked ? 'is-checked' : '', accrual.id === refusedId ? 'is-refused' : ''].filter(Boolean).join(' ');
              return (
                <li key={accrual.id}>
                  <label className={classes}>
                    <input type="checkbox" className="ac-checkbox" checked={isChecked} onChange={() => toggle(accrual.id)} aria-label={`${period.primary}, ${structureName(accrual.structure_id)}, ${formatCents(accrual.amount_cents)}`} />
                    <span className="pay-picker-text">
                      <span className="pay-picker-period">{period.primary}</span>
                      <span className="pay-picker-structure">{structureName(accrual.structure_id)}</span>
                    </span>
                    <CriteriaTypeBadge type={accrual.criteria_type} />
                    <span className="pay-picker-amount">{formatCents(accrual.amount_cents, accrual.currency)}</span>
                  </label>
                </li>
              );
            })}
          </ul>
          <p className="pay-picker-sum" aria-live="polite" data-testid="accruals-sum">
            <span>
              {pluralize(selectedRows.length, 'accrual')} selected
              {total > rows.length ? ` · the oldest ${rows.length.toLocaleString()} of ${total.toLocaleString()} are listed` : ''}
            </span>
            <strong>{formatCents(sum)}</strong>
          </p>
        </>
      )}
    </fieldset>
  );
}
