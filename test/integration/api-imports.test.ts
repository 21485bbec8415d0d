import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, TEST_API_KEY, api, startServer, type RunningServer } from '../support/server.ts';

/**
 * CSV import and export over HTTP (SPEC §3, docs/api.md "Catalog"): `POST /imports/{creators,
 * videos,metrics}` with `{csv, dry_run}` and `GET /exports/{kind}`. A dry run reports and writes
 * nothing; a file with any bad row is refused whole (400, every problem by line and column);
 * importing the same file again changes nothing; an export re-imports as a no-op.
 */

const FIXTURES = join(PROJECT_ROOT, 'test/fixtures/csv-contract');
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

let server: RunningServer;
let spring: any;
let summer: any;

type Response = { status: number; body: any };

function expectError(response: Response, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.data).toBeNull();
  expect(response.body.error.code).toBe(code);
  expect(typeof response.body.error.message).toBe('string');
  expect(response.body.error.message.length).toBeGreaterThan(0);
}

async function ok(method: string, path: string, body?: unknown, status = 200): Promise<any> {
  const response = await api(server, method, path, body === undefined ? {} : { body });
  expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBe(status);
  expect(response.body.error).toBeNull();
  return response.body.data;
}

async function list(path: string, query: Record<string, string> = {}): Promise<any[]> {
  const params = new URLSearchParams({ limit: '100', ...query });
  const response = await api(server, 'GET', `${path}?${params}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.body.meta.has_more).toBe(false);
  return response.body.data;
}

/** Everything an import can change, as a client reads it. */
async function catalog(): Promise<{ creators: any[]; videos: any[] }> {
  return { creators: await list('/creators'), videos: await list('/videos') };
}

const importCsv = (kind: string, csv: string, dryRun?: boolean) =>
  api(server, 'POST', `/imports/${kind}`, { body: dryRun === undefined ? { csv } : { csv, dry_run: dryRun } });

async function imported(kind: string, csv: string): Promise<any> {
  const response = await importCsv(kind, csv);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.body.error).toBeNull();
  expect(response.body.data).toMatchObject({ kind, dry_run: false, errors: [], errors_truncated: false });
  return response.body.data;
}

/** A refused file: 400 invalid_body, the report in meta.report, and its errors as [line, column]. */
function refusedErrors(response: Response, kind: string): [number, string | null][] {
  expectError(response, 400, 'invalid_body');
  const report = response.body.meta.report;
  expect(report).toMatchObject({ kind, dry_run: false });
  expect(report.errors.length).toBeGreaterThan(0);
  const paths = response.body.meta.errors.map((issue: { path: string }) => issue.path);
  expect(paths).toEqual(report.errors.map((error: any) => `line ${error.line}${error.column ? `.${error.column}` : ''}`));
  for (const error of report.errors) expect(typeof error.message).toBe('string');
  return report.errors.map((error: any) => [error.line, error.column]);
}

async function exportCsv(kind: string, query = ''): Promise<string> {
  const response = await fetch(`${server.apiUrl}/exports/${kind}${query}`, { headers: { Authorization: `Bearer ${TEST_API_KEY}` } });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
  return text;
}

async function creatorByHandle(handle: string): Promise<any> {
  const found = (await list('/creators', { q: handle })).find((creator) => creator.handle === handle);
  expect(found, handle).toBeDefined();
  return found;
}

async function methodId(name: string): Promise<string> {
  return (await list('/payout-methods')).find((method) => method.name === name).id;
}

beforeAll(async () => {
  server = await startServer({ env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0' } });
  spring = await ok('POST', '/projects', { name: 'Spring Launch' }, 201);
  summer = await ok('POST', '/projects', { name: 'Summer Tour' }, 201);
});

afterAll(async () => {
  await server?.dispose();
});

describe('POST /imports/creators', () => {
  it('dry run: reports what would happen and writes nothing', async () => {
    const before = await catalog();
    const response = await importCsv('creators', fixture('creators.csv'), true);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.data).toEqual({ kind: 'creators', dry_run: true, rows: 4, created: 4, updated: 0, unchanged: 0, errors: [], errors_truncated: false });
    expect(await catalog()).toEqual(before);
  });

  it('imports a clean file, quoted fields with commas and doubled quotes included', async () => {
    expect(await imported('creators', fixture('creators.csv'))).toMatchObject({ rows: 4, created: 4, updated: 0, unchanged: 0 });
    const creators = await list('/creators');
    expect(creators.map((creator) => creator.name).sort()).toEqual(['Ana Díaz', 'Ben Okafor', 'Chloé Martin, PhD', 'Dana "DJ" Lee']);

    expect(await creatorByHandle('@ana')).toMatchObject({
      name: 'Ana Díaz',
      email: 'ana@example.com',
      payout_handle: '@ana-diaz',
      default_method_id: await methodId('Venmo'),
      project_ids: [spring.id],
    });
    expect(await creatorByHandle('@ben')).toMatchObject({ default_method_id: await methodId('PayPal'), project_ids: [spring.id, summer.id] });
    expect(await creatorByHandle('@chloe')).toMatchObject({ name: 'Chloé Martin, PhD', default_method_id: await methodId('Cash App'), payout_handle: null, project_ids: [summer.id] });
    const dana = creators.find((creator) => creator.email === 'dana@example.com');
    expect(dana).toMatchObject({ name: 'Dana "DJ" Lee', handle: null, payout_handle: '$dana, cash', default_method_id: null, project_ids: [spring.id] });
  });

  it('importing the same file again changes nothing: every row unchanged', async () => {
    const before = await catalog();
    expect(await imported('creators', fixture('creators.csv'))).toMatchObject({ rows: 4, created: 0, updated: 0, unchanged: 4 });
    expect(await catalog()).toEqual(before);
  });

  it('matches existing creators by handle (any case, with or without @) or else by email (any case)', async () => {
    const before = await catalog();
    const csv = ['name,handle,email', 'Ana Renamed,ANA,', 'Chloe Renamed,chloe,', 'Dana Renamed,,DANA@EXAMPLE.COM', 'New Person,@new-person,'].join('\n');
    const response = await importCsv('creators', csv, true);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.data).toMatchObject({ rows: 4, created: 1, updated: 3, unchanged: 0, errors: [] });
    expect(await catalog()).toEqual(before);
  });

  it('updates the creators a file changes and counts the rest unchanged', async () => {
    const csv = [
      'name,handle,email,payout_handle,default_method,projects',
      'Ana Díaz-Ruiz,@ana,ana@example.com,@ana-diaz,Venmo,Spring Launch',
      '"Dana ""DJ"" Lee",,dana@example.com,"$dana, cash",,Spring Launch;Summer Tour',
      'Ben Okafor,@ben,ben@example.com,@ben-okafor,PayPal,Spring Launch;Summer Tour',
      '',
    ].join('\n');
    const countBefore = (await list('/creators')).length;
    expect(await imported('creators', csv)).toMatchObject({ rows: 3, created: 0, updated: 2, unchanged: 1 });
    expect(await list('/creators')).toHaveLength(countBefore);
    expect((await creatorByHandle('@ana')).name).toBe('Ana Díaz-Ruiz');
    const dana = (await list('/creators')).find((creator) => creator.email === 'dana@example.com');
    expect(dana).toMatchObject({ name: 'Dana "DJ" Lee', project_ids: [spring.id, summer.id] });
  });

  it('dry run of a bad file: 200 with every problem by file line (multi-line quoted fields counted) and column; nothing written', async () => {
    const before = await catalog();
    const response = await importCsv('creators', fixture('creators-bad.csv'), true);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const report = response.body.data;
    expect(report).toMatchObject({ kind: 'creators', dry_run: true, rows: 7 });
    expect(report.errors.map((error: any) => [error.line, error.column])).toEqual([
      [3, 'email'],
      [5, 'default_method'],
      [6, 'name'],
      [7, 'handle'],
      [8, 'project'],
      [9, 'handle'],
    ]);
    expect(report.errors[1].message).toContain('Zelle');
    expect(report.errors[4].message).toContain('No Such Project');
    expect(await catalog()).toEqual(before);
  });

  it('a file with any bad row: 400 invalid_body with meta.report, and none of its rows imported', async () => {
    const before = await catalog();
    const response = await importCsv('creators', fixture('creators-bad.csv'));
    expect(refusedErrors(response, 'creators')).toEqual([
      [3, 'email'],
      [5, 'default_method'],
      [6, 'name'],
      [7, 'handle'],
      [8, 'project'],
      [9, 'handle'],
    ]);
    expect(response.body.meta.errors[0].path).toBe('line 3.email');
    expect(await catalog()).toEqual(before);
    // Line 2 (Eve) was fine on its own, and still was not imported.
    expect(await list('/creators', { q: 'eve' })).toEqual([]);
  });

  it('applies the API\'s field rules to imported rows (a 101-character handle is refused)', async () => {
    const before = await catalog();
    const csv = `name,handle\nLong Handle,@${'h'.repeat(101)}\n`;
    // The preview must already show the problem (and writes nothing either way).
    const dry = await importCsv('creators', csv, true);
    expect(dry.status).toBe(200);
    expect(dry.body.data.errors.map((error: any) => [error.line, error.column])).toEqual([[2, 'handle']]);
    expect(refusedErrors(await importCsv('creators', csv), 'creators')).toEqual([[2, 'handle']]);
    expect(await catalog()).toEqual(before);
  });

  it.each([
    ['an unknown column', 'name,handle,colour\nZed,@zed,red\n', [[1, 'colour']]],
    ['a missing required column', 'handle,email\n@zed,zed@example.com\n', [[1, 'name']]],
    ['a header only', 'name,handle,email\n', [[1, null]]],
    ['an unclosed quote', 'name,handle\n"Zed,@zed\n', [[2, null]]],
    ['a stray quote in an unquoted field', 'name,handle\nZ"ed,@zed\n', [[2, null]]],
    ['a row with more fields than the header (an unquoted comma)', 'name,handle\nZed Zimmer, PhD,@zed\n', [[2, null]]],
  ])('refuses %s with the line and column, importing nothing', async (_label, csv, expected) => {
    const before = await catalog();
    const expectedErrors = expected as [number, string | null][];
    const expectLines = (errors: [number, string | null][]) => {
      expect(errors.map(([line]) => line)).toEqual(expectedErrors.map(([line]) => line));
      for (const [index, [, column]] of expectedErrors.entries()) if (column !== null) expect(errors[index]?.[1]).toBe(column);
    };
    const dry = await importCsv('creators', csv as string, true);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expectLines(dry.body.data.errors.map((error: any) => [error.line, error.column]));
    expectLines(refusedErrors(await importCsv('creators', csv as string), 'creators'));
    expect(await catalog()).toEqual(before);
  });

  it('reads headers case-insensitively, CRLF line ends, a BOM and blank trailing lines', async () => {
    const csv = '\uFEFFName,HANDLE,Email\r\nZed Zimmer,@zed,zed@example.com\r\n\r\n';
    expect(await imported('creators', csv)).toMatchObject({ rows: 1, created: 1 });
    expect(await creatorByHandle('@zed')).toMatchObject({ name: 'Zed Zimmer', email: 'zed@example.com', project_ids: [] });
  });

  it.each([
    ['an empty csv', { csv: '' }, 'csv'],
    ['a missing csv', { dry_run: true }, 'csv'],
    ['dry_run as a string', { csv: 'name\nX\n', dry_run: 'yes' }, 'dry_run'],
    ['an unknown field', { csv: 'name\nX\n', mode: 'merge' }, 'mode'],
  ])('refuses a body with %s: 400 invalid_body on that path', async (_label, body, path) => {
    const response = await api(server, 'POST', '/imports/creators', { body });
    expectError(response, 400, 'invalid_body');
    expect(response.body.meta.errors.map((issue: any) => issue.path)).toContain(path);
  });

  it('answers 404 for an unknown import kind', async () => {
    expectError(await api(server, 'POST', '/imports/payments', { body: { csv: 'a\nb\n' } }), 404, 'not_found');
  });
});

describe('POST /imports/videos', () => {
  it('dry run reports and writes nothing; the import creates the videos with their snapshots', async () => {
    const before = await catalog();
    const dry = await importCsv('videos', fixture('videos.csv'), true);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.data).toMatchObject({ kind: 'videos', dry_run: true, rows: 3, created: 3, updated: 0, unchanged: 0, errors: [] });
    expect(await catalog()).toEqual(before);

    expect(await imported('videos', fixture('videos.csv'))).toMatchObject({ rows: 3, created: 3, updated: 0, unchanged: 0 });
    const ana = await creatorByHandle('@ana');
    const ben = await creatorByHandle('@ben');
    const videos = await list('/videos');
    expect(videos).toHaveLength(3);
    expect(videos.map((video) => [video.creator_id, video.project_id, video.platform, video.url, video.posted_at, video.snapshots])).toEqual([
      [ben.id, summer.id, 'youtube', 'https://www.youtube.com/watch?v=ben1&list=a,b', '2025-03-05T12:00:00.000Z', [{ captured_at: '2025-03-06T09:00:00.000Z', views: 5400 }]],
      [ana.id, spring.id, 'instagram', 'https://www.instagram.com/reel/ana-spring', '2025-03-04T00:00:00.000Z', []],
      [ana.id, spring.id, 'tiktok', 'https://www.tiktok.com/@ana/video/7301', '2025-03-01T15:00:00.000Z', [{ captured_at: '2025-03-02T09:00:00.000Z', views: 1200 }]],
    ]);
  });

  it('importing the same file again changes nothing', async () => {
    const before = await catalog();
    expect(await imported('videos', fixture('videos.csv'))).toMatchObject({ rows: 3, created: 0, updated: 0, unchanged: 3 });
    expect(await catalog()).toEqual(before);
  });

  it('a video recorded through the API is the same video in a file (URL host case and trailing slash ignored)', async () => {
    const ana = await creatorByHandle('@ana');
    const video = await ok(
      'POST',
      '/videos',
      { creator_id: ana.id, project_id: spring.id, platform: 'tiktok', url: 'https://www.tiktok.com/@ana/video/7400', posted_at: '2025-03-10T10:00:00.000Z' },
      201,
    );
    const csv = 'creator,project,platform,url,posted_at,views,captured_at\n@ana,Spring Launch,tiktok,https://WWW.TIKTOK.COM/@ana/video/7400/,2025-03-10T10:00:00Z,300,2025-03-11T00:00:00Z\n';
    expect(await imported('videos', csv)).toMatchObject({ rows: 1, created: 0, updated: 1, unchanged: 0 });
    const after = await ok('GET', `/videos/${video.id}`);
    expect(after.snapshots).toEqual([{ captured_at: '2025-03-11T00:00:00.000Z', views: 300 }]);
    expect(after.url).toBe('https://www.tiktok.com/@ana/video/7400');
    expect((await list('/videos', { creator_id: ana.id })).filter((row) => row.url.toLowerCase().includes('7400'))).toHaveLength(1);
  });

  it('a file with bad rows: every problem by line and column, 400, nothing imported (the good row neither)', async () => {
    const before = await catalog();
    const expected = [
      [3, 'creator'],
      [4, 'platform'],
      [5, 'url'],
      [6, 'posted_at'],
      [7, 'views'],
      [8, 'captured_at'],
      [9, 'creator'],
      [10, 'project'],
    ];
    const byLine = (errors: [number, string | null][]) => [...errors].sort((a, b) => a[0] - b[0]);
    const dry = await importCsv('videos', fixture('videos-bad.csv'), true);
    expect(dry.status).toBe(200);
    expect(byLine(dry.body.data.errors.map((error: any) => [error.line, error.column]))).toEqual(expected);
    expect(byLine(refusedErrors(await importCsv('videos', fixture('videos-bad.csv')), 'videos'))).toEqual(expected);
    expect(await catalog()).toEqual(before);
    expect((await list('/videos')).map((video) => video.url)).not.toContain('https://www.tiktok.com/@ana/video/9001');
  });

  it('lists the problems of a file in file order', async () => {
    const response = await importCsv('videos', fixture('videos-bad.csv'), true);
    expect(response.status).toBe(200);
    const lines = response.body.data.errors.map((error: any) => error.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it('re-importing a row whose views have no captured_at changes nothing the second time', async () => {
    const csv = 'creator,project,platform,url,posted_at,views\n@ben,Spring Launch,youtube,https://www.youtube.com/watch?v=ben-now,2025-03-12,777\n';
    expect(await imported('videos', csv)).toMatchObject({ rows: 1, created: 1 });
    const before = await catalog();
    const dry = await importCsv('videos', csv, true);
    expect(dry.status).toBe(200);
    expect(dry.body.data).toMatchObject({ rows: 1, created: 0, updated: 0, unchanged: 1 });
    expect(await imported('videos', csv)).toMatchObject({ rows: 1, created: 0, updated: 0, unchanged: 1 });
    expect(await catalog()).toEqual(before);
  });
});

describe('POST /imports/metrics', () => {
  const tiktok = () => list('/videos', { platform: 'tiktok' }).then((rows) => rows.find((video) => video.url === 'https://www.tiktok.com/@ana/video/7301'));
  const reel = () => list('/videos', { platform: 'instagram' }).then((rows) => rows[0]);

  it('appends snapshots to videos named by URL and project (URL variants, quoted "9,650", plain dates)', async () => {
    const before = await catalog();
    const dry = await importCsv('metrics', fixture('metrics.csv'), true);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.data).toMatchObject({ kind: 'metrics', dry_run: true, rows: 3, created: 3, updated: 0, unchanged: 0, errors: [] });
    expect(await catalog()).toEqual(before);

    expect(await imported('metrics', fixture('metrics.csv'))).toMatchObject({ rows: 3, created: 3, unchanged: 0 });
    expect((await tiktok()).snapshots).toEqual([
      { captured_at: '2025-03-02T09:00:00.000Z', views: 1200 },
      { captured_at: '2025-03-03T09:00:00.000Z', views: 4800 },
      { captured_at: '2025-03-04T09:00:00.000Z', views: 9650 },
    ]);
    expect(await tiktok()).toMatchObject({ views: 9650, views_captured_at: '2025-03-04T09:00:00.000Z' });
    expect((await reel()).snapshots).toEqual([{ captured_at: '2025-03-05T00:00:00.000Z', views: 870 }]);
  });

  it('importing the same file again changes nothing', async () => {
    const before = await catalog();
    expect(await imported('metrics', fixture('metrics.csv'))).toMatchObject({ rows: 3, created: 0, updated: 0, unchanged: 3 });
    expect(await catalog()).toEqual(before);
  });

  it('refuses a different value at an existing instant: 400 at that line, and the file\'s other rows are not imported', async () => {
    const before = await catalog();
    expect(refusedErrors(await importCsv('metrics', fixture('metrics-conflict.csv')), 'metrics')).toEqual([[3, 'views']]);
    expect(await catalog()).toEqual(before);
    expect((await reel()).snapshots).toHaveLength(1);
  });

  it('takes a video id without a project', async () => {
    const video = await reel();
    const csv = `video,captured_at,views\n${video.id},2025-03-07T00:00:00.000Z,1500\n`;
    expect(await imported('metrics', csv)).toMatchObject({ rows: 1, created: 1 });
    expect((await ok('GET', `/videos/${video.id}`)).views).toBe(1500);
  });

  it.each([
    ['a URL without a project', 'video,captured_at,views\nhttps://www.tiktok.com/@ana/video/7301,2025-03-08T00:00:00Z,1\n', [2, 'project']],
    ['an unknown video URL', 'video,project,captured_at,views\nhttps://www.tiktok.com/@ana/video/0000,Spring Launch,2025-03-08T00:00:00Z,1\n', [2, 'video']],
    ['an unknown video id', `video,captured_at,views\n${UNKNOWN_ID},2025-03-08T00:00:00Z,1\n`, [2, 'video']],
    ['a URL in the wrong project', 'video,project,captured_at,views\nhttps://www.tiktok.com/@ana/video/7301,Summer Tour,2025-03-08T00:00:00Z,1\n', [2, 'video']],
    ['views that are not a number', 'video,project,captured_at,views\nhttps://www.tiktok.com/@ana/video/7301,Spring Launch,2025-03-08T00:00:00Z,lots\n', [2, 'views']],
    ['a captured_at in the future', 'video,project,captured_at,views\nhttps://www.tiktok.com/@ana/video/7301,Spring Launch,2099-01-01,1\n', [2, 'captured_at']],
    ['a missing views column', 'video,project,captured_at\nhttps://www.tiktok.com/@ana/video/7301,Spring Launch,2025-03-08T00:00:00Z\n', [1, 'views']],
  ])('refuses %s at its line and column, importing nothing', async (_label, csv, expected) => {
    const before = await catalog();
    expect(refusedErrors(await importCsv('metrics', csv as string), 'metrics')).toEqual([expected]);
    expect(await catalog()).toEqual(before);
  });
});

describe('GET /exports/{kind}', () => {
  it('answers text/csv with the documented header and CRLF line ends', async () => {
    const headers = {
      creators: 'id,name,handle,email,payout_handle,default_method,projects',
      videos: 'creator,project,platform,url,posted_at,views,captured_at',
      metrics: 'video,project,captured_at,views',
    };
    for (const [kind, header] of Object.entries(headers)) {
      const csv = await exportCsv(kind);
      expect(csv.split('\r\n')[0]).toBe(header);
      expect(csv.endsWith('\r\n')).toBe(true);
    }
    const creators = await exportCsv('creators');
    expect(creators).toContain('"Chloé Martin, PhD",@chloe,chloe@example.com,,Cash App,Summer Tour\r\n');
    expect(creators).toContain('"Dana ""DJ"" Lee",,dana@example.com,"$dana, cash",,Spring Launch;Summer Tour\r\n');
  });

  it.each(['creators', 'videos', 'metrics'])('re-importing the %s export changes nothing', async (kind) => {
    const csv = await exportCsv(kind);
    const rows = csv.trimEnd().split('\r\n').length - 1;
    expect(rows).toBeGreaterThan(1);
    const before = await catalog();
    expect(await imported(kind, csv)).toMatchObject({ rows, created: 0, updated: 0, unchanged: rows });
    expect(await catalog()).toEqual(before);
  });

  it('filters by project_id; the filtered export re-imports as a no-op too', async () => {
    const videos = await exportCsv('videos', `?project_id=${summer.id}`);
    const lines = videos.trimEnd().split('\r\n').slice(1);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.includes(',Summer Tour,'))).toBe(true);
    const creators = await exportCsv('creators', `?project_id=${summer.id}`);
    expect(creators).toContain('Summer Tour');
    expect(creators).not.toContain('Ana Díaz');
    const before = await catalog();
    expect((await imported('videos', videos)).unchanged).toBe(lines.length);
    expect((await imported('creators', creators)).created).toBe(0);
    expect(await catalog()).toEqual(before);
  });

  it('a round trip preserves a name spanning lines', async () => {
    const csv = 'name,handle\n"Multi\nLine Name",@multiline\n';
    expect(await imported('creators', csv)).toMatchObject({ created: 1 });
    expect((await creatorByHandle('@multiline')).name).toBe('Multi\nLine Name');
    const exported = await exportCsv('creators');
    expect(exported).toContain('"Multi\nLine Name",@multiline');
    const rows = (await list('/creators')).length;
    expect(await imported('creators', exported)).toMatchObject({ rows, created: 0, updated: 0, unchanged: rows });
  });

  it('answers 404 for an unknown project and 400 invalid_query for a bad one', async () => {
    expectError(await api(server, 'GET', `/exports/videos?project_id=${UNKNOWN_ID}`), 404, 'not_found');
    expectError(await api(server, 'GET', '/exports/videos?project_id=spring'), 400, 'invalid_query');
    expectError(await api(server, 'GET', '/exports/videos?format=xlsx'), 400, 'invalid_query');
  });

  it('requires a key like every route', async () => {
    expectError(await api(server, 'GET', '/exports/creators', { key: null }), 401, 'invalid_api_key');
  });
});

describe('round trips the catalog allows', () => {
  // Placed last: they add data that other exports in this file would carry.

  it('a creator with neither handle nor email (allowed by the API) survives export and re-import', async () => {
    const project = await ok('POST', '/projects', { name: 'Nameonly Club' }, 201);
    const creator = await ok('POST', '/creators', { name: 'Nameonly Person' }, 201);
    await ok('POST', `/projects/${project.id}/creators`, { creator_ids: [creator.id] });
    const csv = await exportCsv('creators', `?project_id=${project.id}`);
    expect(csv).toContain('Nameonly Person');
    const before = await catalog();
    expect(await imported('creators', csv)).toMatchObject({ rows: 1, created: 0, updated: 0, unchanged: 1 });
    expect(await catalog()).toEqual(before);
  });

  it('exports of a project whose name another project shares re-import as a no-op', async () => {
    const first = await ok('POST', '/projects', { name: 'Twin Project' }, 201);
    await ok('POST', '/projects', { name: 'Twin Project' }, 201);
    const creator = await ok('POST', '/creators', { name: 'Twin Creator', handle: '@twin' }, 201);
    await ok('POST', `/projects/${first.id}/creators`, { creator_ids: [creator.id] });
    await ok(
      'POST',
      '/videos',
      { creator_id: creator.id, project_id: first.id, platform: 'other', url: 'https://example.com/twin/1', posted_at: '2025-05-01T00:00:00.000Z', views: 5, captured_at: '2025-05-02T00:00:00.000Z' },
      201,
    );
    const before = await catalog();
    const outcomes: Record<string, unknown> = {};
    for (const kind of ['creators', 'videos', 'metrics']) {
      const csv = await exportCsv(kind, `?project_id=${first.id}`);
      const response = await importCsv(kind, csv);
      const report = response.body.data ?? response.body.meta.report;
      outcomes[kind] = { status: response.status, created: report.created, updated: report.updated, unchanged: report.unchanged, errors: report.errors };
    }
    const noOp = { status: 200, created: 0, updated: 0, unchanged: 1, errors: [] };
    expect(outcomes).toEqual({ creators: noOp, videos: noOp, metrics: noOp });
    expect(await catalog()).toEqual(before);
  });
});
