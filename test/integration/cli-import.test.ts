import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, api, startServer, type RunningServer } from '../support/server.ts';

/**
 * `npm run payouts -- import|export …` on a data folder no server holds: exit codes, the counts and
 * line-numbered problems it prints, all-or-nothing imports, `--dry-run`, `export --out`, and what
 * the server then serves from that folder.
 */

const FIXTURES = join(PROJECT_ROOT, 'test/fixtures/csv-contract');

type CliResult = { code: number | null; stdout: string; stderr: string };

function runCli(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'payouts', '--', ...args], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PAYOUTS_DATA_DIR: dataDir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function describeRun(result: CliResult): string {
  return `exit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}

let dataDir: string;
let workDir: string;
let server: RunningServer | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'payouts-test-cli-import-'));
  workDir = mkdtempSync(join(tmpdir(), 'payouts-test-cli-files-'));
  server = await startServer({ dataDir, env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0' } });
  for (const name of ['Spring Launch', 'Summer Tour']) {
    const response = await api(server, 'POST', '/projects', { body: { name } });
    expect(response.status).toBe(201);
  }
});

afterAll(async () => {
  await server?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(workDir, { recursive: true, force: true });
});

describe('while a server holds the data folder', () => {
  it('refuses to import (non-zero exit) and the server sees nothing imported', async () => {
    const running = server as RunningServer;
    const result = await runCli(['import', 'creators', join(FIXTURES, 'creators.csv')]);
    expect(result.code, describeRun(result)).not.toBe(0);
    const creators = await api(running, 'GET', '/creators');
    expect(creators.status).toBe(200);
    expect(creators.body.data).toEqual([]);
    await running.stop();
  });
});

describe('import on a stopped data folder', () => {
  it('--dry-run of a clean file: exit 0, prints the counts, writes nothing', async () => {
    const result = await runCli(['import', 'creators', join(FIXTURES, 'creators.csv'), '--dry-run']);
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toContain('4 rows: 4 new, 0 updated, 0 unchanged (dry run: nothing written)');
  });

  it('a file with bad rows: exit 1, every problem printed with its file line and column, nothing imported', async () => {
    const result = await runCli(['import', 'creators', join(FIXTURES, 'creators-bad.csv')]);
    expect(result.code, describeRun(result)).toBe(1);
    for (const expected of ['line 3 [email]:', 'line 5 [default_method]:', 'line 6 [name]:', 'line 7 [handle]:', 'line 8 [project]:', 'line 9 [handle]:']) {
      expect(result.stdout, describeRun(result)).toContain(expected);
    }
    expect(result.stdout).not.toContain('line 2 ');
    expect(result.stderr).toMatch(/nothing was imported/);
  });

  it('imports a clean file: exit 0 and "4 new" (so neither the dry run nor the bad file wrote anything)', async () => {
    const result = await runCli(['import', 'creators', join(FIXTURES, 'creators.csv')]);
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toContain('4 rows: 4 new, 0 updated, 0 unchanged');
  });

  it('importing the same file again reports every row unchanged', async () => {
    const result = await runCli(['import', 'creators', join(FIXTURES, 'creators.csv')]);
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toContain('4 rows: 0 new, 0 updated, 4 unchanged');
  });

  it('imports videos, then metrics', async () => {
    const videos = await runCli(['import', 'videos', join(FIXTURES, 'videos.csv')]);
    expect(videos.code, describeRun(videos)).toBe(0);
    expect(videos.stdout).toContain('3 rows: 3 new, 0 updated, 0 unchanged');
    const metrics = await runCli(['import', 'metrics', join(FIXTURES, 'metrics.csv')]);
    expect(metrics.code, describeRun(metrics)).toBe(0);
    expect(metrics.stdout).toContain('3 rows: 3 new, 0 updated, 0 unchanged');
  });

  it('--dry-run of a bad file: exit 1 with the problems listed, nothing written', async () => {
    const result = await runCli(['import', 'videos', join(FIXTURES, 'videos-bad.csv'), '--dry-run']);
    expect(result.code, describeRun(result)).toBe(1);
    for (const line of [3, 4, 5, 6, 7, 8, 9, 10]) expect(result.stdout, describeRun(result)).toMatch(new RegExp(`line ${line} \\[[a-z_]+\\]:`));
    expect(result.stdout).toContain('(dry run: nothing written)');
  });

  it.each([
    ['no FILE', ['import', 'videos'], 'needs a FILE'],
    ['an unknown kind', ['import', 'payments', join(FIXTURES, 'videos.csv')], '"payments"'],
  ])('answers %s with the usage and exit 2', async (_label, args, detail) => {
    const result = await runCli(args);
    expect(result.code, describeRun(result)).toBe(2);
    expect(result.stderr).toContain(detail);
    expect(result.stderr).toContain('Usage: npm run payouts');
  });

  it('answers a missing file with exit 1 and its name', async () => {
    const missing = join(workDir, 'missing.csv');
    const result = await runCli(['import', 'videos', missing]);
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stderr).toContain(missing);
  });
});

describe('export on a stopped data folder', () => {
  it('export --out writes the CSV file; re-importing it changes nothing', async () => {
    const out = join(workDir, 'videos-export.csv');
    const exported = await runCli(['export', 'videos', '--out', out]);
    expect(exported.code, describeRun(exported)).toBe(0);
    expect(existsSync(out)).toBe(true);
    const csv = readFileSync(out, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('creator,project,platform,url,posted_at,views,captured_at');
    expect(lines).toHaveLength(4);
    expect(csv).toContain('@ana,Spring Launch,tiktok,https://www.tiktok.com/@ana/video/7301,2025-03-01T15:00:00.000Z,9650,2025-03-04T09:00:00.000Z');
    expect(csv).toContain('"https://www.youtube.com/watch?v=ben1&list=a,b"');

    const again = await runCli(['import', 'videos', out]);
    expect(again.code, describeRun(again)).toBe(0);
    expect(again.stdout).toContain('3 rows: 0 new, 0 updated, 3 unchanged');
  });

  it('export without --out prints the CSV on standard output', async () => {
    const result = await runCli(['export', 'creators']);
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout.startsWith('id,name,handle,email,payout_handle,default_method,projects\r\n')).toBe(true);
    expect(result.stdout).toContain('"Chloé Martin, PhD",@chloe,chloe@example.com,,Cash App,Summer Tour');
    expect(result.stdout.trimEnd().split('\r\n')).toHaveLength(5);
  });
});

describe('the server on the imported folder', () => {
  it('serves exactly what the successful imports wrote', async () => {
    server = await startServer({ dataDir, env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0' } });
    const creators = await api(server, 'GET', '/creators?limit=100');
    expect(creators.status).toBe(200);
    expect(creators.body.data.map((creator: any) => creator.name).sort()).toEqual(['Ana Díaz', 'Ben Okafor', 'Chloé Martin, PhD', 'Dana "DJ" Lee']);
    const ana = creators.body.data.find((creator: any) => creator.handle === '@ana');
    expect(ana).toMatchObject({ email: 'ana@example.com', payout_handle: '@ana-diaz' });

    const videos = await api(server, 'GET', '/videos?limit=100');
    expect(videos.status).toBe(200);
    expect(videos.body.data.map((video: any) => video.url).sort()).toEqual([
      'https://www.instagram.com/reel/ana-spring',
      'https://www.tiktok.com/@ana/video/7301',
      'https://www.youtube.com/watch?v=ben1&list=a,b',
    ]);
    const tiktok = videos.body.data.find((video: any) => video.platform === 'tiktok');
    expect(tiktok.creator_id).toBe(ana.id);
    expect(tiktok.snapshots.map((snapshot: any) => snapshot.views)).toEqual([1200, 4800, 9650]);
  });
});
