import { useId } from 'react';
import { Icon } from '../../ui/Icon.tsx';
import { MAX_THRESHOLDS, emptyThreshold, type ThresholdValues } from './rule-form.ts';
import type { RuleFieldsApi } from './use-structure-form.ts';

/** One to ten milestones: a view count and the bonus paid when a video reaches it. */
export function ThresholdsEditor({ api }: { api: RuleFieldsApi }) {
  const { rule, changeRule, errorOf } = api;
  const { thresholds } = rule;
  const baseId = useId();
  const listError = errorOf('criteria_params.thresholds');

  function update(index: number, patch: Partial<ThresholdValues>, path: string) {
    changeRule({ thresholds: thresholds.map((threshold, at) => (at === index ? { ...threshold, ...patch } : threshold)) }, path);
  }

  return (
    <fieldset className="st-fieldset st-rows-editor">
      <legend className="field-label">Milestones</legend>
      <div className="st-rows st-rows-thresholds" role="group" aria-label="Milestones">
        <div className="st-rows-head" aria-hidden="true">
          <span>#</span>
          <span>Video views</span>
          <span>Bonus</span>
          <span />
        </div>
        {thresholds.map((threshold, index) => {
          const number = index + 1;
          const viewsPath = `criteria_params.thresholds.${index}.view_count`;
          const amountPath = `criteria_params.thresholds.${index}.amount_cents`;
          const viewsError = errorOf(viewsPath);
          const amountError = errorOf(amountPath);
          const errorId = `${baseId}-${threshold.key}`;
          return (
            <div key={threshold.key} className="st-row">
              <span className="st-row-number">{number}</span>
              <div className="st-affix has-suffix">
                <input
                  className="input st-affix-input"
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  placeholder="1,000,000"
                  aria-label={`Milestone ${number} views`}
                  aria-invalid={viewsError !== undefined}
                  aria-describedby={viewsError === undefined ? undefined : `${errorId}-views`}
                  value={threshold.views}
                  onChange={(event) => update(index, { views: event.target.value }, viewsPath)}
                />
                <span className="st-affix-text st-affix-suffix" aria-hidden="true">
                  views
                </span>
              </div>
              <div className="st-affix has-prefix">
                <span className="st-affix-text st-affix-prefix" aria-hidden="true">
                  $
                </span>
                <input
                  className="input st-affix-input"
                  type="text"
                  inputMode="decimal"
                  autoComplete="off"
                  placeholder="0.00"
                  aria-label={`Milestone ${number} bonus in dollars`}
                  aria-invalid={amountError !== undefined}
                  aria-describedby={amountError === undefined ? undefined : `${errorId}-amount`}
                  value={threshold.amount}
                  onChange={(event) => update(index, { amount: event.target.value }, amountPath)}
                />
              </div>
              <button
                type="button"
                className="icon-button st-row-remove"
                aria-label={`Remove milestone ${number}`}
                disabled={thresholds.length === 1}
                onClick={() => changeRule({ thresholds: thresholds.filter((_threshold, at) => at !== index) })}
              >
                <Icon name="trash" size={15} />
              </button>
              {viewsError === undefined && amountError === undefined ? null : (
                <div className="st-row-errors">
                  {viewsError === undefined ? null : (
                    <p id={`${errorId}-views`} className="field-error">
                      Milestone {number} views: {viewsError}
                    </p>
                  )}
                  {amountError === undefined ? null : (
                    <p id={`${errorId}-amount`} className="field-error">
                      Milestone {number} bonus: {amountError}
                    </p>
                  )}
                </div>
              )}
            </div>
          );
        })}
      </div>
      {listError === undefined ? null : <p className="field-error">{listError}</p>}
      <div className="st-rows-actions">
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={thresholds.length >= MAX_THRESHOLDS}
          onClick={() => changeRule({ thresholds: [...thresholds, emptyThreshold()] })}
        >
          <Icon name="plus" size={14} />
          Add milestone
        </button>
        <span className="field-hint">
          {thresholds.length} of {MAX_THRESHOLDS} milestones
        </span>
      </div>
    </fieldset>
  );
}
