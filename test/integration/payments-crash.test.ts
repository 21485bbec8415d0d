/**
 * Crash safety of the payments ledger (SPEC §6 invariants, idempotent retries) end to end through
 * the real API path and the durable SQLite store — the payments counterpart of durability.test.ts.
 *
 * The parent prepares a data folder (a catalog accrued over four months: ~500 earned accruals in
 * two projects for three creators), then a child (test/fixtures/payments-writer.ts) records
 * payments through `services.handle` — each with its own Idempotency-Key, linking accruals by id
 * or by auto_apply_outstanding, sometimes with an adjustment — voids some, and retries some. It
 * prints DO before each request and ACK once answered, and is SIGKILLed at a random moment
 * (after a random number of ACKs, after a random delay so most kills land mid-command, or while
 * starting), PAYMENTS_CRASH_KILL_POINTS times (50 by default), always on the same folder. The
 * request in flight at a kill is handed to the next writer, which sends it again first, with the
 * same key and body, as a client whose request timed out does.
 *
 * After every kill, reading the SQLite file directly with node:sqlite, this proves:
 * - `PRAGMA integrity_check` = ok;
 * - every acknowledged payment exists with the lines it was acknowledged with (the ids it named,
 *   or for auto-apply every accrual the acknowledged history left earned for that creator in that
 *   project), and every accrual it settled is paid by it, unless an acknowledged void followed;
 * - the command in flight at the kill is applied whole or not at all: a payment exists only with
 *   all its accruals paid, a void only with all its accruals earned again; nothing else exists that
 *   was not acknowledged;
 * - a retried key never records twice: at most one payment per key, and the retry of a request
 *   that had been recorded before the kill replays that very payment;
 * - SPEC §6's invariants over the whole ledger: an accrual is linked to at most one non-voided
 *   payment, paid iff linked to one (with its payment_id and paid_at), total = sum(lines) +
 *   sum(adjustments), no negative amount but adjustments;
 * - the journal: seq 1..n without gaps, one entry per recorded payment and per applied void,
 *   every idempotency key at most once.
 * Every 10th kill point (and the last), the folder is also opened in-process with startServices,
 * which must serve the same ledger through the API.
 *
 * Reproduce with PAYMENTS_CRASH_SEED=<seed printed in the failure>; PAYMENTS_CRASH_VERBOSE=1
 * prints each kill point.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { storedRows } from '../support/store-file.ts';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { Accrual } from '../../core/domain/accrual.ts';
import type { CommandEntry } from '../../core/domain/command-journal.ts';
import type { Payment } from '../../core/domain/payment.ts';
import { startServices, storePath } from '../../core/node/services.ts';
import type { PendingCommand } from '../fixtures/payments-writer.ts';
import { prng } from './durability-check.ts';

const KILL_POINTS = Number(process.env.PAYMENTS_CRASH_KILL_POINTS ?? 50);
const SEED = Number(process.env.PAYMENTS_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 32));
const VERBOSE = Boolean(process.env.PAYMENTS_CRASH_VERBOSE);
const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
const WRITER = join(PROJECT_ROOT, 'test/fixtures/payments-writer.ts');
const RUN_LIMIT_MS = 60_000;

// ---------------------------------------------------------------------------------------------
// The writer run

type KillPlan = { kind: 'acks'; acks: number; extraMs: number } | { kind: 'delay'; afterFirstAckMs: number } | { kind: 'startup'; afterSpawnMs: number };

function killPlan(random: () => number): KillPlan {
  const roll = random();
  if (roll < 0.1) return { kind: 'startup', afterSpawnMs: Math.round(50 + random() * 900) };
  if (roll < 0.55) return { kind: 'acks', acks: 1 + Math.floor(random() * 40), extraMs: Math.floor(random() * 10) };
  return { kind: 'delay', afterFirstAckMs: Math.round(3 * 400 ** random()) };
}

type WriterRun = { readyMs: number; totalMs: number; ready: boolean; lines: string[]; partial: string; stderr: string; code: number | null; signal: NodeJS.Signals | null; timedOut: boolean };

/**
 * Bundles the writer into one ES module (esbuild, as tsx would compile it): a fresh Node starts
 * it in well under a second, where loading the TypeScript sources through tsx takes seconds, and
 * kill points are dominated by start-up.
 */
async function bundleWriter(outDir: string): Promise<string> {
  const outfile = join(outDir, 'payments-writer.mjs');
  await build({
    entryPoints: [WRITER],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outfile,
    // The alias keeps the banner's name apart from bundled packages' own `createRequire` imports (fflate's).
    banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}

function runWriter(writer: string, dataDir: string, run: number, seed: number, plan: KillPlan, pending: PendingCommand | null): Promise<WriterRun> {
  const args = ['--disable-warning=ExperimentalWarning', writer, dataDir, String(run), String(seed), ...(pending ? [JSON.stringify(pending)] : [])];
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const t0 = performance.now();
  const result: WriterRun = { readyMs: 0, totalMs: 0, ready: false, lines: [], partial: '', stderr: '', code: null, signal: null, timedOut: false };
  let acks = 0;
  let killed = false;
  const timers: NodeJS.Timeout[] = [];
  const kill = () => {
    if (killed) return;
    killed = true;
    child.kill('SIGKILL');
  };
  const killIn = (ms: number) => timers.push(setTimeout(kill, ms));
  timers.push(
    setTimeout(() => {
      result.timedOut = true;
      kill();
    }, RUN_LIMIT_MS),
  );
  if (plan.kind === 'startup') killIn(plan.afterSpawnMs);
  const onLine = (line: string) => {
    result.lines.push(line);
    if (line.startsWith('READY ')) {
      result.ready = true;
      result.readyMs = Math.round(performance.now() - t0);
    }
    else if (line.startsWith('ACK ')) {
      acks++;
      if (plan.kind === 'acks' && acks === plan.acks) killIn(plan.extraMs);
      if (plan.kind === 'delay' && acks === 1) killIn(plan.afterFirstAckMs);
    } else if (line.startsWith('FAIL ')) kill();
  };
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    result.partial += chunk;
    let end: number;
    while ((end = result.partial.indexOf('\n')) >= 0) {
      onLine(result.partial.slice(0, end));
      result.partial = result.partial.slice(end + 1);
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    result.stderr += chunk;
  });
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('close', (code, signal) => {
      for (const timer of timers) clearTimeout(timer);
      result.code = code;
      result.signal = signal;
      result.totalMs = Math.round(performance.now() - t0);
      done(result);
    });
  });
}

type Ack = { kind: 'pay'; key: string; body: Record<string, unknown>; paymentId: string; replayed: boolean } | { kind: 'void'; paymentId: string; status: number };

/** The acknowledged commands of one run, in order, and the one announced but not acknowledged. */
function parseRun(lines: string[]): { acks: Ack[]; inFlight: PendingCommand | null } {
  const acks: Ack[] = [];
  let inFlight: PendingCommand | null = null;
  for (const line of lines) {
    const words = line.split(' ');
    const [tag, kind] = words;
    if (tag === 'READY') continue;
    if (tag === 'DO') {
      if (inFlight) throw new Error(`a command was announced before the previous one was acknowledged: ${line}`);
      inFlight = kind === 'pay' ? { kind: 'pay', key: words[2] as string, body: JSON.parse(words.slice(3).join(' ')) } : { kind: 'void', id: words[2] as string };
    } else if (tag === 'ACK') {
      if (!inFlight || inFlight.kind !== kind) throw new Error(`ACK does not answer the DO before it: ${line}`);
      if (inFlight.kind === 'pay') {
        if (words[2] !== inFlight.key) throw new Error(`ACK for another key: ${line}`);
        acks.push({ kind: 'pay', key: inFlight.key, body: inFlight.body, paymentId: words[3] as string, replayed: words[4] === '1' });
      } else {
        if (words[2] !== inFlight.id) throw new Error(`ACK for another payment: ${line}`);
        acks.push({ kind: 'void', paymentId: inFlight.id, status: Number(words[3]) });
      }
      inFlight = null;
    } else {
      throw new Error(`unexpected writer output: ${line}`);
    }
  }
  return { acks, inFlight };
}

// ---------------------------------------------------------------------------------------------
// The store file, read without RxDB

type Snapshot = { integrity: string[]; accruals: Map<string, Accrual>; payments: Map<string, Payment>; commands: CommandEntry[]; rowProblems: string[] };

function readStore(path: string): Snapshot {
  const sqlite = new DatabaseSync(path, { readOnly: true });
  try {
    const integrity = sqlite.prepare('PRAGMA integrity_check').all().map((row) => String(row.integrity_check));
    const rows = storedRows(sqlite, ['payouts/accruals/1', 'payouts/payments/1', 'payouts/commands/1']);
    const snapshot: Snapshot = { integrity, accruals: new Map(), payments: new Map(), commands: [], rowProblems: [] };
    for (const row of rows) {
      const doc = JSON.parse(row.data) as { id: string; _deleted: boolean };
      if (doc.id !== row.id) snapshot.rowProblems.push(`${row.instance} row ${row.id} holds ${doc.id}`);
      if (doc._deleted) {
        snapshot.rowProblems.push(`${row.instance} document ${row.id} is deleted`);
        continue;
      }
      if (row.instance === 'payouts/accruals/1') snapshot.accruals.set(doc.id, doc as unknown as Accrual);
      else if (row.instance === 'payouts/payments/1') snapshot.payments.set(doc.id, doc as unknown as Payment);
      else snapshot.commands.push(doc as unknown as CommandEntry);
    }
    snapshot.commands.sort((a, b) => a.seq - b.seq);
    return snapshot;
  } finally {
    sqlite.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The model: what the acknowledged history says the ledger holds

type Model = {
  accruals: Map<string, { project: string; creator: string; status: 'earned' | 'paid' | 'rejected' | 'voided'; payment: string | null }>;
  payments: Map<string, { key: string; status: 'paid' | 'voided'; lines: string[] }>;
  /** Idempotency key → the payment recorded for it. */
  keys: Map<string, string>;
};

/** The accruals a payment request settles, per the model at the moment it is applied. */
function expectedLines(model: Model, body: Record<string, unknown>): string[] {
  if (Array.isArray(body.accrual_ids)) return [...new Set(body.accrual_ids as string[])].sort();
  return [...model.accruals]
    .filter(([, row]) => row.project === body.project_id && row.creator === body.creator_id && row.status === 'earned')
    .map(([id]) => id)
    .sort();
}

function applyPay(model: Model, key: string, paymentId: string, body: Record<string, unknown>, snapshot: Snapshot, where: string, problems: string[]): void {
  const lines = expectedLines(model, body);
  const stored = snapshot.payments.get(paymentId);
  const storedLines = stored?.payout_payment_lines.map((line) => line.accrual_id).sort();
  if (!stored) problems.push(`${where}: payment ${paymentId} (key ${key}) is missing`);
  else if (JSON.stringify(storedLines) !== JSON.stringify(lines)) problems.push(`${where}: payment ${paymentId} settles [${storedLines}], expected [${lines}]`);
  else if (stored.total_amount_cents !== body.total_amount_cents) problems.push(`${where}: payment ${paymentId} total ${stored.total_amount_cents}, requested ${body.total_amount_cents}`);
  for (const id of lines) {
    const accrual = model.accruals.get(id);
    if (!accrual || accrual.status !== 'earned') problems.push(`${where}: payment ${paymentId} settles accrual ${id}, which the history has ${accrual?.status}`);
    else Object.assign(accrual, { status: 'paid', payment: paymentId });
  }
  model.payments.set(paymentId, { key, status: 'paid', lines });
  model.keys.set(key, paymentId);
}

function applyVoid(model: Model, paymentId: string): void {
  const payment = model.payments.get(paymentId);
  if (!payment || payment.status === 'voided') return;
  payment.status = 'voided';
  for (const id of payment.lines) Object.assign(model.accruals.get(id) as object, { status: 'earned', payment: null });
}

/** The stored ledger against the model, SPEC §6's invariants, and the journal. */
function ledgerProblems(model: Model, snapshot: Snapshot): string[] {
  const problems = [...snapshot.rowProblems];
  // The model.
  if (snapshot.payments.size !== model.payments.size) problems.push(`${snapshot.payments.size} payments stored, ${model.payments.size} acknowledged (+ in flight)`);
  for (const [id, payment] of snapshot.payments) {
    const expected = model.payments.get(id);
    if (!expected) problems.push(`payment ${id} (key ${String(payment.metadata.key)}) is stored but was never acknowledged`);
    else if (payment.status !== expected.status || payment.metadata.key !== expected.key) problems.push(`payment ${id}: stored ${payment.status} key ${String(payment.metadata.key)}, expected ${expected.status} ${expected.key}`);
  }
  const perKey = new Map<string, number>();
  for (const payment of snapshot.payments.values()) perKey.set(String(payment.metadata.key), (perKey.get(String(payment.metadata.key)) ?? 0) + 1);
  for (const [key, count] of perKey) if (count > 1) problems.push(`key ${key} recorded ${count} payments`);
  for (const [id, expected] of model.accruals) {
    const stored = snapshot.accruals.get(id);
    if (!stored) problems.push(`accrual ${id} is missing`);
    else if (stored.status !== expected.status || stored.payment_id !== expected.payment) problems.push(`accrual ${id}: stored ${stored.status}/${stored.payment_id}, expected ${expected.status}/${expected.payment}`);
  }
  // SPEC §6.
  const live = new Map<string, string[]>();
  for (const payment of snapshot.payments.values()) {
    const lines = payment.payout_payment_lines.reduce((sum, line) => sum + line.amount_cents, 0);
    const adjustments = payment.payout_adjustments.reduce((sum, row) => sum + row.amount_cents, 0);
    if (payment.total_amount_cents !== lines + adjustments) problems.push(`payment ${payment.id}: total ${payment.total_amount_cents} ≠ ${lines} + ${adjustments}`);
    if (payment.total_amount_cents < 0 || payment.payout_payment_lines.some((line) => line.amount_cents < 0)) problems.push(`payment ${payment.id}: a negative amount`);
    for (const line of payment.payout_payment_lines) {
      if (snapshot.accruals.get(line.accrual_id)?.amount_cents !== line.amount_cents) problems.push(`payment ${payment.id}: line ${line.amount_cents} for accrual ${line.accrual_id}`);
      if (payment.status !== 'voided') live.set(line.accrual_id, [...(live.get(line.accrual_id) ?? []), payment.id]);
    }
  }
  for (const accrual of snapshot.accruals.values()) {
    const links = live.get(accrual.id) ?? [];
    if (links.length > 1) problems.push(`accrual ${accrual.id} is linked to ${links.length} non-voided payments`);
    if ((accrual.status === 'paid') !== (links.length === 1)) problems.push(`accrual ${accrual.id} is ${accrual.status}, linked to [${links}]`);
    if (accrual.status === 'paid' && (accrual.payment_id !== links[0] || accrual.paid_at !== snapshot.payments.get(links[0] as string)?.paid_at)) problems.push(`accrual ${accrual.id}: payment_id/paid_at not its payment's`);
    if (accrual.status !== 'paid' && (accrual.payment_id !== null || accrual.paid_at !== null)) problems.push(`accrual ${accrual.id} is ${accrual.status} with a payment`);
  }
  // The journal.
  snapshot.commands.forEach((entry, index) => {
    if (entry.seq !== index + 1) problems.push(`journal seq ${entry.seq} at position ${index + 1}`);
  });
  const keys = new Map<string, number>();
  const created = new Map<string, number>();
  const voided = new Map<string, number>();
  for (const entry of snapshot.commands) {
    if (entry.idempotency_key) keys.set(entry.idempotency_key, (keys.get(entry.idempotency_key) ?? 0) + 1);
    for (const change of entry.changes) {
      if (change.entity !== 'payment') continue;
      if (change.before === null) created.set(change.id, (created.get(change.id) ?? 0) + 1);
      else if ((change.after as { status?: string } | null)?.status === 'voided' && (change.before as { status?: string }).status === 'paid') voided.set(change.id, (voided.get(change.id) ?? 0) + 1);
    }
  }
  for (const [key, count] of keys) if (count > 1) problems.push(`idempotency key ${key} is in the journal ${count} times`);
  for (const payment of snapshot.payments.values()) {
    if (created.get(payment.id) !== 1) problems.push(`payment ${payment.id} has ${created.get(payment.id) ?? 0} creating journal entries`);
    if ((voided.get(payment.id) ?? 0) !== (payment.status === 'voided' ? 1 : 0)) problems.push(`payment ${payment.id} (${payment.status}) has ${voided.get(payment.id) ?? 0} void entries`);
  }
  for (const id of created.keys()) if (!snapshot.payments.has(id)) problems.push(`the journal created payment ${id}, which is not stored`);
  return problems;
}

/** Opens the folder as the app does after a crash: the API must serve the stored ledger. */
async function reopenProblems(dataDir: string, snapshot: Snapshot): Promise<string[]> {
  const problems: string[] = [];
  const services = await startServices({ dataDir, accrualIntervalMs: false });
  try {
    const me = services.localPrincipal();
    const payments = await services.db.payments.count().exec();
    if (payments !== snapshot.payments.size) problems.push(`reopened store has ${payments} payments, the file ${snapshot.payments.size}`);
    const last = [...snapshot.payments.values()].sort((a, b) => (a.created_at < b.created_at ? -1 : 1)).at(-1);
    if (last) {
      const got = await services.handle({ method: 'GET', path: `/payout-payments/${last.id}` }, me);
      const row = (got.body as { data: Payment | null }).data;
      if (got.status !== 200 || row?.status !== last.status || JSON.stringify(row.payout_payment_lines) !== JSON.stringify(last.payout_payment_lines)) {
        problems.push(`GET payment ${last.id} after reopen: ${got.status} ${JSON.stringify(got.body).slice(0, 300)}`);
      }
      for (const line of last.payout_payment_lines.slice(0, 3)) {
        const accrual = await services.handle({ method: 'GET', path: `/payout-accruals/${line.accrual_id}` }, me);
        const stored = snapshot.accruals.get(line.accrual_id);
        if ((accrual.body as { data: Accrual | null }).data?.status !== stored?.status) problems.push(`accrual ${line.accrual_id} after reopen differs from the file`);
      }
    }
  } finally {
    await services.close();
  }
  return problems;
}

/** The catalog: ~500 earned accruals, P1 daily and weekly for Ada and Bo, P2 daily for Ada and Cy. */
async function prepare(dataDir: string): Promise<void> {
  const services = await startServices({ dataDir, accrualIntervalMs: false });
  try {
    const me = services.localPrincipal();
    const must = async (method: 'POST', path: string, body: unknown) => {
      const response = await services.handle({ method, path, body }, me);
      if (response.status >= 300) throw new Error(`${path}: ${JSON.stringify(response.body)}`);
      return (response.body as { data: any }).data;
    };
    const p1 = (await must('POST', '/projects', { name: 'Launch', timezone: 'UTC' })).id;
    const p2 = (await must('POST', '/projects', { name: 'Ambassadors', timezone: 'America/New_York' })).id;
    const [ada, bo, cy] = [(await must('POST', '/creators', { name: 'Ada' })).id, (await must('POST', '/creators', { name: 'Bo' })).id, (await must('POST', '/creators', { name: 'Cy' })).id];
    await must('POST', `/projects/${p1}/creators`, { creator_ids: [ada, bo] });
    await must('POST', `/projects/${p2}/creators`, { creator_ids: [ada, cy] });
    const structure = async (project: string, period: string, cents: number, creators: string[]) => {
      const id = (await must('POST', '/payout-structures', { project_id: project, name: `${period} ${cents}`, currency: 'USD', period, amount_cents: cents, criteria_type: 'recurring', criteria_params: {}, proration_mode: 'prorate' })).structure_id;
      await must('POST', `/payout-structures/${id}/assignments`, { creator_ids: creators, assigned_at: '2026-06-01T06:00:00.000Z' });
    };
    await structure(p1, 'daily', 500, [ada, bo]);
    await structure(p1, 'weekly', 7000, [ada]);
    await structure(p2, 'daily', 300, [ada, cy]);
    await must('POST', '/accrual-runs', { as_of: '2026-10-01T00:00:00.000Z' });
  } finally {
    await services.close();
  }
}

describe('payments ledger under SIGKILL', () => {
  it(`keeps every acknowledged payment and void, never half a command, never a key twice, across ${KILL_POINTS} kills (seed ${SEED})`, { timeout: 120_000 + KILL_POINTS * 6_000 }, async () => {
    const started = performance.now();
    const dataDir = mkdtempSync(join(tmpdir(), 'payouts-payments-crash-'));
    const bundleDir = mkdtempSync(join(tmpdir(), 'payouts-payments-writer-'));
    const random = prng(SEED);
    const stats = { acknowledged: 0, payments: 0, voids: 0, replays: 0, inFlight: { applied: 0, 'not applied': 0, none: 0 }, retriedAfterKill: 0, killedBeforeReady: 0, reopened: 0 };
    let passed = false;
    try {
      const writer = await bundleWriter(bundleDir);
      await prepare(dataDir);
      const initial = readStore(storePath(dataDir));
      expect(initial.integrity).toEqual(['ok']);
      expect(initial.accruals.size).toBeGreaterThan(400);
      const model: Model = { accruals: new Map(), payments: new Map(), keys: new Map() };
      for (const accrual of initial.accruals.values()) model.accruals.set(accrual.id, { project: accrual.project_id, creator: accrual.creator_id, status: accrual.status, payment: accrual.payment_id });
      let pending: PendingCommand | null = null;

      for (let point = 0; point < KILL_POINTS; point++) {
        const pointStarted = performance.now();
        const plan = killPlan(random);
        const where = `kill point ${point} ${JSON.stringify(plan)}, PAYMENTS_CRASH_SEED=${SEED}, data ${dataDir}`;
        const sentPending: PendingCommand | null = pending;
        const run = await runWriter(writer, dataDir, point, Math.floor(random() * 2 ** 32), plan, sentPending);
        const output = `\n--- writer output (last lines) ---\n${run.lines.slice(-6).join('\n')}\n--- stderr ---\n${run.stderr.slice(-3000)}`;
        expect(run.timedOut, `${where}: writer was not killed within ${RUN_LIMIT_MS} ms${output}`).toBe(false);
        expect(run.signal, `${where}: writer exited on its own (code ${run.code})${output}`).toBe('SIGKILL');
        expect(run.partial, `${where}: torn output line`).toBe('');
        const { acks, inFlight } = parseRun(run.lines);
        const snapshot = readStore(storePath(dataDir));
        expect(snapshot.integrity, where).toEqual(['ok']);
        const problems: string[] = [];

        // The acknowledged history, in order.
        for (const [index, ack] of acks.entries()) {
          const at = `${where}, ack #${index}`;
          if (ack.kind === 'pay') {
            const known = model.keys.get(ack.key);
            if (known !== undefined) {
              // The key had been recorded (acknowledged, or in flight at an earlier kill): a replay of that payment.
              if (!ack.replayed || ack.paymentId !== known) problems.push(`${at}: key ${ack.key} answered ${ack.paymentId} (replayed ${ack.replayed}), recorded as ${known}`);
              stats.replays++;
            } else {
              if (ack.replayed) problems.push(`${at}: key ${ack.key} replayed ${ack.paymentId}, but no payment was recorded for it`);
              applyPay(model, ack.key, ack.paymentId, ack.body, snapshot, at, problems);
              stats.payments++;
            }
          } else {
            const payment = model.payments.get(ack.paymentId);
            if (ack.status === 400 && payment?.status !== 'voided') problems.push(`${at}: void of ${ack.paymentId} answered already_voided, but the history has it ${payment?.status}`);
            applyVoid(model, ack.paymentId);
            stats.voids++;
          }
          if (index === 0 && sentPending) stats.retriedAfterKill++;
        }
        stats.acknowledged += acks.length;

        // The command in flight at the kill: whole or not at all.
        let outcome: 'applied' | 'not applied' | 'none' = 'none';
        const unanswered: PendingCommand | null = inFlight ?? (acks.length === 0 ? sentPending : null);
        if (unanswered?.kind === 'pay') {
          const found = [...snapshot.payments.values()].filter((payment) => payment.metadata.key === unanswered.key);
          if (model.keys.has(unanswered.key)) {
            outcome = 'applied';
            if (found.length !== 1) problems.push(`${where}: key ${unanswered.key} has ${found.length} payments after a retry`);
          } else if (found.length === 1) {
            outcome = 'applied';
            applyPay(model, unanswered.key, (found[0] as Payment).id, unanswered.body, snapshot, `${where}, in flight`, problems);
          } else {
            outcome = 'not applied';
            if (found.length > 1) problems.push(`${where}: key ${unanswered.key} has ${found.length} payments`);
          }
        } else if (unanswered?.kind === 'void') {
          const stored = snapshot.payments.get(unanswered.id);
          outcome = stored?.status === 'voided' ? 'applied' : 'not applied';
          if (outcome === 'applied') applyVoid(model, unanswered.id);
        }
        problems.push(...ledgerProblems(model, snapshot));
        expect(problems, `${where}${output}`).toEqual([]);
        pending = unanswered;
        stats.inFlight[inFlight ? outcome : 'none']++;
        if (!run.ready) stats.killedBeforeReady++;
        if (VERBOSE) console.log(`point ${point} ${JSON.stringify(plan)}: ready=${run.ready} after ${run.readyMs} ms, killed after ${run.totalMs} ms, checked after ${Math.round(performance.now() - pointStarted)} ms, acks=${acks.length} in flight ${unanswered?.kind ?? '-'} ${outcome}`);

        if (point % 10 === 9 || point === KILL_POINTS - 1) {
          expect(await reopenProblems(dataDir, snapshot), where).toEqual([]);
          stats.reopened++;
        }
      }
      expect(stats.payments, 'no payment was acknowledged at all').toBeGreaterThan(0);
      expect(stats.voids, 'no void was acknowledged at all').toBeGreaterThan(0);
      passed = true;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const final = [...model.payments.values()];
      console.log(
        `payments crash: ${KILL_POINTS} kill points in ${seconds} s (seed ${SEED}): ${stats.acknowledged} acknowledged (${stats.payments} payments, ${stats.voids} voids, ${stats.replays} replays); ` +
          `in flight at the kill: applied whole ${stats.inFlight.applied}, not applied ${stats.inFlight['not applied']}, none ${stats.inFlight.none}; ` +
          `retried after a kill ${stats.retriedAfterKill}; killed before ready ${stats.killedBeforeReady}; reopened in-process ${stats.reopened}; ` +
          `final ledger: ${final.filter((row) => row.status === 'paid').length} paid, ${final.filter((row) => row.status === 'voided').length} voided payments`,
      );
    } finally {
      rmSync(bundleDir, { recursive: true, force: true });
      if (passed) rmSync(dataDir, { recursive: true, force: true });
      else console.error(`payments crash: data folder kept for inspection: ${dataDir}`);
    }
  });
});
