import type { InputHTMLAttributes } from 'react';

type AffixInputProps = InputHTMLAttributes<HTMLInputElement> & {
  /** Text before the value, e.g. "$". */
  prefix?: string;
  /** Text after the value, e.g. "%" or "¢ / 1k views". */
  suffix?: string;
};

/**
 * A text input with its unit drawn inside the frame, so "$" and "%" read as part of the value
 * without being typed. The unit is decoration (aria-hidden); labels say the unit in words.
 */
export function AffixInput({ prefix, suffix, className, ...input }: AffixInputProps) {
  return (
    <div className={['st-affix', prefix === undefined ? '' : 'has-prefix', suffix === undefined ? '' : 'has-suffix', className ?? ''].filter(Boolean).join(' ')}>
      {prefix === undefined ? null : (
        <span className="st-affix-text st-affix-prefix" aria-hidden="true">
          {prefix}
        </span>
      )}
      <input className="input st-affix-input" type="text" autoComplete="off" spellCheck={false} {...input} />
      {suffix === undefined ? null : (
        <span className="st-affix-text st-affix-suffix" aria-hidden="true">
          {suffix}
        </span>
      )}
    </div>
  );
}
