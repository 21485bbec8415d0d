import type { z } from 'zod';
import type { ActivityItem, activityQuerySchema } from '../../domain/activity.ts';

export { activityQuerySchema, activityItemSchema, activityChangeSchema, ACTIVITY_ENTITIES, LIST_CHANGES } from '../../domain/activity.ts';
export type { ActivityItem, ActivityChange, ActivityField, ActivityEntity } from '../../domain/activity.ts';

export type ActivityRoutes = {
  /** The command journal as an audit log, newest first. */
  'GET /activity': { query: z.input<typeof activityQuerySchema>; body: undefined; data: ActivityItem[] };
  /** One journal entry with every entity it touched. */
  'GET /activity/:id': { query: undefined; body: undefined; data: ActivityItem };
};
