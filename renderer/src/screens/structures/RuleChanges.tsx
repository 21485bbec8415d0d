import { describeRuleChanges, type RuleChange } from './rule-diff.ts';
import type { RuleLike } from './rule-text.ts';

function ChangeItem({ change }: { change: RuleChange }) {
  if (change.before === null) {
    return (
      <li className="st-change st-change-added">
        <span className="st-change-label">{change.label} added:</span> <ins>{change.after}</ins>
      </li>
    );
  }
  if (change.after === null) {
    return (
      <li className="st-change st-change-removed">
        <span className="st-change-label">{change.label} removed:</span> <del>{change.before}</del>
      </li>
    );
  }
  return (
    <li className="st-change">
      <span className="st-change-label">{change.label}:</span> <del>{change.before}</del> <span className="st-change-arrow">→</span> <ins>{change.after}</ins>
    </li>
  );
}

/**
 * What differs between two rules, one line per change ("Rate of tier 2: 75¢/1k → 80¢/1k"), for the
 * version history and the edit form's preview. `emptyText` when nothing changed.
 */
export function RuleChanges({ before, after, label, emptyText }: { before: RuleLike; after: RuleLike; label: string; emptyText: string }) {
  const changes = describeRuleChanges(before, after);
  if (changes.length === 0) return <p className="st-quiet">{emptyText}</p>;
  return (
    <ul className="st-changes" aria-label={label}>
      {changes.map((change) => (
        <ChangeItem key={`${change.label}-${change.before ?? ''}-${change.after ?? ''}`} change={change} />
      ))}
    </ul>
  );
}
