import type { RouteKey, SyncConflict } from '../../../../core/api/contracts/index.ts';
import { routePath, type Route } from '../../app/use-hash-route.ts';

/** Where a conflict's entities are shown, and how to ask whether one still exists. */
const KINDS = {
  payment: { segment: 'payout-payments', noun: 'payment', route: 'payments', detail: true, read: 'GET /payout-payments/:id' },
  accrual: { segment: 'payout-accruals', noun: 'accrual', route: 'accruals', detail: true, read: 'GET /payout-accruals/:id' },
  creator: { segment: 'creators', noun: 'creator', route: 'creators', detail: true, read: 'GET /creators/:id' },
  project: { segment: 'projects', noun: 'project', route: 'projects', detail: true, read: 'GET /projects/:id' },
  structure: { segment: 'payout-structures', noun: 'payout structure', route: 'structures', detail: true, read: 'GET /payout-structures/:id' },
  method: { segment: 'payout-methods', noun: 'payout method', route: 'methods', detail: false, read: 'GET /payout-methods/:id' },
} as const satisfies Record<string, { segment: string; noun: string; route: Route; detail: boolean; read: RouteKey }>;
type Kind = keyof typeof KINDS;

export type ConflictTarget = { kind: Kind; id: string; label: string; href: string; read: (typeof KINDS)[Kind]['read'] };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

function target(kind: Kind, id: string): ConflictTarget {
  const info = KINDS[kind];
  return { kind, id, label: `Open the ${info.noun}`, href: info.detail ? routePath(info.route, id) : routePath(info.route), read: info.read };
}

/**
 * The entities a conflict is about, to link to when they still exist: the one its path names
 * (`PATCH /creators/<id>`), the ones the pull put back, and the ones the server's message names
 * ("… is settled by payment <id>"). What was removed here is not linked (it no longer exists).
 */
export function conflictTargets(conflict: Pick<SyncConflict, 'path' | 'message' | 'undone'>): ConflictTarget[] {
  const found = new Map<string, ConflictTarget>();
  const add = (kind: Kind, id: string) => {
    if (!found.has(id)) found.set(id, target(kind, id));
  };
  const pathId = new RegExp(`^/([a-z-]+)/(${UUID})`).exec(conflict.path.split('?')[0] ?? '');
  for (const [kind, info] of Object.entries(KINDS) as [Kind, (typeof KINDS)[Kind]][]) {
    if (pathId && pathId[1] === info.segment && pathId[2]) add(kind, pathId[2]);
    for (const line of conflict.undone) {
      const match = new RegExp(`^${info.noun} (${UUID}) put back`).exec(line);
      if (match?.[1]) add(kind, match[1]);
    }
    for (const match of conflict.message.toLowerCase().matchAll(new RegExp(`\\b${info.noun} (${UUID})`, 'g'))) if (match[1]) add(kind, match[1]);
  }
  const removed = new Set(conflict.undone.flatMap((line) => (line.endsWith(' removed') ? (new RegExp(UUID).exec(line) ?? []) : [])));
  return [...found.values()].filter((entry) => !removed.has(entry.id));
}

const NOUN_OF_SEGMENT: Record<string, string> = {
  'payout-payments': 'payment',
  'payout-methods': 'payout method',
  creators: 'creator',
  projects: 'project',
  'payout-structures': 'payout structure',
  'creator-goals': 'goal',
  videos: 'video',
  'payout-batches': 'payout batch',
  'accrual-runs': 'accrual run',
};

/** "Recording a payment", "A change to a creator": what the refused command was, in words. */
export function refusedAction(method: SyncConflict['method'], path: string): string {
  const parts = (path.split('?')[0] ?? '').split('/').filter(Boolean);
  const noun = NOUN_OF_SEGMENT[parts[0] ?? ''];
  if (noun === undefined) return `${method} ${path}`;
  if (parts[0] === 'accrual-runs') return 'An accrual run';
  const article = /^[aeiou]/.test(noun) ? 'an' : 'a';
  if (parts.length > 2) return `A change to ${article} ${noun}’s ${parts.slice(2).join(' ').replace(/-/g, ' ')}`;
  if (method === 'POST') return parts[0] === 'payout-payments' ? 'Recording a payment' : `Adding ${article} ${noun}`;
  if (method === 'PATCH') return `A change to ${article} ${noun}`;
  return `Deleting ${article} ${noun}`;
}

/** What the pull undid on this desktop, in words (before the first complete pull, that it will). */
export function undoneText(conflict: Pick<SyncConflict, 'undone' | 'text'>): string {
  if (conflict.undone.length > 0) return `Undone on this desktop: ${conflict.undone.join('; ')}.`;
  if (conflict.text.includes('Nothing on this desktop needed undoing')) return 'Nothing on this desktop needed undoing.';
  return 'What it changed on this desktop is undone with the next complete sync.';
}
