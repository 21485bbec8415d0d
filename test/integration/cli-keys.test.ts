import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_API_KEY, api, startServer, type RunningServer, runCli } from '../support/server.ts';

/**
 * `npm run payouts -- keys …` against a data folder, and what the server then accepts: keys
 * created by the CLI work, revoked keys get 401 invalid_api_key, keys are never stored or shown
 * in full again, and the CLI refuses to touch a folder a running server holds.
 */

const KEY_FORMAT = /\b(tga_[0-9A-Za-z]{32})\b/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;


function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

let dataDir: string;
let server: RunningServer | undefined;
const keys: Record<'ci' | 'ops', { key: string; id: string; prefix: string }> = {} as never;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'payouts-test-cli-'));
});

afterAll(async () => {
  await server?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

async function restartServer(): Promise<RunningServer> {
  await server?.stop();
  server = await startServer({ dataDir });
  return server;
}

describe('keys on a stopped data folder', () => {
  it('creates keys: exit 0, the key printed once in the tga_ format, with its id', async () => {
    for (const [slot, name] of [['ci', 'CI bot'], ['ops', 'Ops laptop']] as const) {
      const result = await runCli(dataDir, ['keys', 'create', '--name', name]);
      expect(result.code, result.stderr).toBe(0);
      const key = KEY_FORMAT.exec(result.stdout)?.[1];
      const id = UUID.exec(result.stdout)?.[0];
      expect(key, result.stdout).toBeDefined();
      expect(id, result.stdout).toBeDefined();
      expect(result.stdout).toContain(name);
      keys[slot] = { key: key as string, id: id as string, prefix: (key as string).slice(0, 8) };
    }
    expect(keys.ci.key).not.toBe(keys.ops.key);
    expect(keys.ci.prefix).not.toBe(keys.ops.prefix);
  });

  it('lists keys by prefix and name, never the key itself', async () => {
    const result = await runCli(dataDir, ['keys', 'list']);
    expect(result.code, result.stderr).toBe(0);
    for (const { key, id, prefix } of Object.values(keys)) {
      expect(result.stdout).toContain(id);
      expect(result.stdout).toContain(prefix);
      expect(result.stdout).not.toContain(key);
    }
    expect(result.stdout).toContain('CI bot');
    expect(result.stdout).toContain('Ops laptop');
  });

  it('stores keys hashed: no file of the data folder contains a key', () => {
    const files = filesUnder(dataDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const content = readFileSync(file);
      for (const { key } of Object.values(keys)) expect(content.includes(key), `${file} contains a key`).toBe(false);
    }
  });

  it('answers usage errors with a non-zero exit and a message', async () => {
    const noName = await runCli(dataDir, ['keys', 'create']);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain('--name');
    const noMatch = await runCli(dataDir, ['keys', 'revoke', 'tga_nope']);
    expect(noMatch.code).toBe(1);
    expect(noMatch.stderr).toContain('tga_nope');
  });
});

describe('keys against a running server', () => {
  it('accepts CLI-created keys once a server starts on that folder', async () => {
    const running = await restartServer();
    for (const { key } of Object.values(keys)) {
      const listed = await api(running, 'GET', '/payout-methods', { key });
      expect(listed.status).toBe(200);
      expect(listed.body.data.map((row: { name: string }) => row.name)).toEqual(['Venmo', 'Cash App', 'PayPal']);
    }
    const created = await api(running, 'POST', '/payout-methods', { key: keys.ci.key, body: { name: 'Created by CI' } });
    expect(created.status).toBe(201);
  });

  it('refuses to run while the server holds the data folder, and changes nothing', async () => {
    const running = server as RunningServer;
    for (const args of [['keys', 'revoke', keys.ci.id], ['keys', 'create', '--name', 'Intruder']]) {
      const result = await runCli(dataDir, args);
      expect(result.code, `${args.join(' ')} ran while the server held the folder; server output:\n${running.output()}`).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(result.stderr).toContain('in use');
      expect(result.stderr).toContain(dataDir);
      expect(result.stdout).not.toMatch(KEY_FORMAT);
    }
    const stillWorks = await api(running, 'GET', '/payout-methods', { key: keys.ci.key });
    expect(stillWorks.status).toBe(200);
    const names = stillWorks.body.data.map((row: { name: string }) => row.name);
    expect(names).toContain('Created by CI');
  });

  it('revokes keys (by id and by prefix) on the stopped folder; the restarted server answers 401 invalid_api_key', async () => {
    await server?.stop();

    const byId = await runCli(dataDir, ['keys', 'revoke', keys.ci.id]);
    expect(byId.code, byId.stderr).toBe(0);
    expect(byId.stdout).toContain('CI bot');
    const byPrefix = await runCli(dataDir, ['keys', 'revoke', keys.ops.prefix]);
    expect(byPrefix.code, byPrefix.stderr).toBe(0);
    expect(byPrefix.stdout).toContain('Ops laptop');

    const listed = await runCli(dataDir, ['keys', 'list']);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.split('\n');
    for (const { id } of Object.values(keys)) {
      expect(lines.find((line) => line.includes(id))).toMatch(/revoked/);
    }
    expect(listed.stdout).not.toContain('Intruder');

    const running = await restartServer();
    for (const { key } of Object.values(keys)) {
      const refused = await api(running, 'GET', '/payout-methods', { key });
      expect(refused.status).toBe(401);
      expect(refused.body.data).toBeNull();
      expect(refused.body.error.code).toBe('invalid_api_key');
      const write = await api(running, 'POST', '/payout-methods', { key, body: { name: 'After revoke' } });
      expect(write.status).toBe(401);
    }
    const list = await api(running, 'GET', '/payout-methods', { key: TEST_API_KEY });
    expect(list.status).toBe(200);
    const names = list.body.data.map((row: { name: string }) => row.name);
    expect(names).toContain('Created by CI');
    expect(names).not.toContain('After revoke');
  });
});
