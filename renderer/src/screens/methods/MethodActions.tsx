import type { PayoutMethod } from '../../../../core/api/contracts/index.ts';
import { Tooltip } from '../../ui/Tooltip.tsx';
import type { MethodTableMeta } from './method-table.tsx';

export const DEFAULT_NOT_DELETABLE = 'Default methods can be disabled but not deleted';

/** Edit, Disable/Enable and Delete for one row; accessible names carry the method's name. */
export function MethodActions({ method, meta }: { method: PayoutMethod; meta: MethodTableMeta }) {
  const isPending = meta.pendingIds.has(method.id);
  const toggleLabel = method.is_active ? 'Disable' : 'Enable';
  return (
    <div className="row-actions">
      <button type="button" className="button button-ghost button-small" aria-label={`Edit ${method.name}`} onClick={() => meta.onEdit(method)}>
        Edit
      </button>
      <button
        type="button"
        className="button button-ghost button-small row-action-toggle"
        aria-label={`${toggleLabel} ${method.name}`}
        disabled={isPending}
        aria-busy={isPending}
        onClick={() => meta.onToggleActive(method)}
      >
        {toggleLabel}
      </button>
      {method.is_default ? (
        <Tooltip text={DEFAULT_NOT_DELETABLE}>
          {(describedBy) => (
            <button type="button" className="button button-ghost button-small button-ghost-danger" aria-label={`Delete ${method.name}`} aria-describedby={describedBy} disabled>
              Delete
            </button>
          )}
        </Tooltip>
      ) : (
        <button
          type="button"
          className="button button-ghost button-small button-ghost-danger"
          aria-label={`Delete ${method.name}`}
          disabled={isPending}
          onClick={() => meta.onDelete(method)}
        >
          Delete
        </button>
      )}
    </div>
  );
}
