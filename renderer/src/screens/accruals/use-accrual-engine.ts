import { useCallback, useState } from 'react';
import type { EngineStatus, WatchSpec } from '../../../../core/api/contracts/index.ts';
import { useWatch } from '../../api/use-watch.ts';
import { useApi } from '../../app/backend-context.ts';
import { useToast } from '../../ui/toast-context.ts';
import { describeRun } from './run-summary.ts';

const ENGINE_SPEC: Extract<WatchSpec, { name: 'accrual-engine' }> = { name: 'accrual-engine', params: {} };
const IDLE: EngineStatus['progress'] = { running: false, done: 0, total: 0, started_at: null };
/** A run of a small organisation takes milliseconds; the progress stays up long enough to be seen. */
const MIN_VISIBLE_MS = 700;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type AccrualEngine = {
  /** The run under way, whoever started it (this window, another one, the timer). */
  progress: EngineStatus['progress'];
  /** True from the click until the run's answer, or while the engine reports a run. */
  isRunning: boolean;
  lastRun: EngineStatus['last_run'];
  isLoading: boolean;
  run(): void;
};

/**
 * The accrual engine, live: its progress and last run from the `accrual-engine` query, and
 * "Run accruals now" (POST /accrual-runs), which ends with a toast of what the run did.
 */
export function useAccrualEngine(): AccrualEngine {
  const api = useApi();
  const toast = useToast();
  const { rows, isLoading } = useWatch(ENGINE_SPEC);
  const [isStarting, setIsStarting] = useState(false);
  const status = rows[0];
  const progress = status?.progress ?? IDLE;

  const run = useCallback(async () => {
    setIsStarting(true);
    const startedAt = Date.now();
    const result = await api.call('POST /accrual-runs', { body: {} });
    await wait(MIN_VISIBLE_MS - (Date.now() - startedAt));
    setIsStarting(false);
    if (!result.ok) {
      toast.show({ tone: 'danger', title: 'The accrual run did not finish', description: result.error.message });
      return;
    }
    const { title, description } = describeRun(result.data);
    toast.show({ tone: result.data.created === 0 ? 'info' : 'success', title, description });
  }, [api, toast]);

  return {
    progress,
    isRunning: isStarting || progress.running,
    lastRun: status?.last_run ?? null,
    isLoading,
    run: () => void run(),
  };
}
