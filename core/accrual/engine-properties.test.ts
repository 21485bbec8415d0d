import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { fixedClock } from '../domain/clock.ts';
import { deterministicId } from '../domain/ids.ts';
import type { Accrual, AccrualRun } from '../domain/accrual.ts';
import { openDatabase, type PayoutsDatabase } from '../store/database.ts';
import { readEngineState, writeEngineState } from './engine-state.ts';
import { createApi } from '../api/app.ts';

/**
 * Properties of the accrual engine (SPEC §5) over random small catalogs: idempotent re-runs,
 * step-by-step catch-up equal to one run, only positive whole-cent accruals for ended periods, the
 * cpm cap. Each case opens its own in-memory store and closes it before the next one (RxDB's
 * free build allows 13 open collections per process; a store has 8).
 */

const NOW = '2026-12-01T00:00:00.000Z';
const MINUTE = 60_000;
const BASE = Date.parse('2026-03-02T00:00:00.000Z');
/** Catalog events fall in [BASE, BASE + 60 days); runs may look up to 30 days further. */
const SPAN_MINUTES = 60 * 24 * 60;
const AS_OF_SPAN_MINUTES = 90 * 24 * 60;
const iso = (minutes: number) => new Date(BASE + minutes * MINUTE).toISOString();

// ---------------------------------------------------------------------------------------------
// The catalog

type Goal = { metric: 'videos_posted' | 'views'; target: number; period: 'daily' | 'weekly' | 'monthly' };
type VideoPlan = { posted: number; snapshots: { gap: number; added: number }[] };
type CreatorPlan = { boundaries: number[]; videos: VideoPlan[]; goals: Goal[] };
/** `edit`: a rule edit (version 2, same type and period) in effect from that instant. */
type Catalog = { timezone: string; structure: Record<string, unknown>; edit: { at: number; rule: Record<string, unknown> } | null; creators: CreatorPlan[] };

const instant = fc.integer({ min: 0, max: SPAN_MINUTES - 1 });
const period = fc.constantFrom('daily' as const, 'weekly' as const, 'monthly' as const);
const proration = fc.constantFrom('skip', 'prorate', 'full');
/** A rate with at most 4 decimal places, as the API accepts. */
const decimal4 = (max: number) => fc.integer({ min: 0, max: max * 10_000 }).map((value) => value / 10_000);

const recurring = fc.record({
  criteria_type: fc.constant('recurring'),
  period,
  amount_cents: fc.integer({ min: 1, max: 100_000 }),
  proration_mode: proration,
  criteria_params: fc.constant({}),
});

const goals = fc.record({
  criteria_type: fc.constant('goals'),
  period,
  amount_cents: fc.integer({ min: 1, max: 100_000 }),
  proration_mode: proration,
  criteria_params: fc.oneof(
    fc.record(
      {
        mode: fc.constant('all'),
        partial_allowed: fc.boolean(),
        partial_multiplier: fc.constantFrom(0.5, 1, 1.3333, 2.5),
        min_completion_pct: fc.constantFrom(0, 25, 50, 99.5),
      },
      { requiredKeys: ['mode'] },
    ),
    fc.record({ mode: fc.constant('any') }),
    fc.record({ mode: fc.constant('n_of_m'), n: fc.integer({ min: 1, max: 3 }) }),
  ),
});

const cpm = fc.record({
  criteria_type: fc.constant('cpm'),
  period,
  amount_cents: fc.constant(0),
  proration_mode: proration,
  criteria_params: fc
    .record({
      min_impressions: fc.integer({ min: 0, max: 1500 }),
      max_payout_cents: fc.option(fc.integer({ min: 1, max: 3000 }), { nil: null }),
      bounds: fc.uniqueArray(fc.integer({ min: 1, max: 20_000 }), { maxLength: 2 }),
      rates: fc.array(fc.oneof(fc.constantFrom(0, 50, 75, 333.3333, 1000), fc.integer({ min: 1, max: 2000 }), decimal4(500)), { minLength: 3, maxLength: 3 }),
    })
    .map(({ min_impressions, max_payout_cents, bounds, rates }) => ({
      source: 'posts_in_period',
      min_impressions,
      max_payout_cents,
      tiers: [...bounds.sort((a, b) => a - b), null].map((up_to_impressions, index) => ({ up_to_impressions, cents_per_thousand: rates[index] as number })),
    })),
});

const viewThreshold = fc.record({
  criteria_type: fc.constant('view_threshold'),
  period: fc.constant(null),
  amount_cents: fc.constant(null),
  proration_mode: fc.constant('skip'),
  backfill_on_assignment: fc.boolean(),
  criteria_params: fc
    .uniqueArray(fc.record({ view_count: fc.integer({ min: 1, max: 15_000 }), amount_cents: fc.integer({ min: 1, max: 50_000 }) }), {
      minLength: 1,
      maxLength: 4,
      selector: (threshold) => threshold.view_count,
    })
    .map((thresholds) => ({ thresholds: thresholds.map((threshold) => ({ ...threshold, currency: 'USD' })) })),
});

const ALL_TYPES = ['recurring', 'goals', 'cpm', 'view_threshold'] as const;

const structureOf = (types: ('recurring' | 'goals' | 'cpm' | 'view_threshold')[]) =>
  fc.oneof(...types.map((type) => ({ recurring, goals, cpm, view_threshold: viewThreshold })[type]));

/** A creator: assignment boundaries, videos with growing views, goals (mostly with the structure's period). */
const creatorPlan = (structurePeriod: Goal['period'] | null) =>
  fc.record({
    /** Sorted distinct instants: assigned, unassigned, assigned again, …; an odd count leaves the last interval open. */
    boundaries: fc.uniqueArray(instant, { minLength: 1, maxLength: 4 }).map((values) => values.sort((a, b) => a - b)),
    videos: fc.array(
      fc.record({
        posted: instant,
        snapshots: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 12 * 60 }), added: fc.integer({ min: 0, max: 8000 }) }), { minLength: 1, maxLength: 4 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    goals: fc.array(
      fc.record({
        metric: fc.constantFrom('videos_posted' as const, 'views' as const),
        target: fc.integer({ min: 1, max: 3 }),
        views: fc.integer({ min: 1, max: 12_000 }),
        period: structurePeriod ? fc.oneof({ weight: 4, arbitrary: fc.constant(structurePeriod) }, { weight: 1, arbitrary: period }) : period,
      }),
      { maxLength: 3 },
    ).map((list) => list.map(({ metric, target, views, period: goalPeriod }): Goal => ({ metric, target: metric === 'views' ? views : target, period: goalPeriod }))),
  });

const catalogOf = (types: Parameters<typeof structureOf>[0]): fc.Arbitrary<Catalog> =>
  structureOf(types).chain((structure) =>
    fc.record({
      timezone: fc.constantFrom('UTC', 'America/New_York', 'Asia/Kolkata'),
      structure: fc.constant(structure as Record<string, unknown>),
      edit: fc.option(
        fc.record({
          at: instant,
          rule: structureOf([structure.criteria_type as (typeof ALL_TYPES)[number]]).map((rule) => ({ ...rule, period: structure.period }) as Record<string, unknown>),
        }),
        { nil: null, freq: 3 },
      ),
      creators: fc.array(creatorPlan(structure.period as Goal['period'] | null), { minLength: 1, maxLength: 3 }),
    }),
  );

const asOf = fc.integer({ min: 0, max: AS_OF_SPAN_MINUTES }).map(iso);

// ---------------------------------------------------------------------------------------------
// One store, fed the catalog through the API

const opened: PayoutsDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

type Store = Awaited<ReturnType<typeof openStore>>;

/** A store whose generated ids are a counter, so two stores fed the same commands agree on every id. */
async function openStore(catalog: Catalog) {
  // devMode off halves the time of a case; the properties check the accrual fields themselves.
  const db = await openDatabase({ storage: getRxStorageMemory(), name: `engine-props-${crypto.randomUUID()}`, devMode: false });
  opened.push(db);
  const clock = fixedClock(NOW);
  let counter = 0;
  const api = await createApi({ db, clock, newId: () => deterministicId('props', String(counter++)), onInternalError: (error) => { throw error; } });
  const me = api.localPrincipal();
  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) => {
    const response = await api.handle({ method, path, body }, me);
    const envelope = response.body as { data: any; error: { code: string; message: string } | null; meta: unknown };
    if (envelope.error) throw new Error(`${method} ${path} ${JSON.stringify(body)}: ${envelope.error.code} ${envelope.error.message} ${JSON.stringify(envelope.meta)}`);
    return envelope.data;
  };
  const close = async () => {
    opened.splice(opened.indexOf(db), 1);
    await db.close();
  };
  try {
    const project = await call('POST', '/projects', { name: 'Launch', timezone: catalog.timezone });
    const structure = await call('POST', '/payout-structures', { project_id: project.id, name: 'S', currency: 'USD', ...catalog.structure });
    if (catalog.edit) {
      // A rule edit made back then: version 2 is in effect from edit.at.
      clock.set(iso(catalog.edit.at));
      await call('PATCH', `/payout-structures/${structure.structure_id}`, { kind: 'rule', currency: 'USD', ...catalog.edit.rule });
      clock.set(NOW);
    }
    const creatorIds: string[] = [];
    for (const [index, plan] of catalog.creators.entries()) {
      const creator = await call('POST', '/creators', { name: `Creator ${index}`, handle: `@c${index}` });
      creatorIds.push(creator.id);
      await call('POST', `/projects/${project.id}/creators`, { creator_ids: [creator.id] });
      for (const goal of plan.goals) await call('POST', '/creator-goals', { project_id: project.id, creator_id: creator.id, ...goal });
      for (const [position, boundary] of plan.boundaries.entries()) {
        if (position % 2 === 0) await call('POST', `/payout-structures/${structure.structure_id}/assignments`, { creator_ids: [creator.id], assigned_at: iso(boundary) });
        else await call('DELETE', `/payout-structures/${structure.structure_id}/assignments`, { creator_ids: [creator.id], unassigned_at: iso(boundary) });
      }
      for (const [number, video] of plan.videos.entries()) {
        const created = await call('POST', '/videos', { creator_id: creator.id, project_id: project.id, platform: 'tiktok', url: `https://v.example/${index}/${number}`, posted_at: iso(video.posted) });
        let at = video.posted;
        let views = 0;
        for (const snapshot of video.snapshots) {
          at += snapshot.gap;
          views += snapshot.added;
          await call('POST', `/videos/${created.id}/metrics`, { views, captured_at: iso(at) });
        }
      }
    }
    const run = async (at: string): Promise<AccrualRun> => call('POST', '/accrual-runs', { as_of: at });
    const accruals = async (): Promise<Accrual[]> =>
      (await db.accruals.find().exec()).map((doc) => doc.toMutableJSON() as Accrual).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { db, call, run, accruals, close, catalog, creatorIds };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs `body` with a freshly built store and always closes it. */
async function withStore<T>(catalog: Catalog, body: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(catalog);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

/** What identifies and prices an accrual (run ids differ between stores). */
const essentials = (accrual: Accrual) => ({
  id: accrual.id,
  creator_id: accrual.creator_id,
  criteria_type: accrual.criteria_type,
  version_number: accrual.version_number,
  period_start_at: accrual.period_start_at,
  period_end_at: accrual.period_end_at,
  video_id: accrual.video_id,
  view_count: accrual.view_count,
  amount_cents: accrual.amount_cents,
  status: accrual.status,
  inputs_snapshot: accrual.inputs_snapshot,
});

function expectCountsConsistent(run: AccrualRun): void {
  const types = Object.values(run.by_type);
  expect(run.created).toBe(types.reduce((sum, counts) => sum + counts.created, 0));
  expect(run.already_present).toBe(types.reduce((sum, counts) => sum + counts.already_present, 0));
  expect(run.skipped).toBe(types.reduce((sum, counts) => sum + counts.skipped, 0));
}

const RUNS = { numRuns: 20, endOnFailure: true } as const;

// ---------------------------------------------------------------------------------------------

describe('accrual engine properties (random catalogs, in-memory store)', () => {
  it('(a) re-running with the same as_of creates nothing and changes no accrual', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(catalogOf([...ALL_TYPES]), fc.array(asOf, { minLength: 1, maxLength: 3 }), async (catalog, asOfs) => {
        await withStore(catalog, async (store) => {
          for (const at of asOfs) {
            const first = await store.run(at);
            expectCountsConsistent(first);
            const before = await store.accruals();
            const again = await store.run(at);
            expectCountsConsistent(again);
            expect(again.created).toBe(0);
            expect(again.amount_cents_created).toBe(0);
            expect(await store.accruals()).toEqual(before);
          }
        });
      }),
      { ...RUNS, seed: 0x5eed_0a },
    );
  });

  it('(b) catching up in steps t1 < t2 < t3 yields exactly the accruals of one run at t3', { timeout: 60_000 }, async () => {
    const steps = fc.uniqueArray(fc.integer({ min: 0, max: AS_OF_SPAN_MINUTES }), { minLength: 3, maxLength: 3 }).map((values) => values.sort((a, b) => a - b).map(iso));
    await fc.assert(
      fc.asyncProperty(catalogOf([...ALL_TYPES]), steps, async (catalog, [t1, t2, t3]) => {
        const stepwise = await withStore(catalog, async (store) => {
          let created = 0;
          for (const at of [t1, t2, t3] as string[]) created += (await store.run(at)).created;
          const rows = await store.accruals();
          expect(rows).toHaveLength(created);
          return rows.map(essentials);
        });
        const once = await withStore(catalog, async (store) => {
          const run = await store.run(t3 as string);
          const rows = await store.accruals();
          expect(rows).toHaveLength(run.created);
          return rows.map(essentials);
        });
        expect(stepwise).toEqual(once);
      }),
      { ...RUNS, numRuns: 12, seed: 0x5eed_0b },
    );
  });

  it('(c) every accrual is a positive whole number of cents, for a period that ended by the as_of of its run', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(catalogOf([...ALL_TYPES]), fc.array(asOf, { minLength: 1, maxLength: 4 }), async (catalog, asOfs) => {
        await withStore(catalog, async (store) => {
          const asOfByRun = new Map<string, string>();
          for (const at of asOfs) {
            const run = await store.run(at);
            asOfByRun.set(run.id, run.as_of);
            expect(run.as_of).toBe(at);
          }
          const rows = await store.accruals();
          for (const accrual of rows) {
            expect(Number.isSafeInteger(accrual.amount_cents), `${accrual.amount_cents}`).toBe(true);
            expect(accrual.amount_cents).toBeGreaterThan(0);
            const runAsOf = asOfByRun.get(accrual.run_id);
            expect(runAsOf, 'the accrual was created by one of the runs').toBeDefined();
            expect(Date.parse(accrual.period_end_at)).toBeLessThanOrEqual(Date.parse(runAsOf as string));
            expect(accrual.period_start_at <= accrual.period_end_at).toBe(true);
            expect(accrual.criteria_type).toBe(catalog.structure.criteria_type);
            // The version in effect at the period's end (a milestone's period ends when it fires).
            expect(accrual.version_number).toBe(catalog.edit && iso(catalog.edit.at) <= accrual.period_end_at ? 2 : 1);
          }
        });
      }),
      { ...RUNS, seed: 0x5eed_0c },
    );
  });

  it('(d) cpm: no accrual exceeds max_payout_cents of the version it was computed with', { timeout: 60_000 }, async () => {
    const capOf = (rule: Record<string, unknown>) => (rule.criteria_params as { max_payout_cents: number | null }).max_payout_cents;
    const capped = catalogOf(['cpm']).filter((catalog) => capOf(catalog.structure) !== null || (catalog.edit !== null && capOf(catalog.edit.rule) !== null));
    await fc.assert(
      fc.asyncProperty(capped, fc.integer({ min: SPAN_MINUTES / 2, max: AS_OF_SPAN_MINUTES }).map(iso), async (catalog, at) => {
        await withStore(catalog, async (store) => {
          await store.run(at);
          for (const accrual of await store.accruals()) {
            const rule = accrual.version_number === 1 ? catalog.structure : (catalog.edit?.rule as Record<string, unknown>);
            const cap = capOf(rule);
            expect(accrual.inputs_snapshot.max_payout_cents).toBe(cap);
            if (cap !== null) expect(accrual.amount_cents).toBeLessThanOrEqual(cap);
          }
        });
      }),
      { ...RUNS, seed: 0x5eed_0d },
    );
  });
});

describe('milestones: the incremental check misses nothing a full check finds', () => {
  /**
   * The engine checks, after the first run, only the videos updated since the last check and
   * only their milestones crossed after it (unless a creator's assignments or past inputs
   * changed). Here inputs keep arriving while time passes — new videos, snapshots captured now or
   * imported with a past date, backdated assignments and unassignments — and after every timer-
   * like run (as of now) the same store is checked again in full (the engine's watermark
   * cleared): that full check must find nothing to create.
   */
  type Action =
    | { kind: 'video'; creator: number; postedAgo: number; views: number[] }
    | { kind: 'snapshot'; video: number; capturedAgo: number; views: number }
    | { kind: 'assign'; creator: number; ago: number }
    | { kind: 'unassign'; creator: number; ago: number };
  const HOUR = 60;
  const action: fc.Arbitrary<Action> = fc.oneof(
    fc.record({ kind: fc.constant('video' as const), creator: fc.nat(2), postedAgo: fc.integer({ min: 0, max: 20 * 24 * HOUR }), views: fc.array(fc.integer({ min: 0, max: 20_000 }), { maxLength: 3 }) }),
    fc.record({ kind: fc.constant('snapshot' as const), video: fc.nat(20), capturedAgo: fc.integer({ min: 0, max: 20 * 24 * HOUR }), views: fc.integer({ min: 0, max: 20_000 }) }),
    fc.record({ kind: fc.constant('assign' as const), creator: fc.nat(2), ago: fc.integer({ min: 0, max: 20 * 24 * HOUR }) }),
    fc.record({ kind: fc.constant('unassign' as const), creator: fc.nat(2), ago: fc.integer({ min: 0, max: 20 * 24 * HOUR }) }),
  );
  /** `pastRun`: a run as of that many minutes ago first (it must not settle what the next run needs). */
  const step = fc.record({
    advance: fc.integer({ min: 1, max: 5 * 24 * HOUR }),
    actions: fc.array(action, { maxLength: 5 }),
    pastRun: fc.option(fc.integer({ min: 1, max: 20 * 24 * HOUR }), { nil: null, freq: 3 }),
  });

  it('(e) after every run as of now, a full re-check of the milestones creates nothing', { timeout: 120_000 }, async () => {
    const empty: Catalog = { timezone: 'UTC', structure: {}, edit: null, creators: [] };
    await fc.assert(
      fc.asyncProperty(viewThreshold, fc.array(step, { minLength: 2, maxLength: 6 }), async (rule, steps) => {
        const db = await openDatabase({ storage: getRxStorageMemory(), name: `engine-inc-${crypto.randomUUID()}`, devMode: false });
        opened.push(db);
        try {
          let now = BASE + 30 * 24 * 60 * MINUTE;
          const clock = fixedClock(new Date(now).toISOString());
          let counter = 0;
          const api = await createApi({ db, clock, newId: () => deterministicId('inc', String(counter++)), onInternalError: (error) => { throw error; } });
          const me = api.localPrincipal();
          /** Actions the API refuses (an overlapping assignment, a clashing snapshot) change nothing; they are part of the input. */
          const call = async (method: 'POST' | 'DELETE', path: string, body?: unknown) => {
            const response = await api.handle({ method, path, body }, me);
            const envelope = response.body as { data: any; error: { code: string } | null };
            if (envelope.error && envelope.error.code !== 'invalid_body' && envelope.error.code !== 'not_found') throw new Error(`${method} ${path}: ${envelope.error.code}`);
            return envelope.error ? null : envelope.data;
          };
          const at = (minutesAgo: number) => new Date(Math.max(BASE, now - minutesAgo * MINUTE)).toISOString();
          const project = await call('POST', '/projects', { name: 'Launch', timezone: empty.timezone });
          const structure = await call('POST', '/payout-structures', { project_id: project.id, name: 'S', currency: 'USD', ...rule });
          const creators: string[] = [];
          for (let index = 0; index < 3; index++) creators.push((await call('POST', '/creators', { name: `C${index}`, handle: `@c${index}` })).id);
          await call('POST', `/projects/${project.id}/creators`, { creator_ids: creators });
          await call('POST', `/payout-structures/${structure.structure_id}/assignments`, { creator_ids: [creators[0]], assigned_at: at(29 * 24 * HOUR) });
          const videos: { id: string; posted: string }[] = [];
          for (const { advance, actions, pastRun } of steps) {
            for (const act of actions) {
              if (act.kind === 'video') {
                const posted = at(act.postedAgo);
                const video = await call('POST', '/videos', { creator_id: creators[act.creator], project_id: project.id, platform: 'tiktok', url: `https://v.example/${videos.length}`, posted_at: posted });
                if (!video) continue;
                videos.push({ id: video.id, posted });
                let views = 0;
                for (const [k, added] of act.views.entries()) {
                  views += added;
                  await call('POST', `/videos/${video.id}/metrics`, { views, captured_at: new Date(Math.min(now, Date.parse(posted) + (k + 1) * HOUR * MINUTE)).toISOString() });
                }
              } else if (act.kind === 'snapshot') {
                const video = videos[act.video % Math.max(1, videos.length)];
                if (!video) continue;
                const captured = at(act.capturedAgo);
                await call('POST', `/videos/${video.id}/metrics`, { views: act.views, captured_at: captured < video.posted ? video.posted : captured });
              } else if (act.kind === 'assign') {
                await call('POST', `/payout-structures/${structure.structure_id}/assignments`, { creator_ids: [creators[act.creator]], assigned_at: at(act.ago) });
              } else {
                await call('DELETE', `/payout-structures/${structure.structure_id}/assignments`, { creator_ids: [creators[act.creator]], unassigned_at: at(act.ago) });
              }
            }
            now += advance * MINUTE;
            clock.set(new Date(now).toISOString());
            if (pastRun !== null) expectCountsConsistent(await call('POST', '/accrual-runs', { as_of: at(pastRun) }));
            const incremental = await call('POST', '/accrual-runs', {});
            expectCountsConsistent(incremental);
            // The same store, checked again in full as of the same time.
            const state = await readEngineState(db);
            const watermark = structuredClone(state);
            for (const entry of Object.values(state.structures)) entry.videos_checked_through = null;
            await writeEngineState(db, state);
            const full = await call('POST', '/accrual-runs', { as_of: new Date(now).toISOString() });
            expect(full.created, `a full check found milestones the incremental run missed: ${JSON.stringify(full.by_type.view_threshold)}`).toBe(0);
            await writeEngineState(db, watermark);
          }
        } finally {
          opened.splice(opened.indexOf(db), 1);
          await db.close();
        }
      }),
      { numRuns: 60, endOnFailure: true, seed: 0x5eed_0e },
    );
  });
});

describe('catch-up after a run with an earlier as_of', () => {
  const weekly: Catalog = { timezone: 'UTC', structure: { criteria_type: 'recurring', period: 'weekly', amount_cents: 5000, proration_mode: 'skip', criteria_params: {} }, edit: null, creators: [] };

  /** Ada joined 2026-05-04 and was accrued through 2026-06-01; then Bo's join on 2026-05-11 is recorded late. */
  async function lateJoin(store: Store) {
    const [structure] = await store.call('GET', '/payout-structures');
    const [project] = await store.call('GET', '/projects');
    const ada = await store.call('POST', '/creators', { name: 'Ada' });
    const bo = await store.call('POST', '/creators', { name: 'Bo' });
    await store.call('POST', `/projects/${project.id}/creators`, { creator_ids: [ada.id, bo.id] });
    await store.call('POST', `/payout-structures/${structure.id}/assignments`, { creator_ids: [ada.id], assigned_at: '2026-05-04T00:00:00.000Z' });
    expect((await store.run('2026-06-01T00:00:00.000Z')).created).toBe(4);
    await store.call('POST', `/payout-structures/${structure.id}/assignments`, { creator_ids: [bo.id], assigned_at: '2026-05-11T00:00:00.000Z' });
    const weeksOf = async (creatorId: string) => (await store.accruals()).filter((row) => row.creator_id === creatorId).map((row) => row.period_start_at).sort();
    return { bo: bo.id as string, weeksOf };
  }

  // BUG (core/accrual/engine.ts, runAccruals): the dirty mark of a creator is deleted by any run,
  // even when that run's as_of is earlier than the structure's evaluated_through, so the periods
  // between that as_of and evaluated_through are never evaluated again for the late join.
  it('a run as of a time before the late join does not lose the periods to re-evaluate', async () => {
    await withStore(weekly, async (store) => {
      const { bo, weeksOf } = await lateJoin(store);
      expect((await store.run('2026-05-04T00:00:00.000Z')).created).toBe(0);
      await store.run('2026-06-01T00:00:00.000Z');
      expect(await weeksOf(bo)).toEqual(['2026-05-11T00:00:00.000Z', '2026-05-18T00:00:00.000Z', '2026-05-25T00:00:00.000Z']);
    });
  });

  it('a run as of a time inside the re-opened window evaluates up to it and leaves the rest for later', async () => {
    await withStore(weekly, async (store) => {
      const { bo, weeksOf } = await lateJoin(store);
      expect((await store.run('2026-05-18T00:00:00.000Z')).created).toBe(1);
      await store.run('2026-06-01T00:00:00.000Z');
      expect(await weeksOf(bo)).toEqual(['2026-05-11T00:00:00.000Z', '2026-05-18T00:00:00.000Z', '2026-05-25T00:00:00.000Z']);
    });
  });

  it('control: without the earlier run, the catch-up run accrues the late join', async () => {
    await withStore(weekly, async (store) => {
      const { bo, weeksOf } = await lateJoin(store);
      expect((await store.run('2026-06-01T00:00:00.000Z')).created).toBe(3);
      expect(await weeksOf(bo)).toHaveLength(3);
    });
  });
});
