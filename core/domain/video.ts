import { z } from 'zod';
import { isoTimestampSchema, uuidSchema } from './common.ts';

export const PLATFORMS = ['tiktok', 'instagram', 'youtube', 'other'] as const;

/** Lifetime views of a video as seen at `captured_at`. */
export const snapshotSchema = z.object({
  captured_at: isoTimestampSchema,
  views: z.number().int().min(0).max(1e15),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

export const videoSchema = z.object({
  id: uuidSchema,
  org_id: uuidSchema,
  creator_id: uuidSchema,
  project_id: uuidSchema,
  platform: z.enum(PLATFORMS),
  url: z.string().max(2048),
  posted_at: isoTimestampSchema,
  /** Latest snapshot's views, or null before the first snapshot. */
  views: z.number().int().min(0).nullable(),
  views_captured_at: isoTimestampSchema.nullable(),
  snapshots: z.array(snapshotSchema),
  created_at: isoTimestampSchema,
  updated_at: isoTimestampSchema,
});
export type Video = z.infer<typeof videoSchema>;

/** Stored video: the aggregate embeds its metric snapshots, sorted by captured_at. */
export const videoDocSchema = videoSchema.omit({ views: true, views_captured_at: true }).extend({
  url_key: z.string().max(2100),
});
export type VideoDoc = z.infer<typeof videoDocSchema>;

const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => /^https?:\/\/\S+$/i.test(value), { message: 'must be an http(s) URL' });

export const createVideoSchema = z
  .strictObject({
    creator_id: uuidSchema,
    project_id: uuidSchema,
    platform: z.enum(PLATFORMS),
    url: httpUrl,
    posted_at: isoTimestampSchema,
    views: z.number().int().min(0).max(1e15).optional(),
    captured_at: isoTimestampSchema.optional(),
  })
  .refine((body) => body.captured_at === undefined || body.views !== undefined, {
    message: 'captured_at is only meaningful with views',
    path: ['captured_at'],
  });
export type CreateVideoInput = z.input<typeof createVideoSchema>;

export const appendMetricSchema = z.strictObject({
  views: z.number().int('views must be a whole number').min(0).max(1e15),
  captured_at: isoTimestampSchema.optional(),
});
export type AppendMetricInput = z.input<typeof appendMetricSchema>;

/** The same video is the same URL (case-insensitive host, no trailing slash, no fragment). */
export function urlKey(url: string): string {
  const trimmed = url.trim().replace(/#.*$/, '').replace(/\/+$/, '');
  return trimmed.replace(/^(https?:\/\/[^/]+)/i, (host) => host.toLowerCase());
}

/** Views at time T: the latest snapshot with captured_at ≤ T, or null. */
export function viewsAt(snapshots: readonly Snapshot[], at: string): number | null {
  let found: number | null = null;
  for (const snapshot of snapshots) {
    if (snapshot.captured_at <= at) found = snapshot.views;
    else break;
  }
  return found;
}

export function insertSnapshot(snapshots: readonly Snapshot[], snapshot: Snapshot): Snapshot[] {
  const next = snapshots.filter((existing) => existing.captured_at !== snapshot.captured_at);
  next.push(snapshot);
  next.sort((a, b) => (a.captured_at < b.captured_at ? -1 : a.captured_at > b.captured_at ? 1 : 0));
  return next;
}

export function toVideo(doc: VideoDoc): Video {
  const { url_key: _u, ...rest } = doc;
  const latest = doc.snapshots[doc.snapshots.length - 1];
  return { ...rest, views: latest?.views ?? null, views_captured_at: latest?.captured_at ?? null };
}
