import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, TEST_API_KEY, api, runCli, startServer, type RunningServer } from '../support/server.ts';

/**
 * `npm run payouts -- mcp` driven by the MCP SDK's own client over stdio, in both of its modes:
 * against a running server (PAYOUTS_SERVER_URL, the key sent over HTTP) and on its own data
 * folder (the key one the folder's `keys create` made). Both seed the same catalog over HTTP:
 * project "Launch", Ada, a weekly $50 structure she is assigned to from 2026-09-07, so a run as of
 * 2026-10-05 accrues four weeks. Every assertion is on what the MCP client receives.
 */

const SERVER_ENV = { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0', PAYOUTS_RATE_PER_MINUTE: '100000' };
const AS_OF = '2026-10-05T00:00:00.000Z';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const WRONG_KEY = 'tga_WrongWrongWrongWrongWrongWron01';
const TOOLS = [
  'list_projects', 'get_project', 'list_creators', 'get_creator', 'list_structures', 'get_structure', 'list_accruals', 'get_accrual',
  'list_earnings', 'list_payments', 'get_payment', 'record_payment', 'void_payment', 'run_accruals', 'get_tax_year', 'get_statement',
];

type Seed = { project: string; ada: string; structure: string };
type ToolCall = { isError?: boolean; structuredContent?: any; content: { type: string; text?: string }[]; _meta?: Record<string, unknown> };

async function ok(server: RunningServer, method: string, path: string, body: unknown): Promise<any> {
  const response = await api(server, method, path, { body });
  expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body.data;
}

async function seed(server: RunningServer): Promise<Seed> {
  const project = (await ok(server, 'POST', '/projects', { name: 'Launch' })).id;
  const ada = (await ok(server, 'POST', '/creators', { name: 'Ada Lovelace', handle: '@ada' })).id;
  await ok(server, 'POST', `/projects/${project}/creators`, { creator_ids: [ada] });
  const structure = (
    await ok(server, 'POST', '/payout-structures', {
      project_id: project, name: 'Weekly', currency: 'USD', proration_mode: 'skip', period: 'weekly', amount_cents: 5000, criteria_type: 'recurring', criteria_params: {},
    })
  ).structure_id;
  await ok(server, 'POST', `/payout-structures/${structure}/assignments`, { creator_ids: [ada], assigned_at: '2026-09-07T00:00:00.000Z' });
  return { project, ada, structure };
}

type Connected = { client: Client; stderr(): string; transportErrors: Error[]; close(): Promise<void> };

/** Spawns the MCP server the way an MCP client configuration would, and connects the SDK client. */
async function connect(env: Record<string, string>): Promise<Connected> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  for (const name of ['PAYOUTS_SERVER_URL', 'PAYOUTS_API_KEY', 'PAYOUTS_DATA_DIR']) delete inherited[name];
  const transport = new StdioClientTransport({ command: 'npm', args: ['run', '-s', 'payouts', '--', 'mcp'], cwd: PROJECT_ROOT, env: { ...inherited, ...env }, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'payouts-test', version: '1.0.0' });
  const transportErrors: Error[] = [];
  // A line on stdout that is not a protocol message reaches the client as an error.
  client.onerror = (error) => transportErrors.push(error);
  await client.connect(transport);
  return { client, stderr: () => stderr, transportErrors, close: () => client.close() };
}

async function call(connected: Connected, name: string, args: Record<string, unknown> = {}): Promise<ToolCall> {
  return (await connected.client.callTool({ name, arguments: args })) as ToolCall;
}

/** A successful call: its envelope's data. */
async function data(connected: Connected, name: string, args: Record<string, unknown> = {}): Promise<any> {
  const result = await call(connected, name, args);
  expect(result.isError, `${name}: ${result.content[0]?.text}\n${connected.stderr()}`).toBeFalsy();
  expect(result.structuredContent.error ?? null).toBeNull();
  expect(JSON.parse(result.content[0]?.text ?? '')).toEqual(result.structuredContent);
  return result.structuredContent.data ?? result.structuredContent;
}

/** A failed call: a tool error carrying the SPEC's code and message, also in its text. */
async function failure(connected: Connected, name: string, args: Record<string, unknown>): Promise<{ code: string; message: string; meta: any }> {
  const result = await call(connected, name, args);
  expect(result.isError, JSON.stringify(result)).toBe(true);
  const { code, message } = result.structuredContent.error;
  expect(typeof message).toBe('string');
  expect(message.length).toBeGreaterThan(0);
  expect(result.content[0]?.text).toContain(`${code}: ${message}`);
  return { code, message, meta: result.structuredContent.meta };
}

/** `npm run -s payouts -- mcp` with stdin closed: for the cases where it should not start. */
function runMcp(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', '-s', 'payouts', '--', 'mcp'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

type Mode = {
  name: string;
  /** Seeds the catalog and returns the environment the MCP server runs with. */
  setUp(): Promise<{ seed: Seed; env: Record<string, string> }>;
  /** The HTTP server to compare error codes with (remote mode only). */
  http(): RunningServer | null;
  tearDown(): Promise<void>;
};

let remoteServer: RunningServer;
let remoteDataDir: string;
let localDataDir: string;

const modes: Mode[] = [
  {
    name: 'against a running server (PAYOUTS_SERVER_URL)',
    async setUp() {
      remoteServer = await startServer({ env: SERVER_ENV });
      // A folder the MCP process would open if it ignored PAYOUTS_SERVER_URL.
      remoteDataDir = join(tmpdir(), `payouts-mcp-unused-${randomUUID()}`);
      return { seed: await seed(remoteServer), env: { PAYOUTS_SERVER_URL: remoteServer.baseUrl, PAYOUTS_API_KEY: TEST_API_KEY, PAYOUTS_DATA_DIR: remoteDataDir } };
    },
    http: () => remoteServer,
    async tearDown() {
      await remoteServer?.dispose();
      expect(existsSync(remoteDataDir)).toBe(false);
    },
  },
  {
    name: 'on its own data folder',
    async setUp() {
      localDataDir = mkdtempSync(join(tmpdir(), 'payouts-mcp-local-'));
      const server = await startServer({ dataDir: localDataDir, env: SERVER_ENV });
      const seeded = await seed(server);
      await server.stop();
      const created = await runCli(localDataDir, ['keys', 'create', '--name', 'agent']);
      expect(created.code, created.stderr).toBe(0);
      const key = /\b(tga_[0-9A-Za-z]{32})\b/.exec(created.stdout)?.[1] as string;
      return { seed: seeded, env: { PAYOUTS_API_KEY: key, PAYOUTS_DATA_DIR: localDataDir, PAYOUTS_RATE_PER_MINUTE: '100000' } };
    },
    http: () => null,
    async tearDown() {
      rmSync(localDataDir, { recursive: true, force: true });
    },
  },
];

describe.each(modes)('MCP server $name', (mode) => {
  let seeded: Seed;
  let env: Record<string, string>;
  let mcp: Connected;
  const paymentKey = randomUUID();
  let paymentId = '';
  let accrualIds: string[] = [];

  beforeAll(async () => {
    ({ seed: seeded, env } = await mode.setUp());
    mcp = await connect(env);
  });

  afterAll(async () => {
    await mcp?.close();
    await mode.tearDown();
  });

  it('lists one tool per v1 read and command, each with its route contract as input schema', async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([...TOOLS].sort());
    const record = tools.find((tool) => tool.name === 'record_payment');
    expect(record?.inputSchema.required).toEqual(expect.arrayContaining(['idempotency_key', 'project_id', 'total_amount_cents']));
    expect(record?.inputSchema.properties).toHaveProperty('accrual_ids');
    expect(record?.inputSchema.additionalProperties).toBe(false);
    const voidTool = tools.find((tool) => tool.name === 'void_payment');
    expect(voidTool?.inputSchema.required).toEqual(['id']);
    expect(voidTool?.inputSchema.properties).not.toHaveProperty('status');
    expect(voidTool?.annotations?.destructiveHint).toBe(true);
    expect(tools.find((tool) => tool.name === 'list_accruals')?.annotations?.readOnlyHint).toBe(true);
  });

  it('reads projects, creators and structures', async () => {
    const projects = await data(mcp, 'list_projects');
    expect(projects.map((row: any) => row.name)).toEqual(['Launch']);
    expect((await data(mcp, 'get_project', { id: seeded.project })).id).toBe(seeded.project);
    const creators = await data(mcp, 'list_creators', { project_id: seeded.project });
    expect(creators.map((row: any) => row.id)).toEqual([seeded.ada]);
    expect((await data(mcp, 'get_creator', { id: seeded.ada })).handle).toBe('@ada');
    const structures = await data(mcp, 'list_structures', { project_id: seeded.project, is_active: true });
    expect(structures.map((row: any) => row.id)).toEqual([seeded.structure]);
    expect((await data(mcp, 'get_structure', { id: seeded.structure })).name).toBe('Weekly');
  });

  it('runs accruals, then reads them as accruals and as earnings', async () => {
    const run = await data(mcp, 'run_accruals', { as_of: AS_OF });
    expect(run.created).toBe(4);
    expect(run.amount_cents_created).toBe(20_000);
    const page = await call(mcp, 'list_accruals', { project_id: seeded.project, limit: 3 });
    expect(page.structuredContent.data).toHaveLength(3);
    expect(page.structuredContent.meta.has_more).toBe(true);
    const rest = await data(mcp, 'list_accruals', { project_id: seeded.project, cursor: page.structuredContent.meta.next_cursor });
    accrualIds = [...page.structuredContent.data, ...rest].map((row: any) => row.id);
    expect(new Set(accrualIds).size).toBe(4);
    const accrual = await data(mcp, 'get_accrual', { id: accrualIds[0] });
    expect(accrual).toMatchObject({ status: 'earned', amount_cents: 5000, creator_id: seeded.ada });
    const earnings = await data(mcp, 'list_earnings', { program_id: seeded.project, status: 'pending' });
    expect(earnings.earnings).toHaveLength(4);
    expect(earnings.earnings[0].description).toContain('Weekly');
    // A second run as of the same day writes nothing new.
    expect((await data(mcp, 'run_accruals', { as_of: AS_OF })).created).toBe(0);
    expect(await data(mcp, 'list_accruals', { project_id: seeded.project })).toHaveLength(4);
  });

  it('records a payment once when the same idempotency key is sent twice', async () => {
    const args = { idempotency_key: paymentKey, project_id: seeded.project, creator_id: seeded.ada, total_amount_cents: 20_000, auto_apply_outstanding: true, note: 'October' };
    const first = await call(mcp, 'record_payment', args);
    expect(first.isError, first.content[0]?.text).toBeFalsy();
    const again = await call(mcp, 'record_payment', args);
    expect(again.isError).toBeFalsy();
    expect(again._meta?.idempotent_replayed).toBe(true);
    paymentId = first.structuredContent.data.id;
    expect(again.structuredContent.data.id).toBe(paymentId);
    expect(first.structuredContent.data.payout_payment_lines).toHaveLength(4);
    const payments = await data(mcp, 'list_payments', { project_id: seeded.project });
    expect(payments.map((row: any) => row.id)).toEqual([paymentId]);
    expect((await data(mcp, 'get_payment', { id: paymentId })).total_amount_cents).toBe(20_000);
    expect((await data(mcp, 'list_accruals', { project_id: seeded.project, status: 'paid' })).map((row: any) => row.id).sort()).toEqual([...accrualIds].sort());

    // The same key with another body is refused; no key at all is refused, as over HTTP.
    expect((await failure(mcp, 'record_payment', { ...args, total_amount_cents: 1 })).code).toBe('idempotency_key_reused');
    const { idempotency_key: _unused, ...withoutKey } = args;
    expect((await failure(mcp, 'record_payment', withoutKey)).code).toBe('idempotency_key_required');
    expect(await data(mcp, 'list_payments', { project_id: seeded.project })).toHaveLength(1);
  });

  it('voids a payment once: its accruals are payable again', async () => {
    const voided = await data(mcp, 'void_payment', { id: paymentId });
    expect(voided.status).toBe('voided');
    expect(await data(mcp, 'list_accruals', { project_id: seeded.project, status: 'earned' })).toHaveLength(4);
    expect((await failure(mcp, 'void_payment', { id: paymentId })).code).toBe('already_voided');
  });

  it('reads the tax year report, as JSON and as CSV', async () => {
    const year = new Date().getUTCFullYear();
    const report = await data(mcp, 'get_tax_year', { year, project_id: seeded.project });
    // The only payment is voided: nothing counts.
    expect(report).toMatchObject({ year, payment_count: 0, total_paid_cents: 0, creators: [] });
    const csv = await call(mcp, 'get_tax_year', { year: String(year), format: 'csv' });
    expect(csv.isError).toBeFalsy();
    expect(csv.structuredContent).toBeUndefined();
    expect(csv.content[0]?.text?.split(/\r?\n/)[0]).toContain('creator_id');
  });

  it('reads a creator statement as JSON, as CSV text and as a PDF file', async () => {
    const range = { from: '2026-09-01', to: '2026-10-31' };
    const statement = await data(mcp, 'get_statement', { id: seeded.ada, ...range });
    // Four weekly accruals; the one payment is voided, so all of it is still owed.
    expect(statement).toMatchObject({ creator: { id: seeded.ada }, project: { id: seeded.project }, ...range, opening_balance_cents: 0, accrued_cents: 20_000, paid_cents: 0, closing_balance_cents: 20_000 });
    expect(statement.entries.map((entry: any) => [entry.kind, entry.amount_cents])).toEqual([['accrual', 5000], ['accrual', 5000], ['accrual', 5000], ['accrual', 5000]]);
    const csv = await call(mcp, 'get_statement', { id: seeded.ada, ...range, format: 'csv' });
    expect(csv.isError).toBeFalsy();
    expect(csv.content[0]?.text?.split(/\r?\n/)[0]).toBe('date,type,description,reference_id,amount,balance,currency');
    const pdf = await call(mcp, 'get_statement', { id: seeded.ada, ...range, format: 'pdf' });
    expect(pdf.isError).toBeFalsy();
    const resource = (pdf.content[0] as any).resource;
    expect(resource.mimeType).toBe('application/pdf');
    expect(resource.uri).toBe('payouts:///files/statement-ada-2026-09-01-to-2026-10-31.pdf');
    expect(Buffer.from(resource.blob, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await failure(mcp, 'get_statement', { id: seeded.ada, from: '2026-10-31', to: '2026-09-01' })).code).toBe('invalid_query');
  }, 60_000);

  it('answers bad input with the code HTTP gives and changes nothing', async () => {
    const cases: { tool: string; args: Record<string, unknown>; code: string; http: { method: string; path: string; body?: unknown; idem?: string } }[] = [
      {
        tool: 'record_payment',
        args: { idempotency_key: randomUUID(), project_id: seeded.project, total_amount_cents: 12.5 },
        code: 'invalid_body',
        http: { method: 'POST', path: '/payout-payments', body: { project_id: seeded.project, total_amount_cents: 12.5 }, idem: randomUUID() },
      },
      {
        tool: 'record_payment',
        args: { idempotency_key: randomUUID(), project_id: seeded.project, total_amount_cents: 100, tip: 'yes' },
        code: 'invalid_body',
        http: { method: 'POST', path: '/payout-payments', body: { project_id: seeded.project, total_amount_cents: 100, tip: 'yes' }, idem: randomUUID() },
      },
      {
        tool: 'record_payment',
        args: { idempotency_key: randomUUID(), project_id: UNKNOWN_ID, total_amount_cents: 100 },
        code: 'not_found',
        http: { method: 'POST', path: '/payout-payments', body: { project_id: UNKNOWN_ID, total_amount_cents: 100 }, idem: randomUUID() },
      },
      { tool: 'list_payments', args: { sort: 'amount' }, code: 'invalid_query', http: { method: 'GET', path: '/payout-payments?sort=amount' } },
      { tool: 'list_accruals', args: { limit: 1000 }, code: 'invalid_query', http: { method: 'GET', path: '/payout-accruals?limit=1000' } },
      { tool: 'list_earnings', args: { limit: 0 }, code: 'invalid_query', http: { method: 'GET', path: '/earnings?limit=0' } },
      { tool: 'get_payment', args: { id: UNKNOWN_ID }, code: 'not_found', http: { method: 'GET', path: `/payout-payments/${UNKNOWN_ID}` } },
      { tool: 'get_tax_year', args: { year: 1900 }, code: 'invalid_query', http: { method: 'GET', path: '/tax-years/1900' } },
      { tool: 'get_tax_year', args: { year: 2026, format: 'pdf' }, code: 'invalid_query', http: { method: 'GET', path: '/tax-years/2026?format=pdf' } },
      { tool: 'get_accrual', args: { id: 'not-an-id' }, code: 'not_found', http: { method: 'GET', path: '/payout-accruals/not-an-id' } },
      { tool: 'run_accruals', args: { as_of: '2999-01-01T00:00:00.000Z' }, code: 'invalid_body', http: { method: 'POST', path: '/accrual-runs', body: { as_of: '2999-01-01T00:00:00.000Z' } } },
      { tool: 'void_payment', args: { id: UNKNOWN_ID }, code: 'not_found', http: { method: 'PATCH', path: `/payout-payments/${UNKNOWN_ID}`, body: { status: 'voided' } } },
    ];
    for (const item of cases) {
      const error = await failure(mcp, item.tool, item.args);
      expect(error.code, `${item.tool} ${JSON.stringify(item.args)}: ${error.message}`).toBe(item.code);
      const server = mode.http();
      if (server) {
        const headers: Record<string, string> = item.http.idem ? { 'Idempotency-Key': item.http.idem } : {};
        const response = await api(server, item.http.method, item.http.path, { ...(item.http.body !== undefined && { body: item.http.body }), headers });
        // Seed 002's GET /earnings answers {error, message}: compare the status there.
        if (item.http.path.startsWith('/earnings')) expect(response.status).toBe(400);
        else expect(response.body.error.code, item.http.path).toBe(item.code);
      }
    }
    const invalid = await failure(mcp, 'record_payment', cases[0]?.args ?? {});
    expect(invalid.meta.errors.map((entry: { path: string }) => entry.path)).toEqual(['total_amount_cents']);
    expect(await data(mcp, 'list_payments', { project_id: seeded.project })).toHaveLength(1);
  });

  it('wrote nothing but protocol messages on stdout', () => {
    expect(mcp.transportErrors).toEqual([]);
  });

  it('answers every call with a wrong key as unauthorized', async () => {
    await mcp.close(); // on its own folder, one process at a time
    if (!mode.http()) expect(existsSync(join(localDataDir, 'LOCK'))).toBe(false);
    const wrong = await connect({ ...env, PAYOUTS_API_KEY: WRONG_KEY });
    try {
      expect((await wrong.client.listTools()).tools).toHaveLength(TOOLS.length);
      const error = await failure(wrong, 'list_projects', {});
      expect(error.code).toBe('invalid_api_key');
      expect((await failure(wrong, 'record_payment', { idempotency_key: randomUUID(), project_id: seeded.project, total_amount_cents: 100 })).code).toBe('invalid_api_key');
    } finally {
      await wrong.close();
    }
    const missing = await connect({ ...env, PAYOUTS_API_KEY: '' });
    try {
      expect((await failure(missing, 'list_payments', {})).code).toBe('invalid_api_key');
      expect(missing.stderr()).toContain('PAYOUTS_API_KEY is not set');
    } finally {
      await missing.close();
    }
  });
});

describe('MCP server without its server or its store', () => {
  it('answers a tool call as server_unreachable when PAYOUTS_SERVER_URL names no running server', async () => {
    const gone = await startServer({ env: SERVER_ENV });
    const url = gone.baseUrl;
    await gone.dispose();
    const mcp = await connect({ PAYOUTS_SERVER_URL: url, PAYOUTS_API_KEY: TEST_API_KEY });
    try {
      const error = await failure(mcp, 'list_payments', {});
      expect(error.code).toBe('server_unreachable');
      expect(error.message).toContain(url);
    } finally {
      await mcp.close();
    }
  });

  it('refuses to open a data folder a running server holds, and says how to reach it instead', async () => {
    const server = await startServer({ env: SERVER_ENV });
    try {
      const result = await runMcp({ PAYOUTS_DATA_DIR: server.dataDir, PAYOUTS_API_KEY: TEST_API_KEY });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('in use by another Payouts desk process');
      expect(result.stderr).toContain('set PAYOUTS_SERVER_URL');
    } finally {
      await server.dispose();
    }
  });

  it('refuses a PAYOUTS_SERVER_URL that is not an http(s) URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'payouts-mcp-env-'));
    try {
      const result = await runMcp({ PAYOUTS_DATA_DIR: dir, PAYOUTS_SERVER_URL: 'ftp://example.com' });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('PAYOUTS_SERVER_URL');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
