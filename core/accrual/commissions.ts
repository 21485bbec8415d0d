import type { Accrual } from '../domain/accrual.ts';
import { commissionAccrualId } from '../domain/accrual.ts';
import { roundHalfUpToCents } from '../domain/money.ts';
import { commissionParamsOf, versionInEffect, type StructureDoc, type StructureVersion } from '../domain/payout-structure.ts';
import type { ReferralDoc, ReferralEvent } from '../domain/referral.ts';

const DAY_MS = 86_400_000;

/** The commission an event earns: amount × rate_bps / 10000 + flat_cents, rounded once, half up. */
export function commissionCents(eventAmountCents: number, params: { rate_bps?: number | undefined; flat_cents?: number | undefined }): { amount_cents: number; unrounded_cents: string } {
  const numerator = BigInt(eventAmountCents) * BigInt(params.rate_bps ?? 0) + BigInt(params.flat_cents ?? 0) * 10_000n;
  return { amount_cents: roundHalfUpToCents(numerator, 10_000n), unrounded_cents: reduced(numerator, 10_000n) };
}

/**
 * What refunds have taken back of a commission, pro rata: round(commission × refunded / spent),
 * half up. Each refund's clawback is the difference between this after and before it, so
 * partial refunds that add up to the whole event take back exactly the whole commission.
 */
export function clawedBackCents(commissionAmountCents: number, refundedCents: number, eventAmountCents: number): number {
  return roundHalfUpToCents(BigInt(commissionAmountCents) * BigInt(refundedCents), BigInt(eventAmountCents));
}

/** When a commission on an event at `occurredAt` may be paid: hold_days (of 24 hours) later. */
export function payableAt(occurredAt: string, holdDays: number): string {
  return new Date(Date.parse(occurredAt) + holdDays * DAY_MS).toISOString();
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function reduced(numerator: bigint, denominator: bigint): string {
  const divisor = gcd(numerator, denominator) || 1n;
  const [n, d] = [numerator / divisor, denominator / divisor];
  return d === 1n ? n.toString() : `${n.toString()}/${d.toString()}`;
}

export type CommissionAssignment = { creator_id: string; assigned_at: string; unassigned_at: string | null };

/** The parts of an accrual this evaluation decides; the run fills in the rest. */
export type NewCommissionAccrual = Omit<Accrual, 'org_id' | 'project_id' | 'structure_id' | 'currency' | 'status' | 'run_id' | 'payment_id' | 'paid_at' | 'created_at' | 'updated_at'>;

export type CommissionInput = {
  structure: Pick<StructureDoc, 'id' | 'versions' | 'archived_at'>;
  assignments: readonly CommissionAssignment[];
  /** Every event of the structure's project, refunds included. */
  events: readonly Readonly<ReferralEvent>[];
  referrals: ReadonlyMap<string, Pick<ReferralDoc, 'id' | 'external_id' | 'customer_label'>>;
  /** Every accrual of the structure already stored. */
  existing: ReadonlyMap<string, Readonly<Accrual>>;
  asOf: string;
};

export type CommissionOutcome = {
  created: NewCommissionAccrual[];
  /** Stored, unpaid commissions (and their unpaid clawbacks) a full refund voids. */
  voided: { id: string; refund: Readonly<ReferralEvent> }[];
  already_present: number;
  skipped: number;
};

const byTime = (a: Readonly<ReferralEvent>, b: Readonly<ReferralEvent>) => (a.occurred_at < b.occurred_at ? -1 : a.occurred_at > b.occurred_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function isAssignedAt(assignments: readonly CommissionAssignment[], creatorId: string, at: string): boolean {
  return assignments.some((assignment) => assignment.creator_id === creatorId && assignment.assigned_at <= at && (assignment.unassigned_at === null || at < assignment.unassigned_at));
}

function eventOf(event: Readonly<ReferralEvent>) {
  return { id: event.id, external_id: event.external_id, type: event.type, amount_cents: event.amount_cents, currency: event.currency, occurred_at: event.occurred_at };
}

function versionOf(version: StructureVersion) {
  return { id: version.id, number: version.version_number, effective_from: version.effective_from };
}

/**
 * commission (SPEC §7): one accrual per (structure, event) for an event of a listed type that
 * happened, by `asOf`, while its creator was assigned and before the structure was archived;
 * then, in time order, each refund of such an event reverses its commission pro rata — a full
 * refund of an unpaid commission voids it, anything else is a clawback (negative, payable at
 * once). Pure: the caller reads the store and writes what this answers, so a re-run with the
 * same inputs answers nothing new.
 */
export function evaluateCommissions(input: CommissionInput): CommissionOutcome {
  const { structure, asOf } = input;
  const outcome: CommissionOutcome = { created: [], voided: [], already_present: 0, skipped: 0 };
  const events = input.events.filter((event) => event.occurred_at <= asOf).sort(byTime);
  const byId = new Map(events.map((event) => [event.id, event]));
  /** Commission accruals as they stand after this evaluation (stored or just made). */
  const accruals = new Map<string, Pick<Accrual, 'id' | 'amount_cents' | 'status' | 'creator_id' | 'version_id' | 'version_number'>>();
  for (const [id, accrual] of input.existing) accruals.set(id, accrual);
  const referralOf = (id: string) => {
    const referral = input.referrals.get(id);
    return { id, external_id: referral?.external_id ?? null, customer_label: referral?.customer_label ?? null };
  };

  for (const event of events) {
    if (event.type === 'refund') continue;
    const id = commissionAccrualId(structure.id, event.id);
    if (input.existing.has(id)) {
      outcome.already_present++;
      continue;
    }
    const version = versionInEffect(structure, event.occurred_at);
    if (version.criteria_type !== 'commission') continue;
    const params = commissionParamsOf(version);
    const isCounted =
      (params.event_types as readonly string[]).includes(event.type) &&
      event.currency === 'USD' &&
      (structure.archived_at === null || event.occurred_at < structure.archived_at) &&
      isAssignedAt(input.assignments, event.creator_id, event.occurred_at);
    if (!isCounted) continue;
    const amount = commissionCents(event.amount_cents, params);
    if (amount.amount_cents === 0) {
      outcome.skipped++;
      continue;
    }
    const payable = payableAt(event.occurred_at, params.hold_days);
    const accrual: NewCommissionAccrual = {
      id,
      version_id: version.id,
      version_number: version.version_number,
      creator_id: event.creator_id,
      criteria_type: 'commission',
      period_start_at: event.occurred_at,
      period_end_at: event.occurred_at,
      video_id: null,
      view_count: null,
      referral_id: event.referral_id,
      referral_event_id: event.id,
      kind: 'accrual',
      amount_cents: amount.amount_cents,
      payable_at: payable,
      inputs_snapshot: {
        version: versionOf(version),
        kind: 'accrual',
        event: eventOf(event),
        referral: referralOf(event.referral_id),
        rate_bps: params.rate_bps ?? null,
        flat_cents: params.flat_cents ?? null,
        hold_days: params.hold_days,
        payable_at: payable,
        unrounded_cents: amount.unrounded_cents,
        amount_cents: amount.amount_cents,
      },
    };
    outcome.created.push(accrual);
    accruals.set(id, { ...accrual, status: 'earned' });
  }

  /** Refunded cents so far, per refunded event, in time order. */
  const refunded = new Map<string, number>();
  /** The clawbacks of each commission, stored or made here. */
  const clawbacksOf = new Map<string, string[]>();
  for (const event of events) {
    if (event.type !== 'refund' || event.refund_of === null) continue;
    const original = byId.get(event.refund_of);
    if (!original) continue;
    const before = refunded.get(original.id) ?? 0;
    const through = before + event.amount_cents;
    refunded.set(original.id, through);
    const commissionId = commissionAccrualId(structure.id, original.id);
    const commission = accruals.get(commissionId);
    if (!commission) continue; // no commission on that event: nothing to reverse
    const id = commissionAccrualId(structure.id, event.id);
    const clawbacks = clawbacksOf.get(commissionId) ?? [];
    clawbacksOf.set(commissionId, clawbacks);
    if (input.existing.has(id)) {
      clawbacks.push(id);
      outcome.already_present++;
      continue;
    }
    if (commission.status !== 'earned' && commission.status !== 'paid') {
      // Voided (by a full refund or by hand) or rejected: nothing left to take back.
      outcome.skipped++;
      continue;
    }
    const isFull = through >= original.amount_cents;
    const earlierPaid = clawbacks.some((clawbackId) => accruals.get(clawbackId)?.status === 'paid');
    if (isFull && commission.status === 'earned' && !earlierPaid) {
      outcome.voided.push({ id: commissionId, refund: event });
      commission.status = 'voided';
      for (const clawbackId of clawbacks) {
        const clawback = accruals.get(clawbackId);
        if (clawback?.status === 'earned') {
          outcome.voided.push({ id: clawbackId, refund: event });
          clawback.status = 'voided';
        }
      }
      continue;
    }
    const amount = -(clawedBackCents(commission.amount_cents, through, original.amount_cents) - clawedBackCents(commission.amount_cents, before, original.amount_cents));
    if (amount === 0) {
      outcome.skipped++;
      continue;
    }
    const clawback: NewCommissionAccrual = {
      id,
      version_id: commission.version_id,
      version_number: commission.version_number,
      creator_id: commission.creator_id,
      criteria_type: 'commission',
      period_start_at: event.occurred_at,
      period_end_at: event.occurred_at,
      video_id: null,
      view_count: null,
      referral_id: event.referral_id,
      referral_event_id: event.id,
      kind: 'clawback',
      amount_cents: amount,
      payable_at: event.occurred_at,
      inputs_snapshot: {
        version: versionOf(versionInEffect(structure, original.occurred_at)),
        kind: 'clawback',
        refund: eventOf(event),
        event: eventOf(original),
        referral: referralOf(event.referral_id),
        commission: { accrual_id: commissionId, amount_cents: commission.amount_cents, status: commission.status },
        refunded_before_cents: before,
        refunded_through_cents: through,
        amount_cents: amount,
      },
    };
    outcome.created.push(clawback);
    accruals.set(id, { ...clawback, status: 'earned' });
    clawbacks.push(id);
  }
  return outcome;
}
