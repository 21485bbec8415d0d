import { CSV_COLUMNS, CSV_REQUIRED, type ImportKind } from '../../../../core/api/contracts/index.ts';

export type KindInfo = {
  label: string;
  /** What one row is, singular and plural: "creator", "view snapshot". */
  noun: readonly [string, string];
  /** Column layout of the file, in the order the export writes it (docs/csv.md). */
  columns: readonly string[];
  required: readonly string[];
  description: string;
  /** How the report's counters read for this kind. */
  counts: { created: string; updated: string; unchanged: string };
  /** Whether a row can change what is recorded (else it is new or already recorded). */
  hasUpdates: boolean;
};

/** The three CSV layouts, with the column lists the server checks files against. */
export const IMPORT_KINDS: Record<ImportKind, KindInfo> = {
  creators: {
    label: 'Creators',
    noun: ['creator', 'creators'],
    columns: CSV_COLUMNS.creators,
    required: CSV_REQUIRED.creators,
    description: 'One row per creator. A creator is matched by id, handle or email, so importing the file again updates instead of duplicating.',
    counts: { created: 'New', updated: 'Updated', unchanged: 'Unchanged' },
    hasUpdates: true,
  },
  videos: {
    label: 'Videos',
    noun: ['video', 'videos'],
    columns: CSV_COLUMNS.videos,
    required: CSV_REQUIRED.videos,
    description: 'One row per video, optionally with its views. The creator (handle or id) must already be a member of the project.',
    counts: { created: 'New', updated: 'Views added', unchanged: 'Unchanged' },
    hasUpdates: true,
  },
  metrics: {
    label: 'View snapshots',
    noun: ['snapshot', 'snapshots'],
    columns: CSV_COLUMNS.metrics,
    required: CSV_REQUIRED.metrics,
    description: 'Lifetime views of videos at a moment, e.g. a daily export from your tracking tool. A video is its URL within the project, or its id.',
    counts: { created: 'New', updated: 'Updated', unchanged: 'Already recorded' },
    hasUpdates: false,
  },
  referrals: {
    label: 'Referrals',
    noun: ['referral', 'referrals'],
    columns: CSV_COLUMNS.referrals,
    required: CSV_REQUIRED.referrals,
    description: 'One row per referred customer: the project, the creator (handle or id) who referred them, and your system’s id for the customer. A referral already recorded is left as it is.',
    counts: { created: 'New', updated: 'Updated', unchanged: 'Already recorded' },
    hasUpdates: false,
  },
  referral_events: {
    label: 'Referral events',
    noun: ['event', 'events'],
    columns: CSV_COLUMNS.referral_events,
    required: CSV_REQUIRED.referral_events,
    description: 'Purchases, subscriptions, renewals and refunds of referred customers, amounts in dollars. A refund names the external id of the event it reverses in refund_of.',
    counts: { created: 'New', updated: 'Updated', unchanged: 'Already recorded' },
    hasUpdates: false,
  },
};

export const KIND_ORDER: readonly ImportKind[] = ['creators', 'videos', 'metrics', 'referrals', 'referral_events'];

/** The kind whose columns a header matches best, when that is clearly another one than `current`. */
export function guessKind(header: readonly string[], current: ImportKind): ImportKind | null {
  const score = (kind: ImportKind) => {
    const info = IMPORT_KINDS[kind];
    const known = header.filter((column) => info.columns.includes(column)).length;
    const hasRequired = info.required.every((column) => header.includes(column));
    return hasRequired ? known : -1;
  };
  if (score(current) === header.length && header.length > 0) return null;
  const best = KIND_ORDER.map((kind) => ({ kind, score: score(kind) })).sort((a, b) => b.score - a.score)[0];
  return best !== undefined && best.kind !== current && best.score > score(current) && best.score > 0 ? best.kind : null;
}
