import type { ReactNode } from 'react';
import { formatCents } from '../../../../core/domain/money.ts';
import { formatCount } from './number-input.ts';
import { PERIOD_LABELS, PRORATION_LABELS, formatRate, goalsModeText, tierRange, typedRule, capitalize, type RuleLike } from './rule-text.ts';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="st-detail-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * Every parameter of one version, in words and with units: the full rule behind the summary. `name`
 * labels the tables ("version 1") so each version's tiers can be told apart.
 */
export function RuleDetails({ rule, name }: { rule: RuleLike; name: string }) {
  const typed = typedRule(rule);
  if (typed.type === 'unreadable') return <p className="st-quiet">This version’s parameters can’t be shown by this version of the app.</p>;
  if (typed.type === 'view_threshold') {
    const thresholds = [...typed.params.thresholds].sort((a, b) => a.view_count - b.view_count);
    return (
      <div className="st-details">
        <table className="st-mini-table" aria-label={`Milestones of ${name}`}>
          <thead>
            <tr>
              <th scope="col">Video views</th>
              <th scope="col" className="st-num">
                Bonus
              </th>
            </tr>
          </thead>
          <tbody>
            {thresholds.map((threshold) => (
              <tr key={threshold.view_count}>
                <td>{formatCount(threshold.view_count)}</td>
                <td className="st-num">{formatCents(threshold.amount_cents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <dl className="st-detail-list">
          <Row label="Backfill on assignment">{typed.isBackfilled ? 'Yes — milestones already reached are paid at assignment' : 'No — only milestones reached after assignment'}</Row>
          <Row label="Period">None — paid once per video and milestone</Row>
        </dl>
      </div>
    );
  }
  return (
    <div className="st-details">
      <dl className="st-detail-list">
        <Row label="Period">{typed.period === null ? '—' : PERIOD_LABELS[typed.period]}</Row>
        {typed.type === 'cpm' ? null : <Row label="Amount">{typed.amountCents === null ? '—' : formatCents(typed.amountCents)}</Row>}
        <Row label="Proration">{PRORATION_LABELS[typed.proration]}</Row>
        {typed.type === 'goals' ? (
          <>
            <Row label="Goals to meet">{capitalize(goalsModeText(typed.params))}</Row>
            {typed.params.mode === 'all' ? (
              <Row label="Partial payouts">
                {typed.params.partial_allowed === true
                  ? `From ${typed.params.min_completion_pct ?? 0}% average completion, ×${typed.params.partial_multiplier ?? 1}`
                  : 'Off — all goals must be met'}
              </Row>
            ) : null}
          </>
        ) : null}
        {typed.type === 'cpm' ? (
          <>
            <Row label="Minimum impressions">{typed.params.min_impressions === 0 ? 'None' : `${formatCount(typed.params.min_impressions)} views`}</Row>
            <Row label="Cap per period">{typed.params.max_payout_cents === null ? 'None' : formatCents(typed.params.max_payout_cents)}</Row>
          </>
        ) : null}
      </dl>
      {typed.type === 'cpm' ? (
        <table className="st-mini-table" aria-label={`Tiers of ${name}`}>
          <thead>
            <tr>
              <th scope="col">Tier</th>
              <th scope="col">Views in the period</th>
              <th scope="col" className="st-num">
                Rate
              </th>
            </tr>
          </thead>
          <tbody>
            {typed.params.tiers.map((tier, index) => (
              <tr key={index}>
                <td>{index + 1}</td>
                <td>{tierRange(typed.params.tiers, index)}</td>
                <td className="st-num">{formatRate(tier.cents_per_thousand)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
