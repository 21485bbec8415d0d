import type { Accrual } from '../accrual.ts';
import type { Period } from '../creator.ts';
import { formatCents, roundHalfUpToCents } from '../money.ts';
import {
  readSnapshot,
  type ClawbackSnapshot,
  type CommissionSnapshot,
  type CpmSnapshot,
  type GoalsSnapshot,
  type PeriodicSnapshot,
  type RecurringSnapshot,
  type SnapshotEvent,
  type SnapshotVideo,
  type ThresholdSnapshot,
} from './accrual-snapshot.ts';
import { formatBasisPoints, formatDecimal, formatExactCents, formatPercent, fraction, isOne, isWhole, multiply, parseFraction, type Fraction } from './exact.ts';
import { formatDateInZone, formatDateTimeInZone, formatDuration, formatPeriod } from './zoned-format.ts';

/** A video that counted, as the explanation lists it. */
export type ExplainedVideo = { id: string; url: string; postedOn: string; views: number };

/**
 * Why an accrual is the amount it is, in words and numbers: a one-sentence headline, the steps
 * (each a sentence), and the videos that counted with their views. English prose, so numbers
 * and dates are written the en-US way whatever the browser's locale.
 */
export type AccrualExplanation = { headline: string; lines: string[]; videos: ExplainedVideo[] };

export type ExplainOptions = {
  /** The project's zone, for snapshots that do not record one (view milestones). */
  timeZone?: string;
};

type Explainable = Pick<Accrual, 'criteria_type' | 'inputs_snapshot' | 'amount_cents' | 'version_number' | 'period_start_at'>;

const LOCALE = 'en-US';
/** Version 1 is in effect "from the beginning"; the API writes that as the epoch. */
const BEGINNING = '1970-01-01T00:00:00.000Z';
const PERIOD_UNITS: Record<Period, string> = { daily: 'day', weekly: 'week', monthly: 'month' };
const METRIC_LABELS = { videos_posted: 'Videos posted', views: 'Views' } as const;

const count = (value: number) => value.toLocaleString(LOCALE);
const plural = (value: number, singular: string, several = `${singular}s`) => `${count(value)} ${value === 1 ? singular : several}`;
/** Fraction strings were checked by the snapshot schema; a failed parse cannot happen, but reads as zero. */
const exact = (text: string): Fraction => parseFraction(text) ?? fraction(0);

/** 50 → "50¢/k", 12.5 → "12.5¢/k", 150 → "$1.50/k": cents per 1,000 views. */
export function formatRate(centsPerThousand: number): string {
  if (Number.isInteger(centsPerThousand) && centsPerThousand >= 100) return `${formatCents(centsPerThousand)}/k`;
  return `${centsPerThousand.toLocaleString(LOCALE, { maximumFractionDigits: 4 })}¢/k`;
}

export function explainAccrual(accrual: Explainable, options: ExplainOptions = {}): AccrualExplanation {
  const explained = explainSnapshot(accrual, options);
  // A sentence that ends on an inexact number ("$40.998080…") needs no full stop after the ellipsis.
  const tidy = (text: string) => text.replace(/…\.$/, '…');
  return { ...explained, headline: tidy(explained.headline), lines: explained.lines.map(tidy) };
}

function explainSnapshot(accrual: Explainable, options: ExplainOptions): AccrualExplanation {
  const snapshot = readSnapshot(accrual);
  if (snapshot === null) {
    return {
      headline: `${formatCents(accrual.amount_cents)} under rule v${accrual.version_number}.`,
      lines: ['The inputs of this accrual were recorded in a shape this version of the app cannot read, so the calculation cannot be shown.'],
      videos: [],
    };
  }
  switch (snapshot.criteria_type) {
    case 'recurring':
      return explainRecurring(snapshot, options);
    case 'goals':
      return explainGoals(snapshot, options);
    case 'cpm':
      return explainCpm(snapshot, options);
    case 'view_threshold':
      return explainThreshold(snapshot, accrual, options);
    case 'commission':
      return snapshot.kind === 'clawback' ? explainClawback(snapshot, options) : explainCommission(snapshot, options);
  }
}

function zoneOf(snapshot: { time_zone?: string | undefined }, options: ExplainOptions): string {
  return snapshot.time_zone ?? options.timeZone ?? 'UTC';
}

/** How much of the period the creator was assigned, and whether that changed the amount. */
type Share = { fraction: Fraction; isWhole: boolean; isProrated: boolean; isPaidInFull: boolean; text: string; percent: string };

function shareOf(snapshot: PeriodicSnapshot): Share {
  const assigned = exact(snapshot.assignment.fraction);
  const isWholePeriod = isOne(assigned);
  const percent = formatPercent(assigned);
  return {
    fraction: assigned,
    isWhole: isWholePeriod,
    isProrated: snapshot.proration_mode === 'prorate' && !isWholePeriod,
    isPaidInFull: snapshot.proration_mode === 'full' && !isWholePeriod,
    percent,
    text: `${formatDuration(snapshot.assignment.assigned_seconds)} of ${formatDuration(snapshot.assignment.period_seconds)} (${percent})`,
  };
}

/** When the creator was assigned during the period, in the project's zone. */
function assignmentLine(snapshot: PeriodicSnapshot, share: Share, zone: string): string {
  if (share.isWhole) return `Assigned for the whole ${PERIOD_UNITS[snapshot.period.kind]}.`;
  const spans = snapshot.assignment.intervals.map(
    (interval) => `${formatDateTimeInZone(interval.from, zone, LOCALE)} to ${formatDateTimeInZone(interval.to, zone, LOCALE)}`,
  );
  return `Assigned ${share.text}: ${spans.join('; ')}.`;
}

/** Period, version and rounding: said of every periodic accrual, after its calculation. */
function closingLines(snapshot: PeriodicSnapshot, zone: string): string[] {
  const period = formatPeriod(snapshot.period.kind, snapshot.period.start, snapshot.period.end, zone, LOCALE);
  return [`Period: ${period} (${snapshot.period.kind}, ${zone} time).`, versionLine(snapshot.version, zone), roundingLine(snapshot.unrounded_cents, snapshot.amount_cents)];
}

function versionLine(version: { number: number; effective_from: string }, zone: string): string {
  const from = version.effective_from <= BEGINNING ? 'the start' : formatDateInZone(version.effective_from, zone, LOCALE);
  return `Rule v${version.number}, effective from ${from}.`;
}

function roundingLine(unroundedText: string, amountCents: number): string {
  const unrounded = exact(unroundedText);
  if (isWhole(unrounded)) return `Exactly ${formatCents(amountCents)}; no rounding needed.`;
  return `Unrounded ${formatExactCents(unrounded)}, rounded half up to ${formatCents(amountCents)}.`;
}

/** ", rounded to $10.71" when the exact amount has fractions of a cent. */
function roundedSuffix(unroundedText: string, amountCents: number): string {
  return isWhole(exact(unroundedText)) ? '' : `, rounded to ${formatCents(amountCents)}`;
}

function videosOf(videos: SnapshotVideo[], zone: string): ExplainedVideo[] {
  return videos.map((video) => ({ id: video.id, url: video.url, postedOn: formatDateInZone(video.posted_at, zone, LOCALE), views: video.views }));
}

function totalViews(videos: SnapshotVideo[]): number {
  return videos.reduce((sum, video) => sum + video.views, 0);
}

function explainRecurring(snapshot: RecurringSnapshot, options: ExplainOptions): AccrualExplanation {
  const zone = zoneOf(snapshot, options);
  const share = shareOf(snapshot);
  const unit = PERIOD_UNITS[snapshot.period.kind];
  const base = formatCents(snapshot.base_amount_cents);
  const result = formatExactCents(exact(snapshot.unrounded_cents));
  const rounded = roundedSuffix(snapshot.unrounded_cents, snapshot.amount_cents);

  let headline: string;
  const lines = [`Fixed amount: ${base} per ${unit}.`, assignmentLine(snapshot, share, zone)];
  if (share.isProrated) {
    headline = `Assigned ${share.text}: ${base} × ${share.percent} = ${result}${rounded}.`;
    lines.push(`Prorated: ${base} × ${share.percent} = ${result}.`);
  } else if (share.isPaidInFull) {
    headline = `Assigned ${share.text}, paid in full: ${base}.`;
    lines.push(`Partial ${unit}s are paid in full: ${base}.`);
  } else {
    headline = `Assigned for the whole ${unit}: ${base}.`;
  }
  return { headline, lines: [...lines, ...closingLines(snapshot, zone)], videos: [] };
}

function goalsModeText(snapshot: GoalsSnapshot): string {
  if (snapshot.mode === 'all') return snapshot.goals.length === 1 ? 'the goal is met' : 'all goals are met';
  if (snapshot.mode === 'any') return 'any one goal is met';
  return `at least ${plural(snapshot.n ?? snapshot.goals.length, 'goal')} of ${count(snapshot.goals.length)} are met`;
}

/** "All 2 goals met", "1 of 2 goals met (any one pays)", "2 of 3 goals met (2 needed)". */
function goalsMetText(snapshot: GoalsSnapshot): string {
  const total = snapshot.goals.length;
  if (snapshot.mode === 'all') return total === 1 ? 'Goal met' : `All ${count(total)} goals met`;
  const met = `${count(snapshot.goals_met)} of ${plural(total, 'goal')} met`;
  return snapshot.mode === 'any' ? `${met} (any one pays)` : `${met} (${count(snapshot.n ?? total)} needed)`;
}

function explainGoals(snapshot: GoalsSnapshot, options: ExplainOptions): AccrualExplanation {
  const zone = zoneOf(snapshot, options);
  const share = shareOf(snapshot);
  const unit = PERIOD_UNITS[snapshot.period.kind];
  const base = formatCents(snapshot.base_amount_cents);
  const baseCents = fraction(snapshot.base_amount_cents);
  const result = formatExactCents(exact(snapshot.unrounded_cents));
  const rounded = roundedSuffix(snapshot.unrounded_cents, snapshot.amount_cents);
  const prorated = share.isProrated ? ` × ${share.percent} assigned` : '';

  const lines = [`Pays ${base} per ${unit} when ${goalsModeText(snapshot)}.`];
  for (const goal of snapshot.goals) {
    const completion = formatPercent(exact(goal.completion));
    lines.push(`${METRIC_LABELS[goal.metric]}: ${count(goal.actual)} of ${count(goal.target)} (${completion}), ${goal.isMet ? 'met' : 'not met'}.`);
  }
  const views = totalViews(snapshot.videos);
  lines.push(`${plural(snapshot.videos.length, 'video')} posted while assigned, ${plural(views, 'view')} at the end of the period.`);

  let headline: string;
  const partial = snapshot.outcome === 'partial' ? snapshot.partial : undefined;
  if (partial !== undefined) {
    const average = exact(partial.completion_pct);
    const multiplier = exact(partial.partial_multiplier);
    const beforeShare = multiply(multiply(baseCents, average), multiplier);
    const formula = `${base} × ${formatPercent(average)} × ${formatDecimal(multiplier)}`;
    headline = `Average completion ${formatPercent(average)} ≥ ${formatPercent(exact(partial.min_completion))} minimum: ${formula} = ${formatExactCents(beforeShare)}${share.isProrated ? `${prorated} = ${result}` : ''}${rounded}.`;
    lines.push(
      `Not every goal was met, so partial completion pays the average completion (${formatPercent(average)}) × the ${formatDecimal(multiplier)} multiplier, from ${formatPercent(exact(partial.min_completion))} average completion: ${formula} = ${formatExactCents(beforeShare)}.`,
    );
  } else {
    headline = `${goalsMetText(snapshot)}: ${base}${share.isProrated ? `${prorated} = ${result}` : ''}${rounded}.`;
  }
  if (!share.isWhole) lines.push(assignmentLine(snapshot, share, zone));
  if (share.isProrated) {
    const before = partial === undefined ? baseCents : multiply(multiply(baseCents, exact(partial.completion_pct)), exact(partial.partial_multiplier));
    lines.push(`Prorated: ${formatExactCents(before)} × ${share.percent} = ${result}.`);
  } else if (share.isPaidInFull) {
    lines.push(`Partial ${unit}s are paid in full.`);
  }
  return { headline, lines: [...lines, ...closingLines(snapshot, zone)], videos: videosOf(snapshot.videos, zone) };
}

/** "Up to 1,000,000 views", "Above 1,000,000 views", "1,000,001 – 2,000,000 views". */
function tierRange(from: number, to: number | null): string {
  if (to === null) return from === 0 ? 'All views' : `Above ${count(from)} views`;
  if (from === 0) return `Up to ${count(to)} views`;
  return `${count(from + 1)} – ${count(to)} views`;
}

function explainCpm(snapshot: CpmSnapshot, options: ExplainOptions): AccrualExplanation {
  const zone = zoneOf(snapshot, options);
  const share = shareOf(snapshot);
  const unit = PERIOD_UNITS[snapshot.period.kind];
  const used = snapshot.tiers.filter((tier) => tier.impressions > 0);
  const tiered = exact(snapshot.tiered_cents);
  const uncapped = exact(snapshot.uncapped_cents);
  const cap = snapshot.cap_cents === undefined ? null : exact(snapshot.cap_cents);
  const videoCount = plural(snapshot.videos.length, 'video');

  const phrases = used.map((tier, index) => {
    const amount = `${count(tier.impressions)} at ${formatRate(tier.cents_per_thousand)} = ${formatExactCents(exact(tier.amount_cents))}`;
    if (used.length === 1) return amount;
    return `${index === 0 ? 'first' : 'next'} ${amount}`;
  });
  let body = phrases.join(', ');
  if (used.length > 1 && !(snapshot.cap_applied && !share.isProrated)) body += `, ${formatExactCents(tiered)} in all`;
  if (share.isProrated) body += `, × ${share.percent} assigned = ${formatExactCents(uncapped)}`;
  if (snapshot.cap_applied && cap !== null) body += `, capped at ${formatExactCents(cap)}`;
  const headline = `${videoCount} posted while assigned, ${count(snapshot.impressions)} views: ${body}${roundedSuffix(snapshot.unrounded_cents, snapshot.amount_cents)}.`;

  const lines = [
    snapshot.videos.length === 1
      ? `1 video posted while assigned, with ${plural(snapshot.impressions, 'view')} at the end of the period.`
      : `${videoCount} posted while assigned; their views at the end of the period add up to ${count(snapshot.impressions)}.`,
  ];
  if (snapshot.min_impressions > 0) {
    const applied = exact(snapshot.min_impressions_applied);
    lines.push(
      share.isProrated
        ? `Minimum ${count(snapshot.min_impressions)} views, prorated to ${formatDecimal(applied, 2)} (× ${share.percent}): reached.`
        : `Minimum ${count(snapshot.min_impressions)} views: reached.`,
    );
  }
  used.forEach((tier) => {
    lines.push(`${tierRange(tier.from, tier.to)}: ${count(tier.impressions)} × ${formatRate(tier.cents_per_thousand)} = ${formatExactCents(exact(tier.amount_cents))}.`);
  });
  if (used.length > 1) lines.push(`Tiers together: ${formatExactCents(tiered)}.`);
  if (!share.isWhole) lines.push(assignmentLine(snapshot, share, zone));
  if (share.isProrated) lines.push(`Prorated: ${formatExactCents(tiered)} × ${share.percent} = ${formatExactCents(uncapped)}.`);
  else if (share.isPaidInFull) lines.push(`Partial ${unit}s are paid in full.`);
  if (snapshot.max_payout_cents === null || cap === null) {
    lines.push('No cap.');
  } else if (snapshot.cap_applied) {
    lines.push(
      share.isProrated
        ? `Capped at ${formatExactCents(cap)} (the ${formatCents(snapshot.max_payout_cents)} cap × ${share.percent}).`
        : `Capped at ${formatCents(snapshot.max_payout_cents)}.`,
    );
  } else {
    lines.push(share.isProrated ? `Under the cap of ${formatCents(snapshot.max_payout_cents)} × ${share.percent} = ${formatExactCents(cap)}.` : `Under the ${formatExactCents(cap)} cap.`);
  }
  return { headline, lines: [...lines, ...closingLines(snapshot, zone)], videos: videosOf(snapshot.videos, zone) };
}

function explainThreshold(snapshot: ThresholdSnapshot, accrual: Explainable, options: ExplainOptions): AccrualExplanation {
  const zone = zoneOf(snapshot, options);
  const { video, crossing } = snapshot;
  const milestone = `${count(snapshot.view_count)} views`;
  const reachedOn = formatDateInZone(crossing.captured_at, zone, LOCALE);
  const seen = `(snapshot: ${plural(crossing.views, 'view')})`;
  const amount = formatCents(snapshot.amount_cents);
  const headline = snapshot.backfill
    ? `Video ${video.url} had already reached ${milestone} on ${reachedOn} ${seen} when the creator was assigned on ${formatDateInZone(accrual.period_start_at, zone, LOCALE)}: ${amount} bonus, paid at assignment.`
    : `Video ${video.url} reached ${milestone} on ${reachedOn} ${seen}: ${amount} bonus.`;
  const lines = [
    `Milestone: ${milestone} pays ${amount}, once per video.`,
    `Video posted ${formatDateInZone(video.posted_at, zone, LOCALE)}.`,
    `First snapshot at or above ${milestone}: ${plural(crossing.views, 'view')}, captured ${formatDateTimeInZone(crossing.captured_at, zone, LOCALE)} (${zone} time).`,
  ];
  if (snapshot.backfill) {
    lines.push(
      `Backfill: the video passed the milestone before the creator was assigned (${formatDateTimeInZone(accrual.period_start_at, zone, LOCALE)}); this rule pays such milestones at assignment.`,
    );
  }
  lines.push(versionLine(snapshot.version, zone), `A fixed bonus of ${amount}; no rounding needed.`);
  return { headline, lines, videos: [{ id: video.id, url: video.url, postedOn: formatDateInZone(video.posted_at, zone, LOCALE), views: crossing.views }] };
}

const EVENT_NOUNS: Record<SnapshotEvent['type'], string> = { purchase: 'purchase', subscription: 'subscription', recurring: 'recurring payment', refund: 'refund' };
const capitalized = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
/** "purchase order_1": the event as the shop that sent it names it. */
const eventName = (event: SnapshotEvent) => `${EVENT_NOUNS[event.type]} ${event.external_id}`;
/** Whole cents as a plain number of dollars, for ratios: 5000 → "50", 12345 → "123.45". */
const dollars = (amountCents: number) => formatDecimal(fraction(amountCents, 100), 2);

/** "by customer Jane Doe (cus_1)", "by customer cus_1", or nothing when the referral was not found. */
function customerText(referral: CommissionSnapshot['referral']): string {
  if (referral.customer_label !== null && referral.customer_label !== '') {
    return referral.external_id === null ? `, by customer ${referral.customer_label}` : `, by customer ${referral.customer_label} (${referral.external_id})`;
  }
  return referral.external_id === null ? '' : `, by customer ${referral.external_id}`;
}

/**
 * A commission (SPEC §7): "10% of $123.45 purchase order_1 = $12.35 (rounded from $12.345),
 * payable from Jun 4, 2026." — the rate and/or flat amount, the rounding, and the hold.
 */
function explainCommission(snapshot: CommissionSnapshot, options: ExplainOptions): AccrualExplanation {
  const zone = options.timeZone ?? 'UTC';
  const { event } = snapshot;
  const rate = snapshot.rate_bps !== null && snapshot.rate_bps > 0 ? formatBasisPoints(snapshot.rate_bps) : null;
  const flat = snapshot.flat_cents !== null && snapshot.flat_cents > 0 ? formatCents(snapshot.flat_cents) : null;
  const spent = formatCents(event.amount_cents, event.currency);
  const amount = formatCents(snapshot.amount_cents);
  const unrounded = exact(snapshot.unrounded_cents);
  const roundedFrom = isWhole(unrounded) ? '' : ` (rounded from ${formatExactCents(unrounded)})`;
  const payable = snapshot.hold_days === 0 ? 'payable at once' : `payable from ${formatDateInZone(snapshot.payable_at, zone, LOCALE)}`;

  let formula: string;
  if (rate !== null) formula = `${rate} of ${spent} ${eventName(event)}${flat === null ? '' : ` + ${flat} flat`}`;
  else formula = `${flat ?? formatCents(0)} flat for ${eventName(event)}`;
  const headline = `${formula} = ${amount}${roundedFrom}, ${payable}.`;

  const rule = [rate === null ? null : `${rate} of each event's amount`, flat === null ? null : `${flat} flat per event`].filter((part) => part !== null).join(' + ');
  const lines = [`${capitalized(eventName(event))} of ${spent} on ${formatDateTimeInZone(event.occurred_at, zone, LOCALE)} (${zone} time)${customerText(snapshot.referral)}.`, `Rule: ${rule || 'nothing per event'}.`];
  if (rate !== null) {
    const share = formatExactCents(fraction(BigInt(event.amount_cents) * BigInt(snapshot.rate_bps ?? 0), 10_000));
    lines.push(flat === null ? `${rate} of ${spent} = ${share}.` : `${rate} of ${spent} = ${share}; plus ${flat} flat = ${formatExactCents(unrounded)}.`);
  }
  lines.push(roundingLine(snapshot.unrounded_cents, snapshot.amount_cents));
  lines.push(
    snapshot.hold_days === 0
      ? `No hold: payable from the ${EVENT_NOUNS[event.type]} itself.`
      : `Held ${plural(snapshot.hold_days, 'day')} (of 24 hours) after the ${EVENT_NOUNS[event.type]}: payable from ${formatDateTimeInZone(snapshot.payable_at, zone, LOCALE)} (${zone} time).`,
  );
  lines.push(versionLine(snapshot.version, zone));
  return { headline, lines, videos: [] };
}

/**
 * A clawback (SPEC §7): "Refund order_1_r of $50.00 (of the $123.45 purchase order_1) takes back
 * 50/123.45 of the $12.35 commission = -$5.00." After an earlier partial refund, the share of
 * everything refunded so far less what was taken back before, as the engine computes it.
 */
function explainClawback(snapshot: ClawbackSnapshot, options: ExplainOptions): AccrualExplanation {
  const zone = options.timeZone ?? 'UTC';
  const { event, refund, commission } = snapshot;
  const spent = formatCents(event.amount_cents, event.currency);
  const refunded = formatCents(refund.amount_cents, refund.currency);
  const commissionText = formatCents(commission.amount_cents);
  const amount = formatCents(snapshot.amount_cents);
  const before = snapshot.refunded_before_cents;
  const through = snapshot.refunded_through_cents;
  const ratio = (refundedCents: number) => `${dollars(refundedCents)}/${dollars(event.amount_cents)}`;
  /** What refunds of `refundedCents` take back of the commission: exact, and rounded once half up. */
  const takenBack = (refundedCents: number) => {
    const numerator = BigInt(commission.amount_cents) * BigInt(refundedCents);
    const exactCents = fraction(numerator, event.amount_cents);
    const rounded = roundHalfUpToCents(numerator, BigInt(event.amount_cents));
    const text = isWhole(exactCents) ? formatCents(rounded) : `${formatExactCents(exactCents)}, rounded half up to ${formatCents(rounded)}`;
    return { rounded, text };
  };
  const of = `of the ${spent} ${eventName(event)}`;

  const lines = [
    `${capitalized(eventName(refund))} of ${refunded} on ${formatDateTimeInZone(refund.occurred_at, zone, LOCALE)} (${zone} time)${customerText(snapshot.referral)}, ${of} on ${formatDateInZone(event.occurred_at, zone, LOCALE)}.`,
    `The commission on that ${EVENT_NOUNS[event.type]}: ${commissionText}, ${commission.status === 'paid' ? 'already paid' : 'not paid yet'} when the refund came.`,
  ];
  let headline: string;
  if (before === 0) {
    const share = takenBack(through);
    headline = `${capitalized(eventName(refund))} of ${refunded} (${of}) takes back ${ratio(through)} of the ${commissionText} commission = ${amount}.`;
    lines.push(`${ratio(through)} of ${commissionText} = ${share.text}, so this clawback is ${amount}.`);
  } else {
    const earlier = takenBack(before);
    const sofar = takenBack(through);
    headline = `${capitalized(eventName(refund))} of ${refunded} (${of}, ${formatCents(before)} refunded before) takes back ${ratio(through)} of the ${commissionText} commission = ${formatCents(sofar.rounded)}, less ${formatCents(earlier.rounded)} taken back before = ${amount}.`;
    lines.push(
      `Refunded before: ${formatCents(before)}, whose share is ${ratio(before)} of ${commissionText} = ${earlier.text}.`,
      `Refunded so far, with this refund: ${formatCents(through)}, whose share is ${ratio(through)} of ${commissionText} = ${sofar.text}.`,
      `This refund takes back the difference: ${formatCents(sofar.rounded)} − ${formatCents(earlier.rounded)}, so this clawback is ${amount}. Refunds that add up to the whole ${EVENT_NOUNS[event.type]} take back exactly the whole commission.`,
    );
  }
  lines.push(`A clawback is payable at once (from ${formatDateTimeInZone(refund.occurred_at, zone, LOCALE)}): it lowers the creator's next payment and is never paid alone.`);
  lines.push(versionLine(snapshot.version, zone));
  return { headline, lines, videos: [] };
}
