import type { ActivityEntity } from '../../../../core/api/contracts/index.ts';

/** What the audit log is filtered by; dates are calendar days on this computer (`YYYY-MM-DD`). */
export type ActivityFilter = {
  entity?: ActivityEntity | '';
  entityId?: string;
  actor?: string;
  fromDay?: string;
  toDay?: string;
};

const ENTITY_LABELS: Record<string, string> = {
  payout_method: 'Payout method',
  project: 'Project',
  creator: 'Creator',
  creator_goal: 'Goal',
  video: 'Video',
  video_snapshot: 'Views snapshot',
  payout_structure: 'Payout structure',
  assignment: 'Assignment',
  accrual: 'Accrual',
  accrual_run: 'Accrual run',
  payment: 'Payment',
  payment_receipt: 'Receipt',
};

export function entityLabel(entity: string): string {
  return ENTITY_LABELS[entity] ?? entity;
}

/** The entity choices of the Activity screen's filter. */
export const ENTITY_CHOICES = Object.entries(ENTITY_LABELS).map(([value, label]) => ({ value, label }));

/** A local calendar day as the instant it starts (or its last millisecond), in UTC for the API. */
export function localDayBound(day: string, side: 'from' | 'to'): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const start = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (side === 'from') return start.toISOString();
  const next = new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1);
  return new Date(next.getTime() - 1).toISOString();
}

/** The `GET /activity` query for a filter; a backward range is sent as it is (the API refuses it). */
export function activityQuery(filter: ActivityFilter, limit: number): Record<string, string> {
  const query: Record<string, string> = { limit: String(limit) };
  if (filter.entity) query.entity = filter.entity;
  if (filter.entityId) query.entity_id = filter.entityId;
  if (filter.actor?.trim()) query.actor = filter.actor.trim();
  const from = filter.fromDay ? localDayBound(filter.fromDay, 'from') : null;
  const to = filter.toDay ? localDayBound(filter.toDay, 'to') : null;
  if (from) query.from = from;
  if (to) query.to = to;
  return query;
}

export function formatActivityTime(at: string): string {
  return new Date(at).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A field's value in the before → after table: text as is, absent as "—", the rest as JSON. */
export function formatFieldValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const json = JSON.stringify(value);
  return json.length > 300 ? `${json.slice(0, 300)}…` : json;
}
