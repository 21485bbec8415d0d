import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { api, startServer, type RunningServer } from '../support/server.ts';

/**
 * A store written by the version before commission accruals (every collection at schema version
 * 0: no `kind`, `payable_at` or referral ids on accruals, no minimum payout on projects) opens with
 * this version: everything it held reads back as it did (`expected.json`, the API's answers taken
 * from the old version right after writing it), older accruals are ordinary accruals payable since
 * the end of their period, and the store takes new commands and keeps them across a restart.
 * Fixture: `test/fixtures/stores/v0/` (project Launch, Ada and Bo on a weekly $50 structure, six
 * accruals, a $105 payment of two with an adjustment, a voided payment, a video, a referral).
 * The journal too (commands v0 → v1: sync states `synced` and `conflicted`).
 */

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'stores', 'v0');
const expected = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8'));
const dataDir = mkdtempSync(join(tmpdir(), 'payouts-test-migration-'));
let server: RunningServer | undefined;

afterAll(async () => {
  await server?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A GET that must answer 200: its body. */
async function bodyOf(target: RunningServer, path: string): Promise<any> {
  const response = await api(target, 'GET', path);
  expect(response.status, response.text).toBe(200);
  return response.body;
}

async function read(path: string): Promise<any> {
  return (await bodyOf(server!, path)).data;
}

/** What the old version answered, compared field by field with what this one answers (new fields aside). */
function sameAsBefore(now: any[], before: any[]): void {
  expect(now.map((row) => row.id).sort()).toEqual(before.map((row) => row.id).sort());
  for (const old of before) expect(now.find((row) => row.id === old.id)).toMatchObject(old);
}

describe('a store of the previous schema version', () => {
  it('opens with everything as it was, older accruals payable since their period end, and takes new commands', async () => {
    copyFileSync(join(FIXTURE, 'payouts.sqlite'), join(dataDir, 'payouts.sqlite'));
    server = await startServer({ dataDir, env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0' } });
    sameAsBefore(await read('/projects'), expected.projects);
    sameAsBefore(await read('/creators'), expected.creators);
    sameAsBefore(await read('/payout-structures'), expected.structures);
    const accruals: any[] = await read('/payout-accruals?limit=100');
    sameAsBefore(accruals, expected.accruals);
    for (const accrual of accruals) expect([accrual.kind, accrual.payable_at]).toEqual(['accrual', accrual.period_end_at]);
    sameAsBefore(await read('/payout-payments?limit=100'), expected.payments);
    const project = expected.projects[0];
    expect((await read(`/ledger-digest?project_id=${project.id}`)).digest).toBe(expected.digest);

    // The journal (commands schema v0 → v1, sync states synced and conflicted) reads back, and its
    // entity index is the migrated table's: the project's id is still taken by its create.
    const activity: any[] = await read('/activity?limit=100');
    expect(activity.length).toBeGreaterThan(5);
    const taken = await api(server!, 'POST', '/projects', { body: { id: project.id, name: 'Another', timezone: 'UTC' } });
    expect([taken.status, taken.body.error?.code]).toEqual([409, 'conflict_id']);
    const sync = await read('/sync');
    expect(sync).toMatchObject({ state: 'off', conflicted: 0 });

    // A new payment of an accrual the old version left earned, then a restart: it is still there.
    const open = accruals.find((accrual) => accrual.status === 'earned');
    const paid = await api(server!, 'POST', '/payout-payments', {
      body: { project_id: project.id, creator_id: open.creator_id, total_amount_cents: open.amount_cents, accrual_ids: [open.id] },
      idem: randomUUID(),
    });
    expect(paid.status, `${paid.text}\n${server.output()}`).toBe(201);
    await server.dispose();
    server = await startServer({ dataDir, env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0' } });
    expect((await read(`/payout-accruals/${open.id}`)).status).toBe('paid');
    expect((await read('/payout-payments?limit=100')).map((payment: any) => payment.id)).toContain(paid.body.data.id);
  });
});

/**
 * A store written before payout batches had their (status, project) index (payout_batches schema
 * v0): a settled batch with a paid and a failed line, and an exported batch holding every other
 * accrual. After the migration the open batch is still found: its accruals stay processing, are
 * refused to a manual payment and to a new draft, and its settlement pays them.
 * Fixture: `test/fixtures/stores/batches-v0/` (project Launch, Ada and Bo on a weekly $50 structure).
 */
describe('a store of payout batches before their status index', () => {
  const FIXTURE_BATCHES = join(import.meta.dirname, '..', 'fixtures', 'stores', 'batches-v0');
  const before = JSON.parse(readFileSync(join(FIXTURE_BATCHES, 'expected.json'), 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'payouts-test-migration-batches-'));
  let batchServer: RunningServer | undefined;
  afterAll(async () => {
    await batchServer?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const get = (path: string): Promise<any> => bodyOf(batchServer!, path);

  it('opens with its batches as they were and keeps the exported batch open', async () => {
    copyFileSync(join(FIXTURE_BATCHES, 'payouts.sqlite'), join(dir, 'payouts.sqlite'));
    batchServer = await startServer({ dataDir: dir, env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0' } });
    const project = before.project_id;
    sameAsBefore((await get('/payout-batches?limit=100')).data, before.batches);
    for (const detail of before.batch_details) expect((await get(`/payout-batches/${detail.id}`)).data).toEqual(detail);
    expect((await get(`/earnings?program_id=${project}&limit=100`)).earnings).toEqual(before.earnings.earnings);
    expect((await get(`/ledger-digest?project_id=${project}`)).data.digest).toBe(before.digest);

    const exported = before.batch_details.find((batch: any) => batch.status === 'exported');
    const file = await api(batchServer!, 'GET', `/payout-batches/${exported.id}/file`);
    expect([file.status, file.text.split('\n').filter(Boolean).length]).toEqual([200, exported.line_count]);
    // Its accruals are on an open line: no manual payment, no second batch.
    const line = exported.lines[0];
    const manual = await api(batchServer!, 'POST', '/payout-payments', {
      body: { project_id: project, creator_id: line.creator_id, total_amount_cents: line.amount_cents, accrual_ids: line.accrual_ids },
      idem: randomUUID(),
    });
    expect([manual.status, manual.body.error?.code, manual.body.meta?.payout_batch_id]).toEqual([409, 'accrual_not_settleable', exported.id]);
    const again = await api(batchServer!, 'POST', '/payout-batches', { body: { project_id: project, method_id: exported.method_id } });
    expect([again.status, again.body.error?.code]).toEqual([409, 'nothing_to_pay']);

    const settled = await api(batchServer!, 'POST', `/payout-batches/${exported.id}/settle`, { body: { lines: 'all_paid' }, idem: randomUUID() });
    expect([settled.status, settled.body.data?.status], settled.text).toEqual([200, 'settled']);
    const earnings: any[] = (await get(`/earnings?program_id=${project}&limit=100`)).earnings;
    expect(earnings.filter((earning) => earning.status !== 'paid')).toEqual([]);
    expect(earnings).toHaveLength(before.earnings.earnings.length);
  });
});
