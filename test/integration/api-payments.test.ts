import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_API_KEY, startServer, type RunningServer } from '../support/server.ts';

/**
 * Contract of /api/v1/payout-payments over HTTP (seed 000 "Payout Payments" and "Error codes",
 * SPEC §2 and §6), against the real `npm run serve`.
 *
 * The catalog is backdated (assignments from 2026-08-03) and accrued with one `POST /accrual-runs
 * {as_of}`; the accrual timer is off, so only that run creates accruals. Tests run in file order
 * and share the ledger: each one takes the earned accruals it needs at the time it runs, and the
 * last one checks SPEC §6's invariants over everything the file recorded.
 *
 * An ad-hoc payment (no accruals) needs no reason, and SPEC §6's invariant "for every payment,
 * total = sum(lines) + sum(adjustments)" still holds for it: with no lines, one adjustment row
 * records the whole amount (its reason is the product's to choose; it must not be empty).
 *
 * `currency_mismatch` is unreachable today: the only currency a payment (`currency: "USD"`, a
 * literal in the body schema) or an accrual (a literal in the stored schema) can have is USD, so a
 * payment in another currency is refused earlier, as 400 invalid_body on `currency`.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const AS_OF = '2026-10-05T00:00:00.000Z'; // a Monday: 9 full weeks after 2026-08-03
const MB = 1024 * 1024;

const PAYMENT_FIELDS = [
  'adjustment_reason',
  'created_at',
  'creator_id',
  'currency',
  'id',
  'metadata',
  'method_id',
  'note',
  'org_id',
  'paid_at',
  'payout_adjustments',
  'payout_payment_lines',
  'project_id',
  'readme',
  'receipts',
  'status',
  'total_amount_cents',
  'tracking_url',
  'updated_at',
  'voided_at',
];

let server: RunningServer;

const ids = {
  p1: '',
  p2: '',
  ada: '',
  bo: '',
  cy: '',
  venmo: '',
  /** P1 weekly recurring 5,000: Ada from 2026-08-03 (9 accruals), Bo from 2026-06-01 (18). */
  weekly: '',
  /** P1 monthly recurring 20,000, prorate: Ada from 2026-08-16 (Aug 10,323, Sep 20,000). */
  monthly: '',
  /** P2 weekly recurring 3,000: Ada from 2026-08-03 (9 accruals), Cy from 2026-06-01 (18). */
  p2weekly: '',
};

type Sent = { status: number; headers: Headers; text: string; body: any };

/** One HTTP call; keeps the raw response text (replays are compared byte for byte). */
async function send(method: string, path: string, options: { body?: unknown; key?: string | null; idem?: string | null; rawBody?: string } = {}): Promise<Sent> {
  const headers: Record<string, string> = {};
  const key = options.key === undefined ? TEST_API_KEY : options.key;
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  if (options.idem !== undefined && options.idem !== null) headers['Idempotency-Key'] = options.idem;
  let body = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(`${server.apiUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** POST /payout-payments with an Idempotency-Key (a fresh one unless given). */
function pay(body: Record<string, unknown>, idem: string | null = randomUUID()): Promise<Sent> {
  return send('POST', '/payout-payments', { body, idem });
}

async function ok(method: string, path: string, body?: unknown): Promise<any> {
  const response = await send(method, path, body === undefined ? {} : { body });
  expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
  expect(response.body.error).toBeNull();
  return response.body.data;
}

/**
 * Sends the same POST n times at once on n connections, holding back the last byte of every body
 * until all the rest is written and read, so the server gets the n requests complete at the same
 * moment.
 */
async function sendTogether(n: number, path: string, body: unknown, idem: string): Promise<Sent[]> {
  const payload = Buffer.from(JSON.stringify(body));
  const url = new URL(`${server.apiUrl}${path}`);
  const requests = Array.from({ length: n }, () => {
    const req = httpRequest({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      agent: false,
      headers: { Authorization: `Bearer ${TEST_API_KEY}`, 'Content-Type': 'application/json', 'Content-Length': payload.length, 'Idempotency-Key': idem },
    });
    const response = new Promise<Sent>((done, fail) => {
      req.on('error', fail);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') headers.set(name, value);
          done({ status: res.statusCode ?? 0, headers, text, body: JSON.parse(text) });
        });
      });
    });
    const written = new Promise<void>((done, fail) => req.write(payload.subarray(0, payload.length - 1), (error) => (error ? fail(error) : done())));
    return { req, response, written };
  });
  await Promise.all(requests.map((entry) => entry.written));
  // Give the server time to read everything written so far: then only the last bytes are missing.
  await new Promise((done) => setTimeout(done, 250));
  for (const entry of requests) entry.req.end(payload.subarray(payload.length - 1));
  return Promise.all(requests.map((entry) => entry.response));
}

/** Records a payment that must succeed; returns the payment row. */
async function paid(body: Record<string, unknown>, idem: string = randomUUID()): Promise<any> {
  const response = await pay(body, idem);
  expect(response.status, response.text).toBe(201);
  expect(response.body.error).toBeNull();
  return response.body.data;
}

function expectError(response: Sent, status: number, code: string): void {
  expect(response.status, response.text).toBe(status);
  expect(response.body.data).toBeNull();
  expect(response.body.error.code).toBe(code);
  expect(typeof response.body.error.message).toBe('string');
  expect(response.body.error.message.length).toBeGreaterThan(0);
  expect(typeof response.body.meta).toBe('object');
}

function errorPaths(response: Sent): string[] {
  expect(Array.isArray(response.body.meta.errors), response.text).toBe(true);
  return response.body.meta.errors.map((issue: { path: string }) => issue.path);
}

/** Every row of a list endpoint, through the cursor walk at the largest page size. */
async function walk(path: string, query = ''): Promise<any[]> {
  const rows: any[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const response = await send('GET', `${path}?limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(response.status, response.text).toBe(200);
    rows.push(...response.body.data);
    cursor = response.body.meta.next_cursor;
    if (!cursor) return rows;
  }
  throw new Error(`${path}: more than 100 pages`);
}

const payments = (query = '') => walk('/payout-payments', query);
const accruals = (query = '') => walk('/payout-accruals', query);
const byId = (rows: any[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));

/** The whole ledger, to prove a request changed nothing. */
async function ledger(): Promise<{ payments: any[]; accruals: any[] }> {
  return { payments: byId(await payments()), accruals: byId(await accruals()) };
}

/** Earned accruals of a creator in a project, oldest first. */
async function earned(projectId: string, creatorId: string): Promise<any[]> {
  const rows = await accruals(`&project_id=${projectId}&creator_id=${creatorId}&status=earned`);
  return rows.sort((a, b) => (a.period_end_at < b.period_end_at ? -1 : a.period_end_at > b.period_end_at ? 1 : a.id < b.id ? -1 : 1));
}

/** Takes n earned accruals of a creator in a project (fails when there are fewer). */
async function take(projectId: string, creatorId: string, n: number): Promise<any[]> {
  const rows = (await earned(projectId, creatorId)).slice(0, n);
  expect(rows.length, `earned accruals left for ${creatorId} in ${projectId}`).toBe(n);
  return rows;
}

const sum = (rows: { amount_cents: number }[]) => rows.reduce((total, row) => total + row.amount_cents, 0);
const getAccrual = async (id: string) => ok('GET', `/payout-accruals/${id}`);
const getPayment = async (id: string) => ok('GET', `/payout-payments/${id}`);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** SPEC §6's invariants over the whole ledger as the API lists it. */
function invariantProblems(all: { payments: any[]; accruals: any[] }): string[] {
  const problems: string[] = [];
  const accrualById = new Map(all.accruals.map((row) => [row.id, row]));
  const paymentById = new Map(all.payments.map((row) => [row.id, row]));
  const liveLinks = new Map<string, string[]>();
  for (const payment of all.payments) {
    const lines = sum(payment.payout_payment_lines);
    const adjustments = sum(payment.payout_adjustments);
    if (payment.total_amount_cents !== lines + adjustments) problems.push(`payment ${payment.id}: total ${payment.total_amount_cents} ≠ lines ${lines} + adjustments ${adjustments}`);
    if (payment.total_amount_cents < 0) problems.push(`payment ${payment.id}: negative total`);
    if (payment.payout_adjustments.length > 1) problems.push(`payment ${payment.id}: ${payment.payout_adjustments.length} adjustment rows`);
    for (const line of payment.payout_payment_lines) {
      if (!(line.amount_cents > 0)) problems.push(`payment ${payment.id}: line amount ${line.amount_cents}`);
      const accrual = accrualById.get(line.accrual_id);
      if (!accrual) problems.push(`payment ${payment.id}: line for unknown accrual ${line.accrual_id}`);
      else if (accrual.amount_cents !== line.amount_cents) problems.push(`payment ${payment.id}: line ${line.amount_cents} for accrual of ${accrual.amount_cents}`);
      if (payment.status !== 'voided') liveLinks.set(line.accrual_id, [...(liveLinks.get(line.accrual_id) ?? []), payment.id]);
    }
  }
  for (const accrual of all.accruals) {
    if (!(accrual.amount_cents > 0)) problems.push(`accrual ${accrual.id}: amount ${accrual.amount_cents}`);
    const links = liveLinks.get(accrual.id) ?? [];
    if (links.length > 1) problems.push(`accrual ${accrual.id} is linked to ${links.length} non-voided payments`);
    if ((accrual.status === 'paid') !== (links.length > 0)) problems.push(`accrual ${accrual.id} is ${accrual.status} with non-voided payments [${links.join(', ')}]`);
    if (accrual.status === 'paid' && accrual.payment_id !== links[0]) problems.push(`accrual ${accrual.id}: payment_id ${accrual.payment_id}, linked to ${links[0]}`);
    if (accrual.status === 'paid' && accrual.paid_at !== paymentById.get(links[0] as string)?.paid_at) problems.push(`accrual ${accrual.id}: paid_at ${accrual.paid_at} is not its payment's`);
    if (accrual.status !== 'paid' && (accrual.payment_id !== null || accrual.paid_at !== null)) problems.push(`accrual ${accrual.id} is ${accrual.status} with payment_id ${accrual.payment_id}`);
  }
  return problems;
}

async function structure(projectId: string, rule: Record<string, unknown>): Promise<string> {
  const created = await ok('POST', '/payout-structures', { project_id: projectId, name: `S ${rule.period}`, currency: 'USD', proration_mode: 'skip', ...rule });
  return created.structure_id;
}

beforeAll(async () => {
  server = await startServer({ env: { PAYOUTS_ACCRUAL_INTERVAL_SECONDS: '0', PAYOUTS_RATE_PER_MINUTE: '100000' } });
  ids.p1 = (await ok('POST', '/projects', { name: 'Launch', timezone: 'UTC' })).id;
  ids.p2 = (await ok('POST', '/projects', { name: 'Ambassadors', timezone: 'UTC' })).id;
  ids.ada = (await ok('POST', '/creators', { name: 'Ada', handle: '@ada' })).id;
  ids.bo = (await ok('POST', '/creators', { name: 'Bo', handle: '@bo' })).id;
  ids.cy = (await ok('POST', '/creators', { name: 'Cy', handle: '@cy' })).id;
  await ok('POST', `/projects/${ids.p1}/creators`, { creator_ids: [ids.ada, ids.bo] });
  await ok('POST', `/projects/${ids.p2}/creators`, { creator_ids: [ids.ada, ids.cy] });
  const methods = await ok('GET', '/payout-methods');
  ids.venmo = methods.find((method: { name: string }) => method.name === 'Venmo').id;

  ids.weekly = await structure(ids.p1, { period: 'weekly', amount_cents: 5000, criteria_type: 'recurring', criteria_params: {} });
  await ok('POST', `/payout-structures/${ids.weekly}/assignments`, { creator_ids: [ids.ada], assigned_at: '2026-08-03T00:00:00.000Z' });
  await ok('POST', `/payout-structures/${ids.weekly}/assignments`, { creator_ids: [ids.bo], assigned_at: '2026-06-01T00:00:00.000Z' });
  ids.monthly = await structure(ids.p1, { period: 'monthly', amount_cents: 20000, criteria_type: 'recurring', criteria_params: {}, proration_mode: 'prorate' });
  await ok('POST', `/payout-structures/${ids.monthly}/assignments`, { creator_ids: [ids.ada], assigned_at: '2026-08-16T00:00:00.000Z' });
  ids.p2weekly = await structure(ids.p2, { period: 'weekly', amount_cents: 3000, criteria_type: 'recurring', criteria_params: {} });
  await ok('POST', `/payout-structures/${ids.p2weekly}/assignments`, { creator_ids: [ids.ada], assigned_at: '2026-08-03T00:00:00.000Z' });
  await ok('POST', `/payout-structures/${ids.p2weekly}/assignments`, { creator_ids: [ids.cy], assigned_at: '2026-06-01T00:00:00.000Z' });
  const run = await ok('POST', '/accrual-runs', { as_of: AS_OF });
  expect(run.created).toBe(9 + 18 + 2 + 9 + 18);
});

afterAll(async () => {
  await server?.dispose();
});

describe('POST /payout-payments: the Idempotency-Key', () => {
  it('is required: without it 400 idempotency_key_required, and nothing is recorded', async () => {
    const [accrual] = await take(ids.p1, ids.ada, 1);
    const before = await ledger();
    const body = { project_id: ids.p1, creator_id: ids.ada, total_amount_cents: accrual.amount_cents, accrual_ids: [accrual.id] };
    expectError(await pay(body, null), 400, 'idempotency_key_required');
    expectError(await pay(body, ''), 400, 'idempotency_key_required');
    expectError(await pay(body, '   '), 400, 'idempotency_key_required');
    expectError(await pay({ project_id: ids.p1, total_amount_cents: 100 }, null), 400, 'idempotency_key_required');
    expect(await ledger()).toEqual(before);
  });

  it('longer than 255 characters is 400 invalid_body', async () => {
    const before = await ledger();
    expectError(await pay({ project_id: ids.p1, total_amount_cents: 100 }, 'k'.repeat(256)), 400, 'invalid_body');
    expect(await ledger()).toEqual(before);
  });
});

describe('POST /payout-payments: settling accruals', () => {
  it('accrual_ids: one line per accrual for its amount; the accruals become paid; no adjustment when the total is their sum', async () => {
    const picked = await take(ids.p1, ids.ada, 2);
    const payment = await paid({
      project_id: ids.p1,
      creator_id: ids.ada,
      method_id: ids.venmo,
      total_amount_cents: sum(picked),
      currency: 'USD',
      accrual_ids: picked.map((row) => row.id),
      note: 'August, first two weeks',
      tracking_url: 'https://venmo.com/tx/1',
      metadata: { batch: 'aug-1' },
      readme: '# Paid by hand',
    });
    expect(Object.keys(payment).sort()).toEqual(PAYMENT_FIELDS);
    expect(payment.id).toMatch(UUID);
    expect(payment.org_id).toMatch(UUID);
    expect(payment).toMatchObject({
      project_id: ids.p1,
      creator_id: ids.ada,
      method_id: ids.venmo,
      total_amount_cents: 10000,
      currency: 'USD',
      status: 'paid',
      note: 'August, first two weeks',
      tracking_url: 'https://venmo.com/tx/1',
      adjustment_reason: null,
      voided_at: null,
      payout_adjustments: [],
      receipts: [],
      metadata: { batch: 'aug-1' },
      readme: '# Paid by hand',
    });
    for (const field of ['paid_at', 'created_at', 'updated_at']) expect(payment[field]).toMatch(ISO_MS);
    // paid_at defaults to now: the moment the payment was recorded.
    expect(payment.paid_at).toBe(payment.created_at);
    expect(payment.payout_payment_lines).toHaveLength(2);
    expect(payment.payout_payment_lines.map((line: any) => [line.accrual_id, line.amount_cents]).sort()).toEqual(picked.map((row) => [row.id, row.amount_cents]).sort());
    for (const line of payment.payout_payment_lines) expect(line.id).toMatch(UUID);
    for (const row of picked) {
      const after = await getAccrual(row.id);
      expect(after).toMatchObject({ status: 'paid', payment_id: payment.id, paid_at: payment.paid_at });
    }
    expect(await getPayment(payment.id)).toEqual(payment);
  });

  it('a backdated paid_at is kept on the payment and on its accruals; one in the future is 400 invalid_body', async () => {
    const [accrual] = await take(ids.p1, ids.bo, 1);
    const before = await ledger();
    const future = await pay({ project_id: ids.p1, creator_id: ids.bo, total_amount_cents: accrual.amount_cents, accrual_ids: [accrual.id], paid_at: '2099-01-01T00:00:00.000Z' });
    expectError(future, 400, 'invalid_body');
    expect(errorPaths(future)).toContain('paid_at');
    expect(await ledger()).toEqual(before);
    const payment = await paid({ project_id: ids.p1, creator_id: ids.bo, total_amount_cents: accrual.amount_cents, accrual_ids: [accrual.id], paid_at: '2026-10-06T09:30:00.000Z' });
    expect(payment.paid_at).toBe('2026-10-06T09:30:00.000Z');
    expect(await getAccrual(accrual.id)).toMatchObject({ status: 'paid', payment_id: payment.id, paid_at: '2026-10-06T09:30:00.000Z' });
  });

  it('accrual_ids win over auto_apply_outstanding', async () => {
    const outstanding = await earned(ids.p1, ids.bo);
    const [first] = outstanding;
    const payment = await paid({ project_id: ids.p1, creator_id: ids.bo, total_amount_cents: first.amount_cents, accrual_ids: [first.id], auto_apply_outstanding: true });
    expect(payment.payout_payment_lines.map((line: any) => line.accrual_id)).toEqual([first.id]);
    expect(await earned(ids.p1, ids.bo)).toEqual(outstanding.slice(1));
  });

  it('an accrual listed twice is settled once, by one line', async () => {
    const [accrual] = await take(ids.p1, ids.bo, 1);
    const payment = await paid({ project_id: ids.p1, creator_id: ids.bo, total_amount_cents: accrual.amount_cents, accrual_ids: [accrual.id, accrual.id] });
    expect(payment.payout_payment_lines.map((line: any) => [line.accrual_id, line.amount_cents])).toEqual([[accrual.id, accrual.amount_cents]]);
    expect(payment.payout_adjustments).toEqual([]);
  });

  it('auto_apply_outstanding settles every earned accrual of that creator in that project, and none of other projects or creators', async () => {
    // One of Ada's P1 accruals is rejected first: it must not be picked up.
    const [rejected] = await take(ids.p1, ids.ada, 1);
    await ok('PATCH', `/payout-accruals/${rejected.id}`, { status: 'rejected' });
    const outstanding = await earned(ids.p1, ids.ada);
    expect(outstanding.length).toBeGreaterThanOrEqual(5); // 6 weekly + 2 monthly left
    const others = { adaP2: await earned(ids.p2, ids.ada), boP1: await earned(ids.p1, ids.bo), cyP2: await earned(ids.p2, ids.cy) };
    const paidBefore = await accruals(`&project_id=${ids.p1}&creator_id=${ids.ada}&status=paid`);

    const payment = await paid({ project_id: ids.p1, creator_id: ids.ada, method_id: ids.venmo, total_amount_cents: sum(outstanding), auto_apply_outstanding: true, note: 'April batch payment' });
    expect(payment.payout_payment_lines.map((line: any) => line.accrual_id).sort()).toEqual(outstanding.map((row) => row.id).sort());
    expect(payment.payout_payment_lines.map((line: any) => line.amount_cents).sort()).toEqual(outstanding.map((row) => row.amount_cents).sort());
    expect(payment.payout_adjustments).toEqual([]);
    expect(await earned(ids.p1, ids.ada)).toEqual([]);
    expect(await getAccrual(rejected.id)).toMatchObject({ status: 'rejected', payment_id: null });
    expect({ adaP2: await earned(ids.p2, ids.ada), boP1: await earned(ids.p1, ids.bo), cyP2: await earned(ids.p2, ids.cy) }).toEqual(others);
    // Accruals paid earlier stay with their own payments.
    for (const row of paidBefore) expect((await getAccrual(row.id)).payment_id).toBe(row.payment_id);
  });

  it('auto_apply_outstanding without creator_id is 400 invalid_body on creator_id', async () => {
    const before = await ledger();
    const response = await pay({ project_id: ids.p2, total_amount_cents: 3000, auto_apply_outstanding: true });
    expectError(response, 400, 'invalid_body');
    expect(errorPaths(response)).toContain('creator_id');
    expect(await ledger()).toEqual(before);
  });

  it('ad hoc: a payment with no accruals needs no reason; it has no lines, and total = sum(lines) + sum(adjustments) still holds', async () => {
    const before = await ledger();
    const trueAdHoc = await paid({ project_id: ids.p2, creator_id: null, total_amount_cents: 12345 });
    expect(trueAdHoc).toMatchObject({ creator_id: null, method_id: null, total_amount_cents: 12345, status: 'paid', payout_payment_lines: [] });
    // SPEC §6: "for every payment, total = sum(lines) + sum(adjustments)". With no lines, the
    // whole amount is the difference from the accruals' sum (0): one adjustment row records it.
    expect(trueAdHoc.payout_adjustments, 'ad-hoc payment of 12,345 with no lines').toEqual([{ id: expect.stringMatching(UUID), amount_cents: 12345, reason: expect.any(String) }]);
    expect(trueAdHoc.payout_adjustments[0].reason.trim().length).toBeGreaterThan(0);
    const toCreator = await paid({ project_id: ids.p2, creator_id: ids.cy, total_amount_cents: 0, note: 'swag only' });
    expect(toCreator).toMatchObject({ creator_id: ids.cy, total_amount_cents: 0, payout_payment_lines: [], payout_adjustments: [] });
    const after = await ledger();
    expect(after.accruals).toEqual(before.accruals);
    expect(after.payments.length).toBe(before.payments.length + 2);
  });

  it('total ≠ sum without a reason: 400 adjustment_reason_required, not stored; the corrected retry with the same key succeeds', async () => {
    const picked = await take(ids.p2, ids.cy, 2);
    const key = randomUUID();
    const body = { project_id: ids.p2, creator_id: ids.cy, total_amount_cents: sum(picked) + 500, accrual_ids: picked.map((row) => row.id) };
    const before = await ledger();
    const refused = await pay(body, key);
    expectError(refused, 400, 'adjustment_reason_required');
    expect(errorPaths(refused)).toContain('adjustment_reason');
    expectError(await pay({ ...body, adjustment_reason: '   ' }, key), 400, 'adjustment_reason_required');
    expectError(await pay({ ...body, adjustment_reason: null }, key), 400, 'adjustment_reason_required');
    expect(await ledger()).toEqual(before);
    // The same key, the same body again: still evaluated (a 400 is not stored), still refused.
    expectError(await pay(body, key), 400, 'adjustment_reason_required');

    const corrected = await pay({ ...body, adjustment_reason: 'Bonus for the launch video' }, key);
    expect(corrected.status, corrected.text).toBe(201);
    expect(corrected.headers.get('idempotent-replayed')).toBeNull();
    const payment = corrected.body.data;
    expect(payment.payout_adjustments).toHaveLength(1);
    expect(payment.payout_adjustments[0]).toMatchObject({ amount_cents: 500, reason: 'Bonus for the launch video' });
    // Now the key is taken by the corrected request: the first body is a different request.
    expectError(await pay(body, key), 422, 'idempotency_key_reused');
    const after = await ledger();
    expect(after.payments.length).toBe(before.payments.length + 1);
  });

  it('with a reason: one adjustment row for the difference, positive when overpaid, negative when underpaid', async () => {
    const over = await take(ids.p2, ids.cy, 2);
    const overpaid = await paid({ project_id: ids.p2, creator_id: ids.cy, total_amount_cents: sum(over) + 1234, accrual_ids: over.map((row) => row.id), adjustment_reason: '  Tip for a great month  ' });
    expect(overpaid.payout_adjustments).toHaveLength(1);
    expect(overpaid.payout_adjustments[0].id).toMatch(UUID);
    expect(overpaid.payout_adjustments[0]).toMatchObject({ amount_cents: 1234, reason: 'Tip for a great month' });
    expect(overpaid.adjustment_reason).toBe('Tip for a great month');
    expect(overpaid.payout_payment_lines).toHaveLength(2);
    expect(overpaid.total_amount_cents).toBe(sum(overpaid.payout_payment_lines) + 1234);

    const under = await take(ids.p2, ids.cy, 1);
    const underpaid = await paid({ project_id: ids.p2, creator_id: ids.cy, total_amount_cents: under[0].amount_cents - 1001, accrual_ids: [under[0].id], adjustment_reason: 'Fee withheld' });
    expect(underpaid.payout_adjustments).toEqual([{ id: expect.stringMatching(UUID), amount_cents: -1001, reason: 'Fee withheld' }]);
    expect(underpaid.total_amount_cents).toBe(under[0].amount_cents - 1001);

    const zero = await take(ids.p2, ids.cy, 1);
    const nothingPaid = await paid({ project_id: ids.p2, creator_id: ids.cy, total_amount_cents: 0, accrual_ids: [zero[0].id], adjustment_reason: 'Written off against an advance' });
    expect(nothingPaid.payout_adjustments.map((row: any) => row.amount_cents)).toEqual([-zero[0].amount_cents]);
    expect(await getAccrual(zero[0].id)).toMatchObject({ status: 'paid', payment_id: nothingPaid.id });
  });
});

describe('POST /payout-payments: refusals', () => {
  it('accrual_not_settleable (409) for a rejected or voided accrual, one of another project, one of another creator; nothing changes', async () => {
    const [toReject, toVoid] = await take(ids.p2, ids.ada, 2);
    await ok('PATCH', `/payout-accruals/${toReject.id}`, { status: 'rejected' });
    await ok('PATCH', `/payout-accruals/${toVoid.id}`, { status: 'voided' });
    const [adaP2] = await take(ids.p2, ids.ada, 1);
    const [boP1] = await take(ids.p1, ids.bo, 1);
    const cases: [string, Record<string, unknown>][] = [
      ['rejected', { project_id: ids.p2, creator_id: ids.ada, total_amount_cents: 3000, accrual_ids: [toReject.id] }],
      ['voided', { project_id: ids.p2, creator_id: ids.ada, total_amount_cents: 3000, accrual_ids: [toVoid.id] }],
      ['another project', { project_id: ids.p1, creator_id: ids.ada, total_amount_cents: 3000, accrual_ids: [adaP2.id] }],
      ['another creator', { project_id: ids.p1, creator_id: ids.ada, total_amount_cents: 5000, accrual_ids: [boP1.id] }],
      ['one good, one rejected', { project_id: ids.p2, creator_id: ids.ada, total_amount_cents: 6000, accrual_ids: [adaP2.id, toReject.id] }],
    ];
    const before = await ledger();
    for (const [label, body] of cases) {
      const response = await pay(body);
      expectError(response, 409, 'accrual_not_settleable');
      expect(response.text, label).toContain((body.accrual_ids as string[]).at(-1) as string);
    }
    expect(await ledger()).toEqual(before);
    expect((await getAccrual(adaP2.id)).status).toBe('earned');
  });

  it('accrual_in_other_payment (409) for an accrual already paid, naming the payment; nothing changes', async () => {
    const [accrual] = await take(ids.p2, ids.cy, 1);
    const first = await paid({ project_id: ids.p2, creator_id: ids.cy, total_amount_cents: accrual.amount_cents, accrual_ids: [accrual.id] });
    const [other] = await take(ids.p2, ids.cy, 1);
    const before = await ledger();
    for (const accrualIds of [[accrual.id], [other.id, accrual.id]]) {
      const response = await pay({ project_id: ids.p2, creator_id: ids.cy, total_amount_cents: 3000 * accrualIds.length, accrual_ids: accrualIds });
      expectError(response, 409, 'accrual_in_other_payment');
      expect(response.body.meta).toMatchObject({ accrual_id: accrual.id, payment_id: first.id });
    }
    expect(await ledger()).toEqual(before);
  });

  it('a payment in another ISO 4217 currency linking a USD accrual is 400 currency_mismatch naming it; an ad-hoc EUR payment is recorded in EUR', async () => {
    const [accrual] = await take(ids.p2, ids.cy, 1);
    const before = await ledger();
    const response = await pay({ project_id: ids.p2, creator_id: ids.cy, total_amount_cents: accrual.amount_cents, currency: 'EUR', accrual_ids: [accrual.id] });
    expectError(response, 400, 'currency_mismatch');
    expect(response.body.meta).toMatchObject({ accrual_id: accrual.id });
    expect(response.body.error.message).toContain('EUR');
    expect(await ledger()).toEqual(before);
    const adHoc = await paid({ project_id: ids.p2, creator_id: ids.cy, total_amount_cents: 1234, currency: 'EUR' });
    expect(adHoc).toMatchObject({ currency: 'EUR', total_amount_cents: 1234, payout_payment_lines: [] });
    expect((await ok('GET', `/payout-payments/${adHoc.id}`)).currency).toBe('EUR');
  });

  it('a currency that is not an ISO 4217 code (lower case, unknown, too long) is 400 invalid_body on currency', async () => {
    const before = await ledger();
    for (const currency of ['usd', 'XYZ', 'EURO', 'U$D']) {
      const response = await pay({ project_id: ids.p2, creator_id: ids.cy, total_amount_cents: 100, currency });
      expectError(response, 400, 'invalid_body');
      expect(errorPaths(response)).toContain('currency');
    }
    expect(await ledger()).toEqual(before);
  });

  it.each([
    ['an unknown accrual', () => ({ project_id: ids.p2, creator_id: ids.cy, total_amount_cents: 100, accrual_ids: [UNKNOWN_ID] })],
    ['an unknown project', () => ({ project_id: UNKNOWN_ID, creator_id: ids.cy, total_amount_cents: 100 })],
    ['an unknown creator', () => ({ project_id: ids.p2, creator_id: UNKNOWN_ID, total_amount_cents: 100 })],
    ['an unknown method', () => ({ project_id: ids.p2, creator_id: ids.cy, method_id: UNKNOWN_ID, total_amount_cents: 100 })],
  ])('%s is 404 not_found, and nothing is recorded', async (_label, body) => {
    const before = await ledger();
    expectError(await pay(body()), 404, 'not_found');
    expect(await ledger()).toEqual(before);
  });

  it.each([
    ['a negative total', { total_amount_cents: -1 }, 'total_amount_cents'],
    ['a fractional total', { total_amount_cents: 10.5 }, 'total_amount_cents'],
    ['a total as a string', { total_amount_cents: '100' }, 'total_amount_cents'],
    ['an accrual id that is not a UUID', { total_amount_cents: 100, accrual_ids: ['nope'] }, 'accrual_ids.0'],
    ['an unknown field', { total_amount_cents: 100, amount: 100 }, ''],
  ])('%s is 400 invalid_body, not stored: the corrected retry with the same key succeeds', async (_label, bad, path) => {
    const key = randomUUID();
    const before = await ledger();
    const response = await pay({ project_id: ids.p2, creator_id: ids.cy, ...bad }, key);
    expectError(response, 400, 'invalid_body');
    if (path) expect(errorPaths(response)).toContain(path);
    expect(await ledger()).toEqual(before);
    const corrected = await pay({ project_id: ids.p2, creator_id: ids.cy, total_amount_cents: 100, note: 'corrected' }, key);
    expect(corrected.status, corrected.text).toBe(201);
  });

  it('a body that is not JSON is 400 invalid_body', async () => {
    const response = await send('POST', '/payout-payments', { rawBody: '{"project_id":', idem: randomUUID() });
    expectError(response, 400, 'invalid_body');
  });
});

describe('POST /payout-payments: replay', () => {
  it('a retry with the same key and body returns the original response byte for byte and changes nothing', async () => {
    const picked = await take(ids.p2, ids.cy, 1);
    const key = randomUUID();
    const body = { project_id: ids.p2, creator_id: ids.cy, total_amount_cents: picked[0].amount_cents, accrual_ids: [picked[0].id], metadata: { a: 1, b: [1, 2] } };
    const original = await pay(body, key);
    expect(original.status, original.text).toBe(201);
    const before = await ledger();
    for (let attempt = 0; attempt < 3; attempt++) {
      const retry = await pay(body, key);
      expect(retry.status).toBe(201);
      expect(retry.text).toBe(original.text);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
    }
    // Key order is not part of the request's identity.
    const reordered = await pay({ metadata: { b: [1, 2], a: 1 }, accrual_ids: body.accrual_ids, total_amount_cents: body.total_amount_cents, creator_id: ids.cy, project_id: ids.p2 }, key);
    expect(reordered.status).toBe(201);
    expect(reordered.text).toBe(original.text);
    expect(await ledger()).toEqual(before);

    // Even once the payment has been voided, the retry answers what the first request answered
    // and does not record it again.
    const paymentId = original.body.data.id;
    await ok('PATCH', `/payout-payments/${paymentId}`, { status: 'voided' });
    const afterVoid = await ledger();
    const late = await pay(body, key);
    expect(late.status).toBe(201);
    expect(late.text).toBe(original.text);
    expect(await ledger()).toEqual(afterVoid);
    expect((await getAccrual(picked[0].id)).status).toBe('earned');
  });

  it('a stored 409 refusal replays byte for byte, even after its cause is gone, and changes nothing', async () => {
    const [accrual] = await take(ids.p2, ids.cy, 1);
    const holder = await paid({ project_id: ids.p2, creator_id: ids.cy, total_amount_cents: accrual.amount_cents, accrual_ids: [accrual.id] });
    const key = randomUUID();
    const body = { project_id: ids.p2, creator_id: ids.cy, total_amount_cents: accrual.amount_cents, accrual_ids: [accrual.id] };
    const refused = await pay(body, key);
    expectError(refused, 409, 'accrual_in_other_payment');
    // The accrual becomes payable again...
    await ok('PATCH', `/payout-payments/${holder.id}`, { status: 'voided' });
    expect((await getAccrual(accrual.id)).status).toBe('earned');
    const before = await ledger();
    // ...but a retry is the same request: it gets the refusal it got, and pays nothing.
    const retry = await pay(body, key);
    expect(retry.status).toBe(409);
    expect(retry.text).toBe(refused.text);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await ledger()).toEqual(before);
    // A new key is a new request.
    const fresh = await pay(body);
    expect(fresh.status, fresh.text).toBe(201);
  });

  it('a stored 404 refusal replays byte for byte', async () => {
    const key = randomUUID();
    const body = { project_id: UNKNOWN_ID, total_amount_cents: 100 };
    const first = await pay(body, key);
    expectError(first, 404, 'not_found');
    const retry = await pay(body, key);
    expect([retry.status, retry.text]).toEqual([404, first.text]);
  });

  it('the same key with a different body is 422 idempotency_key_reused, for a recorded payment and for a stored refusal; nothing changes', async () => {
    const [accrual] = await take(ids.p2, ids.cy, 1);
    const key = randomUUID();
    const body = { project_id: ids.p2, creator_id: ids.cy, total_amount_cents: accrual.amount_cents, accrual_ids: [accrual.id] };
    await paid(body, key);
    const refusedKey = randomUUID();
    expectError(await pay({ project_id: UNKNOWN_ID, total_amount_cents: 1 }, refusedKey), 404, 'not_found');
    const before = await ledger();
    const variants = [{ ...body, total_amount_cents: body.total_amount_cents + 1, adjustment_reason: 'x' }, { ...body, note: 'same payment, a note' }, { project_id: ids.p2, total_amount_cents: 1 }];
    for (const variant of variants) expectError(await pay(variant, key), 422, 'idempotency_key_reused');
    expectError(await pay({ project_id: UNKNOWN_ID, total_amount_cents: 2 }, refusedKey), 422, 'idempotency_key_reused');
    expectError(await pay({ project_id: ids.p2, total_amount_cents: 2 }, refusedKey), 422, 'idempotency_key_reused');
    expect(await ledger()).toEqual(before);
    // And the original body still replays.
    expect((await pay(body, key)).headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('POST /payout-payments: in flight', () => {
  it('two identical requests at once: one records, the other is 409 idempotency_key_in_use or a replay; never recorded twice', async () => {
    const receipt = randomBytes(6 * MB);
    const outcomes: string[] = [];
    for (let round = 0; round < 6; round++) {
      const picked = await take(ids.p1, ids.bo, 1);
      const key = randomUUID();
      const body = {
        project_id: ids.p1,
        creator_id: ids.bo,
        total_amount_cents: picked[0].amount_cents,
        accrual_ids: [picked[0].id],
        metadata: { round: `in-flight-${round}` },
        // Half the rounds carry a large receipt (slow to decode, hash and store), half are small.
        ...(round % 2 === 0 && { receipts: [{ file_name: 'big.png', content_type: 'image/png', data_base64: b64(receipt) }] }),
      };
      const countBefore = (await payments()).length;
      // Rounds 0-1 race two fetches; the others deliver both requests complete at the same moment.
      const responses = round < 2 ? await Promise.all([pay(body, key), pay(body, key)]) : await sendTogether(2, '/payout-payments', body, key);
      const created = responses.filter((response) => response.status === 201 && response.headers.get('idempotent-replayed') === null);
      expect(created, responses.map((response) => `${response.status} ${response.text.slice(0, 200)}`).join('\n')).toHaveLength(1);
      const [winner] = created as [Sent];
      const other = responses.find((response) => response !== winner) as Sent;
      if (other.status === 409) {
        expectError(other, 409, 'idempotency_key_in_use');
        outcomes.push('409 in use');
      } else {
        expect(other.status).toBe(201);
        expect(other.headers.get('idempotent-replayed')).toBe('true');
        expect(other.text).toBe(winner.text);
        outcomes.push('replay');
      }
      const all = await payments();
      expect(all.length).toBe(countBefore + 1);
      expect(all.filter((payment) => payment.metadata.round === `in-flight-${round}`).map((payment) => payment.id)).toEqual([winner.body.data.id]);
      expect(await getAccrual(picked[0].id)).toMatchObject({ status: 'paid', payment_id: winner.body.data.id });
      // The 409 was not stored: a later retry replays the payment.
      const later = await pay(body, key);
      expect([later.status, later.text]).toEqual([201, winner.text]);
    }
    console.log(`in flight, the second request got: ${outcomes.join(', ')}`);
    // Requests that arrive complete together must meet the first one in flight at least once.
    expect(outcomes.slice(2)).toContain('409 in use');
  });

  it('five identical requests at once record one payment', async () => {
    const picked = await take(ids.p1, ids.bo, 1);
    const key = randomUUID();
    const body = { project_id: ids.p1, creator_id: ids.bo, total_amount_cents: picked[0].amount_cents, accrual_ids: [picked[0].id], metadata: { round: 'five' } };
    const responses = await sendTogether(5, '/payout-payments', body, key);
    const fresh = responses.filter((response) => response.status === 201 && response.headers.get('idempotent-replayed') === null);
    expect(fresh).toHaveLength(1);
    for (const response of responses) {
      if (response === fresh[0]) continue;
      if (response.status === 409) expect(response.body.error.code).toBe('idempotency_key_in_use');
      else expect([response.status, response.text]).toEqual([201, fresh[0]?.text]);
    }
    expect((await payments()).filter((payment) => payment.metadata.round === 'five')).toHaveLength(1);
    expect((await getAccrual(picked[0].id)).payment_id).toBe(fresh[0]?.body.data.id);
  });

  it('different keys racing for the same accrual: exactly one settles it, the others are accrual_in_other_payment', async () => {
    const picked = await take(ids.p1, ids.bo, 1);
    const body = { project_id: ids.p1, creator_id: ids.bo, total_amount_cents: picked[0].amount_cents, accrual_ids: [picked[0].id], metadata: { round: 'race' } };
    const responses = await Promise.all(Array.from({ length: 4 }, () => pay(body)));
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409]);
    for (const response of responses) if (response.status === 409) expect(response.body.error.code).toBe('accrual_in_other_payment');
    const winner = responses.find((response) => response.status === 201) as Sent;
    expect((await getAccrual(picked[0].id)).payment_id).toBe(winner.body.data.id);
    expect((await payments()).filter((payment) => payment.metadata.round === 'race')).toHaveLength(1);
  });
});

describe('GET /payout-payments', () => {
  const dated: Record<string, string> = {};

  beforeAll(async () => {
    for (const paidAt of ['2026-10-01T12:00:00.000Z', '2026-10-02T00:00:00.000Z', '2026-10-02T23:59:59.999Z', '2026-10-03T00:00:00.000Z']) {
      dated[paidAt] = (await paid({ project_id: ids.p2, creator_id: ids.cy, total_amount_cents: 700, paid_at: paidAt, metadata: { dated: true } })).id;
    }
  });

  it('rows include payout_payment_lines[], payout_adjustments[] and receipts[]; GET one answers the same row', async () => {
    const rows = await payments();
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(PAYMENT_FIELDS);
      expect(Array.isArray(row.payout_payment_lines)).toBe(true);
      expect(Array.isArray(row.payout_adjustments)).toBe(true);
      expect(Array.isArray(row.receipts)).toBe(true);
    }
    expect(rows.some((row) => row.payout_payment_lines.length > 1)).toBe(true);
    expect(rows.some((row) => row.payout_adjustments.length === 1)).toBe(true);
    for (const row of rows.slice(0, 10)) expect(await getPayment(row.id)).toEqual(row);
  });

  it('is ordered by paid_at, newest first; the cursor walk visits every payment once', async () => {
    const all = await payments();
    const sorted = [...all].sort((a, b) => (a.paid_at === b.paid_at ? (a.id < b.id ? 1 : -1) : a.paid_at < b.paid_at ? 1 : -1));
    expect(all.map((row) => row.id)).toEqual(sorted.map((row) => row.id));
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 200; page++) {
      const response = await send('GET', `/payout-payments?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(response.status).toBe(200);
      expect(response.body.meta.limit).toBe(3);
      expect(response.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...response.body.data.map((row: any) => row.id));
      cursor = response.body.meta.next_cursor;
      expect(response.body.meta.has_more).toBe(cursor !== null);
      if (!cursor) break;
    }
    expect(seen).toEqual(all.map((row) => row.id));
    const first = await send('GET', '/payout-payments');
    expect(first.body.meta.limit).toBe(50);
    expect(first.body.data).toHaveLength(Math.min(50, all.length));
  });

  it.each([
    ['project_id', () => `&project_id=${ids.p1}`, (row: any) => row.project_id === ids.p1],
    ['creator_id', () => `&creator_id=${ids.cy}`, (row: any) => row.creator_id === ids.cy],
    ['project and creator', () => `&project_id=${ids.p1}&creator_id=${ids.bo}`, (row: any) => row.project_id === ids.p1 && row.creator_id === ids.bo],
    ['status=paid', () => '&status=paid', (row: any) => row.status === 'paid'],
    ['status=voided', () => '&status=voided', (row: any) => row.status === 'voided'],
    ['status=rejected (no payment is ever rejected)', () => '&status=rejected', () => false],
    ['from a date (paid at or after its start)', () => '&from=2026-10-02', (row: any) => row.paid_at >= '2026-10-02T00:00:00.000Z'],
    ['to a date (paid at or before its end)', () => '&to=2026-10-02', (row: any) => row.paid_at <= '2026-10-02T23:59:59.999Z'],
    ['from and to the same date', () => '&from=2026-10-02&to=2026-10-02', (row: any) => row.paid_at.startsWith('2026-10-02')],
    ['from and to as timestamps', () => '&from=2026-10-01T12:00:00.000Z&to=2026-10-02T00:00:00.000Z', (row: any) => row.paid_at >= '2026-10-01T12:00:00.000Z' && row.paid_at <= '2026-10-02T00:00:00.000Z'],
    ['creator and from', () => `&creator_id=${ids.cy}&from=2026-10-03`, (row: any) => row.creator_id === ids.cy && row.paid_at >= '2026-10-03T00:00:00.000Z'],
  ])('filter %s: exactly the matching payments, in list order', async (_label, query, keep) => {
    const all = await payments();
    const expected = all.filter(keep).map((row) => row.id);
    const got = (await payments(query())).map((row) => row.id);
    expect(got).toEqual(expected);
    // Each filter both keeps and drops something, except the one that can never match.
    if (!_label.startsWith('status=rejected')) {
      expect(got.length).toBeGreaterThan(0);
      expect(got.length).toBeLessThan(all.length);
    }
  });

  it('the date filters find exactly the backdated payments of each day', async () => {
    const on = async (day: string) => (await payments(`&from=${day}&to=${day}`)).filter((row) => row.metadata.dated).map((row) => row.paid_at);
    expect(await on('2026-10-01')).toEqual(['2026-10-01T12:00:00.000Z']);
    expect(await on('2026-10-02')).toEqual(['2026-10-02T23:59:59.999Z', '2026-10-02T00:00:00.000Z']);
    expect(await on('2026-10-03')).toEqual(['2026-10-03T00:00:00.000Z']);
    expect(await on('2026-09-30')).toEqual([]);
  });

  it.each([
    ['status=refunded'],
    ['project_id=nope'],
    ['creator_id=NOT-A-UUID'],
    ['from=2026-13-01'],
    ['to=yesterday'],
    ['limit=0'],
    ['limit=101'],
    ['cursor=%25%25%25'],
    ['sort=paid_at'],
    ['status=paid&status=voided'],
  ])('?%s is 400 invalid_query', async (query) => {
    const response = await send('GET', `/payout-payments?${query}`);
    expectError(response, 400, 'invalid_query');
  });

  it('GET one: unknown or malformed id is 404 not_found', async () => {
    expectError(await send('GET', `/payout-payments/${UNKNOWN_ID}`), 404, 'not_found');
    expectError(await send('GET', '/payout-payments/not-a-uuid'), 404, 'not_found');
  });
});

describe('PATCH /payout-payments/{id}', () => {
  it('void: the payment keeps its lines with status voided; its accruals go back to earned and can be paid again', async () => {
    const picked = await take(ids.p1, ids.bo, 2);
    const payment = await paid({ project_id: ids.p1, creator_id: ids.bo, total_amount_cents: sum(picked) - 50, accrual_ids: picked.map((row) => row.id), adjustment_reason: 'rounding' });
    const others = (await ledger()).accruals.filter((row) => !picked.some((mine) => mine.id === row.id));
    const voided = await ok('PATCH', `/payout-payments/${payment.id}`, { status: 'voided' });
    expect(voided).toMatchObject({ ...payment, status: 'voided', updated_at: expect.stringMatching(ISO_MS), voided_at: expect.stringMatching(ISO_MS) });
    expect(voided.payout_payment_lines).toEqual(payment.payout_payment_lines);
    expect(voided.payout_adjustments).toEqual(payment.payout_adjustments);
    expect(await getPayment(payment.id)).toEqual(voided);
    for (const row of picked) expect(await getAccrual(row.id)).toMatchObject({ status: 'earned', payment_id: null, paid_at: null });
    expect((await ledger()).accruals.filter((row) => !picked.some((mine) => mine.id === row.id))).toEqual(others);
    expect((await payments('&status=voided')).map((row) => row.id)).toContain(payment.id);

    const again = await paid({ project_id: ids.p1, creator_id: ids.bo, total_amount_cents: sum(picked), accrual_ids: picked.map((row) => row.id) });
    for (const row of picked) expect((await getAccrual(row.id)).payment_id).toBe(again.id);
  });

  it('voiding twice is 400 already_voided and changes nothing', async () => {
    const payment = await paid({ project_id: ids.p1, creator_id: ids.bo, total_amount_cents: 100 });
    await ok('PATCH', `/payout-payments/${payment.id}`, { status: 'voided' });
    const before = await ledger();
    expectError(await send('PATCH', `/payout-payments/${payment.id}`, { body: { status: 'voided' } }), 400, 'already_voided');
    expectError(await send('PATCH', `/payout-payments/${payment.id}`, { body: { status: 'voided', metadata: { x: 1 } } }), 400, 'already_voided');
    expect(await ledger()).toEqual(before);
  });

  it('metadata and readme: updated without touching status, lines or accruals (also on a voided payment)', async () => {
    const picked = await take(ids.p1, ids.bo, 1);
    const payment = await paid({ project_id: ids.p1, creator_id: ids.bo, total_amount_cents: picked[0].amount_cents, accrual_ids: [picked[0].id], metadata: { a: 1 } });
    const before = (await ledger()).accruals;
    const patched = await ok('PATCH', `/payout-payments/${payment.id}`, { metadata: { agent: 'reconciled', n: 2 }, readme: '## Notes\nPaid on the 6th.' });
    expect(patched).toMatchObject({ ...payment, metadata: { agent: 'reconciled', n: 2 }, readme: '## Notes\nPaid on the 6th.', updated_at: expect.stringMatching(ISO_MS) });
    expect(await getPayment(payment.id)).toEqual(patched);
    const cleared = await ok('PATCH', `/payout-payments/${payment.id}`, { readme: null });
    expect(cleared).toMatchObject({ status: 'paid', readme: null, metadata: { agent: 'reconciled', n: 2 } });
    expect((await ledger()).accruals).toEqual(before);

    await ok('PATCH', `/payout-payments/${payment.id}`, { status: 'voided' });
    const onVoided = await ok('PATCH', `/payout-payments/${payment.id}`, { metadata: { after: 'void' } });
    expect(onVoided).toMatchObject({ status: 'voided', metadata: { after: 'void' } });
  });

  it.each([
    ['an empty body', {}],
    ['status paid', { status: 'paid' }],
    ['status rejected', { status: 'rejected' }],
    ['an unknown field', { total_amount_cents: 1 }],
    ['metadata that is not an object', { metadata: 'x' }],
  ])('%s is 400 invalid_body', async (_label, body) => {
    const [target] = await payments('&status=paid');
    const before = await ledger();
    expectError(await send('PATCH', `/payout-payments/${target.id}`, { body }), 400, 'invalid_body');
    expect(await ledger()).toEqual(before);
  });

  it('an unknown payment is 404 not_found', async () => {
    expectError(await send('PATCH', `/payout-payments/${UNKNOWN_ID}`, { body: { status: 'voided' } }), 404, 'not_found');
  });

  it('a paid accrual cannot be rejected or voided directly: 409 cannot_set_status_on_paid_accrual', async () => {
    const [row] = await accruals('&status=paid');
    for (const status of ['rejected', 'voided']) {
      expectError(await send('PATCH', `/payout-accruals/${row.id}`, { body: { status } }), 409, 'cannot_set_status_on_paid_accrual');
    }
    expect((await getAccrual(row.id)).status).toBe('paid');
  });
});

describe('receipts', () => {
  const png = randomBytes(70_000);
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(30_000)]);

  async function fetchReceipt(paymentId: string, receiptId: string) {
    const response = await fetch(`${server.apiUrl}/payout-payments/${paymentId}/receipts/${receiptId}`, { headers: { Authorization: `Bearer ${TEST_API_KEY}` } });
    return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
  }

  it('a payment is recorded with its receipts and tracking_url; each receipt serves its exact bytes with its content type', async () => {
    const payment = await paid({
      project_id: ids.p2,
      creator_id: ids.cy,
      total_amount_cents: 900,
      tracking_url: 'https://paypal.me/tx/42',
      receipts: [
        { file_name: 'screenshot.png', content_type: 'image/png', data_base64: b64(png) },
        { file_name: 'invoice "May".pdf', content_type: 'application/pdf', data_base64: b64(pdf) },
      ],
    });
    expect(payment.tracking_url).toBe('https://paypal.me/tx/42');
    expect(payment.receipts).toEqual([
      { id: expect.stringMatching(UUID), file_name: 'screenshot.png', content_type: 'image/png', size_bytes: png.length, sha256: sha256(png), created_at: payment.created_at },
      { id: expect.stringMatching(UUID), file_name: 'invoice "May".pdf', content_type: 'application/pdf', size_bytes: pdf.length, sha256: sha256(pdf), created_at: payment.created_at },
    ]);
    const [first, second] = payment.receipts;
    const gotPng = await fetchReceipt(payment.id, first.id);
    expect(gotPng.status).toBe(200);
    expect(gotPng.headers.get('content-type')).toBe('image/png');
    expect(gotPng.headers.get('content-disposition')).toMatch(/^inline; filename="screenshot\.png"$/);
    expect(Buffer.from(gotPng.bytes).equals(png)).toBe(true);
    const gotPdf = await fetchReceipt(payment.id, second.id);
    expect(gotPdf.status).toBe(200);
    expect(gotPdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(gotPdf.bytes).equals(pdf)).toBe(true);
    expect((await getPayment(payment.id)).receipts).toEqual(payment.receipts);
  });

  it('a receipt added later is appended; the earlier ones stay; identical bytes on two payments are served for both', async () => {
    const payment = await paid({ project_id: ids.p2, creator_id: ids.cy, total_amount_cents: 300, receipts: [{ file_name: 'a.png', content_type: 'image/png', data_base64: b64(png) }] });
    const jpeg = randomBytes(12_345);
    const added = await send('POST', `/payout-payments/${payment.id}/receipts`, { body: { file_name: 'later.jpg', content_type: 'image/jpeg', data_base64: b64(jpeg) } });
    expect(added.status, added.text).toBe(201);
    const after = added.body.data;
    expect(after.receipts).toHaveLength(2);
    expect(after.receipts[0]).toEqual(payment.receipts[0]);
    expect(after.receipts[1]).toMatchObject({ file_name: 'later.jpg', content_type: 'image/jpeg', size_bytes: jpeg.length, sha256: sha256(jpeg) });
    expect(await getPayment(payment.id)).toEqual(after);
    const got = await fetchReceipt(payment.id, after.receipts[1].id);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(got.bytes).equals(jpeg)).toBe(true);
    // The PNG of the previous test, stored once by content, is served for this payment too.
    expect(Buffer.from((await fetchReceipt(payment.id, after.receipts[0].id)).bytes).equals(png)).toBe(true);
    // Adding a receipt changes nothing else.
    expect({ ...after, receipts: payment.receipts, updated_at: payment.updated_at }).toEqual(payment);
  });

  it('exactly 10 MB is accepted; over 10 MB is 400 invalid_body and nothing is recorded', async () => {
    const limit = randomBytes(10 * MB);
    const atLimit = await paid({ project_id: ids.p2, creator_id: ids.cy, total_amount_cents: 1, receipts: [{ file_name: 'limit.png', content_type: 'image/png', data_base64: b64(limit) }] });
    expect(atLimit.receipts[0].size_bytes).toBe(10 * MB);
    expect(Buffer.from((await fetchReceipt(atLimit.id, atLimit.receipts[0].id)).bytes).equals(limit)).toBe(true);

    const before = await ledger();
    for (const size of [10 * MB + 1, 10 * MB + 3, 11 * MB]) {
      const over = randomBytes(size);
      const key = randomUUID();
      const response = await pay({ project_id: ids.p2, creator_id: ids.cy, total_amount_cents: 1, receipts: [{ file_name: 'ok.png', content_type: 'image/png', data_base64: b64(png) }, { file_name: 'big.png', content_type: 'image/png', data_base64: b64(over) }] }, key);
      expectError(response, 400, 'invalid_body');
      expect(JSON.stringify(response.body.meta.errors)).toContain('receipts.1.data_base64');
      const added = await send('POST', `/payout-payments/${atLimit.id}/receipts`, { body: { file_name: 'big.png', content_type: 'image/png', data_base64: b64(over) } });
      expectError(added, 400, 'invalid_body');
    }
    expect(await ledger()).toEqual(before);
  });

  it.each([
    ['text/plain', 'notes.txt'],
    ['image/svg+xml', 'logo.svg'],
    ['application/octet-stream', 'blob.bin'],
    ['IMAGE/PNG', 'shout.png'],
  ])('content type %s is 400 invalid_body, on create and on add', async (contentType, fileName) => {
    const before = await ledger();
    const receipt = { file_name: fileName, content_type: contentType, data_base64: b64(randomBytes(100)) };
    const response = await pay({ project_id: ids.p2, creator_id: ids.cy, total_amount_cents: 1, receipts: [receipt] });
    expectError(response, 400, 'invalid_body');
    expect(errorPaths(response)).toContain('receipts.0.content_type');
    const [target] = before.payments;
    expectError(await send('POST', `/payout-payments/${target.id}/receipts`, { body: receipt }), 400, 'invalid_body');
    expect(await ledger()).toEqual(before);
  });

  it('data that is not base64, or an empty file, is 400 invalid_body', async () => {
    for (const data of ['not base64!', '']) {
      const response = await pay({ project_id: ids.p2, creator_id: ids.cy, total_amount_cents: 1, receipts: [{ file_name: 'x.png', content_type: 'image/png', data_base64: data }] });
      expectError(response, 400, 'invalid_body');
    }
  });

  it('an unknown receipt, a receipt asked through another payment, or an unknown payment is 404 not_found', async () => {
    const [withReceipt] = (await payments()).filter((row) => row.receipts.length > 0);
    const [without] = (await payments()).filter((row) => row.receipts.length === 0);
    expectError(await send('GET', `/payout-payments/${withReceipt.id}/receipts/${UNKNOWN_ID}`), 404, 'not_found');
    expectError(await send('GET', `/payout-payments/${without.id}/receipts/${withReceipt.receipts[0].id}`), 404, 'not_found');
    expectError(await send('POST', `/payout-payments/${UNKNOWN_ID}/receipts`, { body: { file_name: 'a.png', content_type: 'image/png', data_base64: b64(png) } }), 404, 'not_found');
  });
});

describe('ledger invariants (SPEC §6)', () => {
  it('hold over everything this file recorded', async () => {
    const all = await ledger();
    expect(all.payments.length).toBeGreaterThan(30);
    expect(all.payments.some((row) => row.status === 'voided')).toBe(true);
    expect(all.accruals.some((row) => row.status === 'paid')).toBe(true);
    expect(all.accruals.some((row) => row.status === 'earned')).toBe(true);
    expect(invariantProblems(all)).toEqual([]);
  });
});
