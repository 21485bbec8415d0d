import { ledgerProblems } from './invariants.ts';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { createApi, type Api } from '../api/app.ts';
import type { ApiResponse } from '../api/envelope.ts';
import type { Principal } from '../api/principal.ts';
import type { Accrual } from '../domain/accrual.ts';
import { fixedClock } from '../domain/clock.ts';
import type { Payment } from '../domain/payment.ts';
import { openDatabase, type PayoutsDatabase } from '../store/database.ts';

/**
 * Model-based test of the payments ledger (SPEC §6) against the real in-process API.
 *
 * Each random sequence gets its own catalog (2 projects, 3 creators, a weekly and a daily
 * recurring structure with random amounts, 0–10 earned accruals of random amounts added directly
 * to the store) and runs 1–24 random commands: accrue (advance the clock 1–7 days and run the
 * engine), add accruals (directly, random amounts), pay by ids (random subset, any status, the owner or
 * another or no creator, exact / off / arbitrary total, no / blank / real reason, sometimes an
 * unknown id, a backdated or a future paid_at, auto_apply_outstanding alongside), pay with
 * auto_apply_outstanding, pay ad hoc, retry a previous request with its key and body, reuse a
 * previous key with another body, send one request twice at once, pay without a key, void a
 * payment, reject or void an accrual.
 *
 * A small model predicts every answer: the status (and for refusals the error code, one of
 * those that apply when several do), the lines and the adjustment of a recorded payment, that a
 * retry of a stored answer replays it byte for byte (`JSON.stringify` of the body, what the HTTP
 * server sends) and that a 400 is not stored. After EVERY command the store is read directly and
 * must equal the model (every accrual's status and payment, every payment's status, lines and
 * total, the number of payments) and satisfy SPEC §6's invariants: an accrual is linked to at
 * most one non-voided payment; it is paid iff it is linked to one (payment_id and paid_at are
 * that payment's); total = sum(lines) + sum(adjustments) for every payment; no amount is
 * negative except an adjustment. An answer that must change nothing (replay, 409, 422, 404, 400)
 * leaves the ledger exactly as it was, and a key is in the journal at most once.
 *
 * Speed: stores are shared by SEQUENCES_PER_STORE sequences (each sequence has its own projects
 * and archives its structures at the end, so the engine stops accruing for it); only one store is
 * open at a time (RxDB's free build allows 13 open collections per process; a store has 9).
 *
 * LEDGER_SEQUENCES (default 1000; `npm run stress:ledger` runs 20,000), LEDGER_SEED to replay a
 * failure (fast-check prints the seed and the shrunk command list).
 */

const SEQUENCES = Number(process.env.LEDGER_SEQUENCES ?? 1000);
const SEED = process.env.LEDGER_SEED === undefined ? undefined : Number(process.env.LEDGER_SEED);
const SEQUENCES_PER_STORE = 50;
const DAY = 86_400_000;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

// ---------------------------------------------------------------------------------------------
// Commands (data only; indices are resolved against the model when the command runs)

type CreatorChoice = { kind: 'owner' } | { kind: 'none' } | { kind: 'index'; index: number } | { kind: 'unknown' };
type TotalChoice = { kind: 'exact' } | { kind: 'delta'; delta: number } | { kind: 'value'; value: number };
type ReasonChoice = 'none' | 'blank' | 'text';
type PaidAtChoice = 'now' | 'backdated' | 'future';
type PayByIds = {
  kind: 'payIds';
  /** clean: earned accruals of one creator in one project; mixed: any accruals. */
  mix: 'clean' | 'mixed';
  picks: number[];
  otherProject: boolean;
  creator: CreatorChoice;
  total: TotalChoice;
  reason: ReasonChoice;
  unknownAccrual: boolean;
  alsoAuto: boolean;
  paidAt: PaidAtChoice;
};
/** An accrual added directly to the store: project 0 or 1, the first or second creator of that project. */
type Injected = { project: number; member: number; amount: number };
type Command =
  | { kind: 'accrue'; days: number }
  | { kind: 'inject'; accruals: Injected[] }
  | PayByIds
  | { kind: 'payAuto'; project: number; creator: number; total: TotalChoice; reason: ReasonChoice }
  | { kind: 'payAdHoc'; project: number; creator: number | null; total: number }
  | { kind: 'retry'; pick: number }
  | { kind: 'reuse'; pick: number; change: 'total' | 'note' | 'accruals' }
  | { kind: 'twice'; pay: PayByIds }
  | { kind: 'noKey'; pay: PayByIds }
  | { kind: 'void'; pick: number; metadata: boolean }
  | { kind: 'setStatus'; pick: number; status: 'rejected' | 'voided' };

const creatorChoice: fc.Arbitrary<CreatorChoice> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'owner' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 2 }).map((index) => ({ kind: 'index' as const, index })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'unknown' as const }) },
);
const totalChoice: fc.Arbitrary<TotalChoice> = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ kind: 'exact' as const }) },
  { weight: 3, arbitrary: fc.integer({ min: -5000, max: 5000 }).filter((delta) => delta !== 0).map((delta) => ({ kind: 'delta' as const, delta })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 60_000 }).map((value) => ({ kind: 'value' as const, value })) },
);
const reasonChoice: fc.Arbitrary<ReasonChoice> = fc.constantFrom('none', 'text', 'text', 'blank');
const payByIds: fc.Arbitrary<PayByIds> = fc.record({
  kind: fc.constant('payIds' as const),
  mix: fc.constantFrom<'clean' | 'mixed'>('clean', 'clean', 'clean', 'mixed', 'mixed'),
  picks: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
  otherProject: fc.integer({ min: 0, max: 9 }).map((roll) => roll < 2),
  creator: creatorChoice,
  total: totalChoice,
  reason: reasonChoice,
  unknownAccrual: fc.integer({ min: 0, max: 14 }).map((roll) => roll === 0),
  alsoAuto: fc.boolean(),
  paidAt: fc.constantFrom<PaidAtChoice>('now', 'now', 'now', 'backdated', 'backdated', 'future'),
});

const injected: fc.Arbitrary<Injected> = fc.record({ project: fc.integer({ min: 0, max: 1 }), member: fc.integer({ min: 0, max: 1 }), amount: fc.integer({ min: 1, max: 20_000 }) });

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 7 }).map((days) => ({ kind: 'accrue' as const, days })) },
  { weight: 2, arbitrary: fc.array(injected, { minLength: 1, maxLength: 4 }).map((accruals) => ({ kind: 'inject' as const, accruals })) },
  { weight: 8, arbitrary: payByIds },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('payAuto' as const), project: fc.integer({ min: 0, max: 1 }), creator: fc.integer({ min: 0, max: 2 }), total: totalChoice, reason: reasonChoice }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('payAdHoc' as const),
      project: fc.integer({ min: 0, max: 1 }),
      creator: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
      total: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50_000 })),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('retry' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reuse' as const), pick: fc.nat(), change: fc.constantFrom('total' as const, 'note' as const, 'accruals' as const) }) },
  { weight: 2, arbitrary: payByIds.map((pay) => ({ kind: 'twice' as const, pay })) },
  { weight: 1, arbitrary: payByIds.map((pay) => ({ kind: 'noKey' as const, pay })) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('void' as const), pick: fc.nat(), metadata: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('setStatus' as const), pick: fc.nat(), status: fc.constantFrom('rejected' as const, 'voided' as const) }) },
);

const catalog = fc.record({
  weeklyCents: fc.integer({ min: 1, max: 20_000 }),
  dailyCents: fc.integer({ min: 1, max: 3_000 }),
  /** Accruals the sequence starts with (added directly, like `inject`). */
  accruals: fc.array(injected, { minLength: 0, maxLength: 10 }),
});

// ---------------------------------------------------------------------------------------------
// The model

type AccrualStatus = Accrual['status'];
type ModelAccrual = { id: string; project: string; creator: string; amount: number; status: AccrualStatus; payment: string | null };
type ModelPayment = { id: string; status: 'paid' | 'voided'; accrualIds: string[]; total: number; paidAt: string };
/** A request sent with an Idempotency-Key; `stored` is the answer the API keeps for it. */
type KeyedRequest = { key: string; body: Record<string, unknown>; stored: { status: number; text: string } | null };
type Model = { accruals: ModelAccrual[]; payments: Map<string, ModelPayment>; requests: KeyedRequest[] };

/** What the model expects of one POST /payout-payments. */
type Prediction =
  | { kind: 'refused'; codes: Set<string> }
  | { kind: 'reason_required' }
  | { kind: 'recorded'; accrualIds: string[]; total: number; adjustment: number; reason: string | null; paidAt: string | null };

const STATUS_OF_CODE: Record<string, number> = {
  not_found: 404,
  accrual_not_settleable: 409,
  accrual_in_other_payment: 409,
  invalid_body: 400,
  adjustment_reason_required: 400,
  idempotency_key_required: 400,
  idempotency_key_reused: 422,
  idempotency_key_in_use: 409,
  already_voided: 400,
  cannot_set_status_on_paid_accrual: 409,
  invalid_transition: 409,
};

function predictPayment(model: Model, body: Record<string, unknown>, now: string, known: { projects: string[]; creators: string[] }): Prediction {
  const codes = new Set<string>();
  const projectId = body.project_id as string;
  const creatorId = (body.creator_id as string | null | undefined) ?? null;
  if (!known.projects.includes(projectId)) codes.add('not_found');
  if (creatorId !== null && !known.creators.includes(creatorId)) codes.add('not_found');
  const paidAt = (body.paid_at as string | undefined) ?? null;
  if (paidAt !== null && paidAt > now) codes.add('invalid_body');
  let linked: ModelAccrual[] = [];
  if (Array.isArray(body.accrual_ids)) {
    for (const id of new Set(body.accrual_ids as string[])) {
      const accrual = model.accruals.find((row) => row.id === id);
      if (!accrual) codes.add('not_found');
      else linked.push(accrual);
    }
  } else if (body.auto_apply_outstanding === true) {
    if (creatorId === null) codes.add('invalid_body');
    linked = model.accruals.filter((row) => row.project === projectId && row.creator === creatorId && row.status === 'earned');
  }
  for (const accrual of linked) {
    if (accrual.status === 'paid') codes.add('accrual_in_other_payment');
    if (accrual.status === 'rejected' || accrual.status === 'voided') codes.add('accrual_not_settleable');
    if (accrual.project !== projectId) codes.add('accrual_not_settleable');
    if (creatorId !== null && accrual.creator !== creatorId) codes.add('accrual_not_settleable');
  }
  if (codes.size > 0) return { kind: 'refused', codes };
  const total = body.total_amount_cents as number;
  const sum = linked.reduce((acc, row) => acc + row.amount, 0);
  const reason = typeof body.adjustment_reason === 'string' && body.adjustment_reason.trim() ? body.adjustment_reason.trim() : null;
  if (linked.length > 0 && total !== sum && reason === null) return { kind: 'reason_required' };
  return { kind: 'recorded', accrualIds: linked.map((row) => row.id), total, adjustment: total - sum, reason, paidAt };
}

// ---------------------------------------------------------------------------------------------
// The system under test

type Store = { db: PayoutsDatabase; api: Api; clock: ReturnType<typeof fixedClock>; me: Principal; served: number };
let current: Store | null = null;
const stats = { sequences: 0, commands: 0, stores: 0, answers: new Map<string, number>() };

async function closeStore(): Promise<void> {
  const store = current;
  current = null;
  if (store) {
    await store.api.idle();
    await store.db.close();
  }
}

/** The shared store for the next sequence: a fresh one every SEQUENCES_PER_STORE sequences. */
async function nextStore(): Promise<Store> {
  if (current && current.served >= SEQUENCES_PER_STORE) await closeStore();
  if (!current) {
    const db = await openDatabase({ storage: getRxStorageMemory(), name: `ledger-${crypto.randomUUID()}` });
    const clock = fixedClock('2026-01-05T00:00:00.000Z');
    const api = await createApi({
      db,
      clock,
      // Like the durable store's transactions, a command's writes wait for the event loop once, so
      // a second request with the same key can arrive while the first is in flight.
      transaction: async (fn) => {
        await new Promise((done) => setImmediate(done));
        return fn();
      },
      config: { rateLimit: { perMinute: 1_000_000, perDay: 1_000_000_000 } },
      onInternalError: (error) => {
        throw error;
      },
    });
    current = { db, api, clock, me: api.localPrincipal(), served: 0 };
    stats.stores++;
  }
  current.served++;
  return current;
}

afterAll(async () => {
  await closeStore();
});

const text = (response: ApiResponse) => JSON.stringify(response.body);
const envelope = (response: ApiResponse) => response.body as { data: any; error: { code: string; message: string } | null; meta: Record<string, unknown> };

type Snapshot = { accruals: Accrual[]; payments: Payment[] };

/** One sequence: its own catalog in the shared store, the model, and the checks. */
async function runSequence(amounts: { weeklyCents: number; dailyCents: number; accruals: Injected[] }, commands: Command[]): Promise<void> {
  const store = await nextStore();
  const { api, db, clock, me } = store;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, idempotencyKey?: string) =>
    api.handle({ method, path, body, ...(idempotencyKey !== undefined && { idempotencyKey }) }, me);
  const must = async (method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) => {
    const response = await call(method, path, body);
    if (response.status >= 300) throw new Error(`setup ${method} ${path}: ${text(response)}`);
    return envelope(response).data;
  };

  const projects = [(await must('POST', '/projects', { name: 'P0', timezone: 'UTC' })).id as string, (await must('POST', '/projects', { name: 'P1', timezone: 'UTC' })).id as string];
  const creators: string[] = [];
  for (const name of ['c0', 'c1', 'c2']) creators.push((await must('POST', '/creators', { name })).id);
  const [p0, p1] = projects as [string, string];
  const [c0, c1, c2] = creators as [string, string, string];
  await must('POST', `/projects/${p0}/creators`, { creator_ids: [c0, c1] });
  await must('POST', `/projects/${p1}/creators`, { creator_ids: [c0, c2] });
  const weekly = (await must('POST', '/payout-structures', { project_id: p0, name: 'W', currency: 'USD', period: 'weekly', amount_cents: amounts.weeklyCents, criteria_type: 'recurring', criteria_params: {}, proration_mode: 'prorate' })).structure_id;
  const daily = (await must('POST', '/payout-structures', { project_id: p1, name: 'D', currency: 'USD', period: 'daily', amount_cents: amounts.dailyCents, criteria_type: 'recurring', criteria_params: {}, proration_mode: 'prorate' })).structure_id;
  await must('POST', `/payout-structures/${weekly}/assignments`, { creator_ids: [c0, c1] });
  await must('POST', `/payout-structures/${daily}/assignments`, { creator_ids: [c0, c2] });
  const known = { projects, creators };
  const members = [
    [c0, c1],
    [c0, c2],
  ];
  const structures = [weekly, daily];
  let injectedCount = 0;

  /**
   * Adds earned accruals straight to the store, as the engine would write them (random amounts,
   * one-day periods long before the assignments, so the engine never evaluates those periods).
   */
  async function inject(rows: Injected[]): Promise<Accrual[]> {
    const now = clock.now().toISOString();
    const docs: Accrual[] = rows.map((row) => {
      const start = clock.now().getTime() - (400 + injectedCount++) * DAY;
      return {
        id: crypto.randomUUID(),
        org_id: api.orgId,
        project_id: projects[row.project] as string,
        structure_id: structures[row.project] as string,
        version_id: crypto.randomUUID(),
        version_number: 1,
        creator_id: members[row.project]?.[row.member] as string,
        criteria_type: 'recurring',
        period_start_at: new Date(start).toISOString(),
        period_end_at: new Date(start + DAY).toISOString(),
        video_id: null,
        view_count: null,
        referral_id: null,
        referral_event_id: null,
        kind: 'accrual',
        payable_at: new Date(start + DAY).toISOString(),
        amount_cents: row.amount,
        currency: 'USD',
        status: 'earned',
        inputs_snapshot: { injected_by: 'ledger-model.test' },
        run_id: crypto.randomUUID(),
        payment_id: null,
        paid_at: null,
        created_at: now,
        updated_at: now,
      };
    });
    const result = await db.accruals.bulkInsert(docs);
    expect(result.error).toEqual([]);
    return docs;
  }
  await inject(amounts.accruals);

  const model: Model = { accruals: [], payments: new Map(), requests: [] };
  let keyCounter = 0;
  const newKey = () => `seq-${stats.sequences}-${keyCounter++}-${crypto.randomUUID()}`;

  async function snapshot(): Promise<Snapshot> {
    const accruals = (await db.accruals.find({ selector: { project_id: { $in: projects } }, sort: [{ id: 'asc' }] }).exec()).map((doc) => doc.toMutableJSON());
    const payments = (await db.payments.find({ selector: { project_id: { $in: projects } }, sort: [{ id: 'asc' }] }).exec()).map((doc) => doc.toMutableJSON());
    return { accruals, payments };
  }

  /** SPEC §6's invariants, and the store equal to the model. */
  function check(state: Snapshot, where: string): void {
    const problems: string[] = ledgerProblems(state.payments, state.accruals);
    const accrualById = new Map(state.accruals.map((row) => [row.id, row]));
    const paymentById = new Map(state.payments.map((row) => [row.id, row]));
    // The model.
    if (state.accruals.length !== model.accruals.length) problems.push(`store has ${state.accruals.length} accruals, model ${model.accruals.length}`);
    for (const expected of model.accruals) {
      const got = accrualById.get(expected.id);
      if (!got) problems.push(`model accrual ${expected.id} missing`);
      else if (got.status !== expected.status || got.payment_id !== expected.payment || got.amount_cents !== expected.amount) {
        problems.push(`accrual ${expected.id}: store ${got.status}/${got.payment_id}/${got.amount_cents}, model ${expected.status}/${expected.payment}/${expected.amount}`);
      }
    }
    if (state.payments.length !== model.payments.size) problems.push(`store has ${state.payments.length} payments, model ${model.payments.size}`);
    for (const expected of model.payments.values()) {
      const got = paymentById.get(expected.id);
      if (!got) problems.push(`model payment ${expected.id} missing`);
      else {
        const lines = got.payout_payment_lines.map((line) => line.accrual_id).sort();
        if (got.status !== expected.status || got.total_amount_cents !== expected.total || JSON.stringify(lines) !== JSON.stringify([...expected.accrualIds].sort()) || got.paid_at !== expected.paidAt) {
          problems.push(`payment ${expected.id}: store ${got.status} ${got.total_amount_cents} [${lines}] ${got.paid_at}, model ${JSON.stringify(expected)}`);
        }
      }
    }
    expect(problems, where).toEqual([]);
  }

  function expectCode(response: ApiResponse, codes: Set<string> | string[], where: string): string {
    const error = envelope(response).error;
    expect(error, `${where}: expected one of ${[...codes].join(', ')}, got ${response.status} ${text(response)}`).not.toBeNull();
    const code = (error as { code: string }).code;
    expect([...codes], `${where}: ${text(response)}`).toContain(code);
    expect(response.status, where).toBe(STATUS_OF_CODE[code]);
    return code;
  }

  /** Checks a fresh (not replayed) answer to a payment request against the prediction and applies it. */
  function applyPayment(prediction: Prediction, response: ApiResponse, where: string): void {
    expect(response.headers['Idempotent-Replayed'], where).toBeUndefined();
    if (prediction.kind === 'refused') {
      expectCode(response, prediction.codes, where);
      return;
    }
    if (prediction.kind === 'reason_required') {
      expectCode(response, ['adjustment_reason_required'], where);
      return;
    }
    expect(response.status, `${where}: ${text(response)}`).toBe(201);
    const payment = envelope(response).data as Payment;
    expect(payment.payout_payment_lines.map((line) => line.accrual_id).sort(), where).toEqual([...prediction.accrualIds].sort());
    for (const line of payment.payout_payment_lines) expect(line.amount_cents, where).toBe(model.accruals.find((row) => row.id === line.accrual_id)?.amount);
    expect(payment.total_amount_cents, where).toBe(prediction.total);
    expect(payment.status, where).toBe('paid');
    if (prediction.accrualIds.length > 0) {
      // Linked accruals: one adjustment row for a difference, with the reason given.
      expect(payment.payout_adjustments.map((row) => [row.amount_cents, row.reason]), where).toEqual(prediction.adjustment === 0 ? [] : [[prediction.adjustment, prediction.reason]]);
    }
    expect(payment.paid_at, where).toBe(prediction.paidAt ?? clock.now().toISOString());
    model.payments.set(payment.id, { id: payment.id, status: 'paid', accrualIds: prediction.accrualIds, total: prediction.total, paidAt: payment.paid_at });
    for (const id of prediction.accrualIds) {
      const accrual = model.accruals.find((row) => row.id === id) as ModelAccrual;
      accrual.status = 'paid';
      accrual.payment = payment.id;
    }
  }

  /** Records that a keyed request got this answer; 400s (and 409 in use) are not stored. */
  function remember(request: KeyedRequest, response: ApiResponse): void {
    const code = envelope(response).error?.code;
    if (request.stored === null && response.status !== 400 && code !== 'idempotency_key_in_use') request.stored = { status: response.status, text: text(response) };
  }

  const count = (label: string) => stats.answers.set(label, (stats.answers.get(label) ?? 0) + 1);

  function buildPayByIds(cmd: PayByIds): Record<string, unknown> {
    const pool = model.accruals;
    const earned = pool.filter((row) => row.status === 'earned');
    let picked: ModelAccrual[];
    if (cmd.mix === 'clean' && earned.length > 0) {
      const first = earned[(cmd.picks[0] as number) % earned.length] as ModelAccrual;
      const group = earned.filter((row) => row.project === first.project && row.creator === first.creator);
      picked = [first, ...cmd.picks.slice(1).map((pick) => group[pick % group.length] as ModelAccrual)];
    } else {
      picked = pool.length === 0 ? [] : cmd.picks.map((pick) => pool[pick % pool.length] as ModelAccrual);
    }
    const owner = picked[0];
    const ownerProject = owner?.project ?? p0;
    const projectId = cmd.otherProject ? (ownerProject === p0 ? p1 : p0) : ownerProject;
    const creatorId =
      cmd.creator.kind === 'owner' ? (owner?.creator ?? c0) : cmd.creator.kind === 'none' ? null : cmd.creator.kind === 'unknown' ? UNKNOWN_ID : (creators[cmd.creator.index] as string);
    const ids = picked.map((row) => row.id);
    if (cmd.unknownAccrual || ids.length === 0) ids.push(UNKNOWN_ID);
    const sum = [...new Set(picked)].reduce((acc, row) => acc + row.amount, 0);
    const total = cmd.total.kind === 'exact' ? sum : cmd.total.kind === 'delta' ? Math.max(0, sum + cmd.total.delta) : cmd.total.value;
    const now = clock.now().getTime();
    return {
      project_id: projectId,
      ...(creatorId !== null ? { creator_id: creatorId } : cmd.creator.kind === 'none' && cmd.picks.length % 2 === 0 ? { creator_id: null } : {}),
      total_amount_cents: total,
      accrual_ids: ids,
      ...(cmd.alsoAuto && { auto_apply_outstanding: true }),
      ...(cmd.reason === 'text' && { adjustment_reason: `  reason ${cmd.picks.length}  ` }),
      ...(cmd.reason === 'blank' && { adjustment_reason: '   ' }),
      ...(cmd.paidAt === 'backdated' && { paid_at: new Date(now - (1 + (cmd.picks[0] ?? 0) % 5000) * 60_000).toISOString() }),
      ...(cmd.paidAt === 'future' && { paid_at: new Date(now + 60_000).toISOString() }),
    };
  }

  function totalFor(choice: TotalChoice, sum: number): number {
    return choice.kind === 'exact' ? sum : choice.kind === 'delta' ? Math.max(0, sum + choice.delta) : choice.value;
  }

  /** Sends a new keyed payment request and checks it against the model. */
  async function freshPayment(body: Record<string, unknown>, where: string): Promise<void> {
    const request: KeyedRequest = { key: newKey(), body, stored: null };
    model.requests.push(request);
    const prediction = predictPayment(model, body, clock.now().toISOString(), known);
    const response = await call('POST', '/payout-payments', body, request.key);
    applyPayment(prediction, response, where);
    remember(request, response);
    count(`${where.split(' ')[0]} → ${response.status}`);
  }

  let state = await snapshot();
  const byPeriod = (a: Accrual, b: Accrual) => (a.period_end_at === b.period_end_at ? (a.id < b.id ? -1 : 1) : a.period_end_at < b.period_end_at ? -1 : 1);
  for (const row of [...state.accruals].sort(byPeriod)) {
    model.accruals.push({ id: row.id, project: row.project_id, creator: row.creator_id, amount: row.amount_cents, status: 'earned', payment: null });
  }
  check(state, 'after setup');
  try {
    for (const [index, cmd] of commands.entries()) {
      const where = `${cmd.kind} (command ${index}: ${JSON.stringify(cmd)})`;
      const before = state;
      let unchanged = false;
      let keyToCheck: string | null = null;
      switch (cmd.kind) {
        case 'accrue': {
          clock.advance(cmd.days * DAY);
          const response = await call('POST', '/accrual-runs', {});
          expect(response.status, `${where}: ${text(response)}`).toBe(201);
          const after = await snapshot();
          const knownIds = new Set(model.accruals.map((row) => row.id));
          const fresh = after.accruals.filter((row) => !knownIds.has(row.id)).sort(byPeriod);
          expect(envelope(response).data.created, where).toBe(fresh.length);
          for (const row of fresh) {
            expect(row.status, where).toBe('earned');
            model.accruals.push({ id: row.id, project: row.project_id, creator: row.creator_id, amount: row.amount_cents, status: 'earned', payment: null });
          }
          count('accrue');
          break;
        }
        case 'inject': {
          for (const row of await inject(cmd.accruals)) {
            model.accruals.push({ id: row.id, project: row.project_id, creator: row.creator_id, amount: row.amount_cents, status: 'earned', payment: null });
          }
          break;
        }
        case 'payIds':
          await freshPayment(buildPayByIds(cmd), where);
          break;
        case 'payAuto': {
          const projectId = projects[cmd.project] as string;
          const creatorId = creators[cmd.creator] as string;
          const sum = model.accruals.filter((row) => row.project === projectId && row.creator === creatorId && row.status === 'earned').reduce((acc, row) => acc + row.amount, 0);
          await freshPayment(
            {
              project_id: projectId,
              creator_id: creatorId,
              total_amount_cents: totalFor(cmd.total, sum),
              auto_apply_outstanding: true,
              ...(cmd.reason === 'text' && { adjustment_reason: 'auto' }),
              ...(cmd.reason === 'blank' && { adjustment_reason: '' }),
            },
            where,
          );
          break;
        }
        case 'payAdHoc':
          await freshPayment({ project_id: projects[cmd.project], creator_id: cmd.creator === null ? null : creators[cmd.creator], total_amount_cents: cmd.total, note: 'ad hoc' }, where);
          break;
        case 'retry': {
          const request = model.requests[cmd.pick % Math.max(1, model.requests.length)];
          if (!request) break;
          keyToCheck = request.key;
          const response = await call('POST', '/payout-payments', request.body, request.key);
          if (request.stored) {
            // A replay: the original status and body, byte for byte; nothing changes.
            expect([response.status, text(response)], where).toEqual([request.stored.status, request.stored.text]);
            expect(response.headers['Idempotent-Replayed'], where).toBe('true');
            unchanged = true;
            count('retry → replay');
          } else {
            // Only 400s went unstored: the retry is evaluated again.
            applyPayment(predictPayment(model, request.body, clock.now().toISOString(), known), response, where);
            remember(request, response);
            count(`retry → evaluated again → ${response.status}`);
          }
          break;
        }
        case 'reuse': {
          const request = model.requests[cmd.pick % Math.max(1, model.requests.length)];
          if (!request) break;
          keyToCheck = request.key;
          const body = { ...request.body };
          if (cmd.change === 'total') body.total_amount_cents = (body.total_amount_cents as number) + 1;
          else if (cmd.change === 'note') body.note = `changed ${index}`;
          else body.accrual_ids = [...((body.accrual_ids as string[] | undefined) ?? []), UNKNOWN_ID];
          const response = await call('POST', '/payout-payments', body, request.key);
          if (request.stored) {
            expectCode(response, ['idempotency_key_reused'], where);
            unchanged = true;
            count('reuse → 422');
          } else {
            applyPayment(predictPayment(model, body, clock.now().toISOString(), known), response, where);
            request.body = body;
            remember(request, response);
            count(`reuse of an unstored key → ${response.status}`);
          }
          break;
        }
        case 'twice': {
          const body = buildPayByIds(cmd.pay);
          const request: KeyedRequest = { key: newKey(), body, stored: null };
          model.requests.push(request);
          keyToCheck = request.key;
          const prediction = predictPayment(model, body, clock.now().toISOString(), known);
          const [first, second] = await Promise.all([call('POST', '/payout-payments', body, request.key), call('POST', '/payout-payments', body, request.key)]);
          // One of the two is the request itself; the other met it in flight, replays it, or (400s
          // are not stored) was evaluated again on an unchanged ledger, with the same answer.
          const inUse = (response: ApiResponse) => envelope(response).error?.code === 'idempotency_key_in_use';
          const [original, other] = inUse(first) || first.headers['Idempotent-Replayed'] ? [second, first] : [first, second];
          applyPayment(prediction, original, where);
          if (inUse(other)) expect(other.status, where).toBe(409);
          else expect([other.status, text(other)], where).toEqual([original.status, text(original)]);
          remember(request, original);
          count(`twice → ${original.status} + ${inUse(other) ? '409 in use' : other.headers['Idempotent-Replayed'] ? 'replay' : 'again'}`);
          break;
        }
        case 'noKey': {
          const response = await call('POST', '/payout-payments', buildPayByIds(cmd.pay));
          expectCode(response, ['idempotency_key_required'], where);
          unchanged = true;
          break;
        }
        case 'void': {
          const payments = [...model.payments.values()];
          const target = payments[cmd.pick % Math.max(1, payments.length)];
          const body = { status: 'voided', ...(cmd.metadata && { metadata: { voided_by: 'model' } }) };
          const response = await call('PATCH', `/payout-payments/${target?.id ?? UNKNOWN_ID}`, body);
          if (!target) {
            expectCode(response, ['not_found'], where);
            unchanged = true;
          } else if (target.status === 'voided') {
            expectCode(response, ['already_voided'], where);
            unchanged = true;
            count('void → already_voided');
          } else {
            expect(response.status, `${where}: ${text(response)}`).toBe(200);
            expect(envelope(response).data.status, where).toBe('voided');
            target.status = 'voided';
            for (const id of target.accrualIds) {
              const accrual = model.accruals.find((row) => row.id === id) as ModelAccrual;
              accrual.status = 'earned';
              accrual.payment = null;
            }
            count('void → 200');
          }
          break;
        }
        case 'setStatus': {
          const target = model.accruals[cmd.pick % Math.max(1, model.accruals.length)];
          if (!target) break;
          const response = await call('PATCH', `/payout-accruals/${target.id}`, { status: cmd.status });
          if (target.status === 'earned') {
            expect(response.status, `${where}: ${text(response)}`).toBe(200);
            target.status = cmd.status;
          } else {
            expectCode(response, [target.status === 'paid' ? 'cannot_set_status_on_paid_accrual' : 'invalid_transition'], where);
            unchanged = true;
          }
          count(`${cmd.status} accrual → ${response.status}`);
          break;
        }
      }
      state = await snapshot();
      if (unchanged) expect(state, `${where}: must change nothing`).toEqual(before);
      check(state, where);
      for (const request of model.requests.slice(-1).concat(keyToCheck ? model.requests.filter((row) => row.key === keyToCheck) : [])) {
        const entries = await db.commands.count({ selector: { idempotency_key: request.key } }).exec();
        expect(entries, `${where}: journal entries for key ${request.key}`).toBe(request.stored ? 1 : 0);
      }
      stats.commands++;
    }
  } finally {
    // Archive this sequence's structures: the shared store's later runs no longer accrue for it.
    await call('DELETE', `/payout-structures/${weekly}`);
    await call('DELETE', `/payout-structures/${daily}`);
    stats.sequences++;
  }
}

describe('payments ledger: model-based', () => {
  it(`${SEQUENCES} random command sequences keep the model and SPEC §6's invariants`, { timeout: Math.max(180_000, SEQUENCES * 200) }, async () => {
    const started = performance.now();
    try {
      await fc.assert(
        fc.asyncProperty(catalog, fc.array(command, { minLength: 1, maxLength: 24 }), async (amounts, commands) => {
          await runSequence(amounts, commands);
        }),
        { numRuns: SEQUENCES, ...(SEED !== undefined && { seed: SEED }) },
      );
    } finally {
      await closeStore();
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const answers = [...stats.answers].sort(([a], [b]) => (a < b ? -1 : 1)).map(([label, n]) => `${label}: ${n}`);
    console.log(`ledger model: ${stats.sequences} sequences, ${stats.commands} commands, ${stats.stores} stores in ${seconds} s\n  ${answers.join('\n  ')}`);
  });
});
