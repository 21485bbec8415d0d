import type { ApiResponse } from './envelope.ts';
import type { Principal } from './principal.ts';

type RunsAccruals = { handle(request: { method: 'POST'; path: '/accrual-runs'; body: Record<string, never> }, principal: Principal): Promise<ApiResponse> };

/**
 * The nightly cron of a desktop app that is not always on: run the engine right away (catching
 * up on every period that ended while the app was closed), then every `intervalMs`. Each run is
 * an ordinary API command, queued behind the user's and journaled. Returns the stop function,
 * which waits for a run in progress.
 */
export function startAccrualTimer(options: {
  api: RunsAccruals;
  principal: Principal;
  intervalMs: number;
  onResult?: (response: ApiResponse) => void;
}): () => Promise<void> {
  let timer: unknown = null;
  let running: Promise<unknown> = Promise.resolve();
  let isStopped = false;
  const tick = () => {
    if (isStopped) return;
    running = options.api
      .handle({ method: 'POST', path: '/accrual-runs', body: {} }, options.principal)
      .then((response) => options.onResult?.(response))
      .finally(() => {
        if (!isStopped) timer = setTimeout(tick, options.intervalMs);
      });
  };
  tick();
  return async () => {
    isStopped = true;
    if (timer !== null) clearTimeout(timer);
    await running.catch(() => undefined);
  };
}
