import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, TEST_API_KEY, api, startServer, type RunningServer } from '../support/server.ts';

/**
 * SPEC §2 conventions as an HTTP client observes them: envelope, JSON, Bearer keys, unknown
 * routes and methods, body limits, and the headless server's environment validation.
 */

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.dispose();
});

function expectErrorEnvelope(response: { status: number; headers: Headers; body: any }, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(Object.keys(response.body).sort()).toEqual(['data', 'error', 'meta']);
  expect(response.body.data).toBeNull();
  expect(response.body.error.code).toBe(code);
  expect(typeof response.body.error.message).toBe('string');
  expect(response.body.error.message.length).toBeGreaterThan(0);
  expect(typeof response.body.meta).toBe('object');
  expect(response.body.meta).not.toBeNull();
}

async function methodNames(): Promise<string[]> {
  const response = await api(server, 'GET', '/payout-methods?include_disabled=1&limit=100');
  expect(response.status).toBe(200);
  return response.body.data.map((row: { name: string }) => row.name);
}

describe('envelope', () => {
  it('wraps success as { data, error: null, meta } in JSON', async () => {
    const response = await api(server, 'GET', '/payout-methods');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(response.body).sort()).toEqual(['data', 'error', 'meta']);
    expect(Array.isArray(response.body.data)).toBe(true);
    expect(response.body.error).toBeNull();
    expect(typeof response.body.meta).toBe('object');
    expect(response.body.meta).not.toBeNull();
  });

  it('wraps a created row the same way', async () => {
    const response = await api(server, 'POST', '/payout-methods', { body: { name: 'Envelope check' } });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(response.body).sort()).toEqual(['data', 'error', 'meta']);
    expect(response.body.error).toBeNull();
    expect(response.body.data.name).toBe('Envelope check');
  });

  it('wraps failure as { data: null, error: { code, message }, meta } in JSON', async () => {
    const response = await api(server, 'GET', `/payout-methods/${UNKNOWN_ID}`);
    expectErrorEnvelope(response, 404, 'not_found');
    expect(Object.keys(response.body.error).sort()).toEqual(['code', 'message']);
  });

  it('puts validation issues of invalid_body in meta.errors (path + message)', async () => {
    const response = await api(server, 'POST', '/payout-methods', { body: { name: '' } });
    expectErrorEnvelope(response, 400, 'invalid_body');
    expect(response.body.meta.errors.length).toBeGreaterThan(0);
    for (const issue of response.body.meta.errors) {
      expect(typeof issue.path).toBe('string');
      expect(typeof issue.message).toBe('string');
    }
  });
});

describe('authentication', () => {
  it('refuses a request without Authorization with 401 invalid_api_key', async () => {
    expectErrorEnvelope(await api(server, 'GET', '/payout-methods', { key: null }), 401, 'invalid_api_key');
  });

  it.each([
    ['no scheme', TEST_API_KEY],
    ['Basic scheme', `Basic ${Buffer.from(`user:${TEST_API_KEY}`).toString('base64')}`],
    ['Token scheme', `Token ${TEST_API_KEY}`],
    ['Bearer without a key', 'Bearer'],
    ['Bearer with two words', `Bearer ${TEST_API_KEY} extra`],
    ['key in quotes', `Bearer "${TEST_API_KEY}"`],
  ])('refuses a malformed header (%s) with 401 invalid_api_key', async (_label, header) => {
    const response = await api(server, 'GET', '/payout-methods', { key: null, headers: { Authorization: header } });
    expectErrorEnvelope(response, 401, 'invalid_api_key');
  });

  it.each([
    ['a well-formed tga_ key never issued', 'tga_0123456789abcdefABCDEF0123456789'],
    ['the test key with one character changed', `${TEST_API_KEY.slice(0, -1)}2`],
    ['the test key in lower case', TEST_API_KEY.toLowerCase()],
    ['a tga_ key one character short', TEST_API_KEY.slice(0, -1)],
    ['a well-formed sk_ key never configured', 'sk_live_0123456789abcdef'],
    ['garbage', 'hello'],
  ])('refuses %s with 401 invalid_api_key', async (_label, key) => {
    expectErrorEnvelope(await api(server, 'GET', '/payout-methods', { key }), 401, 'invalid_api_key');
  });

  it('changes nothing for an unauthenticated write', async () => {
    const response = await api(server, 'POST', '/payout-methods', { key: null, body: { name: 'Sneaky' } });
    expectErrorEnvelope(response, 401, 'invalid_api_key');
    const wrongKey = await api(server, 'POST', '/payout-methods', { key: 'tga_0123456789abcdefABCDEF0123456789', body: { name: 'Sneaky' } });
    expectErrorEnvelope(wrongKey, 401, 'invalid_api_key');
    expect(await methodNames()).not.toContain('Sneaky');
  });
});

describe('routing', () => {
  it.each(['/nope', '/payout-method', '/payout-methods/extra/segments', `/payout-methods/${UNKNOWN_ID}/nested`, '/'])(
    'answers an unknown route (%s) with the 404 not_found envelope',
    async (path) => {
      expectErrorEnvelope(await api(server, 'GET', path), 404, 'not_found');
    },
  );

  it.each([
    ['DELETE', '/payout-methods'],
    ['PATCH', '/payout-methods'],
    ['POST', `/payout-methods/${UNKNOWN_ID}`],
  ])('answers %s %s (known path, wrong method) with 405 method_not_allowed', async (method, path) => {
    const before = await methodNames();
    const response = await api(server, method, path, { body: { name: 'Wrong method' } });
    expectErrorEnvelope(response, 405, 'method_not_allowed');
    expect(await methodNames()).toEqual(before);
  });

  it('answers PUT on a path that has no PUT route (PUT is only for /sync) with 405 and an Allow header', async () => {
    const response = await api(server, 'PUT', '/payout-methods', { body: { name: 'Put' } });
    expectErrorEnvelope(response, 405, 'method_not_allowed');
    expect(response.headers.get('allow')).toMatch(/GET/);
    expect(await methodNames()).not.toContain('Put');
  });

  it('rejects a query parameter given twice with 400 invalid_query', async () => {
    expectErrorEnvelope(await api(server, 'GET', '/payout-methods?limit=1&limit=2'), 400, 'invalid_query');
  });
});

describe('request bodies', () => {
  it.each([
    ['form encoding', 'name=Zelle', 'application/x-www-form-urlencoded'],
    ['truncated JSON', '{"name": "Zelle"', 'application/json'],
    ['plain text', 'Zelle', 'text/plain'],
  ])('rejects a non-JSON body (%s) with 400 invalid_body and meta.errors', async (_label, rawBody, contentType) => {
    const before = await methodNames();
    const response = await api(server, 'POST', '/payout-methods', { rawBody, headers: { 'Content-Type': contentType } });
    expectErrorEnvelope(response, 400, 'invalid_body');
    // SPEC §2: invalid_body puts the validation issues in meta.errors (path + message each).
    expect(Array.isArray(response.body.meta.errors)).toBe(true);
    expect(response.body.meta.errors.length).toBeGreaterThan(0);
    expect(await methodNames()).toEqual(before);
  });

  it('accepts a body just under 1 MB (about 1,000,040 bytes)', async () => {
    const body = { name: 'Large body', metadata: { blob: 'a'.repeat(1_000_000) } };
    const response = await api(server, 'POST', '/payout-methods', { body });
    expect(response.status).toBe(201);
    expect(response.body.data.metadata.blob).toHaveLength(1_000_000);
    const removed = await api(server, 'DELETE', `/payout-methods/${response.body.data.id}`);
    expect(removed.status).toBe(200);
  });

  it('refuses a body over 1 MB with 413 payload_too_large and creates nothing', async () => {
    const body = { name: 'Huge body', metadata: { blob: 'a'.repeat(1_100_000) } };
    const response = await api(server, 'POST', '/payout-methods', { body });
    expectErrorEnvelope(response, 413, 'payload_too_large');
    expect(await methodNames()).not.toContain('Huge body');
  });
});

describe('sk_ keys configured as PAYOUTS_API_KEY', () => {
  /** sk_ + 16 characters (the shortest allowed), underscores included. */
  const SK_KEY = 'sk_test_abcDEF12345';
  let skServer: RunningServer;

  beforeAll(async () => {
    skServer = await startServer({ env: { PAYOUTS_API_KEY: SK_KEY } });
  });

  afterAll(async () => {
    await skServer?.dispose();
  });

  it('accepts the configured sk_ key (16 characters after sk_, with underscores)', async () => {
    const listed = await api(skServer, 'GET', '/payout-methods', { key: SK_KEY });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((row: { name: string }) => row.name)).toEqual(['Venmo', 'Cash App', 'PayPal']);
    const created = await api(skServer, 'POST', '/payout-methods', { key: SK_KEY, body: { name: 'Via sk key' } });
    expect(created.status).toBe(201);
  });

  it('refuses other keys, including a near-miss of the configured one', async () => {
    expectErrorEnvelope(await api(skServer, 'GET', '/payout-methods', { key: TEST_API_KEY }), 401, 'invalid_api_key');
    expectErrorEnvelope(await api(skServer, 'GET', '/payout-methods', { key: `${SK_KEY}x` }), 401, 'invalid_api_key');
    expectErrorEnvelope(await api(skServer, 'GET', '/payout-methods', { key: SK_KEY.slice(0, -1) }), 401, 'invalid_api_key');
  });
});

describe('invalid environment', () => {
  /** Runs `npm run serve` with the given env until it exits (killing it if it is still up after 60 s). */
  function runServe(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    const dataDir = mkdtempSync(join(tmpdir(), 'payouts-test-env-'));
    return new Promise((resolve, reject) => {
      const child = spawn('npm', ['run', '-s', 'serve'], {
        cwd: PROJECT_ROOT,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, PAYOUTS_HOST: '127.0.0.1', PAYOUTS_PORT: '0', PAYOUTS_DATA_DIR: dataDir, PAYOUTS_UI_BUILD: 'skip', ...env },
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const timer = setTimeout(() => {
        try {
          process.kill(-(child.pid as number), 'SIGKILL');
        } catch {
          // already gone
        }
      }, 60_000);
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        rmSync(dataDir, { recursive: true, force: true });
        resolve({ code, output });
      });
    });
  }

  it.each([
    ['PAYOUTS_PORT', 'abc'],
    ['PAYOUTS_RATE_PER_MINUTE', '0'],
    ['PAYOUTS_TAX_THRESHOLD_CENTS', '600.50'],
    ['PAYOUTS_TAX_THRESHOLD_CENTS', '-1'],
  ])('refuses to start with %s=%j: non-zero exit, message naming the variable', async (name, value) => {
    const result = await runServe({ [name]: value });
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(result.output).toContain(name);
    expect(result.output).not.toMatch(/listening on/);
  });

  it('refuses to start with a PAYOUTS_API_KEY that is not a key, before announcing it listens', async () => {
    const result = await runServe({ PAYOUTS_API_KEY: 'not-a-key' });
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(result.output).toContain('PAYOUTS_API_KEY');
    expect(result.output).not.toMatch(/listening on/);
  });
});
