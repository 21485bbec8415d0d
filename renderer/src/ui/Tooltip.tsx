import { useId, type ReactNode } from 'react';

type TooltipProps = {
  text: string;
  /** Receives the id to put in the trigger's aria-describedby, so screen readers hear the hint too. */
  children: (describedBy: string) => ReactNode;
  placement?: 'top' | 'right';
};

/**
 * A hover/focus hint drawn with CSS on the wrapper (`:hover`, `:focus-within`), so it also shows
 * for a disabled button, which can be hovered but never focused or clicked.
 */
export function Tooltip({ text, children, placement = 'top' }: TooltipProps) {
  const id = useId();
  return (
    <span className={`tooltip-host tooltip-${placement}`}>
      {children(id)}
      <span role="tooltip" id={id} className="tooltip-bubble">
        {text}
      </span>
    </span>
  );
}
