import { z } from 'zod';
import { activityQuerySchema } from '../contracts/activity.ts';
import { getActivity, listActivity } from '../activity.ts';
import { ApiError } from '../errors.ts';
import { defineRoute } from '../router.ts';

/** `GET /activity`: the command journal as an audit log (SPEC §10), newest first. */
export const listActivityRoute = defineRoute({
  key: 'GET /activity',
  query: activityQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    const page = await listActivity(ctx.db, ctx.orgId, query, await ctx.keyNames(), ctx.journalIndex);
    if (!page) {
      throw new ApiError('not_found', `No ${query.entity ?? 'entity'} ${query.entity_id} in this organization`, {
        meta: { errors: [{ path: 'entity_id', message: 'no such entity' }] },
      });
    }
    return page;
  },
});

/** `GET /activity/{id}`: one journal entry with all of its changes. */
export const getActivityRoute = defineRoute({
  key: 'GET /activity/:id',
  query: z.strictObject({}),
  isMutation: false,
  async handler(ctx, { params }) {
    const item = await getActivity(ctx.db, ctx.orgId, params.id as string, await ctx.keyNames());
    if (!item) throw new ApiError('not_found', `Activity ${params.id} not found`);
    return { data: item };
  },
});

export const activityRoutes = [listActivityRoute, getActivityRoute];
