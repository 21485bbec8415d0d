import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSqliteDriver } from '../../core/node/sqlite.ts';
import { storePath } from '../../core/node/services.ts';
import { api, runCli, startServer, type RunningServer } from '../support/server.ts';

/**
 * SPEC §9's backup and restore as a manager uses them: `npm run payouts -- backup --out FILE` and
 * `POST /backups` (Settings → Backup) while payments are being recorded give one consistent copy
 * (every payment in it is whole, and it holds exactly the payments acknowledged up to one moment);
 * `restore FILE` swaps it in and keeps the previous store aside; a file that is not a store, a
 * truncated one, one from a newer version, one whose ledger breaks SPEC §6's rules, or a restore
 * while the app runs is refused with a message that says why, and the store is left byte for byte
 * as it was.
 */

type Payment = { id: string; total_amount_cents: number; note: string | null };

const work = mkdtempSync(join(tmpdir(), 'payouts-test-backup-'));
const dataDir = join(work, 'data');
let server: RunningServer | undefined;
let projectId = '';

afterAll(async () => {
  await server?.dispose();
  rmSync(work, { recursive: true, force: true });
});

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function pay(target: RunningServer, cents: number): Promise<Payment> {
  const response = await api(target, 'POST', '/payout-payments', {
    body: { project_id: projectId, total_amount_cents: cents, note: `payment of ${cents}` },
    headers: { 'Idempotency-Key': crypto.randomUUID() },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.data as Payment;
}

async function allPayments(target: RunningServer): Promise<Payment[]> {
  const rows: Payment[] = [];
  let cursor: string | null = null;
  do {
    const response = await api(target, 'GET', `/payout-payments?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(response.status).toBe(200);
    rows.push(...(response.body.data as Payment[]));
    cursor = response.body.meta.next_cursor ?? null;
  } while (cursor);
  return rows.sort((a, b) => a.id.localeCompare(b.id));
}

/** The payments a store file holds, read as the app reads them (a server on a copy). */
async function paymentsInFile(file: string): Promise<Payment[]> {
  const dir = mkdtempSync(join(work, 'read-'));
  copyFileSync(file, storePath(dir));
  const reader = await startServer({ dataDir: dir });
  try {
    return await allPayments(reader);
  } finally {
    await reader.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Records payments one after another until `until` settles; answers the acknowledged ones in order. */
async function payWhile<T>(until: Promise<T>): Promise<{ acknowledged: Payment[]; result: T }> {
  const acknowledged: Payment[] = [];
  let done = false;
  const settled = until.finally(() => {
    done = true;
  });
  for (let i = 1; !done && i <= 2000; i++) acknowledged.push(await pay(server as RunningServer, i));
  return { acknowledged, result: await settled };
}

beforeAll(async () => {
  server = await startServer({ dataDir });
  const project = await api(server, 'POST', '/projects', { body: { name: 'Spring launch' } });
  expect(project.status).toBe(201);
  projectId = project.body.data.id;
  for (let i = 0; i < 30; i++) await pay(server, 100 + i);
}, 120_000);

describe('backup while payments are being recorded', () => {
  it('npm run payouts -- backup --out FILE writes a consistent copy next to the running server', async () => {
    const out = join(work, 'cli-backup.sqlite');
    const before = (await allPayments(server as RunningServer)).length;
    const { acknowledged, result } = await payWhile(runCli(dataDir, ['backup', '--out', out]));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Wrote ${out}`);
    expect(acknowledged.length).toBeGreaterThan(0); // payments really were recorded during the backup

    const inBackup = await paymentsInFile(out);
    const onServer = new Map((await allPayments(server as RunningServer)).map((row) => [row.id, row]));
    // Every payment in the backup is the server's, whole; they are the first N acknowledged.
    for (const row of inBackup) expect(row).toEqual(onServer.get(row.id));
    expect(inBackup.length).toBeGreaterThanOrEqual(before);
    expect(inBackup.length).toBeLessThanOrEqual(before + acknowledged.length);
    const ids = new Set(inBackup.map((row) => row.id));
    const during = acknowledged.map((row) => ids.has(row.id));
    expect(during).toEqual(during.map((_, i) => i < inBackup.length - before));

    // A backup never overwrites a file.
    const again = await runCli(dataDir, ['backup', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
  }, 180_000);

  it('POST /backups (Settings → Backup) runs in the background, shows progress, and the file downloads', async () => {
    const started = await api(server as RunningServer, 'POST', '/backups', { body: {} });
    expect(started.status).toBe(202);
    expect(started.body.data).toMatchObject({ status: 'running', bytes_written: 0 });
    const id = started.body.data.id as string;
    const second = await api(server as RunningServer, 'POST', '/backups', { body: {} });
    // One at a time: a second request while the first runs is refused (or the first already finished).
    if (second.status !== 202) expect(second.body.error.code).toBe('invalid_transition');

    let info = started.body.data;
    const waitUntil = Date.now() + 60_000;
    await payWhile(
      (async () => {
        while (info.status === 'running' && Date.now() < waitUntil) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          info = (await api(server as RunningServer, 'GET', `/backups/${id}`)).body.data;
        }
      })(),
    );
    expect(info.status).toBe('completed');
    expect(info.size_bytes).toBeGreaterThan(0);
    expect(info.bytes_written).toBe(info.size_bytes);

    const list = await api(server as RunningServer, 'GET', '/backups');
    expect(list.body.data.map((row: { id: string }) => row.id)).toContain(id);

    const download = await fetch(`${(server as RunningServer).apiUrl}/backups/${id}/file`, { headers: { Authorization: `Bearer ${'tga_TestTestTestTestTestTestTestTe01'}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/vnd.sqlite3');
    expect(download.headers.get('content-disposition')).toContain(info.file_name);
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(bytes.length).toBe(info.size_bytes);
    const file = join(work, 'downloaded.sqlite');
    writeFileSync(file, bytes);
    const inBackup = await paymentsInFile(file);
    const onServer = new Map((await allPayments(server as RunningServer)).map((row) => [row.id, row]));
    expect(inBackup.length).toBeGreaterThan(30);
    for (const row of inBackup) expect(row).toEqual(onServer.get(row.id));

    // Bad input changes nothing and says why.
    expect((await api(server as RunningServer, 'POST', '/backups', { body: { to: '/etc' } })).body.error.code).toBe('invalid_body');
    expect((await api(server as RunningServer, 'GET', '/backups?x=1')).body.error.code).toBe('invalid_query');
    expect((await api(server as RunningServer, 'GET', `/backups/${crypto.randomUUID()}`)).body.error.code).toBe('not_found');
    expect((await api(server as RunningServer, 'GET', `/backups/${crypto.randomUUID()}/file`)).status).toBe(404);
  }, 180_000);
});

describe('restore', () => {
  let backup = '';
  let atBackup: Payment[] = [];

  beforeAll(async () => {
    backup = join(work, 'restore-me.sqlite');
    const result = await runCli(dataDir, ['backup', '--out', backup]);
    expect(result.code, result.stderr).toBe(0);
    atBackup = await allPayments(server as RunningServer);
    await pay(server as RunningServer, 777_00); // after the backup: gone once it is restored
  }, 120_000);

  /** Tries a restore that must be refused: exit 1, the message, and the store unchanged byte for byte. */
  async function expectRefused(file: string, message: RegExp): Promise<void> {
    const hash = sha256(storePath(dataDir));
    const files = readdirSync(dataDir).sort();
    const result = await runCli(dataDir, ['restore', file]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(sha256(storePath(dataDir))).toBe(hash);
    expect(readdirSync(dataDir).sort()).toEqual(files);
  }

  it('is refused while the app runs on the data folder', async () => {
    const result = await runCli(dataDir, ['restore', backup]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/in use by another Payouts desk process/);
  }, 60_000);

  it('refuses files that are not a good backup, and changes nothing', async () => {
    await (server as RunningServer).stop();

    const junk = join(work, 'junk.sqlite');
    writeFileSync(junk, 'these are not the bytes of a store\n'.repeat(100));
    await expectRefused(junk, /not a Payouts desk backup \(not a SQLite database file\); nothing was changed/);

    const truncated = join(work, 'truncated.sqlite');
    writeFileSync(truncated, readFileSync(backup).subarray(0, 40_000));
    await expectRefused(truncated, /cannot be restored: .*(malformed|integrity)/);

    await expectRefused(join(work, 'missing.sqlite'), /does not exist/);

    const other = join(work, 'other.sqlite');
    const plain = nodeSqliteDriver.open(other);
    plain.exec('CREATE TABLE notes (text TEXT)');
    plain.close();
    await expectRefused(other, /not a Payouts desk store/);

    const newer = join(work, 'newer.sqlite');
    copyFileSync(backup, newer);
    const edit = nodeSqliteDriver.open(newer);
    edit.exec("UPDATE rx_tables SET version = 7 WHERE collection = 'payments'");
    edit.close();
    await expectRefused(newer, /newer version of Payouts desk/);

    // A ledger that breaks SPEC §6: a payment whose total is not the sum of its lines and adjustments.
    const broken = join(work, 'broken.sqlite');
    copyFileSync(backup, broken);
    const tamper = nodeSqliteDriver.open(broken);
    const table = String(tamper.prepare("SELECT table_name FROM rx_tables WHERE collection = 'payments'").get()?.table_name);
    tamper.exec(`UPDATE "${table}" SET data = json_set(data, '$.total_amount_cents', 123456) WHERE rid = (SELECT MIN(rid) FROM "${table}")`);
    tamper.close();
    await expectRefused(broken, /breaks the ledger's rules.*total 123456/);
  }, 120_000);

  it('swaps a good backup in and keeps the previous store aside', async () => {
    const beforeRestore = await paymentsInFile(storePath(dataDir));
    expect(beforeRestore.length).toBe(atBackup.length + 1);

    const result = await runCli(dataDir, ['restore', backup]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Restored ${atBackup.length} payments`);
    const aside = /The previous store is kept at (\S+)/.exec(result.stderr)?.[1] as string;
    expect(existsSync(aside)).toBe(true);
    expect(readdirSync(dataDir).filter((name) => name.startsWith('restore-'))).toEqual([]);

    server = await startServer({ dataDir });
    expect(await allPayments(server)).toEqual(atBackup);
    await server.stop();
    expect(await paymentsInFile(aside)).toEqual(beforeRestore);
  }, 180_000);
});
