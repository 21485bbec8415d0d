import type { MouseEvent } from 'react';

/**
 * A plain click on a table row's background opens `hash` (the row's detail); clicks on the row's
 * controls do what they say, modified clicks are left to the browser, and selecting text to copy
 * it is not a click.
 */
export function openOnRowClick(event: MouseEvent<HTMLTableRowElement>, hash: string): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  if ((event.target as HTMLElement).closest('a, button, input, label, select')) return;
  if (window.getSelection()?.toString()) return;
  window.location.hash = hash;
}
