import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storePath } from '../../core/node/services.ts';
import { startServer, TEST_API_KEY, type RunningServer } from '../support/server.ts';

/**
 * `POST /api/v1/payout-structures/{id}/preview` over HTTP against the real `npm run serve`
 * (SPEC §10 "What-if").
 *
 * Seed, all through the API, relative to the current UTC week (w3 is the last closed week, w0
 * four weeks back): "Launch" (UTC) with a weekly graduated CPM structure — 200¢ per 1,000 up to
 * 10,000 impressions, 100¢ per 1,000 above —, Ada, Bo and Cy assigned from before w0. Ada posts
 * 4,000 views in w0, 10,000 in w1 and 25,000 in w2; Bo 3,333 in w1 and 1,234 in w3; Cy nothing;
 * Ada also posts in the current, still open week. An accrual run records what version 1 pays,
 * and Bo's w3 accrual is rejected. The store file is read before and after every preview (with
 * the server stopped), byte for byte.
 */

const DAY = 86_400_000;
const WEEK = 7 * DAY;

type Sent = { status: number; text: string; body: any };

async function send(server: RunningServer, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Sent> {
  const headers: Record<string, string> = { Authorization: `Bearer ${TEST_API_KEY}`, ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(`${server.apiUrl}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, text, body: text ? JSON.parse(text) : null };
}

async function ok(server: RunningServer, method: string, path: string, body?: unknown): Promise<any> {
  const response = await send(server, method, path, body === undefined ? {} : { body });
  expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
  return response.body.data;
}

/** Every row of every table of the store file (documents, journal, local documents, blobs). */
function dumpStore(dataDir: string): Record<string, unknown[]> {
  const sqlite = new DatabaseSync(storePath(dataDir), { readOnly: true });
  try {
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
    const dump: Record<string, unknown[]> = {};
    for (const { name } of tables) {
      const rows = sqlite.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all();
      dump[name] = rows.map((row) => JSON.stringify(row, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value))).sort();
    }
    return dump;
  } finally {
    sqlite.close();
  }
}

const SERVER_ENV = { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0', PAYOUTS_RATE_PER_MINUTE: '100000' };
const dataDir = mkdtempSync(join(tmpdir(), 'payouts-preview-'));
let server: RunningServer;
let other: RunningServer;
let before: Record<string, unknown[]>;

const ids = { project: '', ada: '', bo: '', cy: '', di: '', cpm: '', goals: '', milestones: '', archived: '', otherStructure: '' };
/** Start of the last closed calendar month (UTC). */
let lastMonth = 0;
/** Period starts, oldest first: w0 … w3 are the four weeks before the current one. */
const weeks: number[] = [];
const iso = (value: number) => new Date(value).toISOString();

const tiers = (firstRate: number) => [
  { up_to_impressions: 10000, cents_per_thousand: firstRate },
  { up_to_impressions: null, cents_per_thousand: 100 },
];
const rule = (overrides: Record<string, unknown> = {}) => ({
  kind: 'rule',
  period: 'weekly',
  amount_cents: 0,
  currency: 'USD',
  criteria_type: 'cpm',
  criteria_params: { source: 'posts_in_period', min_impressions: 0, max_payout_cents: null, tiers: tiers(200) },
  proration_mode: 'full',
  ...overrides,
});
/** The edit under test: the first tier's rate raised from 200¢ to 250¢ per 1,000. */
const raised = rule({ criteria_params: { source: 'posts_in_period', min_impressions: 0, max_payout_cents: null, tiers: tiers(250) } });

beforeAll(async () => {
  [server, other] = await Promise.all([startServer({ dataDir, env: SERVER_ENV }), startServer({ env: SERVER_ENV })]);
  const now = new Date();
  const currentWeek = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - ((now.getUTCDay() + 6) % 7) * DAY;
  for (let back = 4; back >= 1; back--) weeks.push(currentWeek - back * WEEK);
  const [w0, w1, w2, w3] = weeks as [number, number, number, number];

  ids.project = (await ok(server, 'POST', '/projects', { name: 'Launch', timezone: 'UTC' })).id;
  ids.ada = (await ok(server, 'POST', '/creators', { name: 'Ada Lovelace', handle: '@ada' })).id;
  ids.bo = (await ok(server, 'POST', '/creators', { name: 'Bo Smith', handle: '@bo' })).id;
  ids.cy = (await ok(server, 'POST', '/creators', { name: 'Cy Young', handle: '@cy' })).id;
  await ok(server, 'POST', `/projects/${ids.project}/creators`, { creator_ids: [ids.ada, ids.bo, ids.cy] });
  const { kind: _kind, ...v1 } = rule();
  ids.cpm = (await ok(server, 'POST', '/payout-structures', { project_id: ids.project, name: 'Weekly CPM', ...v1 })).structure_id;
  await ok(server, 'POST', `/payout-structures/${ids.cpm}/assignments`, { creator_ids: [ids.ada, ids.bo, ids.cy], assigned_at: iso(w0 - WEEK) });
  let n = 0;
  const video = async (creatorId: string, weekStart: number, views: number) => {
    n++;
    await ok(server, 'POST', '/videos', {
      creator_id: creatorId,
      project_id: ids.project,
      platform: 'tiktok',
      url: `https://tiktok.example/v/${n}`,
      posted_at: iso(Math.min(weekStart + DAY, Date.now() - 60_000)),
      views,
      captured_at: iso(Math.min(weekStart + 2 * DAY, Date.now())),
    });
  };
  await video(ids.ada, w0, 4000);
  await video(ids.ada, w1, 10000);
  await video(ids.ada, w2, 25000);
  await video(ids.bo, w1, 3333);
  await video(ids.bo, w3, 1234);
  await video(ids.ada, currentWeek, 50000);
  // Goals: Ada must post 2 videos a week for $100.00; she posts one a week in w0–w2, none in w3.
  const goalsRule = { period: 'weekly', amount_cents: 10000, currency: 'USD', criteria_type: 'goals', criteria_params: { mode: 'all' }, proration_mode: 'full' };
  ids.goals = (await ok(server, 'POST', '/payout-structures', { project_id: ids.project, name: 'Weekly goals', ...goalsRule })).structure_id;
  await ok(server, 'POST', '/creator-goals', { project_id: ids.project, creator_id: ids.ada, metric: 'videos_posted', target: 2, period: 'weekly' });
  await ok(server, 'POST', `/payout-structures/${ids.goals}/assignments`, { creator_ids: [ids.ada], assigned_at: iso(w0 - WEEK) });

  // Milestones: Di (only on this structure) crosses 6,000 views three days into the last closed month.
  lastMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
  ids.di = (await ok(server, 'POST', '/creators', { name: 'Di Prima', handle: '@di' })).id;
  await ok(server, 'POST', `/projects/${ids.project}/creators`, { creator_ids: [ids.di] });
  ids.milestones = (
    await ok(server, 'POST', '/payout-structures', {
      project_id: ids.project,
      name: 'Milestones',
      period: null,
      amount_cents: null,
      currency: 'USD',
      criteria_type: 'view_threshold',
      criteria_params: { thresholds: [{ view_count: 1000, amount_cents: 1000, currency: 'USD' }] },
      proration_mode: 'skip',
    })
  ).structure_id;
  await ok(server, 'POST', `/payout-structures/${ids.milestones}/assignments`, { creator_ids: [ids.di], assigned_at: iso(lastMonth - 60 * DAY) });
  await ok(server, 'POST', '/videos', {
    creator_id: ids.di,
    project_id: ids.project,
    platform: 'youtube',
    url: 'https://youtube.example/di',
    posted_at: iso(lastMonth + 2 * DAY),
    views: 6000,
    captured_at: iso(lastMonth + 3 * DAY),
  });
  await ok(server, 'POST', '/accrual-runs', {});
  const boW3 = (await ok(server, 'GET', `/payout-accruals?creator_id=${ids.bo}&structure_id=${ids.cpm}`)).find((accrual: any) => accrual.period_start_at === iso(w3));
  await ok(server, 'PATCH', `/payout-accruals/${boW3.id}`, { status: 'rejected' });

  const { kind: _k, ...archivedRule } = rule();
  ids.archived = (await ok(server, 'POST', '/payout-structures', { project_id: ids.project, name: 'Old CPM', ...archivedRule })).structure_id;
  await ok(server, 'DELETE', `/payout-structures/${ids.archived}`);

  const otherProject = (await ok(other, 'POST', '/projects', { name: 'Elsewhere' })).id;
  ids.otherStructure = (await ok(other, 'POST', '/payout-structures', { project_id: otherProject, name: 'Theirs', ...archivedRule })).structure_id;

  // The store as it is before any preview (read with the server stopped, then started again).
  await server.stop();
  before = dumpStore(dataDir);
  server = await startServer({ dataDir, env: SERVER_ENV });
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.stop(), other?.dispose()]);
  rmSync(dataDir, { recursive: true, force: true });
});

const preview = (body: unknown, id = ids.cpm, headers: Record<string, string> = {}) => send(server, 'POST', `/payout-structures/${id}/preview`, { body, headers });

/** creator → [current, new, difference, accrued] per period. */
const cells = (data: any) =>
  Object.fromEntries(data.creators.map((row: any) => [row.name, row.periods.map((cell: any) => [cell.current_cents, cell.new_cents, cell.difference_cents, cell.accrued_cents])]));

describe('POST /payout-structures/{id}/preview', () => {
  it('raising the first tier’s rate: each creator’s current and new amounts over the last 3 closed weeks, to the cent', async () => {
    const response = await preview(raised);
    expect(response.status, response.text).toBe(200);
    const data = response.body.data;
    const [, w1, w2, w3] = weeks as [number, number, number, number];
    expect(data).toMatchObject({ structure_id: ids.cpm, project_id: ids.project, criteria_type: 'cpm', time_zone: 'UTC', period: 'weekly', new_version_number: 2 });
    expect(data.current_version.version_number).toBe(1);
    expect(data.periods).toEqual(
      [w1, w2, w3].map((start) => ({ start: iso(start), end: iso(start + WEEK), first_day: iso(start).slice(0, 10), last_day: iso(start + 6 * DAY).slice(0, 10) })),
    );
    // Ada: 10,000 × 2.00/1k = 2000 → 10,000 × 2.50/1k = 2500; 25,000: 2000 + 15,000 × 1.00/1k = 3500 → 2500 + 1500 = 4000.
    // Bo: 3,333 × 2.00/1k = 666.6 → 667 → 3,333 × 2.50/1k = 833.25 → 833; 1,234: 246.8 → 247 → 308.5 → 309 (half up).
    // Cy posted nothing. The current column is recomputed: Bo's w3 accrual was rejected, so nothing is stored for it.
    expect(cells(data)).toEqual({
      'Ada Lovelace': [
        [2000, 2500, 500, 2000],
        [3500, 4000, 500, 3500],
        [0, 0, 0, null],
      ],
      'Bo Smith': [
        [667, 833, 166, 667],
        [0, 0, 0, null],
        [247, 309, 62, null],
      ],
      'Cy Young': [
        [0, 0, 0, null],
        [0, 0, 0, null],
        [0, 0, 0, null],
      ],
    });
    expect(data.creators.map((row: any) => [row.creator_id, row.handle, row.current_cents, row.new_cents, row.difference_cents])).toEqual([
      [ids.ada, '@ada', 5500, 6500, 1000],
      [ids.bo, '@bo', 914, 1142, 228],
      [ids.cy, '@cy', 0, 0, 0],
    ]);
    expect(data.totals).toEqual({
      current_cents: 6414,
      new_cents: 7642,
      difference_cents: 1228,
      periods: [
        { period_start: iso(w1), current_cents: 2667, new_cents: 3333, difference_cents: 666 },
        { period_start: iso(w2), current_cents: 3500, new_cents: 4000, difference_cents: 500 },
        { period_start: iso(w3), current_cents: 247, new_cents: 309, difference_cents: 62 },
      ],
    });
  });

  it('looks back over `periods` closed periods; the open week never counts', async () => {
    const data = (await preview({ ...raised, periods: 4 })).body.data;
    expect(data.periods.map((period: any) => period.start)).toEqual(weeks.map(iso));
    // w0: 4,000 × 2.00/1k = 800 → 1000; Ada's 50,000 views of this week are in no column.
    expect(cells(data)['Ada Lovelace'][0]).toEqual([800, 1000, 200, 800]);
    expect(data.totals.current_cents).toBe(7214);
    expect(data.totals.new_cents).toBe(8642);
  });

  it('the rule unchanged shows no difference; a lower cap and a new minimum lower what it pays', async () => {
    const same = (await preview(rule())).body.data;
    expect(same.totals).toMatchObject({ current_cents: 6414, new_cents: 6414, difference_cents: 0 });
    const capped = (await preview(rule({ criteria_params: { source: 'posts_in_period', min_impressions: 2000, max_payout_cents: 3000, tiers: tiers(200) } }))).body.data;
    // Ada's 3500 is capped at 3000; Bo's 1,234 impressions are below the 2,000 minimum.
    expect(cells(capped)['Ada Lovelace'].map((cell: number[]) => cell[1])).toEqual([2000, 3000, 0]);
    expect(cells(capped)['Bo Smith'].map((cell: number[]) => cell[1])).toEqual([667, 0, 0]);
    expect(capped.totals).toMatchObject({ current_cents: 6414, new_cents: 5667, difference_cents: -747 });
  });

  it('goals: allowing partial completion pays half the amount for one video out of two', async () => {
    const body = { kind: 'rule', period: 'weekly', amount_cents: 10000, currency: 'USD', criteria_type: 'goals', proration_mode: 'full' };
    const data = (await preview({ ...body, criteria_params: { mode: 'all', partial_allowed: true, partial_multiplier: 1, min_completion_pct: 0 } }, ids.goals)).body.data;
    // 1 of 2 videos: 50 % × $100.00 in w1 and w2; w3 has none (0 %), so nothing either way.
    expect(cells(data)).toEqual({ 'Ada Lovelace': [[0, 5000, 5000, null], [0, 5000, 5000, null], [0, 0, 0, null]] });
    expect(data.totals).toMatchObject({ current_cents: 0, new_cents: 10000, difference_cents: 10000 });
  });

  it('view_threshold: the milestones each rule fires, by calendar month', async () => {
    const thresholds = (list: [number, number][]) => list.map(([viewCount, amount]) => ({ view_count: viewCount, amount_cents: amount, currency: 'USD' }));
    const body = { kind: 'rule', period: null, amount_cents: null, currency: 'USD', criteria_type: 'view_threshold', proration_mode: 'skip' };
    const response = await preview({ ...body, criteria_params: { thresholds: thresholds([[1000, 1500], [5000, 5000]]) } }, ids.milestones);
    expect(response.status, response.text).toBe(200);
    const data = response.body.data;
    expect(data.period).toBe('monthly');
    expect(data.periods).toHaveLength(3);
    expect(data.periods[2]).toMatchObject({ start: iso(lastMonth), first_day: iso(lastMonth).slice(0, 10) });
    // 1,000 views: $10.00 → $15.00; 5,000 views is new: $50.00. The stored milestone is version 1's.
    expect(cells(data)).toEqual({ 'Di Prima': [[0, 0, 0, null], [0, 0, 0, null], [1000, 6500, 5500, 1000]] });
    expect(data.totals).toMatchObject({ current_cents: 1000, new_cents: 6500, difference_cents: 5500 });
  });

  it('is a read: no Idempotency-Key needed, and one sent is not kept', async () => {
    const key = randomUUID();
    const first = await preview(raised, ids.cpm, { 'Idempotency-Key': key });
    expect(first.status).toBe(200);
    // The same key with another body is not a reused key: nothing was stored under it.
    const second = await preview(rule(), ids.cpm, { 'Idempotency-Key': key });
    expect(second.status).toBe(200);
    expect(second.body.data.totals.difference_cents).toBe(0);
  });

  it('refuses a bad rule with the codes and field paths of a rule edit', async () => {
    const cases: [unknown, string][] = [
      [{ ...raised, colour: 'red' }, 'colour'],
      [{ ...raised, kind: 'cosmetic' }, 'kind'],
      [rule({ criteria_params: { source: 'posts_in_period', min_impressions: 0, max_payout_cents: null, tiers: [{ up_to_impressions: 5, cents_per_thousand: 1 }] } }), 'criteria_params.tiers.0.up_to_impressions'],
      [rule({ amount_cents: 1.5 }), 'amount_cents'],
      [rule({ criteria_type: 'recurring', criteria_params: {}, amount_cents: 100 }), 'criteria_type'],
      [rule({ period: 'monthly' }), 'period'],
    ];
    for (const [body, path] of cases) {
      const { kind: _kind, ...rest } = body as Record<string, unknown>;
      const previewed = await preview(body);
      expect(previewed.status, `${path}: ${previewed.text}`).toBe(400);
      expect(previewed.body.error.code).toBe('invalid_body');
      expect(previewed.body.meta.errors.map((error: any) => error.path)).toContain(path);
      // The rule edit itself says the same (and, refused, saves nothing).
      if (path !== 'kind') {
        const edited = await send(server, 'PATCH', `/payout-structures/${ids.cpm}`, { body: { kind: 'rule', ...rest } });
        expect(edited.body.error.code).toBe('invalid_body');
        expect(edited.body.meta.errors.map((error: any) => error.path)).toContain(path);
      }
    }
  });

  it('refuses `periods` outside 1–12 or not a whole number', async () => {
    for (const periods of [0, 13, 2.5, '3', null]) {
      const response = await preview({ ...raised, periods });
      expect(response.status, String(periods)).toBe(400);
      expect(response.body.error.code).toBe('invalid_body');
      expect(response.body.meta.errors).toEqual([expect.objectContaining({ path: 'periods' })]);
    }
    expect((await preview({ ...raised, periods: 12 })).body.data.periods).toHaveLength(12);
    expect((await preview({ ...raised, periods: 1 })).body.data.periods).toHaveLength(1);
  });

  it('answers not_found for an unknown structure, another org’s and a malformed id; structure_archived for an archived one', async () => {
    for (const id of [randomUUID(), ids.otherStructure, 'not-a-uuid']) {
      const response = await preview(raised, id);
      expect(response.status, id).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    const archived = await preview(raised, ids.archived);
    expect(archived.status).toBe(409);
    expect(archived.body.error.code).toBe('structure_archived');
    expect((await send(server, 'GET', `/payout-structures/${ids.cpm}/preview`)).body.error.code).toBe('method_not_allowed');
    expect((await send(server, 'POST', `/payout-structures/${ids.cpm}/preview`, { body: raised, headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
  });

  it('wrote nothing: every table of the store, journal included, is as it was before the previews', async () => {
    await server.stop();
    const after = dumpStore(dataDir);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
    // The comparison sees writes: a saved rule edit changes the structure and the journal.
    server = await startServer({ dataDir, env: SERVER_ENV });
    await ok(server, 'PATCH', `/payout-structures/${ids.cpm}`, raised);
    await server.stop();
    expect(dumpStore(dataDir)).not.toEqual(after);
  }, 60_000);
});
