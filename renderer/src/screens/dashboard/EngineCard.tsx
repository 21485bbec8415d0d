import type { AccrualRun } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { formatLocalDateTime } from '../../format.ts';
import { formatDateTimeInZone, localTimeZone } from '../../../../core/domain/explain/zoned-format.ts';
import { EngineProgress, RunAccrualsButton } from '../accruals/RunAccrualsButton.tsx';
import { formatTimeAgo, RUN_TYPES, TYPE_LABELS } from '../accruals/run-summary.ts';
import type { AccrualEngine } from '../accruals/use-accrual-engine.ts';
import { useNow } from './use-now.ts';

const TICK_MS = 30_000;
const TRIGGER_LABELS: Record<AccrualRun['trigger'], string> = { timer: 'Automatic run', api: 'Run by hand' };

/** The engine: when it last ran and what that run did, per criteria type; and a run on demand. */
export function EngineCard({ engine }: { engine: AccrualEngine }) {
  const now = useNow(TICK_MS);
  const run = engine.lastRun;
  return (
    <section className="db-card" aria-labelledby="db-engine-title">
      <header className="db-card-header">
        <div>
          <h2 id="db-engine-title" className="db-card-title">
            Accrual engine
          </h2>
          <p className="db-card-subtitle">
            {run === null ? (
              engine.isLoading ? (
                'Loading…'
              ) : (
                'Has not run yet'
              )
            ) : (
              <>
                Last run{' '}
                <time dateTime={run.finished_at} title={formatLocalDateTime(run.finished_at)}>
                  {formatTimeAgo(run.finished_at, now)}
                </time>{' '}
                · {TRIGGER_LABELS[run.trigger]}
              </>
            )}
          </p>
        </div>
        <RunAccrualsButton engine={engine} />
      </header>

      <EngineProgress engine={engine} />

      {run === null ? (
        engine.isLoading ? null : (
          <div className="db-empty">
            <strong>No runs yet</strong>
            The engine evaluates every period that has ended and every milestone crossed. It runs on its own at regular intervals, or now with “Run accruals
            now”.
          </div>
        )
      ) : (
        <RunDetails run={run} />
      )}
    </section>
  );
}

const count = (value: number) => (value === 0 ? <span className="db-zero">0</span> : value.toLocaleString());

function RunDetails({ run }: { run: AccrualRun }) {
  return (
    <>
      <dl className="db-run-facts">
        <div className="db-run-fact">
          <dt>Periods ended by</dt>
          <dd>
            <time dateTime={run.as_of} title={formatLocalDateTime(run.as_of)}>
              {formatDateTimeInZone(run.as_of, localTimeZone())}
            </time>
          </dd>
        </div>
        <div className="db-run-fact">
          <dt>New accruals</dt>
          <dd>{run.created.toLocaleString()}</dd>
        </div>
        <div className="db-run-fact">
          <dt>Amount accrued</dt>
          <dd>{formatCents(run.amount_cents_created)}</dd>
        </div>
      </dl>
      <table className="db-run-table" aria-label="Last run by criteria type">
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Created</th>
            <th scope="col" title="Accrued by an earlier run: runs never duplicate">
              Already present
            </th>
            <th scope="col" title="Periods that earned nothing: goals not met, too few views, or a partial period the rule skips">
              Skipped
            </th>
          </tr>
        </thead>
        <tbody>
          {RUN_TYPES.map((type) => (
            <tr key={type}>
              <th scope="row">{TYPE_LABELS[type]}</th>
              <td>{count(run.by_type[type].created)}</td>
              <td>{count(run.by_type[type].already_present)}</td>
              <td>{count(run.by_type[type].skipped)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td>{run.created.toLocaleString()}</td>
            <td>{run.already_present.toLocaleString()}</td>
            <td>{run.skipped.toLocaleString()}</td>
          </tr>
        </tfoot>
      </table>
    </>
  );
}
