import { useMemo, useState } from 'react';
import type { Project, WatchSpec } from '../../../../core/api/contracts/index.ts';
import { useApi } from '../../app/backend-context.ts';
import { useWatch } from '../../api/use-watch.ts';
import { pluralize, quoted } from '../../format.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { SearchInput } from '../../ui/SearchInput.tsx';
import { useDebouncedValue } from '../../ui/use-debounced-value.ts';
import { useToast } from '../../ui/toast-context.ts';
import { MethodAvatar } from '../methods/MethodAvatar.tsx';

const LIST_LIMIT = 50;

/** Picks creators from everyone in the organisation and makes them members of the project. */
export function AddCreatorsDialog({ project, onClose }: { project: Pick<Project, 'id' | 'name'>; onClose(): void }) {
  const api = useApi();
  const toast = useToast();
  const [searchText, setSearchText] = useState('');
  const search = useDebouncedValue(searchText.trim(), 200);
  const [selected, setSelected] = useState<ReadonlyMap<string, string>>(new Map());
  const [problem, setProblem] = useState<string | null>(null);
  const [isAdding, setIsAdding] = useState(false);
  const spec = useMemo<Extract<WatchSpec, { name: 'creators' }>>(
    () => ({ name: 'creators', params: { search, sort: 'name', dir: 'asc', limit: LIST_LIMIT } }),
    [search],
  );
  const { rows, total, isLoading, error } = useWatch(spec);

  function toggle(id: string, name: string, isOn: boolean) {
    setSelected((current) => {
      const next = new Map(current);
      if (isOn) next.set(id, name);
      else next.delete(id);
      return next;
    });
  }

  async function add() {
    if (selected.size === 0) return;
    setIsAdding(true);
    setProblem(null);
    const result = await api.call('POST /projects/:id/creators', { params: { id: project.id }, body: { creator_ids: [...selected.keys()] } });
    setIsAdding(false);
    if (!result.ok) return setProblem(result.error.message);
    const { added } = result.data;
    const [onlyName] = selected.values();
    toast.show({
      tone: 'success',
      title: added === 1 && selected.size === 1 && onlyName !== undefined ? `Added ${quoted(onlyName)} to ${quoted(project.name)}` : `Added ${pluralize(added, 'creator')} to ${quoted(project.name)}`,
    });
    onClose();
  }

  const isFirstLoad = isLoading && rows.length === 0;

  return (
    <Dialog
      title="Add creators"
      onClose={onClose}
      description={<p>Choose who works on {quoted(project.name)}. Members can be given goals, videos and payout structures in this project.</p>}
    >
      <div className="dialog-body">
        {problem === null ? null : (
          <Banner tone="danger" title="Not added">
            {problem}
          </Banner>
        )}
        <div className="picker-toolbar">
          <SearchInput label="Search creators" value={searchText} onChange={setSearchText} />
          <span className="result-count">{selected.size === 0 ? null : `${selected.size.toLocaleString()} selected`}</span>
        </div>
        {error === null ? null : (
          <Banner tone="danger" title="Couldn’t load creators">
            {error.message}
          </Banner>
        )}
        <ul className="pick-list" aria-label="Creators" aria-busy={isFirstLoad}>
          {isFirstLoad ? <li className="pick-empty">Loading creators…</li> : null}
          {!isFirstLoad && rows.length === 0 ? (
            <li className="pick-empty">{search === '' ? 'No creators yet. Create them on the Creators screen or import a CSV.' : `No creators match ${quoted(search)}.`}</li>
          ) : null}
          {rows.map((creator) => {
            const isMember = creator.project_ids.includes(project.id);
            const isChecked = isMember || selected.has(creator.id);
            return (
              <li key={creator.id}>
                <label className={isMember ? 'pick-row is-member' : 'pick-row'}>
                  <input
                    type="checkbox"
                    checked={isChecked}
                    disabled={isMember}
                    aria-label={creator.name}
                    onChange={(event) => toggle(creator.id, creator.name, event.target.checked)}
                  />
                  <MethodAvatar name={creator.name} iconUrl={null} />
                  <span className="pick-text">
                    <span className="pick-primary">{creator.name}</span>
                    <span className="pick-secondary">{[creator.handle, creator.email].filter((part) => part !== null).join(' · ') || 'No handle or email'}</span>
                  </span>
                  {isMember ? <Badge tone="muted">Member</Badge> : null}
                </label>
              </li>
            );
          })}
        </ul>
        {total > rows.length ? (
          <p className="field-hint">
            Showing the first {rows.length.toLocaleString()} of {total.toLocaleString()} creators; search to find others.
          </p>
        ) : null}
      </div>
      <footer className="dialog-footer">
        <button type="button" className="button button-secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button-primary" onClick={() => void add()} disabled={selected.size === 0 || isAdding} aria-busy={isAdding}>
          {selected.size === 0 ? 'Add creators' : `Add ${pluralize(selected.size, 'creator')}`}
        </button>
      </footer>
    </Dialog>
  );
}
