import { useId } from 'react';
import { Icon } from '../../ui/Icon.tsx';
import { parseWholeNumber } from './number-input.ts';
import { MAX_TIERS, emptyTier, type TierValues } from './rule-form.ts';
import { formatCount } from './number-input.ts';
import type { RuleFieldsApi } from './use-structure-form.ts';

/** Where the tier above ended, for the "and above" row: "Above 1,000,000". */
function aboveText(tiers: TierValues[], index: number): string {
  const previous = tiers[index - 1];
  if (previous === undefined) return 'All impressions';
  const parsed = parseWholeNumber(previous.upTo);
  return parsed.ok ? `Above ${formatCount(parsed.value)}` : 'And above';
}

/**
 * CPM tiers as rows: where each ends and its rate. The last row has no end ("and above"), as the
 * API requires; adding a tier appends a new last row, so the old last one gets an end to fill in.
 */
export function TiersEditor({ api }: { api: RuleFieldsApi }) {
  const { rule, changeRule, errorOf } = api;
  const { tiers } = rule;
  const hintId = useId();
  const listError = errorOf('criteria_params.tiers');

  function update(index: number, patch: Partial<TierValues>, path: string) {
    changeRule({ tiers: tiers.map((tier, at) => (at === index ? { ...tier, ...patch } : tier)) }, path);
  }

  return (
    <fieldset className="st-fieldset st-rows-editor" aria-describedby={hintId}>
      <legend className="field-label">Tiers</legend>
      <p id={hintId} className="field-hint">
        Graduated: each tier’s rate applies to the views inside it. Rates are in cents per 1,000 views.
      </p>
      <div className="st-rows" role="group" aria-label="Tiers">
        <div className="st-rows-head" aria-hidden="true">
          <span>Tier</span>
          <span>Views up to</span>
          <span>Rate</span>
          <span />
        </div>
        {tiers.map((tier, index) => {
          const number = index + 1;
          const isLast = index === tiers.length - 1;
          const upToPath = `criteria_params.tiers.${index}.up_to_impressions`;
          const ratePath = `criteria_params.tiers.${index}.cents_per_thousand`;
          const upToError = isLast ? undefined : errorOf(upToPath);
          const rateError = errorOf(ratePath);
          const errorId = `${hintId}-tier-${tier.key}`;
          return (
            <div key={tier.key} className="st-row">
              <span className="st-row-number">{number}</span>
              {isLast ? (
                <span className="st-row-fixed">{aboveText(tiers, index)}</span>
              ) : (
                <input
                  className="input"
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  placeholder="1,000,000"
                  aria-label={`Tier ${number} views up to`}
                  aria-invalid={upToError !== undefined}
                  aria-describedby={upToError === undefined ? undefined : `${errorId}-upto`}
                  value={tier.upTo}
                  onChange={(event) => update(index, { upTo: event.target.value }, upToPath)}
                />
              )}
              <div className="st-affix has-suffix">
                <input
                  className="input st-affix-input"
                  type="text"
                  inputMode="decimal"
                  autoComplete="off"
                  placeholder="50"
                  aria-label={`Tier ${number} rate in cents per 1,000 views`}
                  aria-invalid={rateError !== undefined}
                  aria-describedby={rateError === undefined ? undefined : `${errorId}-rate`}
                  value={tier.rate}
                  onChange={(event) => update(index, { rate: event.target.value }, ratePath)}
                />
                <span className="st-affix-text st-affix-suffix" aria-hidden="true">
                  ¢ / 1k
                </span>
              </div>
              <button
                type="button"
                className="icon-button st-row-remove"
                aria-label={`Remove tier ${number}`}
                disabled={tiers.length === 1}
                onClick={() => changeRule({ tiers: tiers.filter((_tier, at) => at !== index) })}
              >
                <Icon name="trash" size={15} />
              </button>
              {upToError === undefined && rateError === undefined ? null : (
                <div className="st-row-errors">
                  {upToError === undefined ? null : (
                    <p id={`${errorId}-upto`} className="field-error">
                      Tier {number} end: {upToError}
                    </p>
                  )}
                  {rateError === undefined ? null : (
                    <p id={`${errorId}-rate`} className="field-error">
                      Tier {number} rate: {rateError}
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
        <button type="button" className="button button-secondary button-small" disabled={tiers.length >= MAX_TIERS} onClick={() => changeRule({ tiers: [...tiers, emptyTier()] })}>
          <Icon name="plus" size={14} />
          Add tier
        </button>
        {tiers.length >= MAX_TIERS ? <span className="field-hint">At most {MAX_TIERS} tiers.</span> : null}
      </div>
    </fieldset>
  );
}
