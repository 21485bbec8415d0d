import type { z } from 'zod';
import { createStructureSchema, ruleSchema, type CriteriaType, type ProrationMode } from '../../../../core/api/contracts/index.ts';
import type { CreateStructureInput, PatchStructureInput } from '../../../../core/domain/payout-structure.ts';
import type { Period } from '../../../../core/domain/creator.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import {
  MAX_AMOUNT_CENTS,
  centsToDollarsText,
  decimalToText,
  formatCount,
  parseDecimal,
  parseDollarsToCents,
  parseWholeNumber,
  type ParseProblem,
  type Parsed,
} from './number-input.ts';
import { capitalize, typedRule, type RuleLike } from './rule-text.ts';

export type GoalsMode = 'all' | 'any' | 'n_of_m';
/** `key` only keeps React's row identity while rows are added and removed. */
export type TierValues = { key: string; upTo: string; rate: string };
export type ThresholdValues = { key: string; views: string; amount: string };

/**
 * What the rule fields hold. Every type's fields are kept while the type changes, so switching
 * to CPM and back to Recurring does not lose what was typed. Numbers stay text: fields are
 * controlled, and "1,000" or "12." are fine while typing.
 */
export type RuleFormValues = {
  criteriaType: CriteriaType;
  period: Period;
  amount: string;
  proration: ProrationMode;
  goalsMode: GoalsMode;
  goalsNeeded: string;
  isPartialAllowed: boolean;
  partialMultiplier: string;
  minCompletionPct: string;
  minImpressions: string;
  hasCap: boolean;
  cap: string;
  tiers: TierValues[];
  thresholds: ThresholdValues[];
  isBackfilled: boolean;
};

export type StructureFormValues = { projectId: string; name: string; rule: RuleFormValues };

/** Errors by the API path they are about (`criteria_params.tiers.1.up_to_impressions`): the same keys as `meta.errors`. */
export type FormErrors = Record<string, string>;

export const MAX_TIERS = 20;
export const MAX_THRESHOLDS = 10;

let nextKey = 0;
export function newRowKey(): string {
  nextKey += 1;
  return `row-${nextKey}`;
}

export function emptyTier(): TierValues {
  return { key: newRowKey(), upTo: '', rate: '' };
}

export function emptyThreshold(): ThresholdValues {
  return { key: newRowKey(), views: '', amount: '' };
}

export function emptyRuleValues(criteriaType: CriteriaType = 'recurring'): RuleFormValues {
  return {
    criteriaType,
    period: 'monthly',
    amount: '',
    proration: 'skip',
    goalsMode: 'all',
    goalsNeeded: '',
    isPartialAllowed: false,
    partialMultiplier: '1',
    minCompletionPct: '0',
    minImpressions: '0',
    hasCap: false,
    cap: '',
    tiers: [emptyTier(), emptyTier()],
    thresholds: [emptyThreshold()],
    isBackfilled: false,
  };
}

/** A saved version as field values: the starting point of "Edit rule". */
export function valuesFromRule(rule: RuleLike): RuleFormValues {
  const values = emptyRuleValues(rule.criteria_type);
  if (rule.period !== null) values.period = rule.period;
  if (rule.amount_cents !== null && rule.criteria_type !== 'cpm') values.amount = centsToDollarsText(rule.amount_cents);
  values.proration = rule.proration_mode;
  values.isBackfilled = rule.backfill_on_assignment;
  const typed = typedRule(rule);
  if (typed.type === 'goals') {
    values.goalsMode = typed.params.mode;
    values.goalsNeeded = typed.params.n === undefined ? '' : String(typed.params.n);
    values.isPartialAllowed = typed.params.partial_allowed === true;
    if (typed.params.partial_multiplier !== undefined) values.partialMultiplier = decimalToText(typed.params.partial_multiplier);
    if (typed.params.min_completion_pct !== undefined) values.minCompletionPct = decimalToText(typed.params.min_completion_pct);
  } else if (typed.type === 'cpm') {
    values.minImpressions = formatCount(typed.params.min_impressions);
    values.hasCap = typed.params.max_payout_cents !== null;
    values.cap = typed.params.max_payout_cents === null ? '' : centsToDollarsText(typed.params.max_payout_cents);
    values.tiers = typed.params.tiers.map((tier) => ({
      key: newRowKey(),
      upTo: tier.up_to_impressions === null ? '' : formatCount(tier.up_to_impressions),
      rate: decimalToText(tier.cents_per_thousand),
    }));
  } else if (typed.type === 'view_threshold') {
    values.thresholds = typed.params.thresholds.map((threshold) => ({
      key: newRowKey(),
      views: formatCount(threshold.view_count),
      amount: centsToDollarsText(threshold.amount_cents),
    }));
  }
  return values;
}

const TOO_LARGE = `Must be at most ${formatCents(MAX_AMOUNT_CENTS)}`;

/** A parse problem as the sentence under the field. */
function problemText(problem: ParseProblem, kind: 'dollars' | 'count' | 'decimal', emptyText: string): string {
  switch (problem) {
    case 'empty':
      return emptyText;
    case 'not_a_number':
      return kind === 'dollars' ? 'Enter an amount in dollars, like 50 or 12.50' : 'Enter a number';
    case 'negative':
      return 'Can’t be negative';
    case 'too_many_decimals':
      return kind === 'dollars' ? 'Use at most 2 decimal places (whole cents)' : 'Use at most 4 decimal places';
    case 'not_whole':
      return 'Enter a whole number';
    case 'too_large':
      return kind === 'dollars' ? TOO_LARGE : 'That number is too large';
  }
}

type Built = { input: Record<string, unknown>; parseErrors: FormErrors };

/** Reads one field; a problem is recorded at `path` and the value left out of the body. */
function reader(parseErrors: FormErrors) {
  return (path: string, parsed: Parsed, kind: 'dollars' | 'count' | 'decimal', emptyText: string): number | undefined => {
    if (parsed.ok) return parsed.value;
    parseErrors[path] ??= problemText(parsed.problem, kind, emptyText);
    return undefined;
  };
}

/*
 * The schema checks the order of tiers and the uniqueness of milestones only once every row is
 * valid on its own; while typing, a manager should see all problems at once, so the two
 * cross-row rules are also checked here, between the rows that are numbers already.
 */
function markUnsortedTiers(tiers: { up_to_impressions: number | null }[], errors: FormErrors): void {
  let previous: number | null = null;
  tiers.forEach((tier, index) => {
    const limit = tier.up_to_impressions;
    if (limit === null || Number.isNaN(limit)) return;
    if (previous !== null && limit <= previous) errors[`criteria_params.tiers.${index}.up_to_impressions`] ??= 'Must be more than the limit of the tier above';
    previous = limit;
  });
}

function markDuplicateViews(thresholds: { view_count: number }[], errors: FormErrors): void {
  const seen = new Set<number>();
  thresholds.forEach((threshold, index) => {
    if (Number.isNaN(threshold.view_count)) return;
    if (seen.has(threshold.view_count)) errors[`criteria_params.thresholds.${index}.view_count`] ??= 'Another milestone has the same view count';
    seen.add(threshold.view_count);
  });
}

/**
 * Field values → the rule part of a request body, shaped exactly as the API wants it for the
 * chosen type (view_threshold: period and amount null, proration skip). Text that is not a
 * number yields an error at its path; what is left is checked with the server's own schema.
 */
export function buildRule(values: RuleFormValues): Built {
  const parseErrors: FormErrors = {};
  const read = reader(parseErrors);
  const type = values.criteriaType;
  const input: Record<string, unknown> = { currency: 'USD', criteria_type: type };

  if (type === 'view_threshold') {
    input['period'] = null;
    input['amount_cents'] = null;
    input['proration_mode'] = 'skip';
    input['backfill_on_assignment'] = values.isBackfilled;
    const thresholds = values.thresholds.map((row, index) => {
      const path = `criteria_params.thresholds.${index}`;
      return {
        view_count: read(`${path}.view_count`, parseWholeNumber(row.views), 'count', 'Enter a view count') ?? Number.NaN,
        amount_cents: read(`${path}.amount_cents`, parseDollarsToCents(row.amount), 'dollars', 'Enter a bonus amount') ?? Number.NaN,
        currency: 'USD',
      };
    });
    markDuplicateViews(thresholds, parseErrors);
    input['criteria_params'] = { thresholds };
    return { input, parseErrors };
  }

  input['period'] = values.period;
  input['proration_mode'] = values.proration;
  if (type === 'cpm') {
    // CPM pays by views; the amount is unused and stored as 0, as in seed 000's example.
    input['amount_cents'] = 0;
    const last = values.tiers.length - 1;
    const tiers = values.tiers.map((row, index) => {
      const path = `criteria_params.tiers.${index}`;
      return {
        // The last tier is "and above" by construction; its limit field does not exist.
        up_to_impressions: index === last ? null : (read(`${path}.up_to_impressions`, parseWholeNumber(row.upTo), 'count', 'Enter where this tier ends') ?? Number.NaN),
        cents_per_thousand: read(`${path}.cents_per_thousand`, parseDecimal(row.rate), 'decimal', 'Enter a rate in cents') ?? Number.NaN,
      };
    });
    markUnsortedTiers(tiers, parseErrors);
    input['criteria_params'] = {
      source: 'posts_in_period',
      min_impressions: read('criteria_params.min_impressions', parseWholeNumber(values.minImpressions), 'count', 'Enter a number (0 for none)') ?? Number.NaN,
      max_payout_cents: values.hasCap ? (read('criteria_params.max_payout_cents', parseDollarsToCents(values.cap), 'dollars', 'Enter the cap in dollars') ?? Number.NaN) : null,
      tiers,
    };
    return { input, parseErrors };
  }

  // A stand-in when the amount is not a number: a wrong type at the top level would stop the
  // schema before it checks the params, and the amount's own message is already recorded.
  input['amount_cents'] = read('amount_cents', parseDollarsToCents(values.amount), 'dollars', 'Enter an amount') ?? 1;
  if (type === 'recurring') {
    input['criteria_params'] = {};
    return { input, parseErrors };
  }

  const params: Record<string, unknown> = { mode: values.goalsMode };
  if (values.goalsMode === 'n_of_m') {
    params['n'] = read('criteria_params.n', parseWholeNumber(values.goalsNeeded, 1000), 'count', 'Enter how many goals must be met') ?? Number.NaN;
  }
  if (values.goalsMode === 'all') {
    params['partial_allowed'] = values.isPartialAllowed;
    if (values.isPartialAllowed) {
      params['partial_multiplier'] = read('criteria_params.partial_multiplier', parseDecimal(values.partialMultiplier), 'decimal', 'Enter a multiplier, like 1') ?? Number.NaN;
      params['min_completion_pct'] = read('criteria_params.min_completion_pct', parseDecimal(values.minCompletionPct), 'decimal', 'Enter a percentage (0 for none)') ?? Number.NaN;
    }
  }
  input['criteria_params'] = params;
  return { input, parseErrors };
}

/** What each path is called on screen, for messages the schema words in API terms. */
const FIELD_NAMES: Record<string, string> = {
  project_id: 'Project',
  name: 'Name',
  period: 'Period',
  amount_cents: 'Amount',
  proration_mode: 'Proration',
  criteria_type: 'Type',
  'criteria_params.n': 'Goals needed',
  'criteria_params.partial_multiplier': 'Multiplier',
  'criteria_params.min_completion_pct': 'Minimum completion',
  'criteria_params.min_impressions': 'Minimum impressions',
  'criteria_params.max_payout_cents': 'Cap',
  up_to_impressions: 'Tier limit',
  cents_per_thousand: 'Rate',
  view_count: 'Views',
  'thresholds.amount_cents': 'Bonus',
};

function fieldName(path: string): string {
  const exact = FIELD_NAMES[path];
  if (exact !== undefined) return exact;
  const parts = path.split('.');
  const last = parts[parts.length - 1] ?? path;
  if (parts[1] === 'thresholds' && last === 'amount_cents') return FIELD_NAMES['thresholds.amount_cents'] as string;
  return FIELD_NAMES[last] ?? capitalize(last.replaceAll('_', ' '));
}

const isMoneyPath = (path: string) => /(^amount_cents$|max_payout_cents$|\.amount_cents$)/.test(path);

/** The schema's bound in the field's own unit: cents paths speak dollars. */
function bound(path: string, value: number | bigint): string {
  return isMoneyPath(path) ? formatCents(Number(value)) : formatCount(Number(value));
}

/**
 * The message shown under a field. The server's schema words its messages for API clients
 * ("amount_cents must be at least 1"); a manager reads "Amount must be at least $0.01".
 */
export function friendlyMessage(path: string, issue: { code?: string; message: string; minimum?: number | bigint; maximum?: number | bigint; inclusive?: boolean }): string {
  const message = describeIssue(path, issue);
  // Tier and milestone rows name the row and field before the message ("Tier 2 rate: …").
  const name = fieldName(path);
  return isRowPath(path) && message.startsWith(`${name} `) ? capitalize(message.slice(name.length + 1)) : message;
}

const isRowPath = (path: string) => /\.(tiers|thresholds)\.\d+\./.test(path);

function describeIssue(path: string, issue: { code?: string; message: string; minimum?: number | bigint; maximum?: number | bigint; inclusive?: boolean }): string {
  const name = fieldName(path);
  const { message } = issue;
  if (path === 'project_id') return 'Choose a project';
  if (path === 'name' && issue.code === 'too_small') return 'Enter a name';
  if (issue.code === 'too_small' && issue.minimum !== undefined) {
    if (path.endsWith('tiers')) return 'Add at least one tier';
    if (path.endsWith('thresholds')) return 'Add at least one milestone';
    return issue.inclusive === false ? `${name} must be more than ${bound(path, issue.minimum)}` : `${name} must be at least ${bound(path, issue.minimum)}`;
  }
  if (issue.code === 'too_big' && issue.maximum !== undefined) {
    if (path === 'name') return `Name must be at most ${formatCount(Number(issue.maximum))} characters`;
    if (path.endsWith('tiers')) return `At most ${MAX_TIERS} tiers`;
    if (path.endsWith('thresholds')) return `At most ${MAX_THRESHOLDS} milestones`;
    return `${name} must be at most ${bound(path, issue.maximum)}`;
  }
  const numeric = /^Too (small|big): expected number to be (>=|>|<=|<)(-?[\d.e+]+)$/.exec(message);
  if (numeric !== null) {
    const limit = Number(numeric[3]);
    if (numeric[1] === 'small') return numeric[2] === '>' ? `${name} must be more than ${bound(path, limit)}` : `${name} must be at least ${bound(path, limit)}`;
    return numeric[2] === '<' ? `${name} must be less than ${bound(path, limit)}` : `${name} must be at most ${bound(path, limit)}`;
  }
  if (/sorted ascending/.test(message)) return 'Must be more than the limit of the tier above';
  if (/appears twice/.test(message)) return 'Another milestone has the same view count';
  if (/is required when mode is "n_of_m"/.test(message)) return 'Enter how many goals must be met';
  if (/at least one threshold/.test(message)) return 'Add at least one milestone';
  if (/at most 10 thresholds/.test(message)) return `At most ${MAX_THRESHOLDS} milestones`;
  if (/at least one tier/.test(message)) return 'Add at least one tier';
  if (/must be at least 1$/.test(message) && isMoneyPath(path)) return `${name} must be at least $0.01`;
  if (/whole cents/.test(message)) return `${name} must be whole cents`;
  if (/whole number/.test(message)) return `${name} must be a whole number`;
  if (/must not be negative/.test(message)) return `${name} can’t be negative`;
  if (/at most 4 decimal places/.test(message)) return 'Use at most 4 decimal places';
  if (/between 0 and 100/.test(message)) return 'Enter a percentage from 0 to 100';
  if (/greater than 0/.test(message)) return `${name} must be more than 0`;
  // Anything else: the server's sentence, with API field names swapped for labels.
  return capitalize(message.replace(/\b[a-z]+(?:_[a-z]+)+\b/g, (field) => fieldName(field).toLowerCase()));
}

function issuesToErrors(issues: readonly z.core.$ZodIssue[]): FormErrors {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    errors[path] ??= friendlyMessage(path, issue as { code?: string; message: string });
  }
  return errors;
}

/** Server `meta.errors` (path → message) in the same words as the checks made while typing. */
export function serverErrorsToForm(fieldErrors: Record<string, string>): FormErrors {
  const errors: FormErrors = {};
  for (const [path, message] of Object.entries(fieldErrors)) errors[path] = friendlyMessage(path, { message });
  return errors;
}

/** Parse problems first: a field that is not a number gets one message, not also the schema's. */
function merge(parseErrors: FormErrors, schemaErrors: FormErrors): FormErrors {
  const merged: FormErrors = { ...parseErrors };
  for (const [path, message] of Object.entries(schemaErrors)) merged[path] ??= message;
  return merged;
}

export type Checked<T> = { body: T | null; errors: FormErrors };

/** Create: the whole body, checked with `createStructureSchema` as the server will. */
export function checkCreate(values: StructureFormValues): Checked<CreateStructureInput> {
  const { input, parseErrors } = buildRule(values.rule);
  const body = { project_id: values.projectId, name: values.name, ...input };
  const result = createStructureSchema.safeParse(body);
  const errors = merge(parseErrors, result.success ? {} : issuesToErrors(result.error.issues));
  return { body: Object.keys(errors).length === 0 && result.success ? (body as CreateStructureInput) : null, errors };
}

/** Rule edit: the rule part alone, checked with `ruleSchema`; it becomes a `kind: "rule"` PATCH. */
export function checkRule(values: RuleFormValues): Checked<Extract<PatchStructureInput, { kind: 'rule' }>> {
  const { input, parseErrors } = buildRule(values);
  const result = ruleSchema.safeParse(input);
  const errors = merge(parseErrors, result.success ? {} : issuesToErrors(result.error.issues));
  return { body: Object.keys(errors).length === 0 && result.success ? ({ kind: 'rule', ...input } as Extract<PatchStructureInput, { kind: 'rule' }>) : null, errors };
}

/** A checked rule body as a RuleLike, to preview its summary and compare it with a saved version. */
export function ruleFromBody(body: Record<string, unknown>): RuleLike {
  return {
    period: (body['period'] ?? null) as RuleLike['period'],
    amount_cents: (body['amount_cents'] ?? null) as number | null,
    criteria_type: body['criteria_type'] as CriteriaType,
    criteria_params: (body['criteria_params'] ?? {}) as Record<string, unknown>,
    proration_mode: body['proration_mode'] as ProrationMode,
    backfill_on_assignment: body['backfill_on_assignment'] === true,
  };
}


