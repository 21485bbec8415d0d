import { z } from 'zod';
import type { ErrorCode } from '../errors.ts';
import { uuidSchema } from '../../domain/common.ts';
import type { PayoutMethod } from '../../domain/payout-method.ts';
import type { Project } from '../../domain/project.ts';
import type { Creator } from '../../domain/creator.ts';
import type { Video } from '../../domain/video.ts';
import type { StructureRow } from '../../domain/payout-structure.ts';
import type { AssignmentRow } from '../../domain/assignment.ts';
import type { engineProgressSchema, engineStatusSchema} from '../../domain/accrual.ts';
import type { Payment } from '../../domain/payment.ts';
import { ACCRUAL_STATUSES, type Accrual } from '../../domain/accrual.ts';

/** Paging and ordering shared by every live query; `sort` is one of the query's sort fields. */
function pageParams<const S extends readonly [string, ...string[]]>(sortFields: S, defaultSort: S[number]) {
  return {
    sort: z.enum(sortFields).default(defaultSort as never),
    dir: z.enum(['asc', 'desc']).default('asc'),
    limit: z.number().int().min(1).max(500).default(100),
    skip: z.number().int().min(0).default(0),
  };
}

function spec<const N extends string, P extends z.ZodRawShape>(name: N, params: P) {
  return z.strictObject({ name: z.literal(name), params: z.strictObject(params).default({} as never) });
}

const search = z.string().max(100).default('');

/**
 * Live queries the renderer may subscribe to. Each is a named, validated query run in the main
 * process (or server); rows come back in the API's shapes, never as raw documents.
 */
export const watchSpecSchema = z.discriminatedUnion('name', [
  spec('payout-methods', {
    include_disabled: z.boolean().default(false),
    search,
    ...pageParams(['name', 'created_at', 'is_active', 'is_default'], 'created_at'),
  }),
  spec('projects', { search, ...pageParams(['name', 'created_at', 'timezone'], 'name') }),
  spec('creators', {
    project_id: uuidSchema.optional(),
    search,
    ...pageParams(['name', 'handle', 'created_at'], 'name'),
  }),
  spec('videos', {
    project_id: uuidSchema.optional(),
    creator_id: uuidSchema.optional(),
    ...pageParams(['posted_at', 'created_at', 'platform'], 'posted_at'),
  }),
  spec('payout-structures', {
    project_id: uuidSchema.optional(),
    include_archived: z.boolean().default(false),
    search,
    ...pageParams(['name', 'created_at', 'criteria_type'], 'name'),
  }),
  spec('accruals', {
    project_id: uuidSchema.optional(),
    creator_id: uuidSchema.optional(),
    structure_id: uuidSchema.optional(),
    status: z.enum(ACCRUAL_STATUSES).optional(),
    /** Period end within [from, to] (ISO timestamps). */
    from: z.string().max(24).optional(),
    to: z.string().max(24).optional(),
    ...pageParams(['period_end_at', 'amount_cents', 'created_at'], 'period_end_at'),
  }),
  spec('payments', {
    project_id: uuidSchema.optional(),
    creator_id: uuidSchema.optional(),
    status: z.enum(['paid', 'voided']).optional(),
    /** paid_at within [from, to] (ISO timestamps). */
    from: z.string().max(24).optional(),
    to: z.string().max(24).optional(),
    ...pageParams(['paid_at', 'total_amount_cents', 'created_at'], 'paid_at'),
  }),
  spec('accrual-engine', {}),
  spec('assignments', {
    structure_id: uuidSchema,
    include_inactive: z.boolean().default(false),
    ...pageParams(['assigned_at', 'unassigned_at'], 'assigned_at'),
  }),
]);
export type WatchSpec = z.input<typeof watchSpecSchema>;
export type ParsedWatchSpec = z.output<typeof watchSpecSchema>;

/** Row type of each live query, by name. */
export type WatchRows = {
  'payout-methods': PayoutMethod;
  projects: Project;
  creators: Creator;
  videos: Video;
  'payout-structures': StructureRow;
  assignments: AssignmentRow;
  accruals: Accrual;
  payments: Payment;
  'accrual-engine': EngineStatus;
};

/** Progress of the accrual run under way (if any). */
export type EngineProgress = z.infer<typeof engineProgressSchema>;
/** The one row of the `accrual-engine` live query. */
export type EngineStatus = z.infer<typeof engineStatusSchema>;

/** What a subscriber receives: the current page and the total matching the filter. */
export type WatchMessage<Row = unknown> =
  | { type: 'result'; rows: Row[]; total: number; /** accruals and payments: the sum of the amounts over every matching row */ sum_amount_cents?: number }
  | { type: 'error'; error: { code: ErrorCode; message: string } };
