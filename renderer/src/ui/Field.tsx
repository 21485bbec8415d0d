import { useId, type ReactElement, type ReactNode } from 'react';

type ControlProps = { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined };

type FieldProps = {
  label: string;
  hint?: ReactNode;
  /** Shown only when set: the form decides when an error is worth showing (touched or submitted). */
  error?: string | undefined;
  optional?: boolean;
  children: (control: ControlProps) => ReactElement;
};

/** Label, control, hint and error, wired together for assistive technology. */
export function Field({ label, hint, error, optional = false, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error === undefined ? null : errorId, hint === undefined ? null : hintId].filter((part) => part !== null).join(' ');
  return (
    <div className={error === undefined ? 'field' : 'field field-invalid'}>
      <div className="field-label-row">
        {/* The label holds the name alone, so "Icon URL" is the control's exact accessible name. */}
        <label className="field-label" htmlFor={id}>
          {label}
        </label>
        {optional ? <span className="field-optional">Optional</span> : null}
      </div>
      {children({ id, 'aria-invalid': error !== undefined, 'aria-describedby': describedBy === '' ? undefined : describedBy })}
      {error === undefined ? null : (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      {hint === undefined ? null : (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
