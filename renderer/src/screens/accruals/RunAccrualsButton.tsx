import { Icon } from '../../ui/Icon.tsx';
import { ProgressBar } from '../../ui/ProgressBar.tsx';
import { describeProgress } from './run-summary.ts';
import type { AccrualEngine } from './use-accrual-engine.ts';

type RunAccrualsButtonProps = { engine: AccrualEngine; variant?: 'primary' | 'secondary' };

/** "Run accruals now"; while a run is under way it waits and says so. */
export function RunAccrualsButton({ engine, variant = 'primary' }: RunAccrualsButtonProps) {
  return (
    <button
      type="button"
      className={`button button-${variant} ac-run-button`}
      onClick={engine.run}
      disabled={engine.isRunning}
      aria-busy={engine.isRunning}
    >
      {engine.isRunning ? <span className="ac-spinner" aria-hidden="true" /> : <Icon name="accruals" />}
      {engine.isRunning ? 'Running accruals…' : 'Run accruals now'}
    </button>
  );
}

/**
 * The run under way: how many structures the engine has evaluated. Shown while the request is
 * out even before the first progress report, so a click always gets an answer.
 */
export function EngineProgress({ engine }: { engine: AccrualEngine }) {
  if (!engine.isRunning) return null;
  const { done, total, running } = engine.progress;
  const hasReport = running && total > 0;
  return (
    <div className="ac-progress" role="status" aria-live="polite">
      <div className="ac-progress-text">
        <span className="ac-progress-title">Running accruals</span>
        <span className="ac-progress-detail">{hasReport ? describeProgress({ done, total }) : 'Evaluating every period that has ended…'}</span>
      </div>
      <ProgressBar label="Accrual run progress" value={hasReport ? done / total : null} />
    </div>
  );
}
