import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { fixedClock } from '../domain/clock.ts';
import { nodeSqliteDriver } from '../node/sqlite.ts';
import { openDatabase, type PayoutsDatabase } from '../store/database.ts';
import { createSideTables } from '../store/side-tables.ts';
import { createSqliteStorage } from '../store/sqlite-storage.ts';
import { createApi, type Api } from './app.ts';
import type { WatchMessage } from './contracts/watch.ts';

const opened: PayoutsDatabase[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** The API as the app runs it: on a SQLite store file with its side tables (totals in SQL). */
async function setupSqlite(): Promise<{ api: Api; db: PayoutsDatabase; clock: ReturnType<typeof fixedClock> }> {
  const dir = mkdtempSync(join(tmpdir(), 'payouts-app-test-'));
  const sqlite = nodeSqliteDriver.open(join(dir, 'payouts.sqlite'));
  const sides = createSideTables();
  const store = createSqliteStorage(sqlite, { scope: new AsyncLocalStorage<object>(), projections: sides.projections });
  const db = await openDatabase({ storage: store.storage, devMode: true });
  store.finishOpen();
  opened.push(db);
  cleanups.push(() => {
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const clock = fixedClock('2026-05-01T12:00:00.000Z');
  const api = await createApi({ db, clock, transaction: store.transaction, journalIndex: sides.journalIndex, ledgerSums: sides.ledgerSums, onInternalError: (error) => { throw error; } });
  return { api, db, clock };
}

async function setup(): Promise<{ api: Api; db: PayoutsDatabase; clock: ReturnType<typeof fixedClock> }> {
  const db = await openDatabase({ storage: getRxStorageMemory(), name: `app-test-${crypto.randomUUID()}`, devMode: true });
  opened.push(db);
  const clock = fixedClock('2026-05-01T12:00:00.000Z');
  const api = await createApi({ db, clock, onInternalError: (error) => { throw error; } });
  return { api, db, clock };
}

describe('v1 API core (in process)', () => {
  it('journals each local command as the outbox request to push: its own key, the id it created, an accrual run\'s as_of, the query string', async () => {
    const { api, db } = await setup();
    const me = api.localPrincipal();
    const created = await api.handle({ method: 'POST', path: '/payout-methods', body: { name: 'Zelle' } }, me);
    const id = (created.body as { data: { id: string } }).data.id;
    await api.handle({ method: 'POST', path: '/accrual-runs', body: {} }, me);
    await api.handle({ method: 'GET', path: '/payout-methods', query: { limit: '5' } }, me);
    const entries = (await db.commands.find({ sort: [{ seq: 'asc' }] }).exec()).map((doc) => doc.toJSON());
    const [seed, create, run] = entries;
    expect(seed?.sync_state).toBe('local_only');
    expect(create).toMatchObject({ route: 'POST /payout-methods', path: '/payout-methods', request_body: { name: 'Zelle', id }, sync_state: 'pending' });
    expect(run).toMatchObject({ route: 'POST /accrual-runs', request_body: { as_of: '2026-05-01T12:00:00.000Z' }, sync_state: 'pending' });
    expect(new Set(entries.slice(1).map((entry) => entry.idempotency_key)).size).toBe(2);
    expect(entries.slice(1).every((entry) => entry.idempotency_key.length > 0)).toBe(true);
    expect(entries).toHaveLength(3);
  });

  it('journals each accepted mutation with actor, route, before and after; rejected ones leave no trace', async () => {
    const { api, db, clock } = await setup();
    const me = api.localPrincipal();
    const created = await api.handle({ method: 'POST', path: '/payout-methods', body: { name: 'Zelle' } }, me);
    expect(created.status).toBe(201);
    const id = (created.body as { data: { id: string } }).data.id;
    clock.advance(1000);
    await api.handle({ method: 'PATCH', path: `/payout-methods/${id}`, body: { is_active: false } }, me);
    const conflict = await api.handle({ method: 'POST', path: '/payout-methods', body: { name: 'ZELLE' } }, me);
    expect(conflict.status).toBe(409);

    const entries = (await db.commands.find({ sort: [{ seq: 'asc' }] }).exec()).map((doc) => doc.toJSON());
    expect(entries.map((entry) => entry.route)).toEqual(['seed default payout methods', 'POST /payout-methods', 'PATCH /payout-methods/:id']);
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3]);
    const patch = entries[2];
    expect(patch?.actor).toBe('local_user');
    expect(patch?.at).toBe('2026-05-01T12:00:01.000Z');
    expect(patch?.changes).toEqual([
      expect.objectContaining({ entity: 'payout_method', id, before: expect.objectContaining({ is_active: true }), after: expect.objectContaining({ is_active: false }) }),
    ]);
    expect(patch?.sync_state).toBe('pending');
  });

  it('runs commands one at a time: concurrent creates of the same name yield exactly one method', async () => {
    const { api, db } = await setup();
    const me = api.localPrincipal();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => api.handle({ method: 'POST', path: '/payout-methods', body: { name: 'Wise' } }, me)),
    );
    expect(results.map((result) => result.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    expect(await db.payout_methods.count({ selector: { name_key: 'wise' } }).exec()).toBe(1);
  });

  it('live query: delivers the current rows, then a new result after a create, in the API shape', async () => {
    const { api } = await setup();
    const messages: WatchMessage[] = [];
    const stop = api.watch({ name: 'payout-methods', params: { sort: 'name', dir: 'asc' } }, api.localPrincipal(), (message) => messages.push(message));
    await expect.poll(() => messages.length).toBeGreaterThan(0);
    const first = messages.at(-1);
    expect(first?.type === 'result' && first.rows.map((row) => (row as { name: string }).name)).toEqual(['Cash App', 'PayPal', 'Venmo']);
    await api.handle({ method: 'POST', path: '/payout-methods', body: { name: 'Apple Cash' } }, api.localPrincipal());
    await expect.poll(() => {
      const last = messages.at(-1);
      return last?.type === 'result' ? last.rows.map((row) => (row as { name: string }).name) : [];
    }).toEqual(['Apple Cash', 'Cash App', 'PayPal', 'Venmo']);
    const last = messages.at(-1);
    expect(last?.type === 'result' && last.total).toBe(4);
    expect(last?.type === 'result' && Object.keys(last.rows[0] as object)).not.toContain('name_key');
    stop();
  });

  it.each([
    ['in memory', setup],
    ['on SQLite, summed by SQL', setupSqlite],
  ])('live query (%s): the accruals and payments totals cover every matching row and follow runs, status changes and voids', async (_store, open) => {
    const { api } = await open();
    const me = api.localPrincipal();
    const call = async (method: 'POST' | 'PATCH', path: string, body: unknown) => {
      const response = await api.handle({ method, path, body }, me);
      const envelope = response.body as { data: any; error: unknown };
      if (envelope.error) throw new Error(`${method} ${path}: ${JSON.stringify(envelope.error)}`);
      return envelope.data;
    };
    const project = await call('POST', '/projects', { name: 'Launch', timezone: 'UTC' });
    const creator = await call('POST', '/creators', { name: 'Ada', handle: '@ada' });
    await call('POST', `/projects/${project.id}/creators`, { creator_ids: [creator.id] });
    const structure = await call('POST', '/payout-structures', { project_id: project.id, name: 'Daily', currency: 'USD', period: 'daily', amount_cents: 1250, criteria_type: 'recurring', criteria_params: {}, proration_mode: 'skip' });
    await call('POST', `/payout-structures/${structure.structure_id}/assignments`, { creator_ids: [creator.id], assigned_at: '2026-01-01T00:00:00.000Z' });
    const messages: WatchMessage[] = [];
    // A page of 2 rows: the total and the sum are over every earned accrual, not the page.
    const stop = api.watch({ name: 'accruals', params: { status: 'earned', limit: 2 } }, me, (message) => messages.push(message));
    const latest = () => {
      const last = messages.at(-1);
      return last?.type === 'result' ? { rows: last.rows.length, total: last.total, sum: last.sum_amount_cents } : null;
    };
    await expect.poll(latest).toEqual({ rows: 0, total: 0, sum: 0 });
    await call('POST', '/accrual-runs', { as_of: '2026-01-11T00:00:00.000Z' });
    await expect.poll(latest).toEqual({ rows: 2, total: 10, sum: 12_500 });
    // Period ends are 2026-01-02T00:00:00.000Z … 2026-01-11T00:00:00.000Z. Bounds compare as the
    // stored strings do, whatever their form: "2026-01-03" is before 2026-01-03T00:00:00.000Z.
    const bounded = async (bounds: { from?: string; to?: string }) => {
      const seen: WatchMessage[] = [];
      const stopBounded = api.watch({ name: 'accruals', params: { status: 'earned', limit: 1, ...bounds } }, me, (message) => seen.push(message));
      await expect.poll(() => seen.length).toBeGreaterThan(0);
      stopBounded();
      const last = seen.at(-1);
      return last?.type === 'result' ? { total: last.total, sum: last.sum_amount_cents } : last;
    };
    expect(await bounded({ to: '2026-01-03T00:00:00.000Z' })).toEqual({ total: 2, sum: 2500 });
    expect(await bounded({ to: '2026-01-03' })).toEqual({ total: 1, sum: 1250 });
    expect(await bounded({ from: '2026-01-03', to: '2026-01-05T00:00:00.000Z' })).toEqual({ total: 3, sum: 3750 });
    expect(await bounded({ from: '2026-01-10T00:00:00Z' })).toEqual({ total: 1, sum: 1250 });
    expect(await bounded({ from: 'zzz' })).toEqual({ total: 0, sum: 0 });
    expect(await bounded({ to: 'zzz' })).toEqual({ total: 10, sum: 12_500 });
    expect(await bounded({ from: '2026-01-09T00:00:00.000Z', to: '2026-01-08T00:00:00.000Z' })).toEqual({ total: 0, sum: 0 });
    const [first] = ((await api.handle({ method: 'GET', path: '/payout-accruals', query: { limit: '1' } }, me)).body as { data: { id: string }[] }).data;
    await call('PATCH', `/payout-accruals/${first?.id}`, { status: 'rejected' });
    await expect.poll(latest).toEqual({ rows: 2, total: 9, sum: 11_250 });

    // Payments: the paid total of the creator follows a payment and its void.
    const payments: WatchMessage[] = [];
    const stopPayments = api.watch({ name: 'payments', params: { status: 'paid', creator_id: creator.id } }, me, (message) => payments.push(message));
    const paid = () => {
      const last = payments.at(-1);
      return last?.type === 'result' ? { total: last.total, sum: last.sum_amount_cents } : null;
    };
    await expect.poll(paid).toEqual({ total: 0, sum: 0 });
    const earned = ((await api.handle({ method: 'GET', path: '/payout-accruals', query: { status: 'earned', limit: '2' } }, me)).body as { data: { id: string }[] }).data;
    const payment = (
      await api.handle(
        { method: 'POST', path: '/payout-payments', idempotencyKey: 'pay-1', body: { project_id: project.id, creator_id: creator.id, total_amount_cents: 2500, accrual_ids: earned.map((row) => row.id) } },
        me,
      )
    ).body as { data: { id: string } | null; error: unknown };
    expect(payment.error).toBeNull();
    await expect.poll(paid).toEqual({ total: 1, sum: 2500 });
    await expect.poll(latest).toEqual({ rows: 2, total: 7, sum: 8750 });
    await call('PATCH', `/payout-payments/${payment.data?.id}`, { status: 'voided' });
    await expect.poll(paid).toEqual({ total: 0, sum: 0 });
    await expect.poll(latest).toEqual({ rows: 2, total: 9, sum: 11_250 });
    stopPayments();
    stop();
  });

  it('live query: an invalid spec yields one error message and no subscription', async () => {
    const { api } = await setup();
    const messages: WatchMessage[] = [];
    api.watch({ name: 'api-keys' }, api.localPrincipal(), (message) => messages.push(message));
    expect(messages).toEqual([{ type: 'error', error: { code: 'invalid_query', message: expect.stringContaining('Invalid live query') } }]);
  });
});

describe('client-chosen ids (SPEC §8), with and without the journal index', () => {
  for (const [kind, make] of [['memory store, journal scanned', setup], ['SQLite store, journal index', setupSqlite]] as const) {
    it(`${kind}: the same id and body replays, another body is conflict_id, nothing is created twice`, async () => {
      const { api, db } = await make();
      const owner = api.localPrincipal();
      const id = '0b7c4e5a-1d2f-4a3b-8c9d-0e1f2a3b4c5d';
      const first = await api.handle({ method: 'POST', path: '/projects', body: { id, name: 'Launch' } }, owner);
      expect(first.status).toBe(201);
      expect((first.body as { data: { id: string } }).data.id).toBe(id);
      const again = await api.handle({ method: 'POST', path: '/projects', body: { name: 'Launch', id } }, owner);
      expect(again).toMatchObject({ status: 201, headers: { 'Idempotent-Replayed': 'true' } });
      expect(JSON.stringify(again.body)).toBe(JSON.stringify(first.body));
      const other = await api.handle({ method: 'POST', path: '/projects', body: { id, name: 'Other' } }, owner);
      expect(other.status).toBe(409);
      expect((other.body as { error: { code: string } }).error.code).toBe('conflict_id');
      expect(await db.projects.count().exec()).toBe(1);
      expect(await db.commands.count({ selector: { route: 'POST /projects' } }).exec()).toBe(1);
    });
  }
});
