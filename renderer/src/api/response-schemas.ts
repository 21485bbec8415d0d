import { z } from 'zod';
import type { ApiRoutes, RouteKey, WatchRows } from '../../../core/api/contracts/index.ts';
import { payoutMethodSchema } from '../../../core/domain/payout-method.ts';
import { projectSchema } from '../../../core/domain/project.ts';
import { creatorSchema } from '../../../core/domain/creator.ts';
import { videoSchema } from '../../../core/domain/video.ts';
import { structureRowSchema } from '../../../core/domain/payout-structure.ts';
import { assignmentRowSchema } from '../../../core/domain/assignment.ts';

/**
 * What a route's `data` must look like, for the routes the screens use. Answers cross a process
 * or network boundary, so the client checks them instead of trusting the types. A route without
 * an entry is only checked for the envelope: add its schema when a screen starts using it.
 */
export const responseSchemas: { [K in RouteKey]?: z.ZodType<ApiRoutes[K]['data']> } = {
  'GET /payout-methods': z.array(payoutMethodSchema),
  'POST /payout-methods': payoutMethodSchema,
  'GET /payout-methods/:id': payoutMethodSchema,
  'PATCH /payout-methods/:id': payoutMethodSchema,
  'DELETE /payout-methods/:id': z.object({ id: z.string(), deleted: z.literal(true) }),
};

/** Row schema of each live query, by name. */
export const watchRowSchemas: { [N in keyof WatchRows]: z.ZodType<WatchRows[N]> } = {
  'payout-methods': payoutMethodSchema,
  projects: projectSchema,
  creators: creatorSchema,
  videos: videoSchema,
  'payout-structures': structureRowSchema,
  assignments: assignmentRowSchema,
};
