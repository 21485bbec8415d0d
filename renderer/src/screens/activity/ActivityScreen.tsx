import { useState } from 'react';
import { z } from 'zod';
import { ACTIVITY_ENTITIES } from '../../../../core/api/contracts/index.ts';
import { DateRangeFilter, FilterSelect } from '../../ui/filter-fields.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useSessionState } from '../../ui/use-session-state.ts';
import { ActivityLog } from './ActivityLog.tsx';
import { ENTITY_CHOICES, type ActivityFilter } from './activity-view.ts';

const filtersSchema = z.object({
  entity: z.union([z.enum(ACTIVITY_ENTITIES), z.literal('')]),
  actor: z.string(),
  fromDay: z.string(),
  toDay: z.string(),
});
type Filters = z.infer<typeof filtersSchema>;

/**
 * Activity: every command the ledger accepted (`GET /activity`), newest first — who did what and
 * when, each row opening to the before → after of what it changed. Filters: the kind of entity,
 * who (a key's name, "Owner", "Accrual timer"), and days on this computer's calendar.
 */
export function ActivityScreen() {
  const [filters, setFilters] = useSessionState<Filters>('payouts.activity.filters', filtersSchema, { entity: '', actor: '', fromDay: '', toDay: '' });
  const [actorDraft, setActorDraft] = useState(filters.actor);
  const isBackward = filters.fromDay !== '' && filters.toDay !== '' && filters.fromDay > filters.toDay;
  const filter: ActivityFilter = { entity: filters.entity, actor: filters.actor, fromDay: filters.fromDay, toDay: filters.toDay };
  const applyActor = () => setFilters({ ...filters, actor: actorDraft.trim() });

  return (
    <>
      <PageHeader
        title="Activity"
        description="Every change made to the ledger, newest first: who made it, when, and the before → after of each thing it touched. Changes made on other computers keep the name of the person who made them."
      />
      <div className="ac-filters" role="group" aria-label="Filters">
        <FilterSelect label="Entity" allLabel="All entities" value={filters.entity} choices={ENTITY_CHOICES} onChange={(value) => setFilters({ ...filters, entity: value as Filters['entity'] })} />
        <div className="ac-filter">
          <label className="ac-filter-label" htmlFor="activity-actor">
            Who
          </label>
          <input
            id="activity-actor"
            className="input activity-actor-input"
            placeholder="A key’s name, Owner…"
            value={actorDraft}
            maxLength={200}
            onChange={(event) => setActorDraft(event.target.value)}
            onBlur={applyActor}
            onKeyDown={(event) => {
              if (event.key === 'Enter') applyActor();
            }}
          />
        </div>
        <DateRangeFilter
          label="Dates"
          title="Days on this computer’s calendar"
          fromLabel="From day"
          toLabel="To day"
          from={filters.fromDay}
          to={filters.toDay}
          isBackward={isBackward}
          onChange={(next) => setFilters({ ...filters, ...next })}
        />
        {filters.entity !== '' || filters.actor !== '' || filters.fromDay !== '' || filters.toDay !== '' ? (
          <button
            type="button"
            className="button button-ghost"
            onClick={() => {
              setActorDraft('');
              setFilters({ entity: '', actor: '', fromDay: '', toDay: '' });
            }}
          >
            Clear filters
          </button>
        ) : null}
      </div>
      {isBackward ? (
        <p className="activity-muted">The first day is after the last one.</p>
      ) : (
        <ActivityLog filter={filter} emptyText="Nothing matches these filters." />
      )}
    </>
  );
}
