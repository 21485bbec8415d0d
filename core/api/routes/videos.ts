import type { MangoQuerySelector } from 'rxdb';
import { deterministicId } from '../../domain/ids.ts';
import { appendMetricSchema, createVideoSchema, insertSnapshot, toVideo, urlKey, type VideoDoc } from '../../domain/video.ts';
import { listVideosQuerySchema } from '../contracts/catalog.ts';
import { ApiError } from '../errors.ts';
import { listPage } from '../list.ts';
import { defineRoute, type HandlerContext } from '../router.ts';
import { assertMember, findCreator } from './creators.ts';
import { findProject } from './projects.ts';
import { markInputsChanged } from '../../accrual/engine-state.ts';

/** The same URL in the same project is the same video, on every installation. */
export function videoIdFor(projectId: string, url: string): string {
  return deterministicId('video', projectId, urlKey(url));
}

async function findVideo(ctx: HandlerContext, id: string): Promise<VideoDoc> {
  const doc = await ctx.db.videos.findOne(id).exec();
  if (!doc || doc.org_id !== ctx.orgId) throw new ApiError('not_found', `Video ${id} not found`);
  return doc.toMutableJSON();
}

/** A snapshot's time: given, or now; never in the future (views not seen yet cannot be recorded). */
export function captureTime(ctx: HandlerContext, capturedAt: string | undefined, path: string): string {
  const at = capturedAt ?? ctx.now;
  if (at > ctx.now) {
    throw new ApiError('invalid_body', `${path} is in the future`, { meta: { errors: [{ path, message: 'must not be in the future' }] } });
  }
  return at;
}

export const listVideos = defineRoute({
  key: 'GET /videos',
  query: listVideosQuerySchema,
  isMutation: false,
  async handler(ctx, { query }) {
    const selector: MangoQuerySelector<VideoDoc> = { org_id: ctx.orgId };
    if (query.project_id) selector.project_id = query.project_id;
    if (query.creator_id) selector.creator_id = query.creator_id;
    if (query.platform) selector.platform = query.platform;
    if (query.posted_from || query.posted_to) {
      selector.posted_at = {
        ...(query.posted_from && { $gte: query.posted_from }),
        ...(query.posted_to && { $lte: query.posted_to }),
      };
    }
    return listPage(ctx.db.videos, selector, query, { sortField: 'posted_at', dir: 'desc', toRow: toVideo });
  },
});

export const createVideo = defineRoute({
  key: 'POST /videos',
  body: createVideoSchema,
  isMutation: true,
  async handler(ctx, { body }) {
    await findProject(ctx, body.project_id);
    assertMember(await findCreator(ctx, body.creator_id), body.project_id);
    const id = videoIdFor(body.project_id, body.url);
    const existing = await ctx.db.videos.findOne(id).exec();
    if (existing) {
      throw new ApiError('conflict_video', 'This video is already recorded in the project; append views with POST /videos/{id}/metrics', {
        meta: { errors: [{ path: 'url', message: 'already recorded in this project' }], existing_id: id },
      });
    }
    const snapshots = body.views === undefined ? [] : [{ captured_at: captureTime(ctx, body.captured_at, 'captured_at'), views: body.views }];
    const doc: VideoDoc = {
      id,
      org_id: ctx.orgId,
      creator_id: body.creator_id,
      project_id: body.project_id,
      platform: body.platform,
      url: body.url,
      url_key: urlKey(body.url),
      posted_at: body.posted_at,
      snapshots,
      created_at: ctx.now,
      updated_at: ctx.now,
    };
    await ctx.db.videos.insert(doc);
    ctx.record({ entity: 'video', id, before: null, after: toVideo(doc) });
    await markInputsChanged(ctx.db, [{ projectId: doc.project_id, creatorId: doc.creator_id, from: doc.posted_at }]);
    return { status: 201, data: toVideo(doc) };
  },
});

export const getVideo = defineRoute({
  key: 'GET /videos/:id',
  isMutation: false,
  async handler(ctx, { params }) {
    return { data: toVideo(await findVideo(ctx, params.id as string)) };
  },
});

export const appendMetric = defineRoute({
  key: 'POST /videos/:id/metrics',
  body: appendMetricSchema,
  isMutation: true,
  async handler(ctx, { params, body }) {
    const before = await findVideo(ctx, params.id as string);
    const snapshot = { captured_at: captureTime(ctx, body.captured_at, 'captured_at'), views: body.views };
    const clash = before.snapshots.find((existing) => existing.captured_at === snapshot.captured_at);
    if (clash && clash.views !== snapshot.views) {
      throw new ApiError('invalid_body', `A snapshot at ${snapshot.captured_at} already records ${clash.views} views`, {
        meta: { errors: [{ path: 'captured_at', message: 'a different snapshot exists at this time' }] },
      });
    }
    if (clash) return { status: 200, data: toVideo(before) }; // the same snapshot again changes nothing
    const after: VideoDoc = { ...before, snapshots: insertSnapshot(before.snapshots, snapshot), updated_at: ctx.now };
    await (await ctx.db.videos.findOne(before.id).exec())?.incrementalModify(() => after);
    ctx.record({ entity: 'video_snapshot', id: before.id, before: null, after: { video_id: before.id, ...snapshot } });
    await markInputsChanged(ctx.db, [{ projectId: before.project_id, creatorId: before.creator_id, from: snapshot.captured_at }]);
    return { status: 201, data: toVideo(after) };
  },
});

export const videoRoutes = [listVideos, createVideo, getVideo, appendMetric];
