import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

/** A key in the tga_ format, accepted by test servers through PAYOUTS_API_KEY. */
export const TEST_API_KEY = 'tga_TestTestTestTestTestTestTestTe01';

export type RunningServer = {
  baseUrl: string;
  apiUrl: string;
  dataDir: string;
  output(): string;
  /** Sends SIGTERM (graceful) or SIGKILL to the whole process group and waits for exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Stops the server and removes its data folder (unless `keepData`). */
  dispose(): Promise<void>;
};

/**
 * Starts the real headless server with `npm run serve` on a free loopback port and a fresh data
 * folder (or the one given), and resolves once it prints its address.
 */
export async function startServer(options: { env?: Record<string, string>; dataDir?: string; keepData?: boolean } = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'payouts-test-'));
  const child: ChildProcess = spawn('npm', ['run', '-s', 'serve'], {
    cwd: PROJECT_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PAYOUTS_HOST: '127.0.0.1',
      PAYOUTS_PORT: '0',
      PAYOUTS_DATA_DIR: dataDir,
      PAYOUTS_API_KEY: TEST_API_KEY,
      PAYOUTS_UI_BUILD: 'skip',
      ...options.env,
    },
  });
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const baseUrl = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        done(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
  let stopped = false;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-(child.pid as number), signal);
    } catch {
      // already gone
    }
    await exited;
    // npm exits when its child is signalled; the server itself may still be closing the store.
    // A graceful stop is over when it released the data folder (a SIGKILL leaves its lock behind).
    if (signal !== 'SIGKILL') {
      for (let i = 0; i < 200 && existsSync(join(dataDir, 'LOCK')); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return {
    baseUrl,
    apiUrl: `${baseUrl}/api/v1`,
    dataDir,
    output: () => output,
    stop,
    async dispose() {
      await stop();
      if (!options.keepData && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Calls the API with the test key (or the one given) and returns status, headers, the body parsed
 * when it is JSON (else null), and the body as text and as bytes (files: CSV, PDF, zip).
 */
export async function api(
  server: RunningServer,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; key?: string | null; headers?: Record<string, string>; idem?: string } = {},
): Promise<{ status: number; headers: Headers; body: any; text: string; bytes: Uint8Array }> {
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key === undefined ? TEST_API_KEY : options.key;
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  if (options.idem !== undefined) headers['Idempotency-Key'] = options.idem;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(`${server.apiUrl}${path}`, { method, headers, body });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  const isFile = /^(text\/csv|application\/(pdf|zip|octet-stream))/.test(response.headers.get('content-type') ?? '');
  return { status: response.status, headers: response.headers, body: text && !isFile ? JSON.parse(text) : null, text, bytes };
}

export type CliResult = { code: number | null; stdout: string; stderr: string };

/** Runs `npm run payouts -- …` on a data folder and collects its exit code and output. */
export function runCli(dataDir: string, args: string[], options: { timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', '-s', 'payouts', '--', ...args], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PAYOUTS_DATA_DIR: dataDir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('error', fail);
    child.once('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}
