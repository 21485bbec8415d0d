import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { createApi, type Api } from '../api/app.ts';
import type { ApiResponse } from '../api/envelope.ts';
import type { Principal } from '../api/principal.ts';
import type { Accrual } from '../domain/accrual.ts';
import { fixedClock } from '../domain/clock.ts';
import type { Payment } from '../domain/payment.ts';
import type { PayoutBatch } from '../domain/payout-batch.ts';
import { openDatabase, type PayoutsDatabase } from '../store/database.ts';
import { batchProblems, ledgerProblems } from './invariants.ts';

/**
 * Model-based test of holds, clawbacks, minimums and payout batches (SPEC §7) against the real
 * in-process API. Each sequence has its own project (three members with PayPal emails, a random
 * minimum payout) and starts with random accruals: earnings and clawbacks (negative), some held
 * for a few days. Random commands: add accruals, let days pass, draft a batch for a random subset
 * of members, delete / export a batch, settle its open lines at random (paid / failed), pay a
 * creator with auto-apply, pay named accruals, void a payment.
 *
 * A small model predicts every draft (which creators get a line, for which accruals and amount;
 * who is skipped as below the minimum or not positive), every refusal (a held accrual, one on an
 * open line, a clawback alone, a transition a batch's status forbids) and what auto-apply takes.
 * After every command the store is read directly: accrual statuses equal the model's, and the
 * invariants hold — SPEC §6's ledger invariants, "a clawback is never paid alone", "an accrual is
 * on at most one open batch line", "batch total = sum of its lines", a paid line's payment pays
 * exactly its accruals.
 *
 * BATCH_SEQUENCES (default 150; `npm run stress:batches` runs 5,000), BATCH_SEED to replay a failure.
 */

const SEQUENCES = Number(process.env.BATCH_SEQUENCES ?? 150);
const SEED = process.env.BATCH_SEED === undefined ? undefined : Number(process.env.BATCH_SEED);
const SEQUENCES_PER_STORE = 25;
const DAY = 86_400_000;

type Row = { member: number; amount: number; heldDays: number };
type Command =
  | { kind: 'add'; rows: Row[] }
  | { kind: 'days'; days: number }
  | { kind: 'draft'; members: boolean[] }
  | { kind: 'delete'; pick: number }
  | { kind: 'export'; pick: number }
  | { kind: 'settle'; pick: number; outcomes: boolean[]; allPaid: boolean }
  | { kind: 'auto'; member: number }
  | { kind: 'payIds'; picks: number[] }
  | { kind: 'void'; pick: number };

const row: fc.Arbitrary<Row> = fc.record({
  member: fc.integer({ min: 0, max: 2 }),
  amount: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 5000 }) }, { weight: 1, arbitrary: fc.integer({ min: -3000, max: -1 }) }),
  heldDays: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }) }),
});
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 2, arbitrary: fc.array(row, { minLength: 1, maxLength: 4 }).map((rows) => ({ kind: 'add' as const, rows })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((days) => ({ kind: 'days' as const, days })) },
  { weight: 4, arbitrary: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }).map((members) => ({ kind: 'draft' as const, members })) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: 'delete' as const, pick })) },
  { weight: 4, arbitrary: fc.nat().map((pick) => ({ kind: 'export' as const, pick })) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('settle' as const), pick: fc.nat(), outcomes: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), allPaid: fc.boolean() }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 2 }).map((member) => ({ kind: 'auto' as const, member })) },
  { weight: 2, arbitrary: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }).map((picks) => ({ kind: 'payIds' as const, picks })) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: 'void' as const, pick })) },
);

type ModelAccrual = { id: string; member: number; amount: number; payableAt: string; status: 'earned' | 'paid'; payment: string | null };
type ModelLine = { id: string; member: number; accruals: string[]; status: 'open' | 'paid' | 'failed' };
type ModelBatch = { id: string; status: 'draft' | 'exported' | 'settled'; lines: ModelLine[] };

type Store = { db: PayoutsDatabase; api: Api; clock: ReturnType<typeof fixedClock>; me: Principal; served: number };
let current: Store | null = null;
const stats = { sequences: 0, commands: 0, drafts: 0, lines: 0, settled: 0, refusals: new Map<string, number>() };

async function nextStore(): Promise<Store> {
  if (current && current.served >= SEQUENCES_PER_STORE) {
    await current.db.close();
    current = null;
  }
  if (!current) {
    const db = await openDatabase({ storage: getRxStorageMemory(), name: `batches-${crypto.randomUUID()}` });
    const clock = fixedClock('2026-03-02T00:00:00.000Z');
    const api = await createApi({ db, clock, config: { rateLimit: { perMinute: 1_000_000, perDay: 1_000_000_000 } }, onInternalError: (error) => { throw error; } });
    current = { db, api, clock, me: api.localPrincipal(), served: 0 };
  }
  current.served++;
  return current;
}

afterAll(async () => {
  await current?.db.close();
});

const data = (response: ApiResponse) => (response.body as { data: any }).data;
const code = (response: ApiResponse) => (response.body as { error: { code: string } | null }).error?.code ?? null;

async function runSequence(minimum: number, initial: Row[], commands: Command[]): Promise<void> {
  const { api, db, clock, me } = await nextStore();
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, idempotencyKey?: string) =>
    api.handle({ method, path, body, ...(idempotencyKey !== undefined && { idempotencyKey }) }, me);
  const must = async (method: 'POST' | 'PATCH', path: string, body?: unknown) => {
    const response = await call(method, path, body);
    if (response.status >= 300) throw new Error(`setup ${method} ${path}: ${JSON.stringify(response.body)}`);
    return data(response);
  };
  const project = (await must('POST', '/projects', { name: `Batch model ${crypto.randomUUID()}`, timezone: 'UTC', min_payout_cents: minimum })).id as string;
  const members: string[] = [];
  for (const name of ['a', 'b', 'c']) members.push((await must('POST', '/creators', { name: `${name}-${crypto.randomUUID().slice(0, 8)}`, email: `${name}@example.com` })).id);
  await must('POST', `/projects/${project}/creators`, { creator_ids: members });
  const structure = (await must('POST', '/payout-structures', { project_id: project, name: 'S', currency: 'USD', period: 'weekly', amount_cents: 100, criteria_type: 'recurring', criteria_params: {}, proration_mode: 'prorate' })).structure_id as string;
  const paypal = ((data(await call('GET', '/payout-methods')) as { id: string; name: string }[]).find((method) => method.name === 'PayPal') as { id: string }).id;

  const accruals: ModelAccrual[] = [];
  const batches: ModelBatch[] = [];
  const payments: string[] = [];
  let added = 0;
  const now = () => clock.now().toISOString();
  const onOpenLine = (id: string) => batches.some((batch) => batch.status !== 'settled' && batch.lines.some((line) => line.status === 'open' && line.accruals.includes(id)));
  const payable = (accrual: ModelAccrual) => accrual.status === 'earned' && accrual.payableAt <= now() && !onOpenLine(accrual.id);

  async function add(rows: Row[]): Promise<void> {
    const at = now();
    const docs: Accrual[] = rows.map((item) => {
      const start = clock.now().getTime() - (400 + added++) * DAY;
      return {
        id: crypto.randomUUID(),
        org_id: api.orgId,
        project_id: project,
        structure_id: structure,
        version_id: crypto.randomUUID(),
        version_number: 1,
        creator_id: members[item.member] as string,
        criteria_type: 'recurring',
        period_start_at: new Date(start).toISOString(),
        period_end_at: new Date(start + DAY).toISOString(),
        video_id: null,
        view_count: null,
        referral_id: null,
        referral_event_id: null,
        kind: item.amount < 0 ? 'clawback' : 'accrual',
        payable_at: new Date(clock.now().getTime() + item.heldDays * DAY).toISOString(),
        amount_cents: item.amount,
        currency: 'USD',
        status: 'earned',
        inputs_snapshot: { injected_by: 'batch-model.test' },
        run_id: crypto.randomUUID(),
        payment_id: null,
        paid_at: null,
        created_at: at,
        updated_at: at,
      };
    });
    expect((await db.accruals.bulkInsert(docs)).error).toEqual([]);
    for (const [index, doc] of docs.entries()) accruals.push({ id: doc.id, member: (rows[index] as Row).member, amount: doc.amount_cents, payableAt: doc.payable_at, status: 'earned', payment: null });
  }

  const count = (what: string) => stats.refusals.set(what, (stats.refusals.get(what) ?? 0) + 1);
  const expectRefused = (response: ApiResponse, expected: string) => {
    expect(code(response), JSON.stringify(response.body)).toBe(expected);
    count(expected);
  };

  async function check(label: string): Promise<void> {
    const storedAccruals = (await db.accruals.find({ selector: { project_id: project } }).exec()).map((doc) => doc.toMutableJSON());
    const storedPayments = (await db.payments.find({ selector: { project_id: project } }).exec()).map((doc) => doc.toMutableJSON() as Payment);
    const storedBatches = (await db.payout_batches.find({ selector: { project_id: project } }).exec()).map((doc) => doc.toMutableJSON() as PayoutBatch);
    expect(ledgerProblems(storedPayments, storedAccruals), label).toEqual([]);
    expect(batchProblems(storedBatches, storedAccruals, storedPayments), label).toEqual([]);
    const byId = new Map(storedAccruals.map((accrual) => [accrual.id, accrual]));
    for (const accrual of accruals) expect([accrual.id, byId.get(accrual.id)?.status], label).toEqual([accrual.id, accrual.status]);
    expect(storedBatches.map((batch) => [batch.id, batch.status]).sort(), label).toEqual(batches.map((batch) => [batch.id, batch.status]).sort());
  }

  /** What the model pays a creator now (auto-apply): payable accruals, or none when they are only clawbacks or net below zero. */
  const autoApplied = (member: number) => {
    const taken = accruals.filter((accrual) => accrual.member === member && payable(accrual));
    const net = taken.reduce((sum, accrual) => sum + accrual.amount, 0);
    return taken.some((accrual) => accrual.amount > 0) && net >= 0 ? taken : [];
  };

  async function settleModel(batch: ModelBatch, settled: PayoutBatch): Promise<void> {
    for (const line of batch.lines) {
      const stored = settled.lines.find((candidate) => candidate.id === line.id);
      if (!stored) throw new Error(`line ${line.id} is gone`);
      if (stored.status === 'paid' && line.status === 'open') {
        for (const id of line.accruals) Object.assign(accruals.find((accrual) => accrual.id === id) as ModelAccrual, { status: 'paid', payment: stored.payment_id });
        payments.push(stored.payment_id as string);
      }
      line.status = stored.status;
    }
    batch.status = settled.status;
  }

  await add(initial);
  await check('initial');
  for (const [step, cmd] of commands.entries()) {
    stats.commands++;
    const label = `step ${step}: ${JSON.stringify(cmd)}`;
    switch (cmd.kind) {
      case 'add':
        await add(cmd.rows);
        break;
      case 'days':
        clock.advance(cmd.days * DAY);
        break;
      case 'draft': {
        const chosen = members.flatMap((id, index) => (cmd.members[index] ? [index] : []));
        const body = { project_id: project, method_id: paypal, ...(chosen.length > 0 && chosen.length < 3 && { creator_ids: chosen.map((index) => members[index]) }) };
        const included = chosen.length > 0 && chosen.length < 3 ? chosen : [0, 1, 2];
        const expected = included.flatMap((member) => {
          const taken = accruals.filter((accrual) => accrual.member === member && payable(accrual));
          const balance = taken.reduce((sum, accrual) => sum + accrual.amount, 0);
          return taken.length > 0 && balance > 0 && balance >= minimum ? [{ member, accruals: taken.map((accrual) => accrual.id).sort(), amount: balance }] : [];
        });
        const response = await call('POST', '/payout-batches', body);
        if (expected.length === 0) {
          expectRefused(response, 'nothing_to_pay');
          break;
        }
        expect(response.status, `${label}: ${JSON.stringify(response.body)}`).toBe(201);
        const batch = data(response) as PayoutBatch;
        const got = batch.lines.map((line) => ({ member: members.indexOf(line.creator_id), accruals: [...line.accrual_ids].sort(), amount: line.amount_cents }));
        expect(got.sort((a, b) => a.member - b.member), label).toEqual(expected);
        batches.push({ id: batch.id, status: 'draft', lines: batch.lines.map((line) => ({ id: line.id, member: members.indexOf(line.creator_id), accruals: line.accrual_ids, status: 'open' })) });
        stats.drafts++;
        stats.lines += batch.lines.length;
        break;
      }
      case 'delete':
      case 'export': {
        const batch = batches[cmd.pick % Math.max(1, batches.length)];
        if (!batch) break;
        const response = cmd.kind === 'delete' ? await call('DELETE', `/payout-batches/${batch.id}`) : await call('POST', `/payout-batches/${batch.id}/export`);
        if (batch.status !== 'draft') {
          expectRefused(response, 'invalid_transition');
          break;
        }
        expect(response.status, label).toBe(200);
        if (cmd.kind === 'delete') batches.splice(batches.indexOf(batch), 1);
        else batch.status = 'exported';
        break;
      }
      case 'settle': {
        const batch = batches[cmd.pick % Math.max(1, batches.length)];
        if (!batch) break;
        const open = batch.lines.filter((line) => line.status === 'open');
        const lines = cmd.allPaid ? 'all_paid' : open.slice(0, 3).map((line, index) => (cmd.outcomes[index] ? { line_id: line.id, status: 'paid' } : { line_id: line.id, status: 'failed', failure_reason: 'Returned by PayPal' }));
        if (Array.isArray(lines) && lines.length === 0) break;
        const response = await call('POST', `/payout-batches/${batch.id}/settle`, { lines }, crypto.randomUUID());
        if (batch.status !== 'exported') {
          expectRefused(response, 'invalid_transition');
          break;
        }
        expect(response.status, `${label}: ${JSON.stringify(response.body)}`).toBe(200);
        const settled = data(response) as PayoutBatch;
        await settleModel(batch, settled);
        if (settled.status === 'settled') stats.settled++;
        break;
      }
      case 'auto': {
        const taken = autoApplied(cmd.member);
        const total = Math.max(0, taken.reduce((sum, accrual) => sum + accrual.amount, 0));
        const response = await call('POST', '/payout-payments', { project_id: project, creator_id: members[cmd.member], total_amount_cents: total, auto_apply_outstanding: true }, crypto.randomUUID());
        expect(response.status, `${label}: ${JSON.stringify(response.body)}`).toBe(201);
        const payment = data(response) as Payment;
        expect(payment.payout_payment_lines.map((line) => line.accrual_id).sort(), label).toEqual(taken.map((accrual) => accrual.id).sort());
        for (const accrual of taken) Object.assign(accrual, { status: 'paid', payment: payment.id });
        payments.push(payment.id);
        break;
      }
      case 'payIds': {
        if (accruals.length === 0) break;
        const member = (accruals[(cmd.picks[0] as number) % accruals.length] as ModelAccrual).member;
        const own = accruals.filter((accrual) => accrual.member === member);
        const picked = [...new Set(cmd.picks.map((pick) => own[pick % own.length] as ModelAccrual))];
        const total = Math.max(0, picked.reduce((sum, accrual) => sum + accrual.amount, 0));
        const response = await call('POST', '/payout-payments', { project_id: project, creator_id: members[member], total_amount_cents: total, accrual_ids: picked.map((accrual) => accrual.id), adjustment_reason: 'rounded up to zero' }, crypto.randomUUID());
        const sum = picked.reduce((acc, accrual) => acc + accrual.amount, 0);
        // The first accrual (in the order sent) that is paid or held decides; then open batch lines.
        const first = picked.find((accrual) => accrual.status === 'paid' || accrual.payableAt > now());
        if (first) expectRefused(response, first.status === 'paid' ? 'accrual_in_other_payment' : 'accrual_not_settleable');
        else if (picked.some((accrual) => onOpenLine(accrual.id))) expectRefused(response, 'accrual_not_settleable');
        else if (picked.some((accrual) => accrual.amount < 0) && (picked.every((accrual) => accrual.amount < 0) || sum < 0)) expectRefused(response, 'accrual_not_settleable');
        else {
          expect(response.status, `${label}: ${JSON.stringify(response.body)}`).toBe(201);
          const payment = data(response) as Payment;
          for (const accrual of picked) Object.assign(accrual, { status: 'paid', payment: payment.id });
          payments.push(payment.id);
        }
        break;
      }
      case 'void': {
        const id = payments[cmd.pick % Math.max(1, payments.length)];
        if (!id) break;
        const response = await call('PATCH', `/payout-payments/${id}`, { status: 'voided' });
        expect(response.status, label).toBe(200);
        payments.splice(payments.indexOf(id), 1);
        for (const accrual of accruals) if (accrual.payment === id) Object.assign(accrual, { status: 'earned', payment: null });
        break;
      }
    }
    await check(label);
  }
  stats.sequences++;
}

describe('payout batches, holds, clawbacks and minimums: model-based', () => {
  it(`${SEQUENCES} random sequences keep to the model and the invariants`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(0, 0, 1000, 3000), fc.array(row, { minLength: 0, maxLength: 8 }), fc.array(command, { minLength: 1, maxLength: 20 }), (minimum, initial, commands) => runSequence(minimum, initial, commands)),
      { numRuns: SEQUENCES, ...(SEED !== undefined && { seed: SEED }) },
    );
    console.log(`batch model: ${stats.sequences} sequences, ${stats.commands} commands, ${stats.drafts} drafts (${stats.lines} lines), ${stats.settled} batches settled; refusals ${JSON.stringify(Object.fromEntries(stats.refusals))}`);
    // The sequences exercise what they claim to: drafts, settlements and each refusal happen.
    expect(stats.drafts).toBeGreaterThan(0);
    expect(stats.settled).toBeGreaterThan(0);
    for (const refusal of ['nothing_to_pay', 'invalid_transition', 'accrual_not_settleable', 'accrual_in_other_payment']) expect(stats.refusals.get(refusal) ?? 0, refusal).toBeGreaterThan(0);
  }, 600_000);
});
