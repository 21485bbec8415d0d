import type { CommandEntry } from './command-journal.ts';
import { formatCents } from './money.ts';

/**
 * What a sentence may say about the entities a command names: their current stored state (or,
 * for one deleted since, its last state in the journal), by id. Only fields the sentences use.
 */
export type ActivityLookup = (id: string | null | undefined) => Record<string, unknown> | null;

/** Display names of actors as stored in the journal; the key's own name when the store knows it. */
export function actorName(actor: string, keyNames: ReadonlyMap<string, string>): string {
  if (actor === 'local_user') return 'Owner';
  if (actor === 'system') return 'System';
  if (actor.startsWith('system:')) {
    const task = actor.slice('system:'.length).replace(/-/g, ' ');
    return task.charAt(0).toUpperCase() + task.slice(1);
  }
  if (actor.startsWith('key:')) {
    const id = actor.slice('key:'.length);
    const known = keyNames.get(id);
    if (known) return known;
    // A transient key's id carries its prefix; another installation's key is only an id here.
    return id.startsWith('transient:') ? `Key ${id.slice('transient:'.length)}…` : `Key ${id.slice(0, 8)}`;
  }
  return actor;
}

/**
 * One sentence a person can read for a journal entry, from its route, body and changes:
 * "Dana recorded a $120.00 Venmo payment to Ana Lima". Routes it does not know get
 * "Dana sent POST /path" rather than a guess.
 */
export function describeCommand(entry: Pick<CommandEntry, 'route' | 'method' | 'path' | 'status' | 'request_body' | 'changes' | 'response_body'>, who: string, lookup: ActivityLookup): string {
  const body = record(entry.request_body) ?? {};
  const pathId = /\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[/?]|$)/.exec(entry.path)?.[1] ?? null;
  const changed = (entity: string) => entry.changes.filter((change) => change.entity === entity);
  const first = (entity: string) => {
    const change = changed(entity)[0];
    return change ? { before: record(change.before), after: record(change.after), id: change.id } : null;
  };
  const name = (id: unknown, fallback: string) => text(lookup(str(id))?.name) ?? fallback;
  const creator = (id: unknown) => name(id, 'a creator');
  const project = (id: unknown) => name(id, 'a project');
  const structure = (id: unknown) => name(id, 'a payout structure');
  const refused = entry.status >= 400;

  switch (entry.route) {
    case 'seed default payout methods': {
      const names = changed('payout_method').map((change) => text(record(change.after)?.name) ?? 'a method');
      return `${who} added the default payout methods ${list(names)}`;
    }
    case 'POST /payout-payments': {
      const payment = first('payment')?.after ?? body;
      const amount = formatCents(num(payment.total_amount_cents));
      const method = text(lookup(str(payment.method_id))?.name);
      const what = `a ${amount}${method ? ` ${method}` : ''} payment`;
      const to = payment.creator_id ? ` to ${creator(payment.creator_id)}` : ` in ${project(payment.project_id)}`;
      if (refused) return `${who} tried to record ${what}${to}; it was refused (${errorCode(entry.response_body) ?? entry.status})`;
      const settled = changed('accrual').length;
      return `${who} recorded ${what}${to}${settled > 0 ? `, settling ${count(settled, 'accrual')}` : ''}`;
    }
    case 'PATCH /payout-payments/:id': {
      const payment = lookup(pathId);
      const what = paymentPhrase(payment, creator);
      if (body.status === 'voided') {
        const reopened = changed('accrual').length;
        return `${who} voided ${what}${reopened > 0 ? `; ${count(reopened, 'accrual')} earned again` : ''}`;
      }
      return `${who} edited the ${fieldList(Object.keys(body))} of ${what}`;
    }
    case 'POST /payout-payments/:id/receipts':
      return `${who} attached ${count(changed('payment_receipt').length, 'receipt')} to ${paymentPhrase(lookup(pathId), creator)}`;
    case 'PATCH /payout-accruals/:id': {
      const accrual = lookup(pathId);
      const verb = body.status === 'rejected' ? 'rejected' : body.status === 'voided' ? 'voided' : `set to ${text(body.status) ?? 'another status'}`;
      return `${who} ${verb} ${accrualPhrase(accrual, creator)}`;
    }
    case 'POST /accrual-runs': {
      const run = first('accrual_run')?.after ?? {};
      const created = num(run.created);
      const asOf = text(run.as_of);
      return `${who} ran accruals${asOf ? ` as of ${asOf.slice(0, 10)}` : ''}: ${count(created, 'accrual')} created${created > 0 ? ` (${formatCents(num(run.amount_cents_created))})` : ''}`;
    }
    case 'POST /projects':
      return `${who} created project ${quoteName(first('project')?.after?.name ?? body.name)}`;
    case 'PATCH /projects/:id':
      return edited(who, 'project', first('project'));
    case 'POST /projects/:id/creators':
    case 'DELETE /projects/:id/creators': {
      const creators = changed('creator').map((change) => text(record(change.after)?.name) ?? 'a creator');
      const adding = entry.method === 'POST';
      const closed = changed('assignment').length;
      const who_ = creators.length === 1 ? creators[0] : count(creators.length, 'creator');
      if (creators.length === 0) return `${who} ${adding ? 'added' : 'removed'} no creator ${adding ? 'to' : 'from'} ${project(pathId)} (already ${adding ? 'members' : 'gone'})`;
      return `${who} ${adding ? 'added' : 'removed'} ${who_} ${adding ? 'to' : 'from'} ${project(pathId)}${closed > 0 ? `, closing ${count(closed, 'assignment')}` : ''}`;
    }
    case 'POST /payout-methods':
      return `${who} added payout method ${quoteName(first('payout_method')?.after?.name ?? body.name)}`;
    case 'PATCH /payout-methods/:id': {
      const change = first('payout_method');
      if (change?.before && change.after && change.before.is_active !== change.after.is_active && Object.keys(body).length === 1) {
        return `${who} ${change.after.is_active ? 'enabled' : 'disabled'} payout method ${quoteName(change.after.name)}`;
      }
      return edited(who, 'payout method', change);
    }
    case 'DELETE /payout-methods/:id':
      return `${who} deleted payout method ${quoteName(first('payout_method')?.before?.name)}`;
    case 'POST /creators':
      return `${who} added creator ${creatorLabel(first('creator')?.after ?? body)}`;
    case 'PATCH /creators/:id':
      return edited(who, 'creator', first('creator'));
    case 'POST /creator-goals':
    case 'PATCH /creator-goals/:id':
    case 'DELETE /creator-goals/:id': {
      const change = first('creator_goal');
      const goal = change?.after ?? change?.before ?? body;
      const verb = entry.method === 'POST' ? 'set' : entry.method === 'PATCH' ? 'changed' : 'removed';
      return `${who} ${verb} a goal for ${creator(goal.creator_id)}: ${goalText(goal)} in ${project(goal.project_id)}`;
    }
    case 'POST /videos': {
      const video = first('video')?.after ?? body;
      return `${who} recorded ${platformVideo('a', video.platform)} by ${creator(video.creator_id)} in ${project(video.project_id)}`;
    }
    case 'POST /videos/:id/metrics': {
      const video = lookup(pathId);
      const snapshot = first('video_snapshot')?.after ?? body;
      return `${who} recorded ${num(snapshot.views).toLocaleString('en-US')} views of ${video ? platformVideo(`${creator(video.creator_id)}'s`, video.platform) : 'a video'}`;
    }
    case 'POST /payout-structures': {
      const created = first('payout_structure')?.after ?? body;
      return `${who} created payout structure ${quoteName(created.name)} in ${project(created.project_id)}`;
    }
    case 'PATCH /payout-structures/:id': {
      const change = first('payout_structure');
      const before = change?.before;
      const after = change?.after;
      const versions = (value: unknown) => (Array.isArray(record(value)?.versions) ? (record(value)?.versions as unknown[]).length : 0);
      if (before && after && versions(after) > versions(before)) return `${who} saved version ${versions(after)} of the rule of ${quoteName(after.name)}`;
      return edited(who, 'payout structure', change);
    }
    case 'DELETE /payout-structures/:id': {
      const change = first('payout_structure');
      if (change && change.after === null) return `${who} deleted payout structure ${quoteName(change.before?.name)} and its assignment history`;
      return `${who} archived payout structure ${quoteName(change?.after?.name ?? change?.before?.name)}`;
    }
    case 'POST /payout-structures/:id/assignments':
    case 'DELETE /payout-structures/:id/assignments': {
      const assignments = changed('assignment');
      const names = assignments.map((change) => creator((record(change.after) ?? record(change.before))?.creator_id));
      const subject = names.length === 1 ? names[0] : count(names.length, 'creator');
      const adding = entry.method === 'POST';
      return `${who} ${adding ? 'assigned' : 'unassigned'} ${subject} ${adding ? 'to' : 'from'} ${structure(pathId)}`;
    }
    case 'POST /imports/creators':
    case 'POST /imports/videos':
    case 'POST /imports/metrics': {
      const kind = entry.route.slice('POST /imports/'.length);
      const entity = kind === 'creators' ? 'creator' : 'video';
      const created = entry.changes.filter((change) => change.entity === entity && change.before == null).length;
      const updated = entry.changes.filter((change) => change.entity === entity && change.before != null).length;
      return `${who} imported ${kind} from CSV: ${created} new, ${updated} updated`;
    }
  }
  return `${who} sent ${entry.method} ${entry.path}${refused ? ` (refused, ${entry.status})` : ''}`;
}

/** "a TikTok video", "an Instagram video", "Ana's YouTube video", "a video" (other platforms). */
function platformVideo(owner: string, platform: unknown): string {
  const name = PLATFORM_NAMES[text(platform) ?? ''];
  if (!name) return `${owner} video`;
  const article = owner === 'a' && /^[AEIOU]/.test(name) ? 'an' : owner;
  return `${article} ${name} video`;
}

const PLATFORM_NAMES: Record<string, string> = { tiktok: 'TikTok', youtube: 'YouTube', instagram: 'Instagram' };

function paymentPhrase(payment: Record<string, unknown> | null, creator: (id: unknown) => string): string {
  if (!payment) return 'a payment';
  const amount = formatCents(num(payment.total_amount_cents));
  return `the ${amount} payment${payment.creator_id ? ` to ${creator(payment.creator_id)}` : ''}`;
}

function accrualPhrase(accrual: Record<string, unknown> | null, creator: (id: unknown) => string): string {
  if (!accrual) return 'an accrual';
  const start = text(accrual.period_start_at)?.slice(0, 10);
  const end = text(accrual.period_end_at);
  // Periods end at the next period's first instant: the last day is the one before.
  const lastDay = end ? new Date(Date.parse(end) - 1).toISOString().slice(0, 10) : null;
  const period = start && lastDay ? (start === lastDay ? ` for ${start}` : ` for ${start} to ${lastDay}`) : '';
  return `${creator(accrual.creator_id)}'s ${formatCents(num(accrual.amount_cents))} accrual${period}`;
}

function edited(who: string, noun: string, change: { before: Record<string, unknown> | null; after: Record<string, unknown> | null } | null): string {
  const before = change?.before ?? {};
  const after = change?.after ?? {};
  const fields = Object.keys(after).filter((field) => field !== 'updated_at' && JSON.stringify(before[field]) !== JSON.stringify(after[field]));
  if (fields.length === 1 && fields[0] === 'name') return `${who} renamed ${noun} ${quoteName(before.name)} to ${quoteName(after.name)}`;
  const label = quoteName(after.name ?? before.name);
  if (fields.length === 0) return `${who} saved ${noun} ${label} unchanged`;
  return `${who} changed the ${fieldList(fields)} of ${noun} ${label}`;
}

function goalText(goal: Record<string, unknown>): string {
  const metric = goal.metric === 'views' ? 'views' : 'videos posted';
  const per = text(goal.period)?.replace(/ly$/, '').replace('dai', 'day') ?? 'period';
  return `${num(goal.target).toLocaleString('en-US')} ${metric} a ${per}`;
}

function creatorLabel(creator: Record<string, unknown>): string {
  const handle = text(creator.handle);
  return `${text(creator.name) ?? 'a creator'}${handle ? ` (@${handle.replace(/^@/, '')})` : ''}`;
}

function quoteName(value: unknown): string {
  return text(value) ?? '(unnamed)';
}

function fieldList(fields: string[]): string {
  return list(fields.map((field) => field.replace(/_id$/, '').replace(/_/g, ' ')));
}

function list(items: string[]): string {
  if (items.length <= 1) return items[0] ?? 'nothing';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

function errorCode(responseBody: unknown): string | null {
  if (typeof responseBody !== 'string') return null;
  try {
    return text(record(record(JSON.parse(responseBody))?.error)?.code);
  } catch {
    return null;
  }
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
