import { useId, useState } from 'react';
import type { PatchStructureInput, StructurePreview } from '../../../../core/api/contracts/index.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import type { CallResult } from '../../api/client.ts';
import { useResource } from '../../api/use-resource.ts';
import { useDebouncedValue } from '../../ui/use-debounced-value.ts';
import { describePeriod, periodsWord, signedCents } from './preview-text.ts';

type RuleBody = Extract<PatchStructureInput, { kind: 'rule' }>;

/** What the panel "answers" while the rule has errors: no request is sent. */
const NOTHING_TO_PREVIEW: CallResult<'POST /payout-structures/:id/preview'> = {
  ok: false,
  status: 0,
  error: { code: 'invalid_body', message: 'The rule has errors.' },
  fieldErrors: {},
  meta: {},
};

const LOOKBACKS = [3, 6, 12] as const;
const DEBOUNCE_MS = 400;

function Difference({ cents }: { cents: number }) {
  const tone = cents > 0 ? 'is-up' : cents < 0 ? 'is-down' : 'is-same';
  return <span className={`st-preview-diff ${tone}`}>{signedCents(cents)}</span>;
}

/**
 * What-if, in the rule editor: what the edited rule would have paid over the last closed periods
 * next to what the current version pays for them, per creator. Asks again when the rule stops
 * changing (debounced) or on "Preview"; the server computes it and saves nothing.
 */
export function RulePreview({ structureId, body, currentNumber }: { structureId: string; body: RuleBody | null; currentNumber: number }) {
  const selectId = useId();
  const rule = body === null ? null : JSON.stringify(body);
  const settled = useDebouncedValue(rule, DEBOUNCE_MS);
  const [periods, setPeriods] = useState<number>(LOOKBACKS[0]);
  /** The rule "Preview" asked for: shown at once, before the typing pause is over. */
  const [pressed, setPressed] = useState<string | null>(null);
  const [view, setView] = useState<'all' | string>('all');
  const target = pressed !== null && pressed === rule ? pressed : settled;
  const { result, isLoading, reload } = useResource(`structure-preview:${structureId}:${periods}:${target ?? ''}`, (api) =>
    target === null ? Promise.resolve(NOTHING_TO_PREVIEW) : api.call('POST /payout-structures/:id/preview', { params: { id: structureId }, body: { ...(JSON.parse(target) as RuleBody), periods } }),
  );
  // The last answer stays on screen (dimmed) while the next one is computed.
  const [last, setLast] = useState<{ data: StructurePreview; rule: string } | null>(null);
  if (result?.ok && target !== null && last?.data !== result.data) setLast({ data: result.data, rule: target });

  const data = last?.data ?? null;
  const failure = result !== null && !result.ok && target !== null ? result.error.message : null;
  const isStale = rule === null || isLoading || last?.rule !== rule || failure !== null;
  const selected = data?.periods.find((period) => period.start === view) ?? null;
  const index = selected === null || data === null ? -1 : data.periods.indexOf(selected);
  const word = data === null ? 'periods' : periodsWord(data.period, data.periods.length);

  function preview() {
    if (rule === null) return;
    if (rule === target) reload();
    else setPressed(rule);
  }

  return (
    <section className="st-form-card st-preview" aria-label="Preview">
      <div className="st-preview-head">
        <div>
          <h3 className="st-form-group-title">Preview</h3>
          <p className="field-hint">
            What version {currentNumber + 1} would have paid over the last {word} that have ended, next to version {currentNumber}. Nothing is saved.
          </p>
        </div>
        <div className="st-preview-controls">
          <label className="st-preview-lookback" htmlFor={selectId}>
            <span className="st-quiet">Look back</span>
            <select id={selectId} className="input st-select" value={periods} onChange={(event) => setPeriods(Number(event.target.value))}>
              {LOOKBACKS.map((count) => (
                <option key={count} value={count}>
                  {data === null ? `${count} periods` : periodsWord(data.period, count)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={rule === null}
            onClick={preview}
          >
            Preview
          </button>
        </div>
      </div>
      {rule === null ? <p className="st-quiet st-preview-note">Fix the highlighted fields to preview what the rule pays.</p> : null}
      {failure === null ? null : (
        <p className="field-error st-preview-note" role="alert">
          Preview failed: {failure}
        </p>
      )}
      {data === null ? (
        isLoading && target !== null ? <p className="st-quiet st-preview-note">Computing…</p> : null
      ) : (
        <div className={isStale ? 'st-preview-body is-stale' : 'st-preview-body'} aria-busy={isLoading}>
          <div className="st-segmented st-preview-periods" role="radiogroup" aria-label="Period shown">
            <label className={view === 'all' || selected === null ? 'st-segment is-checked' : 'st-segment'}>
              <input type="radio" name="preview-period" checked={view === 'all' || selected === null} onChange={() => setView('all')} />
              <span>All {periodsWord(data.period, data.periods.length)}</span>
            </label>
            {data.periods.map((period) => (
              <label key={period.start} className={period === selected ? 'st-segment is-checked' : 'st-segment'}>
                <input type="radio" name="preview-period" checked={period === selected} onChange={() => setView(period.start)} />
                <span>{describePeriod(data.period, period.first_day, period.last_day)}</span>
              </label>
            ))}
          </div>
          {data.creators.length === 0 ? (
            <p className="st-quiet st-preview-note">No creator was assigned during these {periodsWord(data.period, data.periods.length)}.</p>
          ) : (
            <table className="data-table data-table-compact st-preview-table" aria-label="Preview by creator">
              <thead>
                <tr>
                  <th>Creator</th>
                  <th className="col-number">Version {data.current_version.version_number}</th>
                  <th className="col-number">Version {data.new_version_number}</th>
                  <th className="col-number">Difference</th>
                </tr>
              </thead>
              <tbody>
                {data.creators.map((creator) => {
                  const amounts = index < 0 ? creator : (creator.periods[index] ?? creator);
                  return (
                    <tr key={creator.creator_id}>
                      <td>
                        <span className="st-preview-name">{creator.name}</span> <span className="st-quiet">{creator.handle}</span>
                      </td>
                      <td className="col-number">{formatCents(amounts.current_cents)}</td>
                      <td className="col-number">{formatCents(amounts.new_cents)}</td>
                      <td className="col-number">
                        <Difference cents={amounts.difference_cents} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                {(() => {
                  const totals = index < 0 ? data.totals : (data.totals.periods[index] ?? data.totals);
                  return (
                    <tr>
                      <th scope="row">Total</th>
                      <td className="col-number">{formatCents(totals.current_cents)}</td>
                      <td className="col-number">{formatCents(totals.new_cents)}</td>
                      <td className="col-number">
                        <Difference cents={totals.difference_cents} />
                      </td>
                    </tr>
                  );
                })()}
              </tfoot>
            </table>
          )}
          <p className="field-hint st-preview-note">
            Both versions are computed from today’s videos, views and assignments, as if each had applied all along
            {data.criteria_type === 'view_threshold' ? '; milestones are grouped by the month they fire in' : ''}. Periods in {data.time_zone}.
          </p>
        </div>
      )}
    </section>
  );
}
