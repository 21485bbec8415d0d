import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServer, TEST_API_KEY, type RunningServer } from '../support/server.ts';

/**
 * `GET /api/v1/activity` over HTTP against the real `npm run serve` (SPEC §10 "Activity").
 *
 * Two people with their own keys, "Dana" and "Ed" (created with the CLI, so their names are the
 * actors), work on one installation: Dana sets up a project and a creator, records a Venmo
 * payment; Ed renames a creator, runs accruals and voids the payment. A second server is
 * another org with its own payment.
 */

type Sent = { status: number; text: string; body: any };

let server: RunningServer;
let other: RunningServer;
let dataDir = '';
const keys = { dana: '', danaId: '', ed: '', edId: '' };
const ids = { project: '', ana: '', bo: '', venmo: '', payment: '', structure: '', accrual: '', otherPayment: '' };

async function send(target: RunningServer, method: string, path: string, options: { body?: unknown; key?: string; idem?: string } = {}): Promise<Sent> {
  const headers: Record<string, string> = { Authorization: `Bearer ${options.key ?? TEST_API_KEY}` };
  if (options.idem) headers['Idempotency-Key'] = options.idem;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(`${target.apiUrl}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, text, body: text ? JSON.parse(text) : null };
}

async function ok(key: string, method: string, path: string, body?: unknown, idem?: string): Promise<any> {
  const response = await send(server, method, path, { key, ...(body !== undefined && { body }), ...(idem && { idem }) });
  expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
  return response.body.data;
}

/** One page of activity (200 expected). */
async function activity(query = '', target = server): Promise<{ data: any[]; meta: any }> {
  const response = await send(target, 'GET', `/activity${query}`);
  expect(response.status, response.text).toBe(200);
  expect(response.body.error).toBeNull();
  return response.body;
}

/** Every page, following next_cursor. */
async function allActivity(query: string, limit: number): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  const sep = query ? '&' : '?';
  do {
    const page = await activity(`${query}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.data.length).toBeLessThanOrEqual(limit);
    items.push(...page.data);
    cursor = page.meta.next_cursor;
    expect(page.meta.has_more).toBe(cursor !== null);
  } while (cursor);
  return items;
}

async function createKey(name: string): Promise<{ key: string; id: string }> {
  const result = await runCli(dataDir, ['keys', 'create', '--name', name]);
  expect(result.code, result.stderr).toBe(0);
  const key = /(tga_[A-Za-z0-9]{32})/.exec(result.stdout)?.[1];
  const id = /\(id ([0-9a-f-]{36})\)/.exec(result.stdout)?.[1];
  if (!key || !id) throw new Error(`no key in ${result.stdout}`);
  return { key, id };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'payouts-activity-'));
  const dana = await createKey('Dana');
  const ed = await createKey('Ed');
  Object.assign(keys, { dana: dana.key, danaId: dana.id, ed: ed.key, edId: ed.id });
  [server, other] = await Promise.all([
    startServer({ dataDir, env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0', PAYOUTS_RATE_PER_MINUTE: '100000' } }),
    startServer({ env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0', PAYOUTS_RATE_PER_MINUTE: '100000' } }),
  ]);

  ids.project = (await ok(keys.dana, 'POST', '/projects', { name: 'Launch', timezone: 'UTC' })).id;
  ids.ana = (await ok(keys.dana, 'POST', '/creators', { name: 'Ana Lima', handle: '@ana' })).id;
  ids.bo = (await ok(keys.dana, 'POST', '/creators', { name: 'Bo', handle: '@bo' })).id;
  await ok(keys.dana, 'POST', `/projects/${ids.project}/creators`, { creator_ids: [ids.ana, ids.bo] });
  const methods = await ok(keys.dana, 'GET', '/payout-methods');
  ids.venmo = methods.find((method: any) => method.name === 'Venmo').id;
  ids.payment = (await ok(keys.dana, 'POST', '/payout-payments', { project_id: ids.project, creator_id: ids.ana, method_id: ids.venmo, total_amount_cents: 12000 }, randomUUID())).id;

  await ok(keys.ed, 'PATCH', `/creators/${ids.bo}`, { name: 'Bo Smith' });
  ids.structure = (
    await ok(keys.ed, 'POST', '/payout-structures', {
      project_id: ids.project,
      name: 'Weekly',
      currency: 'USD',
      proration_mode: 'skip',
      period: 'weekly',
      amount_cents: 5000,
      criteria_type: 'recurring',
      criteria_params: {},
    })
  ).structure_id;
  await ok(keys.ed, 'POST', `/payout-structures/${ids.structure}/assignments`, { creator_ids: [ids.ana], assigned_at: '2026-01-05T00:00:00.000Z' });
  const run = await ok(keys.ed, 'POST', '/accrual-runs', { as_of: '2026-01-12T00:00:00.000Z' });
  expect(run.created).toBe(1);
  ids.accrual = (await ok(keys.ed, 'GET', `/payout-accruals?creator_id=${ids.ana}`))[0].id;
  await ok(keys.ed, 'PATCH', `/payout-accruals/${ids.accrual}`, { status: 'rejected' });
  await ok(keys.ed, 'PATCH', `/payout-payments/${ids.payment}`, { status: 'voided' });

  // Another org: its own installation and its own payment.
  const otherProject = (await send(other, 'POST', '/projects', { body: { name: 'Elsewhere' } })).body.data.id;
  ids.otherPayment = (await send(other, 'POST', '/payout-payments', { body: { project_id: otherProject, total_amount_cents: 500 }, idem: randomUUID() })).body.data.id;
}, 180_000);

afterAll(async () => {
  await Promise.all([server?.dispose(), other?.dispose()]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('GET /activity', () => {
  it('lists every command newest first, with who, when, route and a sentence', async () => {
    const items = await allActivity('', 100);
    const seqs = items.map((item) => item.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const ats = items.map((item) => item.at);
    expect(ats).toEqual([...ats].sort().reverse());
    expect(items.map((item) => item.summary)).toEqual([
      'Ed voided the $120.00 payment to Ana Lima',
      "Ed rejected Ana Lima's $50.00 accrual for 2026-01-05 to 2026-01-11",
      'Ed ran accruals as of 2026-01-12: 1 accrual created ($50.00)',
      'Ed assigned Ana Lima to Weekly',
      'Ed created payout structure Weekly in Launch',
      'Ed renamed creator Bo to Bo Smith',
      'Dana recorded a $120.00 Venmo payment to Ana Lima',
      'Dana added 2 creators to Launch',
      'Dana added creator Bo (@bo)',
      'Dana added creator Ana Lima (@ana)',
      'Dana created project Launch',
      'System added the default payout methods Venmo, Cash App and PayPal',
    ]);
    const recorded = items.find((item) => item.route === 'POST /payout-payments');
    expect(recorded).toMatchObject({ actor: `key:${keys.danaId}`, actor_name: 'Dana', method: 'POST', path: '/payout-payments', status: 201 });
    expect(recorded.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(recorded.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('shows the before → after of each entity touched', async () => {
    const [voided] = (await activity(`?entity=payment&entity_id=${ids.payment}&limit=1`)).data;
    expect(voided.route).toBe('PATCH /payout-payments/:id');
    const change = voided.changes.find((item: any) => item.entity === 'payment');
    expect(change).toMatchObject({ entity: 'payment', id: ids.payment, action: 'updated' });
    expect(change.fields).toEqual([{ field: 'status', before: 'paid', after: 'voided' }]);

    const renamed = (await activity(`?entity=creator&entity_id=${ids.bo}`)).data[0];
    expect(renamed.changes[0].fields).toEqual(
      expect.arrayContaining([
        { field: 'name', before: 'Bo', after: 'Bo Smith' },
        expect.objectContaining({ field: 'updated_at' }),
      ]),
    );
    expect(renamed.changes[0].fields.map((field: any) => field.field)).not.toContain('handle');

    const created = (await activity(`?entity=project&entity_id=${ids.project}`)).data.at(-1);
    expect(created.changes[0]).toMatchObject({ entity: 'project', action: 'created' });
    expect(created.changes[0].fields).toEqual(expect.arrayContaining([{ field: 'name', before: null, after: 'Launch' }]));
  });

  it('filters by entity and id: a payment, a creator, an accrual with the run that created it', async () => {
    const payment = (await activity(`?entity=payment&entity_id=${ids.payment}`)).data;
    expect(payment.map((item) => item.route)).toEqual(['PATCH /payout-payments/:id', 'POST /payout-payments']);

    const ana = (await activity(`?entity=creator&entity_id=${ids.ana}`)).data;
    expect(ana.map((item) => item.summary)).toEqual(['Dana added 2 creators to Launch', 'Dana added creator Ana Lima (@ana)']);
    // The entity asked for comes first among the changes.
    expect(ana[0].changes[0].id).toBe(ids.ana);

    const accrual = (await activity(`?entity=accrual&entity_id=${ids.accrual}`)).data;
    expect(accrual.map((item) => item.route)).toEqual(['PATCH /payout-accruals/:id', 'POST /accrual-runs']);
    expect(accrual[0].changes[0].fields).toEqual([{ field: 'status', before: 'earned', after: 'rejected' }]);
    // The creator is named from the accrual itself, though nothing else on the page mentions her.
    expect(accrual.map((item) => item.summary)).toEqual(["Ed rejected Ana Lima's $50.00 accrual for 2026-01-05 to 2026-01-11", 'Ed ran accruals as of 2026-01-12: 1 accrual created ($50.00)']);

    const structures = (await activity(`?entity=payout_structure&entity_id=${ids.structure}`)).data;
    expect(structures.map((item) => item.summary)).toEqual(['Ed created payout structure Weekly in Launch']);

    const everyPayment = (await activity('?entity=payment')).data;
    expect(everyPayment.map((item) => item.route)).toEqual(['PATCH /payout-payments/:id', 'POST /payout-payments']);
  });

  it('filters by actor, as the stored actor or the name a person types', async () => {
    const byName = await allActivity('?actor=dana', 2);
    expect(byName.length).toBe(5);
    expect(byName.every((item) => item.actor === `key:${keys.danaId}`)).toBe(true);
    const byId = await allActivity(`?actor=key:${keys.edId}`, 3);
    expect(byId.map((item) => item.actor_name)).toEqual(Array(6).fill('Ed'));
    expect((await activity('?actor=system')).data.map((item) => item.route)).toEqual(['seed default payout methods']);
    expect((await activity('?actor=nobody')).data).toEqual([]);
  });

  it('filters by time, a day or an instant, both ends inclusive', async () => {
    const all = await allActivity('', 100);
    const middle = all[5];
    const upTo = await allActivity(`?to=${middle.at}`, 100);
    expect(upTo.every((item) => item.at <= middle.at)).toBe(true);
    expect(upTo.map((item) => item.id)).toContain(middle.id);
    const from = await allActivity(`?from=${middle.at}`, 100);
    expect(from.every((item) => item.at >= middle.at)).toBe(true);
    expect(new Set([...upTo, ...from].map((item) => item.id)).size).toBe(all.length);
    const today = middle.at.slice(0, 10);
    expect((await allActivity(`?from=${today}&to=${today}`, 100)).length).toBeGreaterThan(0);
    expect((await activity('?to=2000-01-01')).data).toEqual([]);
  });

  it('pages without gaps or repeats, in the same order as one long page', async () => {
    const whole = (await activity('?limit=100')).data.map((item) => item.id);
    for (const limit of [1, 2, 5]) expect((await allActivity('', limit)).map((item) => item.id)).toEqual(whole);
    const first = await activity('?limit=5');
    expect(first.meta).toMatchObject({ has_more: true, limit: 5 });
    const last = await activity('?limit=100');
    expect(last.meta).toEqual({ has_more: false, next_cursor: null, limit: 100 });
  });

  it('answers one entry with all its changes', async () => {
    const [added] = (await activity('?limit=1&entity=creator&entity_id=' + ids.bo)).data;
    const response = await send(server, 'GET', `/activity/${added.id}`);
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual(added);
    expect((await send(server, 'GET', `/activity/${randomUUID()}`)).status).toBe(404);
  });

  it('refuses bad input with invalid_query and changes nothing', async () => {
    const before = await activity('?limit=100');
    const bad: [string, string][] = [
      ['?colour=red', 'colour'],
      ['?from=2026-02-01&to=2026-01-01', 'from'],
      ['?from=2026-01-01T10:00:00.001Z&to=2026-01-01T10:00:00.000Z', 'from'],
      ['?cursor=not-a-cursor', 'cursor'],
      ['?entity=widget', 'entity'],
      ['?entity_id=12', 'entity_id'],
      ['?limit=0', 'limit'],
      ['?limit=101', 'limit'],
      ['?from=yesterday', 'from'],
      ['?actor=a&actor=b', 'actor'],
    ];
    for (const [query, path] of bad) {
      const response = await send(server, 'GET', `/activity${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code, query).toBe('invalid_query');
      expect(response.body.meta.errors.map((error: any) => error.path), query).toContain(path);
    }
    expect((await send(server, 'POST', '/activity', { body: {} })).status).toBe(405);
    expect(await activity('?limit=100')).toEqual(before);
  });

  it('never shows another org: its ids are not_found, its entries never appear', async () => {
    const response = await send(server, 'GET', `/activity?entity=payment&entity_id=${ids.otherPayment}`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
    expect((await send(server, 'GET', `/activity?entity_id=${randomUUID()}`)).status).toBe(404);
    const ours = await allActivity('', 100);
    expect(ours.some((item) => JSON.stringify(item).includes(ids.otherPayment))).toBe(false);
    const theirs = (await activity('', other)).data;
    expect(theirs.map((item) => item.route)).toEqual(['POST /payout-payments', 'POST /projects', 'seed default payout methods']);
    expect(JSON.stringify(theirs)).not.toContain(ids.payment);
    // Another org's entry by id is no resource here.
    expect((await send(server, 'GET', `/activity/${theirs[0].id}`)).status).toBe(404);
  });

  it('a seeded method has its seed as history; an id of another entity type is not_found', async () => {
    const methods = await ok(keys.ed, 'GET', '/payout-methods');
    const cashApp = methods.find((method: any) => method.name === 'Cash App').id;
    expect((await activity(`?entity=payout_method&entity_id=${cashApp}`)).data.map((item) => item.route)).toEqual(['seed default payout methods']);
    expect((await send(server, 'GET', `/activity?entity=video&entity_id=${ids.ana}`)).status).toBe(404);
  });

  it('lists a refusal stored for an Idempotency-Key, with nothing changed', async () => {
    const attempt = await send(server, 'POST', '/payout-payments', {
      key: keys.dana,
      idem: randomUUID(),
      body: { project_id: ids.project, creator_id: ids.ana, total_amount_cents: 5000, accrual_ids: [ids.accrual] },
    });
    expect(attempt.status).toBeGreaterThanOrEqual(409);
    const [refusal] = (await activity('?limit=1')).data;
    expect(refusal).toMatchObject({ actor_name: 'Dana', status: attempt.status, change_count: 0, changes: [] });
    expect(refusal.summary).toBe(`Dana tried to record a $50.00 payment to Ana Lima; it was refused (${attempt.body.error.code})`);
    // The accrual it named shows nothing new: the refusal touched no entity.
    expect((await activity(`?entity=accrual&entity_id=${ids.accrual}`)).data).toHaveLength(2);
  });
});
