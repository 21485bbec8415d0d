import { z } from 'zod';
import { ACCRUAL_STATUSES, type AccrualStatus, type WatchSpec } from '../../../../core/api/contracts/index.ts';
import { startOfLocalDate } from '../../../../core/domain/periods.ts';

/**
 * The accruals list's filters, one per API filter. Dates are calendar days (`YYYY-MM-DD`) in the
 * project's zone: a Date would shift them by the browser's offset.
 */
export type AccrualFilters = {
  projectId: string;
  creatorId: string;
  structureId: string;
  status: AccrualStatus | '';
  /** Periods whose last day is on or after this day. */
  from: string;
  /** Periods whose last day is on or before this day. */
  to: string;
};

export const NO_FILTERS: AccrualFilters = { projectId: '', creatorId: '', structureId: '', status: '', from: '', to: '' };

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const id = z.union([z.uuid(), z.literal('')]);
const day = z.union([z.string().regex(DAY_PATTERN), z.literal('')]);

export const accrualFiltersSchema: z.ZodType<AccrualFilters> = z.object({
  projectId: id,
  creatorId: id,
  structureId: id,
  status: z.union([z.enum(ACCRUAL_STATUSES), z.literal('')]),
  from: day,
  to: day,
});

export function hasFilters(filters: AccrualFilters): boolean {
  return Object.values(filters).some((value) => value !== '');
}

type AccrualsParams = NonNullable<Extract<WatchSpec, { name: 'accruals' }>['params']>;
type FilterParams = Pick<AccrualsParams, 'project_id' | 'creator_id' | 'structure_id' | 'status' | 'from' | 'to'>;

function parseDay(text: string): { year: number; month: number; day: number } | null {
  const match = DAY_PATTERN.exec(text);
  if (match === null) return null;
  const [year, month, dayOfMonth] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, dayOfMonth));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== dayOfMonth) return null;
  return { year, month, day: dayOfMonth };
}

/** The instant `text` starts in `timeZone`, `days` later: calendar arithmetic, so DST days are 23 or 25 hours. */
function dayStart(text: string, timeZone: string, days = 0): number | null {
  const parsed = parseDay(text);
  if (parsed === null) return null;
  const shifted = new Date(Date.UTC(parsed.year, parsed.month - 1, parsed.day + days));
  return startOfLocalDate({ year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() }, timeZone);
}

/**
 * Filters → the live query's parameters. The query filters on `period_end_at`, which is the
 * first instant after a period; a period's last day is the one before that. So "from Nov 16"
 * keeps periods that end after Nov 16 begins (the week of Nov 9–15 ends exactly then and is
 * left out), and "to Nov 15" keeps periods that end by the time Nov 16 begins.
 */
export function filterParams(filters: AccrualFilters, timeZone: string): FilterParams {
  const params: FilterParams = {};
  if (filters.projectId !== '') params.project_id = filters.projectId;
  if (filters.creatorId !== '') params.creator_id = filters.creatorId;
  if (filters.structureId !== '') params.structure_id = filters.structureId;
  if (filters.status !== '') params.status = filters.status;
  const from = filters.from === '' ? null : dayStart(filters.from, timeZone);
  const to = filters.to === '' ? null : dayStart(filters.to, timeZone, 1);
  if (from !== null) params.from = new Date(from + 1).toISOString();
  if (to !== null) params.to = new Date(to).toISOString();
  return params;
}

/** True when both days are set and the range is empty. */
export function isBackwardRange(filters: AccrualFilters): boolean {
  return filters.from !== '' && filters.to !== '' && filters.from > filters.to;
}

const LINK_KEYS = { project: 'projectId', creator: 'creatorId', structure: 'structureId', status: 'status', from: 'from', to: 'to' } as const;

/**
 * A link into the list with filters set: `#/accruals?status=earned&project=<id>`. Other screens
 * (the dashboard's totals) point at a filtered list this way.
 */
export function accrualsLink(filters: Partial<AccrualFilters>): string {
  const query = new URLSearchParams();
  for (const [name, key] of Object.entries(LINK_KEYS)) {
    const value = filters[key];
    if (value !== undefined && value !== '') query.set(name, value);
  }
  const text = query.toString();
  return text === '' ? '#/accruals' : `#/accruals?${text}`;
}

/** The filters a link carries (anything not in it is cleared), or null for a plain `#/accruals`. */
export function filtersFromLink(hash: string): AccrualFilters | null {
  const queryStart = hash.indexOf('?');
  if (queryStart < 0) return null;
  const query = new URLSearchParams(hash.slice(queryStart + 1));
  const linked: Record<string, string> = { ...NO_FILTERS };
  let isAny = false;
  for (const [name, key] of Object.entries(LINK_KEYS)) {
    const value = query.get(name);
    if (value === null) continue;
    linked[key] = value;
    isAny = true;
  }
  if (!isAny) return null;
  const parsed = accrualFiltersSchema.safeParse(linked);
  return parsed.success ? parsed.data : null;
}
