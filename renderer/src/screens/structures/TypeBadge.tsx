import type { CriteriaType } from '../../../../core/api/contracts/index.ts';
import { Badge } from '../../ui/Badge.tsx';
import { CRITERIA_LABELS } from './rule-text.ts';

/** The rule's kind, each in its own quiet colour so a list of structures scans by type. */
export function TypeBadge({ type }: { type: CriteriaType }) {
  return <span className={`badge st-type st-type-${type}`}>{CRITERIA_LABELS[type]}</span>;
}

/** Active / Archived, as a state (with a dot). */
export function StructureStatusBadge({ isActive }: { isActive: boolean }) {
  return isActive ? (
    <Badge tone="success" dot>
      Active
    </Badge>
  ) : (
    <Badge tone="muted" dot>
      Archived
    </Badge>
  );
}
