import { describe, expect, it } from 'vitest';
import { checkCreate, checkRule, emptyRuleValues, ruleFromBody, serverErrorsToForm, valuesFromRule, type RuleFormValues } from './rule-form.ts';
import { describeRuleChanges } from './rule-diff.ts';

const project_id = '0b7c7d0e-6a53-4d0e-9d6e-5f1f3a0c2b71';

function cpmValues(): RuleFormValues {
  const values = emptyRuleValues('cpm');
  values.period = 'weekly';
  values.proration = 'prorate';
  values.minImpressions = '10,000';
  values.hasCap = true;
  values.cap = '500';
  values.tiers = [
    { key: 'a', upTo: '1,000,000', rate: '50' },
    { key: 'b', upTo: '', rate: '75' },
  ];
  return values;
}

describe('checkCreate', () => {
  it('builds seed 000’s CPM example from what a manager types', () => {
    const { body, errors } = checkCreate({ projectId: project_id, name: 'Weekly CPM', rule: cpmValues() });
    expect(errors).toEqual({});
    expect(body).toEqual({
      project_id,
      name: 'Weekly CPM',
      currency: 'USD',
      criteria_type: 'cpm',
      period: 'weekly',
      proration_mode: 'prorate',
      amount_cents: 0,
      criteria_params: {
        source: 'posts_in_period',
        min_impressions: 10000,
        max_payout_cents: 50000,
        tiers: [
          { up_to_impressions: 1000000, cents_per_thousand: 50 },
          { up_to_impressions: null, cents_per_thousand: 75 },
        ],
      },
    });
  });

  it('forces view_threshold’s fixed fields', () => {
    const rule = emptyRuleValues('view_threshold');
    rule.amount = '99';
    rule.proration = 'full';
    rule.thresholds = [{ key: 'a', views: '1,000,000', amount: '20' }];
    const { body } = checkCreate({ projectId: project_id, name: 'Milestones', rule });
    expect(body).toMatchObject({ period: null, amount_cents: null, proration_mode: 'skip', backfill_on_assignment: false });
  });

  it('puts each problem at the path the server would name', () => {
    const rule = cpmValues();
    rule.tiers = [
      { key: 'a', upTo: '1,000,000', rate: '50' },
      { key: 'b', upTo: '500', rate: '-1' },
      { key: 'c', upTo: '', rate: 'x' },
    ];
    rule.cap = '1.234';
    const { body, errors } = checkCreate({ projectId: '', name: ' ', rule });
    expect(body).toBeNull();
    expect(errors).toEqual({
      project_id: 'Choose a project',
      name: 'Enter a name',
      'criteria_params.max_payout_cents': 'Use at most 2 decimal places (whole cents)',
      'criteria_params.tiers.1.up_to_impressions': 'Must be more than the limit of the tier above',
      'criteria_params.tiers.1.cents_per_thousand': 'Can’t be negative',
      'criteria_params.tiers.2.cents_per_thousand': 'Enter a number',
    });
  });

  it('reports goals rules at their fields', () => {
    const rule = emptyRuleValues('goals');
    rule.amount = '';
    rule.goalsMode = 'n_of_m';
    rule.goalsNeeded = '';
    expect(checkCreate({ projectId: project_id, name: 'Goals', rule }).errors).toEqual({
      amount_cents: 'Enter an amount',
      'criteria_params.n': 'Enter how many goals must be met',
    });
    rule.goalsMode = 'all';
    rule.amount = '0';
    rule.isPartialAllowed = true;
    rule.minCompletionPct = '120';
    rule.partialMultiplier = '0';
    expect(checkCreate({ projectId: project_id, name: 'Goals', rule }).errors).toEqual({
      amount_cents: 'Amount must be at least $0.01',
      'criteria_params.min_completion_pct': 'Enter a percentage from 0 to 100',
      'criteria_params.partial_multiplier': 'Multiplier must be more than 0',
    });
  });

  it('finds duplicate milestones and too many of them', () => {
    const rule = emptyRuleValues('view_threshold');
    rule.thresholds = [
      { key: 'a', views: '1000', amount: '5' },
      { key: 'b', views: '1,000', amount: '0' },
    ];
    expect(checkCreate({ projectId: project_id, name: 'M', rule }).errors).toEqual({
      'criteria_params.thresholds.1.view_count': 'Another milestone has the same view count',
      'criteria_params.thresholds.1.amount_cents': 'Must be at least $0.01',
    });
    rule.thresholds = Array.from({ length: 11 }, (_row, index) => ({ key: String(index), views: String(index + 1), amount: '1' }));
    expect(checkCreate({ projectId: project_id, name: 'M', rule }).errors).toEqual({ 'criteria_params.thresholds': 'At most 10 milestones' });
  });
});

describe('checkRule and valuesFromRule', () => {
  it('round-trips a saved version through the fields unchanged', () => {
    const { body } = checkRule(cpmValues());
    expect(body).not.toBeNull();
    const saved = ruleFromBody(body as Record<string, unknown>);
    const again = checkRule(valuesFromRule(saved)).body as Record<string, unknown>;
    expect(describeRuleChanges(saved, ruleFromBody(again))).toEqual([]);
    expect(again).toEqual(body);
  });
});

describe('serverErrorsToForm', () => {
  it('leaves the field’s name out of row messages, which name the row already', () => {
    expect(serverErrorsToForm({ 'criteria_params.tiers.0.up_to_impressions': 'Too small: expected number to be >=1' })).toEqual({
      'criteria_params.tiers.0.up_to_impressions': 'Must be at least 1',
    });
    expect(serverErrorsToForm({ 'criteria_params.min_impressions': 'Too small: expected number to be >=0' })).toEqual({
      'criteria_params.min_impressions': 'Minimum impressions must be at least 0',
    });
  });

  it('rewords API messages for the field they are under', () => {
    expect(
      serverErrorsToForm({
        assigned_at: 'must not be in the future',
        'criteria_params.tiers.1.up_to_impressions': 'tiers must be sorted ascending by up_to_impressions',
        criteria_type: 'must stay cpm',
      }),
    ).toEqual({
      assigned_at: 'Must not be in the future',
      'criteria_params.tiers.1.up_to_impressions': 'Must be more than the limit of the tier above',
      criteria_type: 'Must stay cpm',
    });
  });
});
