import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { fixedClock } from '../domain/clock.ts';
import { deterministicId } from '../domain/ids.ts';
import { openDatabase, type PayoutsDatabase } from '../store/database.ts';
import { createApi } from '../api/app.ts';

const opened: PayoutsDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

/** A store whose generated ids are a counter, so two stores fed the same commands agree. */
async function setup(options: { timezone?: string } = {}) {
  const db = await openDatabase({ storage: getRxStorageMemory(), name: `engine-${crypto.randomUUID()}`, devMode: true });
  opened.push(db);
  const clock = fixedClock('2026-12-01T00:00:00.000Z');
  let counter = 0;
  const api = await createApi({ db, clock, newId: () => deterministicId('test', String(counter++)), onInternalError: (error) => { throw error; } });
  const me = api.localPrincipal();
  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) => {
    const response = await api.handle({ method, path, body }, me);
    const envelope = response.body as { data: any; error: { code: string; message: string } | null };
    if (envelope.error) throw new Error(`${method} ${path}: ${envelope.error.code} ${envelope.error.message}`);
    return envelope.data;
  };
  const project = await call('POST', '/projects', { name: 'Launch', timezone: options.timezone ?? 'UTC' });
  const creators: string[] = [];
  for (const name of ['Ada', 'Bo', 'Cy']) creators.push((await call('POST', '/creators', { name, handle: `@${name}` })).id);
  await call('POST', `/projects/${project.id}/creators`, { creator_ids: creators });
  /** Closes this store now (RxDB allows 13 open collections per process: one store at a time). */
  const dispose = async () => {
    opened.splice(opened.indexOf(db), 1);
    await db.close();
  };
  return { api, db, clock, call, project, creators, dispose };
}

type Setup = Awaited<ReturnType<typeof setup>>;

async function structure(s: Setup, rule: Record<string, unknown>): Promise<string> {
  const created = await s.call('POST', '/payout-structures', { project_id: s.project.id, name: 'S', currency: 'USD', proration_mode: 'skip', ...rule });
  return created.structure_id;
}

async function accruals(s: Setup, query = '') {
  const rows = (await s.api.handle({ method: 'GET', path: '/payout-accruals', query: Object.fromEntries(new URLSearchParams(query)) }, s.api.localPrincipal())).body as { data: any[] };
  return rows.data.map((row) => ({ creator: s.creators.indexOf(row.creator_id), start: row.period_start_at, amount: row.amount_cents, version: row.version_number })).sort((a, b) => (a.start === b.start ? a.creator - b.creator : a.start < b.start ? -1 : 1));
}

const weekly = { period: 'weekly', amount_cents: 5000, criteria_type: 'recurring', criteria_params: {} };

describe('accrual runs', () => {
  it('accrues every ended period since a backdated assignment, once: re-running creates nothing', async () => {
    const s = await setup();
    const id = await structure(s, weekly);
    await s.call('POST', `/payout-structures/${id}/assignments`, { creator_ids: [s.creators[0]], assigned_at: '2026-05-04T00:00:00.000Z' });
    const first = await s.call('POST', '/accrual-runs', { as_of: '2026-05-25T00:00:00.000Z' });
    expect(first).toMatchObject({ created: 3, already_present: 0, as_of: '2026-05-25T00:00:00.000Z' });
    expect(first.by_type.recurring).toEqual({ created: 3, already_present: 0, skipped: 0 });
    expect(await accruals(s)).toEqual([
      { creator: 0, start: '2026-05-04T00:00:00.000Z', amount: 5000, version: 1 },
      { creator: 0, start: '2026-05-11T00:00:00.000Z', amount: 5000, version: 1 },
      { creator: 0, start: '2026-05-18T00:00:00.000Z', amount: 5000, version: 1 },
    ]);
    const again = await s.call('POST', '/accrual-runs', { as_of: '2026-05-25T00:00:00.000Z' });
    expect(again).toMatchObject({ created: 0 });
    expect(await accruals(s)).toHaveLength(3);
    // Catching up later only adds the periods that ended since.
    const later = await s.call('POST', '/accrual-runs', { as_of: '2026-06-08T00:00:00.000Z' });
    expect(later.created).toBe(2);
  });

  it('evaluates a period with the version in effect at its end', async () => {
    const s = await setup();
    s.clock.set('2026-05-01T00:00:00.000Z');
    const id = await structure(s, weekly);
    await s.call('POST', `/payout-structures/${id}/assignments`, { creator_ids: [s.creators[0]] });
    s.clock.set('2026-05-13T12:00:00.000Z'); // a rule edit mid-week: the week ending 05-18 uses v2
    await s.call('PATCH', `/payout-structures/${id}`, { kind: 'rule', ...weekly, currency: 'USD', amount_cents: 7500, proration_mode: 'skip' });
    s.clock.set('2026-06-01T00:00:00.000Z');
    await s.call('POST', '/accrual-runs', {});
    expect((await accruals(s)).map((row) => [row.start, row.amount, row.version])).toEqual([
      ['2026-05-04T00:00:00.000Z', 5000, 1],
      ['2026-05-11T00:00:00.000Z', 7500, 2],
      ['2026-05-18T00:00:00.000Z', 7500, 2],
      ['2026-05-25T00:00:00.000Z', 7500, 2],
    ]);
  });

  it('prorates a creator unassigned mid-period and stops after; archive stops the structure', async () => {
    const s = await setup();
    const id = await structure(s, { ...weekly, proration_mode: 'prorate' });
    await s.call('POST', `/payout-structures/${id}/assignments`, { creator_ids: [s.creators[0], s.creators[1]], assigned_at: '2026-05-04T00:00:00.000Z' });
    await s.call('DELETE', `/payout-structures/${id}/assignments`, { creator_ids: [s.creators[1]], unassigned_at: '2026-05-14T12:00:00.000Z' });
    await s.call('POST', '/accrual-runs', { as_of: '2026-05-25T00:00:00.000Z' });
    // Bo: full first week, 3.5 of 7 days of the second → 2500, nothing after.
    expect((await accruals(s)).filter((row) => row.creator === 1).map((row) => row.amount)).toEqual([5000, 2500]);
    s.clock.set('2026-12-02T00:00:00.000Z');
    await s.call('DELETE', `/payout-structures/${id}`);
    await s.call('POST', '/accrual-runs', {});
    const ada = (await accruals(s)).filter((row) => row.creator === 0);
    expect(ada.at(-1)?.start).toBe('2026-11-23T00:00:00.000Z'); // the last week that ended before the archive
  });

  it('re-evaluates past periods for a creator when a backdated join is recorded after a run', async () => {
    const s = await setup();
    const id = await structure(s, weekly);
    await s.call('POST', `/payout-structures/${id}/assignments`, { creator_ids: [s.creators[0]], assigned_at: '2026-05-04T00:00:00.000Z' });
    await s.call('POST', '/accrual-runs', { as_of: '2026-05-25T00:00:00.000Z' });
    await s.call('POST', `/payout-structures/${id}/assignments`, { creator_ids: [s.creators[2]], assigned_at: '2026-05-11T00:00:00.000Z' });
    const run = await s.call('POST', '/accrual-runs', { as_of: '2026-05-25T00:00:00.000Z' });
    expect(run.created).toBe(2);
    expect((await accruals(s)).filter((row) => row.creator === 2).map((row) => row.start)).toEqual(['2026-05-11T00:00:00.000Z', '2026-05-18T00:00:00.000Z']);
  });

  it('cuts periods in the project time zone across a DST change', async () => {
    const s = await setup({ timezone: 'America/New_York' });
    const id = await structure(s, { ...weekly, period: 'daily', amount_cents: 2400, proration_mode: 'prorate' });
    await s.call('POST', `/payout-structures/${id}/assignments`, { creator_ids: [s.creators[0]], assigned_at: '2026-03-08T05:00:00.000Z' });
    await s.call('POST', '/accrual-runs', { as_of: '2026-03-10T04:00:00.000Z' });
    expect((await accruals(s)).map((row) => [row.start, row.amount])).toEqual([
      ['2026-03-08T05:00:00.000Z', 2400], // the 23-hour day, fully assigned
      ['2026-03-09T04:00:00.000Z', 2400],
    ]);
  });

  it('cpm counts videos posted while assigned with their views at the period end', async () => {
    const s = await setup();
    const id = await structure(s, {
      period: 'weekly',
      amount_cents: 0,
      criteria_type: 'cpm',
      criteria_params: { source: 'posts_in_period', min_impressions: 1000, max_payout_cents: null, tiers: [{ up_to_impressions: null, cents_per_thousand: 100 }] },
    });
    await s.call('POST', `/payout-structures/${id}/assignments`, { creator_ids: [s.creators[0]], assigned_at: '2026-05-04T00:00:00.000Z' });
    const video = await s.call('POST', '/videos', { creator_id: s.creators[0], project_id: s.project.id, platform: 'tiktok', url: 'https://t/1', posted_at: '2026-05-05T00:00:00.000Z', views: 1000, captured_at: '2026-05-06T00:00:00.000Z' });
    await s.call('POST', `/videos/${video.id}/metrics`, { views: 5000, captured_at: '2026-05-11T00:00:00.000Z' }); // exactly at the period end: counts
    await s.call('POST', `/videos/${video.id}/metrics`, { views: 9000, captured_at: '2026-05-11T00:00:00.001Z' }); // after: does not
    await s.call('POST', '/accrual-runs', { as_of: '2026-05-11T00:00:00.000Z' });
    const [row] = ((await s.api.handle({ method: 'GET', path: '/payout-accruals' }, s.api.localPrincipal())).body as any).data as any[];
    expect(row.amount_cents).toBe(500);
    expect(row.inputs_snapshot.videos).toEqual([{ id: video.id, url: 'https://t/1', posted_at: '2026-05-05T00:00:00.000Z', views: 5000 }]);
  });

  it('view thresholds fire once per milestone when crossed while assigned; backfill decides earlier crossings', async () => {
    for (const backfill of [false, true]) {
      const s = await setup();
      const id = await structure(s, {
        period: null,
        amount_cents: null,
        criteria_type: 'view_threshold',
        backfill_on_assignment: backfill,
        criteria_params: { thresholds: [{ view_count: 1000, amount_cents: 2000, currency: 'USD' }, { view_count: 5000, amount_cents: 10000, currency: 'USD' }] },
      });
      const video = await s.call('POST', '/videos', { creator_id: s.creators[0], project_id: s.project.id, platform: 'tiktok', url: 'https://t/2', posted_at: '2026-05-01T00:00:00.000Z', views: 1500, captured_at: '2026-05-02T00:00:00.000Z' });
      await s.call('POST', `/payout-structures/${id}/assignments`, { creator_ids: [s.creators[0]], assigned_at: '2026-05-03T00:00:00.000Z' });
      await s.call('POST', `/videos/${video.id}/metrics`, { views: 4000, captured_at: '2026-05-04T00:00:00.000Z' });
      await s.call('POST', `/videos/${video.id}/metrics`, { views: 7000, captured_at: '2026-05-06T00:00:00.000Z' }); // crossed 5,000 between snapshots
      const run = await s.call('POST', '/accrual-runs', { as_of: '2026-06-01T00:00:00.000Z' });
      const rows = await accruals(s);
      const expected = [
        ...(backfill ? [{ creator: 0, start: '2026-05-03T00:00:00.000Z', amount: 2000, version: 1 }] : []),
        { creator: 0, start: '2026-05-06T00:00:00.000Z', amount: 10000, version: 1 },
      ];
      expect(rows).toEqual(expected);
      expect(run.by_type.view_threshold.created).toBe(expected.length);
      expect((await s.call('POST', '/accrual-runs', {})).created).toBe(0);
      await s.dispose();
    }
  });

  it('is deterministic: two stores given the same commands produce the same ids and amounts', async () => {
    const results = [];
    for (let i = 0; i < 2; i++) {
      const s = await setup();
      const id = await structure(s, { ...weekly, proration_mode: 'prorate' });
      await s.call('POST', `/payout-structures/${id}/assignments`, { creator_ids: s.creators, assigned_at: '2026-05-06T07:00:00.000Z' });
      await s.call('POST', '/accrual-runs', { as_of: '2026-06-01T00:00:00.000Z' });
      const listed = ((await s.api.handle({ method: 'GET', path: '/payout-accruals', query: { limit: '100' } }, s.api.localPrincipal())).body as any).data as any[];
      results.push(listed.map((row) => [row.id, row.amount_cents]).sort());
      await s.dispose();
    }
    expect(results[0]).toHaveLength(12);
    expect(results[0]).toEqual(results[1]);
  });

  it('accrual status: reject or void earned ones; paid only through payments', async () => {
    const s = await setup();
    const id = await structure(s, weekly);
    await s.call('POST', `/payout-structures/${id}/assignments`, { creator_ids: [s.creators[0]], assigned_at: '2026-05-04T00:00:00.000Z' });
    await s.call('POST', '/accrual-runs', { as_of: '2026-05-25T00:00:00.000Z' });
    const rows = ((await s.api.handle({ method: 'GET', path: '/payout-accruals' }, s.api.localPrincipal())).body as any).data as any[];
    const patch = async (accrualId: string, status: string) => (await s.api.handle({ method: 'PATCH', path: `/payout-accruals/${accrualId}`, body: { status } }, s.api.localPrincipal())) as any;
    expect((await patch(rows[0].id, 'paid')).body.error.code).toBe('cannot_set_paid_directly');
    expect((await patch(rows[0].id, 'rejected')).body.data.status).toBe('rejected');
    expect((await patch(rows[0].id, 'voided')).body.error.code).toBe('invalid_transition');
    expect((await patch(rows[1].id, 'voided')).body.data.status).toBe('voided');
    expect((await patch(rows[2].id, 'earned')).status).toBe(409);
  });
});
