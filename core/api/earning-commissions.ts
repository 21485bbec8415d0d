import type { Accrual } from '../domain/accrual.ts';
import { explainAccrual } from '../domain/explain/explain-accrual.ts';
import { formatBasisPoints } from '../domain/explain/exact.ts';
import { versionInEffect, type StructureDoc } from '../domain/payout-structure.ts';
import type { ReferralEvent } from '../domain/referral.ts';
import type { Earning } from './contracts/earnings.ts';

/** What the page of earnings needs to say of its commission accruals, read once per page. */
export type CommissionContext = {
  events: ReadonlyMap<string, Pick<ReferralEvent, 'type' | 'metadata' | 'refund_of'>>;
  structures: ReadonlyMap<string, Pick<StructureDoc, 'name' | 'versions'>>;
  /** Each project's time zone, for the dates the sentence writes. */
  zones: ReadonlyMap<string, string>;
};

type CommissionFields = Pick<Earning, 'referral_id' | 'type' | 'description' | 'metadata'>;

/** The rule the commission was computed with: the version it records (versions are never edited). */
function ruleOf(accrual: Accrual, structure: Pick<StructureDoc, 'versions'> | undefined): { rate_bps: number; flat_cents: number } {
  const version = structure?.versions.find((candidate) => candidate.id === accrual.version_id) ?? (structure && versionInEffect(structure, accrual.period_start_at));
  const params = (version?.criteria_params ?? {}) as { rate_bps?: unknown; flat_cents?: unknown };
  const whole = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) ? value : 0);
  return { rate_bps: whole(params.rate_bps), flat_cents: whole(params.flat_cents) };
}

/**
 * A commission accrual (or a clawback) as seed 002 shows an earning (SPEC §7): `type` is the
 * type of its referral event (`refund` for a clawback, whose event is the refund), `referral_id`
 * its referral, `metadata` the event's metadata with ours over it and `commission_rate` as
 * "10%", and `description` the explanation's headline after the structure's name.
 */
export function commissionEarningFields(accrual: Accrual, context: CommissionContext): CommissionFields {
  const event = accrual.referral_event_id === null ? undefined : context.events.get(accrual.referral_event_id);
  const structure = context.structures.get(accrual.structure_id);
  const rule = ruleOf(accrual, structure);
  const snapshotEvent = (accrual.inputs_snapshot[accrual.kind === 'clawback' ? 'refund' : 'event'] ?? {}) as { type?: unknown };
  const type = event?.type ?? (typeof snapshotEvent.type === 'string' ? snapshotEvent.type : accrual.criteria_type);
  const headline = explainAccrual(accrual, { timeZone: context.zones.get(accrual.project_id) ?? 'UTC' }).headline;
  return {
    referral_id: accrual.referral_id,
    type,
    description: `${structure?.name ?? 'Commission'}: ${headline}`,
    metadata: {
      ...event?.metadata,
      project_id: accrual.project_id,
      creator_id: accrual.creator_id,
      structure_id: accrual.structure_id,
      referral_event_id: accrual.referral_event_id,
      occurred_at: accrual.period_start_at,
      payable_at: accrual.payable_at,
      ...(accrual.kind === 'clawback' && { kind: 'clawback', refund_of: event?.refund_of ?? null }),
      commission_rate: formatBasisPoints(rule.rate_bps),
      ...(rule.flat_cents > 0 && { commission_flat_cents: rule.flat_cents }),
    },
  };
}
