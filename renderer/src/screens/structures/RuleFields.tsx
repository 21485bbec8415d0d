import { useId, type ReactNode } from 'react';
import { CRITERIA_TYPES, PRORATION_MODES, type CriteriaType, type ProrationMode } from '../../../../core/domain/payout-structure.ts';
import { PERIODS, type Period } from '../../../../core/domain/creator.ts';
import { Field } from '../../ui/Field.tsx';
import { AffixInput } from './AffixInput.tsx';
import { CRITERIA_DESCRIPTIONS, CRITERIA_LABELS, PERIOD_LABELS, PRORATION_DESCRIPTIONS, PRORATION_LABELS } from './rule-text.ts';
import type { GoalsMode } from './rule-form.ts';
import { ThresholdsEditor } from './ThresholdsEditor.tsx';
import { TiersEditor } from './TiersEditor.tsx';
import { TypeBadge } from './TypeBadge.tsx';
import type { RuleFieldsApi } from './use-structure-form.ts';

const PERIOD_UNIT: Record<Period, string> = { daily: 'day', weekly: 'week', monthly: 'month' };

type Option<V extends string> = { value: V; label: string; description?: string };

/** A row of radio buttons that reads as one control ("Daily | Weekly | Monthly"). */
function Segmented<V extends string>({ legend, name, value, options, onChange, error, disabledHint }: { legend: string; name: string; value: V; options: Option<V>[]; onChange(value: V): void; error?: string | undefined; disabledHint?: string | undefined }) {
  const errorId = useId();
  const hintId = useId();
  return (
    <fieldset className="st-fieldset" disabled={disabledHint !== undefined} aria-describedby={[error === undefined ? null : errorId, disabledHint === undefined ? null : hintId].filter(Boolean).join(' ') || undefined}>
      <legend className="field-label">{legend}</legend>
      <div className="st-segmented">
        {options.map((option) => (
          <label key={option.value} className={option.value === value ? 'st-segment is-checked' : 'st-segment'}>
            <input type="radio" name={name} value={option.value} checked={option.value === value} onChange={() => onChange(option.value)} />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      {disabledHint === undefined ? null : (
        <p id={hintId} className="field-hint">
          {disabledHint}
        </p>
      )}
      {error === undefined ? null : (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** The four kinds of rule as cards: what each pays, in a sentence. */
export function TypePicker({ value, onChange }: { value: CriteriaType; onChange(type: CriteriaType): void }) {
  const baseId = useId();
  return (
    <fieldset className="st-fieldset">
      <legend className="field-label">Type</legend>
      <div className="st-type-options">
        {CRITERIA_TYPES.map((type) => (
          <label key={type} className={type === value ? 'st-type-option is-checked' : 'st-type-option'}>
            <input
              type="radio"
              name="criteria_type"
              value={type}
              checked={type === value}
              onChange={() => onChange(type)}
              aria-labelledby={`${baseId}-${type}`}
              aria-describedby={`${baseId}-${type}-description`}
            />
            <span className="st-type-option-text">
              <span id={`${baseId}-${type}`} className="st-type-option-title">
                {CRITERIA_LABELS[type]}
              </span>
              <span id={`${baseId}-${type}-description`} className="st-type-option-description">
                {CRITERIA_DESCRIPTIONS[type]}
              </span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The type of a saved structure, which a rule edit cannot change. */
export function FixedType({ type }: { type: CriteriaType }) {
  return (
    <div className="st-fixed-type">
      <span className="field-label">Type</span>
      <div className="st-fixed-type-body">
        <TypeBadge type={type} />
        <span className="field-hint">The type of a structure can’t change. To pay another way, create a new structure.</span>
      </div>
    </div>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="st-form-group">
      <h3 className="st-form-group-title">{title}</h3>
      <div className="st-form-group-body">{children}</div>
    </div>
  );
}

/** Period, amount and proration: what recurring, goals and CPM rules share. */
function PeriodFields({ api, hasAmount, isPeriodLocked }: { api: RuleFieldsApi; hasAmount: boolean; isPeriodLocked: boolean }) {
  const { rule, changeRule, errorOf } = api;
  return (
    <>
      <Segmented<Period>
        legend="Period"
        name="period"
        value={rule.period}
        options={PERIODS.map((period) => ({ value: period, label: PERIOD_LABELS[period] }))}
        onChange={(period) => changeRule({ period }, 'period')}
        error={errorOf('period')}
        disabledHint={isPeriodLocked ? 'The period cannot change once a structure exists; create a new structure for another period.' : undefined}
      />
      {hasAmount ? (
        <Field label="Amount" hint={`Paid for each ${PERIOD_UNIT[rule.period]}, in US dollars.`} error={errorOf('amount_cents')}>
          {(control) => (
            <AffixInput
              {...control}
              prefix="$"
              inputMode="decimal"
              placeholder="0.00"
              className="st-affix-amount"
              value={rule.amount}
              onChange={(event) => changeRule({ amount: event.target.value }, 'amount_cents')}
            />
          )}
        </Field>
      ) : null}
      <Field label="Proration" hint={PRORATION_DESCRIPTIONS[rule.proration]} error={errorOf('proration_mode')}>
        {(control) => (
          <select {...control} className="input st-select" value={rule.proration} onChange={(event) => changeRule({ proration: event.target.value as ProrationMode }, 'proration_mode')}>
            {PRORATION_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {PRORATION_LABELS[mode]}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}

const GOALS_MODES: Option<GoalsMode>[] = [
  { value: 'all', label: 'All goals' },
  { value: 'any', label: 'Any goal' },
  { value: 'n_of_m', label: 'At least…' },
];

function GoalsFields({ api }: { api: RuleFieldsApi }) {
  const { rule, changeRule, errorOf } = api;
  return (
    <>
      <Segmented<GoalsMode>
        legend="Goals to meet"
        name="goals_mode"
        value={rule.goalsMode}
        options={GOALS_MODES}
        onChange={(goalsMode) => changeRule({ goalsMode }, 'criteria_params.mode')}
        error={errorOf('criteria_params.mode')}
      />
      {rule.goalsMode === 'n_of_m' ? (
        <Field label="Goals needed" hint="How many of the creator’s goals for the period must be met." error={errorOf('criteria_params.n')}>
          {(control) => (
            <AffixInput
              {...control}
              inputMode="numeric"
              suffix="goals"
              placeholder="2"
              className="st-affix-short"
              value={rule.goalsNeeded}
              onChange={(event) => changeRule({ goalsNeeded: event.target.value }, 'criteria_params.n')}
            />
          )}
        </Field>
      ) : null}
      {rule.goalsMode === 'all' ? (
        <div className="st-subsection">
          <label className="checkbox">
            <input type="checkbox" checked={rule.isPartialAllowed} onChange={(event) => changeRule({ isPartialAllowed: event.target.checked })} />
            <span>Pay part of the amount when goals are partly met</span>
          </label>
          {rule.isPartialAllowed ? (
            <>
              <p className="field-hint st-formula">
                Pays the amount × the average completion of the goals × the multiplier, once the average reaches the minimum. Goals met in full
                always pay the whole amount.
              </p>
              <div className="st-field-row">
                <Field label="Minimum completion" hint="Average completion below this pays nothing." error={errorOf('criteria_params.min_completion_pct')}>
                  {(control) => (
                    <AffixInput
                      {...control}
                      inputMode="decimal"
                      suffix="%"
                      className="st-affix-short"
                      value={rule.minCompletionPct}
                      onChange={(event) => changeRule({ minCompletionPct: event.target.value }, 'criteria_params.min_completion_pct')}
                    />
                  )}
                </Field>
                <Field label="Multiplier" hint="1 pays the completed share; more pays extra." error={errorOf('criteria_params.partial_multiplier')}>
                  {(control) => (
                    <AffixInput
                      {...control}
                      inputMode="decimal"
                      prefix="×"
                      className="st-affix-short"
                      value={rule.partialMultiplier}
                      onChange={(event) => changeRule({ partialMultiplier: event.target.value }, 'criteria_params.partial_multiplier')}
                    />
                  )}
                </Field>
              </div>
            </>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

function CpmFields({ api }: { api: RuleFieldsApi }) {
  const { rule, changeRule, errorOf } = api;
  return (
    <>
      <Field label="Minimum impressions" hint="Below this many views in a period, nothing is paid. 0 for no minimum." error={errorOf('criteria_params.min_impressions')}>
        {(control) => (
          <AffixInput
            {...control}
            inputMode="numeric"
            suffix="views"
            className="st-affix-medium"
            value={rule.minImpressions}
            onChange={(event) => changeRule({ minImpressions: event.target.value }, 'criteria_params.min_impressions')}
          />
        )}
      </Field>
      <div className="st-subsection">
        <label className="checkbox">
          <input type="checkbox" checked={rule.hasCap} onChange={(event) => changeRule({ hasCap: event.target.checked }, 'criteria_params.max_payout_cents')} />
          <span>Cap the payout per period</span>
        </label>
        {rule.hasCap ? (
          <Field label="Cap" hint="The most a creator earns in one period, whatever the views." error={errorOf('criteria_params.max_payout_cents')}>
            {(control) => (
              <AffixInput
                {...control}
                prefix="$"
                inputMode="decimal"
                placeholder="0.00"
                className="st-affix-amount"
                value={rule.cap}
                onChange={(event) => changeRule({ cap: event.target.value }, 'criteria_params.max_payout_cents')}
              />
            )}
          </Field>
        ) : (
          <p className="field-hint">No cap: creators earn for every view.</p>
        )}
      </div>
      <TiersEditor api={api} />
    </>
  );
}

function ThresholdFields({ api }: { api: RuleFieldsApi }) {
  const { rule, changeRule } = api;
  return (
    <>
      <ThresholdsEditor api={api} />
      <div className="st-subsection">
        <label className="checkbox st-checkbox-top">
          <input type="checkbox" checked={rule.isBackfilled} onChange={(event) => changeRule({ isBackfilled: event.target.checked }, 'backfill_on_assignment')} />
          <span>
            Backfill on assignment
            <span className="st-checkbox-description">When a creator is assigned, also pay the milestones their videos have already reached.</span>
          </span>
        </label>
      </div>
    </>
  );
}

/** The rule part of a structure, changing with its type; the same in "New structure" and "Edit rule". */
/** `isPeriodLocked` on rule edits: accruals are identified by period start, so the period stays. */
export function RuleFields({ api, isPeriodLocked = false }: { api: RuleFieldsApi; isPeriodLocked?: boolean }) {
  const type = api.rule.criteriaType;
  if (type === 'view_threshold') {
    return (
      <Group title="Bonuses">
        <p className="st-note">Each bonus is paid once per video, as soon as its views reach the milestone. Milestones have no period and no proration.</p>
        <ThresholdFields api={api} />
      </Group>
    );
  }
  return (
    <>
      <Group title="When and how much">
        <PeriodFields api={api} hasAmount={type !== 'cpm'} isPeriodLocked={isPeriodLocked} />
      </Group>
      {type === 'goals' ? (
        <Group title="Goals">
          <GoalsFields api={api} />
        </Group>
      ) : null}
      {type === 'cpm' ? (
        <Group title="Rate per 1,000 views">
          <CpmFields api={api} />
        </Group>
      ) : null}
    </>
  );
}
