import { Fragment, useState } from 'react';
import type { ActivityChange, ActivityItem, ApiRoutes } from '../../../../core/api/contracts/index.ts';

type ActivityQueryInput = ApiRoutes['GET /activity']['query'];
import { useResource } from '../../api/use-resource.ts';
import { useApi } from '../../app/backend-context.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Banner } from '../../ui/Banner.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { activityQuery, entityLabel, formatActivityTime, formatFieldValue, type ActivityFilter } from './activity-view.ts';

const PAGE_SIZE = 50;

/**
 * The audit log (`GET /activity`) as a table, newest first: when, who, what. A row opens to the
 * before → after of each entity the command touched. Used by the Activity screen and by the
 * History section of every detail page (filtered by entity and id).
 */
export function ActivityLog({ filter, emptyText, compact = false, refreshKey = '' }: { filter: ActivityFilter; emptyText: string; compact?: boolean; /** Read again when this changes (the entity shown was edited). */ refreshKey?: string }) {
  const query = activityQuery(filter, PAGE_SIZE);
  const requestKey = `activity:${JSON.stringify(query)}:${refreshKey}`;
  const { result } = useResource(requestKey, (api) => api.call('GET /activity', { query: query as ActivityQueryInput }));
  const api = useApi();
  const [more, setMore] = useState<{ key: string; items: ActivityItem[]; cursor: string | null } | null>(null);
  const [isLoadingMore, setIsLoadingMore] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());

  if (result === null) return <p className="activity-muted">Loading activity…</p>;
  if (!result.ok) return <Banner tone="danger" title="The activity could not be read">{result.error.message}</Banner>;
  const firstCursor = (result.meta['next_cursor'] as string | null | undefined) ?? null;
  const extra = more?.key === requestKey ? more : null;
  const items = [...result.data, ...(extra?.items ?? [])];
  const cursor = extra ? extra.cursor : firstCursor;

  async function loadMore() {
    if (!cursor) return;
    setIsLoadingMore(true);
    setProblem(null);
    const answer = await api.call('GET /activity', { query: { ...query, cursor } as ActivityQueryInput });
    setIsLoadingMore(false);
    if (!answer.ok) return setProblem(answer.error.message);
    setMore({ key: requestKey, items: [...(extra?.items ?? []), ...answer.data], cursor: (answer.meta['next_cursor'] as string | null | undefined) ?? null });
  }

  function toggle(id: string) {
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  if (items.length === 0) return <p className="activity-muted activity-empty">{emptyText}</p>;
  return (
    <div className="activity-log">
      <div className="table-frame">
        <table className={compact ? 'data-table data-table-compact activity-table' : 'data-table activity-table'} aria-label="Activity">
          <colgroup>
            <col className="activity-col-toggle" />
            <col className="activity-col-when" />
            <col className="activity-col-who" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col" className="activity-col-toggle">
                <span className="visually-hidden">Details</span>
              </th>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const isOpen = open.has(item.id);
              return (
                <Fragment key={item.id}>
                  <tr className={isOpen ? 'activity-row is-open' : 'activity-row'} data-activity-id={item.id}>
                    <td className="activity-col-toggle">
                      <button
                        type="button"
                        className="icon-button"
                        aria-expanded={isOpen}
                        aria-controls={`activity-${item.id}`}
                        aria-label={isOpen ? `Hide the changes of: ${item.summary}` : `Show the changes of: ${item.summary}`}
                        onClick={() => toggle(item.id)}
                      >
                        <Icon name={isOpen ? 'chevronDown' : 'chevronRight'} size={16} />
                      </button>
                    </td>
                    <td className="activity-when">
                      <time dateTime={item.at}>{formatActivityTime(item.at)}</time>
                    </td>
                    <td className="activity-who" title={item.actor}>
                      {item.actor_name}
                    </td>
                    <td className="activity-what">
                      {item.summary}
                      {item.status >= 400 ? <span className="activity-refused"><Badge tone="muted">Refused</Badge></span> : null}
                    </td>
                  </tr>
                  {isOpen ? (
                    <tr className="activity-details" id={`activity-${item.id}`}>
                      <td />
                      <td colSpan={3}>
                        <ActivityChanges item={item} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      {problem === null ? null : <Banner tone="danger" title="More activity could not be read">{problem}</Banner>}
      {cursor ? (
        <div className="table-footer">
          <button type="button" className="button" onClick={() => void loadMore()} disabled={isLoadingMore}>
            {isLoadingMore ? 'Loading…' : 'Show older'}
          </button>
        </div>
      ) : null}
    </div>
  );
}

function ActivityChanges({ item }: { item: ActivityItem }) {
  return (
    <div className="activity-changes">
      <p className="activity-route">
        <code>
          {item.method} {item.path}
        </code>{' '}
        · status {item.status}
      </p>
      {item.changes.length === 0 ? <p className="activity-muted">Nothing was changed.</p> : null}
      {item.changes.map((change) => (
        <ChangeTable key={`${change.entity}:${change.id}`} change={change} />
      ))}
      {item.change_count > item.changes.length ? (
        <p className="activity-muted">…and {(item.change_count - item.changes.length).toLocaleString()} more entities changed by this command.</p>
      ) : null}
    </div>
  );
}

function ChangeTable({ change }: { change: ActivityChange }) {
  return (
    <div className="activity-change" aria-label={`${entityLabel(change.entity)} ${change.id}`}>
      <p className="activity-change-title">
        <strong>{entityLabel(change.entity)}</strong> {change.action} <code className="activity-muted">{change.id}</code>
      </p>
      <table className="activity-fields">
        <colgroup>
          <col className="activity-col-field" />
          <col />
          <col className="activity-col-arrow" />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col" aria-label="becomes" />
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {change.fields.map((field) => (
            <tr key={field.field}>
              <th scope="row">{field.field}</th>
              <td className="activity-before">{formatFieldValue(field.before)}</td>
              <td aria-hidden="true">→</td>
              <td className="activity-after">{formatFieldValue(field.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
