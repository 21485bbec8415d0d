import { useEffect, useMemo, useState, type RefObject } from 'react';
import type { FormErrors, Checked, StructureFormValues, RuleFormValues } from './rule-form.ts';

export type FormBanner = { title?: string; text: string };

/** What the rule fields need from the form: their values, a way to change them, and their errors. */
export type RuleFieldsApi = {
  rule: RuleFormValues;
  /** Changes rule values; `path` names the API field edited, so its error shows and a server verdict retires. */
  changeRule(patch: Partial<RuleFormValues>, path?: string): void;
  errorOf(path: string): string | undefined;
};

/**
 * Paths the form shows next to a field. Any other error (a path the server named that no field
 * has) goes into the banner, so nothing the server says is lost.
 */
const PLACED = [
  /^project_id$/,
  /^name$/,
  /^criteria_type$/,
  /^period$/,
  /^amount_cents$/,
  /^proration_mode$/,
  /^backfill_on_assignment$/,
  /^criteria_params\.(n|partial_multiplier|min_completion_pct|min_impressions|max_payout_cents|tiers|thresholds)$/,
  /^criteria_params\.tiers\.\d+\.(up_to_impressions|cents_per_thousand)$/,
  /^criteria_params\.thresholds\.\d+\.(view_count|amount_cents)$/,
];

export function isPlaced(path: string): boolean {
  return PLACED.some((pattern) => pattern.test(path));
}

/**
 * State of the create and edit-rule forms, close to the payout method dialog's: errors are
 * computed as you type with the server's schema and shown once a field was edited or the form
 * submitted; a server verdict shows until its field is edited. (Not on blur: an error appearing
 * as the focus leaves a field moves the Create button away from under the pointer.) `formRef` is the form
 * element, where the first invalid control gets the focus after a refused submit.
 */
export function useStructureForm<T>(initial: StructureFormValues, check: (values: StructureFormValues) => Checked<T>, formRef: RefObject<HTMLFormElement | null>) {
  const [values, setValues] = useState(initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [isSubmitted, setIsSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FormErrors>({});
  const [banner, setBanner] = useState<FormBanner | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);

  const live = useMemo(() => check(values), [check, values]);

  useEffect(() => {
    if (focusRequest === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusRequest, formRef]);

  function touch(path: string) {
    setTouched((current) => (current.has(path) ? current : new Set(current).add(path)));
  }

  function retire(path: string | undefined) {
    if (path === undefined) return;
    setServerErrors((current) => {
      if (current[path] === undefined) return current;
      const next = { ...current };
      delete next[path];
      return next;
    });
  }

  function errorOf(path: string): string | undefined {
    return serverErrors[path] ?? (touched.has(path) || isSubmitted ? live.errors[path] : undefined);
  }

  function change<K extends 'projectId' | 'name'>(field: K, value: StructureFormValues[K], path: string) {
    setValues((current) => ({ ...current, [field]: value }));
    touch(path);
    retire(path);
  }

  function changeRule(patch: Partial<RuleFormValues>, path?: string) {
    setValues((current) => ({ ...current, rule: { ...current.rule, ...patch } }));
    if (path !== undefined) touch(path);
    retire(path);
    // Adding or removing rows renumbers them: earlier verdicts about rows no longer apply.
    if (patch.tiers !== undefined || patch.thresholds !== undefined) {
      setServerErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !/^criteria_params\.(tiers|thresholds)/.test(key))));
    }
  }

  /** On submit: show every error, and the first one gets the focus. Returns the body when valid. */
  function submit(): T | null {
    setIsSubmitted(true);
    setBanner(null);
    if (live.body === null) {
      const unplaced = Object.entries(live.errors).filter(([path]) => !isPlaced(path));
      if (unplaced.length > 0) setBanner({ title: 'Check the rule', text: unplaced.map(([, message]) => message).join(' ') });
      setFocusRequest((count) => count + 1);
    }
    return live.body;
  }

  /** A refused save: errors under their fields, the rest in the banner. */
  function showServerErrors(errors: FormErrors, fallbackBanner: FormBanner | null) {
    setServerErrors(errors);
    const unplaced = Object.entries(errors).filter(([path]) => !isPlaced(path));
    if (unplaced.length > 0) setBanner({ title: 'Not saved', text: unplaced.map(([path, message]) => `${path}: ${message}`).join('; ') });
    else setBanner(fallbackBanner);
    setFocusRequest((count) => count + 1);
  }

  const fields: RuleFieldsApi = { rule: values.rule, changeRule, errorOf };
  return { values, live, fields, errorOf, change, submit, banner, showServerErrors };
}
