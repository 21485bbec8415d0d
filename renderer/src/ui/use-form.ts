import { useMemo, useRef, useState } from 'react';

export type FormErrors<F extends string> = Partial<Record<F, string>>;
type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/**
 * A dialog form's state, the way the payout method form keeps it: string values (inputs stay
 * controlled), errors checked as you type but shown once a field was touched or the form
 * submitted, and server verdicts that retire when their field is edited.
 */
export function useForm<F extends string>(initial: Record<F, string>, validate: (values: Record<F, string>) => FormErrors<F>) {
  const [values, setValues] = useState(initial);
  const [touched, setTouched] = useState<ReadonlySet<F>>(new Set());
  const [isSubmitted, setIsSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FormErrors<F>>({});
  const refs = useRef<Partial<Record<F, Control | null>>>({});
  const liveErrors = useMemo(() => validate(values), [validate, values]);
  const order = Object.keys(initial) as F[];

  function markTouched(field: F) {
    setTouched((current) => (current.has(field) ? current : new Set(current).add(field)));
  }

  function focusFirstError(errors: FormErrors<F>) {
    const field = order.find((candidate) => errors[candidate] !== undefined);
    if (field !== undefined) refs.current[field]?.focus();
  }

  return {
    values,
    liveErrors,
    errorOf(field: F): string | undefined {
      return serverErrors[field] ?? (touched.has(field) || isSubmitted ? liveErrors[field] : undefined);
    },
    update(field: F, value: string) {
      setValues((current) => ({ ...current, [field]: value }));
      markTouched(field);
      // A server's verdict is about the value it saw; editing the field retires it.
      setServerErrors((current) => (current[field] === undefined ? current : { ...current, [field]: undefined }));
    },
    markTouched,
    /** Props for a control: its ref (to focus the first error) and blur marking it touched. */
    bind(field: F) {
      return {
        ref: (element: Control | null) => {
          refs.current[field] = element;
        },
        onBlur: () => markTouched(field),
      };
    },
    /** Marks the form submitted; returns false (and focuses the first error) when it is not valid. */
    attemptSubmit(): boolean {
      setIsSubmitted(true);
      if (Object.keys(liveErrors).length === 0) return true;
      focusFirstError(liveErrors);
      return false;
    },
    showServerErrors(errors: FormErrors<F>) {
      setServerErrors(errors);
      focusFirstError(errors);
    },
  };
}
