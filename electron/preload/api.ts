import type { PayoutsBridge } from '../../core/api/backend.ts';

/**
 * `window.payouts` exists only in the desktop window (the preload puts it there); in a browser
 * talking to `npm run serve` it is undefined, and the renderer uses HTTP + WebSocket instead.
 * Declared on globalThis, which `window` is typed as including.
 */
declare global {
  var payouts: PayoutsBridge | undefined;
}

export type { PayoutsBridge };
