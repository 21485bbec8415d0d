import { quoted } from '../../format.ts';
import { Icon } from '../../ui/Icon.tsx';

type MethodsEmptyStateProps = {
  search: string;
  isShowingDisabled: boolean;
  onClearSearch(): void;
  onShowDisabled(): void;
  onCreate(): void;
};

/** Says why the list is empty and offers the one step that most likely helps. */
export function MethodsEmptyState({ search, isShowingDisabled, onClearSearch, onShowDisabled, onCreate }: MethodsEmptyStateProps) {
  if (search !== '') {
    return (
      <div className="empty-state">
        <span className="empty-icon">
          <Icon name="search" size={20} />
        </span>
        <p className="empty-title">No methods match {quoted(search)}</p>
        <p className="empty-text">
          {isShowingDisabled ? 'Try another name.' : 'Try another name, or include disabled methods in the search.'}
        </p>
        <div className="empty-actions">
          <button type="button" className="button button-secondary" onClick={onClearSearch}>
            Clear search
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="empty-state">
      <span className="empty-icon">
        <Icon name="methods" size={20} />
      </span>
      <p className="empty-title">{isShowingDisabled ? 'No payout methods yet' : 'No active payout methods'}</p>
      <p className="empty-text">Add the ways you pay creators, such as Zelle, Wise or bank transfer.</p>
      <div className="empty-actions">
        {isShowingDisabled ? null : (
          <button type="button" className="button button-secondary" onClick={onShowDisabled}>
            Show disabled
          </button>
        )}
        <button type="button" className="button button-primary" onClick={onCreate}>
          <Icon name="plus" />
          Add a method
        </button>
      </div>
    </div>
  );
}
