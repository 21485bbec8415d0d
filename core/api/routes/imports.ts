import { CsvSyntaxError, parseCsv, rowObjects, toCsv } from '../../domain/csv.ts';
import { createCreatorSchema, handleKey, toCreator, type CreatorDoc } from '../../domain/creator.ts';
import { foldKey } from '../../domain/text.ts';
import { PLATFORMS, insertSnapshot, toVideo, urlKey, type Snapshot, type VideoDoc } from '../../domain/video.ts';
import type { ProjectDoc } from '../../domain/project.ts';
import type { PayoutMethodDoc } from '../../domain/payout-method.ts';
import { ApiError } from '../errors.ts';
import { defineRoute, type HandlerContext } from '../router.ts';
import { newCreatorDoc } from './creators.ts';
import { videoIdFor } from './videos.ts';
import { markInputsChanged } from '../../accrual/engine-state.ts';
import { exportReferralEvents, exportReferrals, importReferralEvents, importReferrals } from './imports-referrals.ts';
import { CSV_COLUMNS, CSV_REQUIRED as REQUIRED, exportQuerySchema, importBodySchema, type ImportError, type ImportKind, type ImportReport } from '../contracts/imports.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Video ids are UUID v5 of (project, URL); metric files repeat URLs, so derive each once. */
function cachedVideoIds(): (projectId: string, url: string) => string {
  const cache = new Map<string, string>();
  return (projectId, url) => {
    const key = `${projectId} ${url}`;
    let id = cache.get(key);
    if (!id) cache.set(key, (id = videoIdFor(projectId, url)));
    return id;
  };
}

export type Catalog = {
  projectsById: Map<string, ProjectDoc>;
  projectsByName: Map<string, ProjectDoc[]>;
  creatorsById: Map<string, CreatorDoc>;
  creatorsByHandle: Map<string, CreatorDoc>;
  creatorsByEmail: Map<string, CreatorDoc>;
};

export async function loadCatalog(ctx: HandlerContext): Promise<Catalog> {
  const projects = (await ctx.db.projects.find({ selector: { org_id: ctx.orgId } }).exec()).map((doc) => doc.toMutableJSON());
  const creators = (await ctx.db.creators.find({ selector: { org_id: ctx.orgId } }).exec()).map((doc) => doc.toMutableJSON());
  const projectsByName = new Map<string, ProjectDoc[]>();
  for (const project of projects) projectsByName.set(project.name_key, [...(projectsByName.get(project.name_key) ?? []), project]);
  return {
    projectsById: new Map(projects.map((project) => [project.id, project])),
    projectsByName,
    creatorsById: new Map(creators.map((creator) => [creator.id, creator])),
    creatorsByHandle: new Map(creators.filter((creator) => creator.handle_key).map((creator) => [creator.handle_key, creator])),
    creatorsByEmail: new Map(creators.filter((creator) => creator.email).map((creator) => [foldKey(creator.email as string), creator])),
  };
}

/** Collects row errors; a row with any error is not applied, and a file with any error is not imported. */
export class ErrorList {
  readonly items: ImportError[] = [];
  add(line: number, column: string | null, message: string): void {
    if (this.items.length < 1000) this.items.push({ line, column, message });
    else this.truncated = true;
  }
  truncated = false;
}

function resolveProject(catalog: Catalog, value: string, errors: ErrorList, line: number): ProjectDoc | null {
  const byId = UUID.test(value) ? catalog.projectsById.get(value) : undefined;
  if (byId) return byId;
  const named = catalog.projectsByName.get(foldKey(value)) ?? [];
  if (named.length === 1) return named[0] as ProjectDoc;
  errors.add(line, 'project', named.length > 1 ? `several projects are named "${value}"; use the project id` : `no project "${value}"`);
  return null;
}

/** resolveProject with a cache of successes (files repeat the same project on every row). */
export function projectResolver(catalog: Catalog, errors: ErrorList): (ref: string, line: number) => ProjectDoc | null {
  const found = new Map<string, ProjectDoc>();
  return (ref, line) => {
    const cached = found.get(ref);
    if (cached) return cached;
    const project = resolveProject(catalog, ref, errors, line);
    if (project) found.set(ref, project);
    return project;
  };
}

/** Accepts ISO 8601 timestamps (with or without milliseconds or offset) and plain dates (UTC midnight). */
export function parseTimestamp(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return null;
  const normalized = value.length === 10 ? `${value}T00:00:00Z` : value.replace(' ', 'T');
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(normalized);
  const millis = Date.parse(hasZone || normalized.length === 10 ? normalized : `${normalized}Z`);
  return Number.isNaN(millis) ? null : new Date(millis).toISOString();
}

function parseCount(value: string): number | null {
  if (!/^\d{1,15}$/.test(value.replace(/[,_]/g, ''))) return null;
  return Number(value.replace(/[,_]/g, ''));
}

export function readTable(kind: ImportKind, csv: string, errors: ErrorList) {
  let table;
  try {
    table = parseCsv(csv);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      errors.add(error.line, null, error.message.replace(/^line \d+: /, ''));
      return [];
    }
    throw error;
  }
  const known = new Set<string>(CSV_COLUMNS[kind]);
  for (const column of table.header) if (!known.has(column)) errors.add(1, column, `unknown column "${column}"; expected ${CSV_COLUMNS[kind].join(', ')}`);
  for (const column of REQUIRED[kind]) if (!table.header.includes(column)) errors.add(1, column, `missing column "${column}"`);
  if (table.rows.length === 0) errors.add(1, null, 'the file has no data rows');
  for (const row of table.rows) {
    if (row.values.length > table.header.length) {
      errors.add(row.line, null, `${row.values.length} fields but the header has ${table.header.length} (quote values that contain commas)`);
    }
  }
  return errors.items.length > 0 ? [] : rowObjects(table);
}

export function emptyReport(kind: ImportKind, dryRun: boolean, rows: number): ImportReport {
  return { kind, dry_run: dryRun, rows, created: 0, updated: 0, unchanged: 0, errors: [], errors_truncated: false };
}

export function finish(report: ImportReport, errors: ErrorList): ImportReport {
  errors.items.sort((a, b) => a.line - b.line || (a.column ?? '').localeCompare(b.column ?? ''));
  report.errors = errors.items;
  report.errors_truncated = errors.truncated;
  if (errors.items.length > 0 && !report.dry_run) {
    const first = errors.items[0] as ImportError;
    throw new ApiError('invalid_body', `The file has ${errors.items.length}${errors.truncated ? '+' : ''} problem(s); nothing was imported. First: line ${first.line}${first.column ? ` (${first.column})` : ''}: ${first.message}`, {
      meta: { errors: errors.items.map((item) => ({ path: `line ${item.line}${item.column ? `.${item.column}` : ''}`, message: item.message })), report },
    });
  }
  return report;
}

async function importCreators(ctx: HandlerContext, csv: string, dryRun: boolean): Promise<ImportReport> {
  const errors = new ErrorList();
  const rows = readTable('creators', csv, errors);
  const report = emptyReport('creators', dryRun, rows.length);
  const catalog = await loadCatalog(ctx);
  const methods = (await ctx.db.payout_methods.find({ selector: { org_id: ctx.orgId } }).exec()).map((doc) => doc.toMutableJSON());
  const seen = new Map<string, number>();
  const writes = new Map<string, { before: CreatorDoc | null; after: CreatorDoc }>();
  for (const { line, record } of rows) {
    const errorCount = errors.items.length;
    const name = record.name ?? '';
    const handle = record.handle || null;
    const email = record.email || null;
    // The same field rules as POST /creators, reported at the CSV column.
    const fields = createCreatorSchema.safeParse({ name, handle, email, payout_handle: record.payout_handle || null });
    if (!fields.success) for (const issue of fields.error.issues) errors.add(line, String(issue.path[0] ?? 'name'), issue.message);
    const byId = record.id ? catalog.creatorsById.get(record.id) : undefined;
    if (record.id && !byId) errors.add(line, 'id', `no creator with id ${record.id}`);
    const identity = byId ? `id:${byId.id}` : handle ? `handle:${handleKey(handle)}` : email ? `email:${foldKey(email)}` : null;
    if (identity === null) {
      if (!record.id) errors.add(line, 'handle', 'a handle, an email or an id is required, so that importing the file again updates instead of duplicating');
    } else if (seen.has(identity)) errors.add(line, byId ? 'id' : handle ? 'handle' : 'email', `the same creator is already on line ${seen.get(identity)}`);
    else seen.set(identity, line);
    let method: PayoutMethodDoc | undefined;
    if (record.default_method) {
      method = methods.find((candidate) => candidate.id === record.default_method || candidate.name_key === foldKey(record.default_method as string));
      if (!method) errors.add(line, 'default_method', `no payout method "${record.default_method}"`);
    }
    const projects = (record.projects ?? '')
      .split(';')
      .map((value) => value.trim())
      .filter(Boolean)
      .map((value) => resolveProject(catalog, value, errors, line));
    if (errors.items.length > errorCount) continue;
    const existing = byId ?? (handle ? catalog.creatorsByHandle.get(handleKey(handle)) : undefined) ?? (email ? catalog.creatorsByEmail.get(foldKey(email)) : undefined);
    const base = existing ?? newCreatorDoc(ctx, { name, handle, email, payout_handle: record.payout_handle || null });
    const memberships = [...base.memberships];
    for (const project of projects) {
      if (project && !memberships.some((membership) => membership.project_id === project.id)) memberships.push({ project_id: project.id, joined_at: ctx.now });
    }
    const after: CreatorDoc = {
      ...base,
      name,
      name_key: foldKey(name),
      handle: handle ?? base.handle,
      handle_key: handle ? handleKey(handle) : base.handle_key,
      email: email ?? base.email,
      payout_handle: record.payout_handle || base.payout_handle,
      default_method_id: method?.id ?? base.default_method_id,
      memberships,
    };
    const isChanged = !existing || JSON.stringify({ ...existing, updated_at: '' }) !== JSON.stringify({ ...after, updated_at: '' });
    if (!existing) report.created++;
    else if (isChanged) report.updated++;
    else report.unchanged++;
    if (isChanged) writes.set(after.id, { before: existing ?? null, after: { ...after, updated_at: ctx.now } });
  }
  finish(report, errors);
  if (!dryRun && writes.size > 0) {
    await ctx.db.creators.bulkUpsert([...writes.values()].map((write) => write.after));
    for (const { before, after } of writes.values()) ctx.record({ entity: 'creator', id: after.id, before: before && toCreator(before), after: toCreator(after) });
  }
  return report;
}

/** Loads the videos of the given projects, keyed by id. */
async function loadVideos(ctx: HandlerContext, projectIds: Iterable<string>): Promise<Map<string, VideoDoc>> {
  const ids = [...new Set(projectIds)];
  if (ids.length === 0) return new Map();
  const docs = await ctx.db.videos.find({ selector: { org_id: ctx.orgId, project_id: { $in: ids } } }).exec();
  return new Map(docs.map((doc) => [doc.id, doc.toMutableJSON()]));
}

type VideoWrite = { before: VideoDoc | null; after: VideoDoc; added: Snapshot[] };

function addSnapshot(writes: Map<string, VideoWrite>, video: VideoDoc, snapshot: Snapshot, errors: ErrorList, line: number): 'added' | 'unchanged' | 'error' {
  const write = writes.get(video.id) ?? { before: video, after: video, added: [] };
  const clash = write.after.snapshots.find((existing) => existing.captured_at === snapshot.captured_at);
  if (clash) {
    if (clash.views === snapshot.views) return 'unchanged';
    errors.add(line, 'views', `a snapshot at ${snapshot.captured_at} already records ${clash.views} views`);
    return 'error';
  }
  write.after = { ...write.after, snapshots: insertSnapshot(write.after.snapshots, snapshot) };
  write.added.push(snapshot);
  writes.set(video.id, write);
  return 'added';
}

async function persistVideos(ctx: HandlerContext, writes: Map<string, VideoWrite>): Promise<void> {
  if (writes.size === 0) return;
  const docs = [...writes.values()].map((write) => ({ ...write.after, updated_at: ctx.now }));
  await ctx.db.videos.bulkUpsert(docs);
  // Views captured, or videos posted, in the past reopen the periods they belong to.
  const earliest = new Map<string, { projectId: string; creatorId: string; from: string }>();
  for (const write of writes.values()) {
    const times = [...write.added.map((snapshot) => snapshot.captured_at), ...(write.before ? [] : [write.after.posted_at])];
    const from = times.reduce((min, at) => (at < min ? at : min), ctx.now);
    const key = `${write.after.project_id}/${write.after.creator_id}`;
    const current = earliest.get(key);
    if (!current || from < current.from) earliest.set(key, { projectId: write.after.project_id, creatorId: write.after.creator_id, from });
  }
  await markInputsChanged(ctx.db, [...earliest.values()]);
  for (const write of writes.values()) {
    ctx.record({
      entity: 'video',
      id: write.after.id,
      before: write.before && { ...toVideo(write.before), snapshots: undefined },
      after: { ...toVideo(write.after), snapshots: undefined, snapshots_added: write.added },
    });
  }
}

async function importVideos(ctx: HandlerContext, csv: string, dryRun: boolean): Promise<ImportReport> {
  const errors = new ErrorList();
  const rows = readTable('videos', csv, errors);
  const report = emptyReport('videos', dryRun, rows.length);
  const catalog = await loadCatalog(ctx);
  const project = projectResolver(catalog, errors);
  const resolved = rows.map(({ line, record }) => ({ line, record, project: record.project ? project(record.project, line) : null }));
  const videos = await loadVideos(ctx, resolved.flatMap((row) => (row.project ? [row.project.id] : [])));
  const writes = new Map<string, VideoWrite>();
  const seen = new Map<string, number>();
  for (const { line, record, project } of resolved) {
    const errorCount = errors.items.length;
    const creatorRef = record.creator ?? '';
    const creator = catalog.creatorsById.get(creatorRef) ?? catalog.creatorsByHandle.get(handleKey(creatorRef));
    if (!creator) errors.add(line, 'creator', `no creator "${creatorRef}" (use a handle or a creator id)`);
    if (!record.project) errors.add(line, 'project', 'project is required');
    if (creator && project && !creator.memberships.some((membership) => membership.project_id === project.id)) {
      errors.add(line, 'creator', `${creator.name} is not a member of ${project.name}`);
    }
    const platform = (record.platform ?? '').toLowerCase();
    if (!(PLATFORMS as readonly string[]).includes(platform)) errors.add(line, 'platform', `platform must be one of ${PLATFORMS.join(', ')}`);
    const url = record.url ?? '';
    if (!/^https?:\/\/\S+$/i.test(url) || url.length > 2048) errors.add(line, 'url', 'url must be an http(s) URL');
    const postedAt = parseTimestamp(record.posted_at ?? '');
    if (!postedAt) errors.add(line, 'posted_at', 'posted_at must be a date or an ISO 8601 timestamp');
    const views = record.views ? parseCount(record.views) : null;
    if (record.views && views === null) errors.add(line, 'views', 'views must be a whole number');
    const capturedAt = record.captured_at ? parseTimestamp(record.captured_at) : ctx.now;
    if (!capturedAt) errors.add(line, 'captured_at', 'captured_at must be a date or an ISO 8601 timestamp');
    else if (capturedAt > ctx.now) errors.add(line, 'captured_at', 'captured_at is in the future');
    if (errors.items.length > errorCount || !project || !creator || !postedAt || !capturedAt) continue;
    const id = videoIdFor(project.id, url);
    if (seen.has(id) && views === null) {
      errors.add(line, 'url', `the same video is already on line ${seen.get(id)}`);
      continue;
    }
    seen.set(id, line);
    const existing = writes.get(id)?.after ?? videos.get(id);
    if (existing && existing.creator_id !== creator.id) {
      errors.add(line, 'creator', 'this video is recorded for another creator');
      continue;
    }
    const video: VideoDoc = existing ?? {
      id,
      org_id: ctx.orgId,
      creator_id: creator.id,
      project_id: project.id,
      platform: platform as VideoDoc['platform'],
      url,
      url_key: urlKey(url),
      posted_at: postedAt,
      snapshots: [],
      created_at: ctx.now,
      updated_at: ctx.now,
    };
    if (!existing) {
      writes.set(id, { before: null, after: video, added: [] });
      report.created++;
    }
    const latest = video.snapshots[video.snapshots.length - 1];
    // Without captured_at a row means "views now": the same count as the latest snapshot is no news.
    const isSameAsLatest = !record.captured_at && latest?.views === views;
    const outcome = views === null || isSameAsLatest ? 'unchanged' : addSnapshot(writes, video, { captured_at: capturedAt, views }, errors, line);
    if (existing && outcome === 'added') report.updated++;
    else if (existing && outcome === 'unchanged') report.unchanged++;
  }
  finish(report, errors);
  if (!dryRun) await persistVideos(ctx, writes);
  return report;
}

async function importMetrics(ctx: HandlerContext, csv: string, dryRun: boolean): Promise<ImportReport> {
  const errors = new ErrorList();
  const rows = readTable('metrics', csv, errors);
  const report = emptyReport('metrics', dryRun, rows.length);
  const catalog = await loadCatalog(ctx);
  const videoId = cachedVideoIds();
  const resolveProjectRef = projectResolver(catalog, errors);
  const resolved = rows.map(({ line, record }) => {
    const ref = record.video ?? '';
    const isId = UUID.test(ref);
    const project = record.project ? resolveProjectRef(record.project, line) : null;
    if (!isId && !record.project) errors.add(line, 'project', 'project is required when video is a URL');
    return { line, record, videoId: isId ? ref : project ? videoId(project.id, ref) : null, project };
  });
  const byId = new Map<string, VideoDoc>();
  const explicitIds = resolved.filter((row) => row.videoId && !row.project).map((row) => row.videoId as string);
  for (const doc of (await ctx.db.videos.findByIds(explicitIds).exec()).values()) byId.set(doc.id, doc.toMutableJSON());
  for (const [id, doc] of await loadVideos(ctx, resolved.flatMap((row) => (row.project ? [row.project.id] : [])))) byId.set(id, doc);
  const writes = new Map<string, VideoWrite>();
  for (const { line, record, videoId } of resolved) {
    const errorCount = errors.items.length;
    const video = videoId ? byId.get(videoId) : undefined;
    if (videoId && (!video || video.org_id !== ctx.orgId)) errors.add(line, 'video', `no video "${record.video}"${record.project ? ` in ${record.project}` : ''}`);
    const views = parseCount(record.views ?? '');
    if (views === null) errors.add(line, 'views', 'views must be a whole number');
    const capturedAt = parseTimestamp(record.captured_at ?? '');
    if (!capturedAt) errors.add(line, 'captured_at', 'captured_at must be a date or an ISO 8601 timestamp');
    else if (capturedAt > ctx.now) errors.add(line, 'captured_at', 'captured_at is in the future');
    if (errors.items.length > errorCount || !video || views === null || !capturedAt) continue;
    const outcome = addSnapshot(writes, writes.get(video.id)?.after ?? video, { captured_at: capturedAt, views }, errors, line);
    if (outcome === 'added') report.created++;
    else if (outcome === 'unchanged') report.unchanged++;
  }
  finish(report, errors);
  if (!dryRun) await persistVideos(ctx, writes);
  return report;
}

const importers = { creators: importCreators, videos: importVideos, metrics: importMetrics, referrals: importReferrals, referral_events: importReferralEvents };

// The three kinds share one contract shape, so the key's literal type is that of one of them.
function importRoute(kind: ImportKind) {
  return defineRoute({
    key: `POST /imports/${kind}` as 'POST /imports/creators',
    body: importBodySchema,
    isMutation: true,
    async handler(ctx, { body }) {
      return { data: await importers[kind](ctx, body.csv, body.dry_run) };
    },
  });
}

async function exportCsv(ctx: HandlerContext, kind: ImportKind, projectId: string | undefined): Promise<string> {
  // Projects are written by name, or by id where another project has the same name, so the file imports back.
  const projectDocs = (await ctx.db.projects.find({ selector: { org_id: ctx.orgId } }).exec()).map((doc) => doc.toMutableJSON());
  const nameCounts = new Map<string, number>();
  for (const project of projectDocs) nameCounts.set(project.name_key, (nameCounts.get(project.name_key) ?? 0) + 1);
  const projects = new Map(projectDocs.map((project) => [project.id, (nameCounts.get(project.name_key) ?? 0) > 1 ? project.id : project.name]));
  if (kind === 'referrals') return exportReferrals(ctx, projects, projectId);
  if (kind === 'referral_events') return exportReferralEvents(ctx, projects, projectId);
  if (kind === 'creators') {
    const methods = new Map((await ctx.db.payout_methods.find({ selector: { org_id: ctx.orgId } }).exec()).map((doc) => [doc.id, doc.name]));
    const creators = await ctx.db.creators.find({ selector: { org_id: ctx.orgId }, sort: [{ created_at: 'asc' }] }).exec();
    const rows = creators
      .map((doc) => doc.toMutableJSON())
      .filter((creator) => !projectId || creator.memberships.some((membership) => membership.project_id === projectId))
      .map((creator) => [
        creator.id,
        creator.name,
        creator.handle,
        creator.email,
        creator.payout_handle,
        creator.default_method_id ? methods.get(creator.default_method_id) : null,
        creator.memberships.map((membership) => projects.get(membership.project_id) ?? membership.project_id).join(';'),
      ]);
    return toCsv(CSV_COLUMNS.creators, rows);
  }
  const creators = new Map((await ctx.db.creators.find({ selector: { org_id: ctx.orgId } }).exec()).map((doc) => [doc.id, doc.handle ?? doc.id]));
  const videos = (await ctx.db.videos.find({ selector: { org_id: ctx.orgId, ...(projectId && { project_id: projectId }) }, sort: [{ posted_at: 'asc' }] }).exec()).map((doc) =>
    doc.toMutableJSON(),
  );
  if (kind === 'videos') {
    const rows = videos.map((video) => {
      const latest = video.snapshots[video.snapshots.length - 1];
      return [creators.get(video.creator_id), projects.get(video.project_id), video.platform, video.url, video.posted_at, latest?.views, latest?.captured_at];
    });
    return toCsv(CSV_COLUMNS.videos, rows);
  }
  const rows = videos.flatMap((video) => video.snapshots.map((snapshot) => [video.url, projects.get(video.project_id), snapshot.captured_at, snapshot.views]));
  return toCsv(CSV_COLUMNS.metrics, rows);
}

function exportRoute(kind: ImportKind) {
  return defineRoute({
    key: `GET /exports/${kind}` as 'GET /exports/creators',
    query: exportQuerySchema,
    isMutation: false,
    async handler(ctx, { query }) {
      if (query.project_id && !(await ctx.db.projects.findOne(query.project_id).exec())) throw new ApiError('not_found', `Project ${query.project_id} not found`);
      const csv = await exportCsv(ctx, kind, query.project_id);
      return { data: csv, raw: { contentType: 'text/csv; charset=utf-8', filename: `${kind}.csv` } };
    },
  });
}

export const importRoutes = (['creators', 'videos', 'metrics', 'referrals', 'referral_events'] as const).flatMap((kind) => [importRoute(kind), exportRoute(kind)]);
