import { assignedParts, intervalsOf } from '../accrual/engine.ts';
import { evaluatePeriodic, type CountedVideo } from '../accrual/periodic.ts';
import type { Period } from '../domain/creator.ts';
import { addCents, cents, type Cents } from '../domain/money.ts';
import { currentVersion } from '../domain/payout-structure.ts';
import { localDateText, periodContaining, periodsEndingIn, startOfLocalDate, type PeriodRange } from '../domain/periods.ts';
import type { ProjectDoc } from '../domain/project.ts';
import {
  addMonths,
  monthsFromTo,
  parseMonth,
  type LiabilitiesReport,
  type LiabilitySeries,
  type MethodPayments,
  type PaymentsByMethodReport,
  type UpcomingAccrualsReport,
  type UpcomingPeriod,
} from '../domain/reports.ts';
import { viewsAt } from '../domain/video.ts';
import type { PayoutsDatabase } from '../store/database.ts';
import { readRows, readRowsById } from '../store/rows.ts';

/**
 * The dashboard's reports, as functions of the store. Each reads through the indexes the ledger
 * already has ((project_id, period_end_at) and (status, period_end_at) for accruals,
 * (project_id, paid_at) for payments), never the whole ledger, and writes nothing. Periods and
 * months are cut in each project's time zone, like the accrual engine's periods.
 */

const iso = (value: number) => new Date(value).toISOString();
const ms = (text: string) => Date.parse(text);

async function projectsOf(db: PayoutsDatabase, orgId: string, project: ProjectDoc | null): Promise<readonly Readonly<ProjectDoc>[]> {
  if (project) return [project];
  const all = await readRows(db.projects, { selector: { org_id: orgId }, sort: [{ id: 'asc' }] });
  return [...all].sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}

/** The `count` latest periods of `kind` that ended at or before `asOf`, oldest first. */
export function closedPeriods(kind: Period, count: number, asOf: number, timeZone: string): PeriodRange[] {
  // The period under way contains asOf; the one before it ended at or before asOf.
  const open = periodContaining(kind, asOf, timeZone);
  let period = periodContaining(kind, open.start - 1, timeZone);
  const periods: PeriodRange[] = [period];
  while (periods.length < count) {
    period = periodContaining(kind, period.start - 1, timeZone);
    periods.unshift(period);
  }
  return periods;
}

export type LiabilitiesInput = { project: ProjectDoc | null; period: Period; periods: number; asOf: string };

/**
 * What was earned and not yet paid at the end of each of the last closed periods, per project.
 *
 * The liability at the end of period p (its end instant E) is the sum of the accruals of the
 * project whose period ended at or before E, as the ledger stands now (rejected and voided
 * accruals never count; an accrual a later run created for a period that ended by E does), that
 * were not paid by E: still `earned`, or `paid` by a payment whose `paid_at` is after E. A voided
 * payment never paid anything.
 *
 * Read: the accruals still earned (each counts from its period end on), and the accruals settled
 * by payments made after the first period's end (each counts from its period end until its
 * payment). Accruals paid before the window never count, so they are not read.
 */
export async function liabilitiesReport(db: PayoutsDatabase, orgId: string, input: LiabilitiesInput): Promise<LiabilitiesReport> {
  const asOf = ms(input.asOf);
  const series: LiabilitySeries[] = [];
  for (const project of await projectsOf(db, orgId, input.project)) {
    const periods = closedPeriods(input.period, input.periods, asOf, project.timezone);
    const first = periods[0] as PeriodRange;
    const last = periods[periods.length - 1] as PeriodRange;
    /** [counted from, counted until) and amount, per unpaid stretch of one accrual. */
    const stretches: { from: number; until: number; amount: Cents }[] = [];

    const earned = await readRows(db.accruals, {
      selector: { project_id: project.id, status: 'earned', period_end_at: { $lte: iso(last.end) } },
    });
    for (const accrual of earned) {
      if (accrual.org_id !== orgId) continue;
      stretches.push({ from: ms(accrual.period_end_at), until: Number.POSITIVE_INFINITY, amount: cents(accrual.amount_cents) });
    }

    const payments = await readRows(db.payments, {
      selector: { project_id: project.id, paid_at: { $gt: iso(first.end) } },
      sort: [{ project_id: 'asc' }, { paid_at: 'asc' }, { id: 'asc' }],
    });
    const paidAtByAccrual = new Map<string, { paymentId: string; paidAt: number }>();
    for (const payment of payments) {
      if (payment.org_id !== orgId || payment.status !== 'paid') continue;
      for (const line of payment.payout_payment_lines) paidAtByAccrual.set(line.accrual_id, { paymentId: payment.id, paidAt: ms(payment.paid_at) });
    }
    for (const accrual of await readRowsById(db.accruals, [...paidAtByAccrual.keys()])) {
      const paid = paidAtByAccrual.get(accrual.id);
      if (!paid || accrual.status !== 'paid' || accrual.payment_id !== paid.paymentId || accrual.project_id !== project.id) continue;
      stretches.push({ from: ms(accrual.period_end_at), until: paid.paidAt, amount: cents(accrual.amount_cents) });
    }

    series.push({
      project_id: project.id,
      project_name: project.name,
      timezone: project.timezone,
      points: periods.map((period) => {
        const owed = stretches.filter((stretch) => stretch.from <= period.end && stretch.until > period.end);
        return {
          period_start_at: iso(period.start),
          period_end_at: iso(period.end),
          label: localDateText(period.start, project.timezone),
          liability_cents: addCents(cents(0), ...owed.map((stretch) => stretch.amount)),
          accrual_count: owed.length,
        };
      }),
    });
  }
  return { as_of: input.asOf, period: input.period, periods: input.periods, project_id: input.project?.id ?? null, currency: 'USD', projects: series };
}

export type PaymentsByMethodInput = { project: ProjectDoc | null; from: string; to: string };

/** The name shown for payments recorded without a method. */
export const NO_METHOD_NAME = 'No method';

/**
 * Non-voided payments per payout method and calendar month, from the month `from` to the month
 * `to` (both included). A payment belongs to the month its `paid_at` falls in, in its project's
 * time zone (as the tax year counts it). Payments without a method are one row of their own.
 */
export async function paymentsByMethodReport(db: PayoutsDatabase, orgId: string, input: PaymentsByMethodInput): Promise<PaymentsByMethodReport> {
  const months = monthsFromTo(input.from, input.to);
  const monthIndex = new Map(months.map((month, index) => [month, index]));
  const byMethod = new Map<string | null, { total: Cents; count: number; byMonth: Cents[] }>();
  const monthTotals = months.map(() => cents(0));
  let paymentCount = 0;
  const firstDay = { ...parseMonth(input.from), day: 1 };
  const afterLast = { ...addMonths(parseMonth(input.to), 1), day: 1 };

  for (const project of await projectsOf(db, orgId, input.project)) {
    const from = iso(startOfLocalDate(firstDay, project.timezone));
    const to = iso(startOfLocalDate(afterLast, project.timezone));
    const payments = await readRows(db.payments, {
      selector: { project_id: project.id, paid_at: { $gte: from, $lt: to } },
      sort: [{ project_id: 'asc' }, { paid_at: 'asc' }, { id: 'asc' }],
    });
    for (const payment of payments) {
      if (payment.org_id !== orgId || payment.status !== 'paid') continue;
      const index = monthIndex.get(localDateText(ms(payment.paid_at), project.timezone).slice(0, 7));
      if (index === undefined) continue;
      const amount = cents(payment.total_amount_cents);
      const row = byMethod.get(payment.method_id) ?? { total: cents(0), count: 0, byMonth: months.map(() => cents(0)) };
      row.total = addCents(row.total, amount);
      row.count++;
      row.byMonth[index] = addCents(row.byMonth[index] ?? cents(0), amount);
      byMethod.set(payment.method_id, row);
      monthTotals[index] = addCents(monthTotals[index] ?? cents(0), amount);
      paymentCount++;
    }
  }

  const methodIds = [...byMethod.keys()].filter((id): id is string => id !== null);
  const names = new Map((await readRowsById(db.payout_methods, methodIds, true)).map((method) => [method.id, method.name]));
  const methods: MethodPayments[] = [...byMethod].map(([methodId, row]) => ({
    method_id: methodId,
    name: methodId === null ? NO_METHOD_NAME : (names.get(methodId) ?? 'Removed method'),
    total_cents: row.total,
    payment_count: row.count,
    by_month: row.byMonth,
  }));
  methods.sort((a, b) => b.total_cents - a.total_cents || a.name.localeCompare(b.name) || String(a.method_id).localeCompare(String(b.method_id)));
  return {
    from: input.from,
    to: input.to,
    project_id: input.project?.id ?? null,
    currency: 'USD',
    months,
    methods,
    month_totals: monthTotals,
    total_cents: addCents(cents(0), ...monthTotals),
    payment_count: paymentCount,
  };
}

export type UpcomingAccrualsInput = { project: ProjectDoc | null; days: number; asOf: string };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The periods of active periodic structures (recurring, goals, cpm) that end in the next `days`
 * days after `asOf`, each with an estimate: the accrual engine's own evaluation
 * (`evaluatePeriodic`) under the structure's current version, as if the period closed at
 * `asOf` — the videos posted in it so far while the creator was assigned, with their views at
 * `asOf`, and the creator's goals; an open assignment counts as running to the period's end.
 * A period that has not started has no activity yet, so only fixed amounts (recurring) show in
 * it. View milestones are not periods and are not estimated.
 */
export async function upcomingAccrualsReport(db: PayoutsDatabase, orgId: string, input: UpcomingAccrualsInput): Promise<UpcomingAccrualsReport> {
  const asOf = ms(input.asOf);
  const until = asOf + input.days * DAY_MS;
  const projects = await projectsOf(db, orgId, input.project);
  const periods: UpcomingPeriod[] = [];
  for (const project of projects) {
    const structures = await readRows(db.payout_structures, { selector: { project_id: project.id } });
    for (const structure of structures) {
      if (structure.org_id !== orgId || structure.archived_at !== null || structure.criteria_type === 'view_threshold') continue;
      const version = currentVersion(structure);
      if (version.period === null) continue;
      const upcoming = periodsEndingIn(version.period, asOf, until, project.timezone);
      if (upcoming.length === 0) continue;
      const intervalsByCreator = intervalsOf(await readRows(db.assignments, { selector: { structure_id: structure.id } }));
      const goalsByCreator = new Map<string, { id: string; metric: 'videos_posted' | 'views'; target: number }[]>();
      if (structure.criteria_type === 'goals') {
        for (const creator of await readRowsById(db.creators, [...intervalsByCreator.keys()])) {
          goalsByCreator.set(
            creator.id,
            creator.goals.filter((goal) => goal.project_id === project.id && goal.period === version.period).map(({ id, metric, target }) => ({ id, metric, target })),
          );
        }
      }
      for (const period of upcoming) {
        const candidates: [string, { start: number; end: number }[]][] = [];
        for (const [creatorId, intervals] of intervalsByCreator) {
          const parts = assignedParts(intervals, period);
          if (parts.length > 0) candidates.push([creatorId, parts]);
        }
        const videosByCreator = new Map<string, CountedVideo[]>();
        if (period.start <= asOf && candidates.length > 0) {
          const videos = await readRows(db.videos, {
            selector: { project_id: project.id, posted_at: { $gte: iso(period.start), $lte: iso(Math.min(asOf, period.end - 1)) } },
          });
          for (const video of videos) {
            const list = videosByCreator.get(video.creator_id) ?? [];
            list.push({ id: video.id, url: video.url, posted_at: video.posted_at, views: viewsAt(video.snapshots, input.asOf) ?? 0 });
            videosByCreator.set(video.creator_id, list);
          }
        }
        let estimated = cents(0);
        let accruing = 0;
        for (const [creatorId, parts] of candidates) {
          const videos = (videosByCreator.get(creatorId) ?? []).filter((video) => parts.some((part) => ms(video.posted_at) >= part.start && ms(video.posted_at) < part.end));
          videos.sort((a, b) => (a.posted_at < b.posted_at ? -1 : a.posted_at > b.posted_at ? 1 : 0));
          const outcome = evaluatePeriodic({ version, period, assigned: parts, videos, goals: goalsByCreator.get(creatorId) ?? [] });
          if (outcome.kind !== 'accrue') continue;
          estimated = addCents(estimated, cents(outcome.amount_cents));
          accruing++;
        }
        periods.push({
          structure_id: structure.id,
          structure_name: structure.name,
          project_id: project.id,
          project_name: project.name,
          timezone: project.timezone,
          criteria_type: structure.criteria_type,
          period: version.period,
          period_start_at: iso(period.start),
          period_end_at: iso(period.end),
          label: localDateText(period.start, project.timezone),
          version_number: version.version_number,
          creators_assigned: candidates.length,
          creators_accruing: accruing,
          estimated_cents: estimated,
        });
      }
    }
  }
  periods.sort((a, b) => (a.period_end_at < b.period_end_at ? -1 : a.period_end_at > b.period_end_at ? 1 : a.structure_name.localeCompare(b.structure_name) || (a.structure_id < b.structure_id ? -1 : 1)));
  return {
    as_of: input.asOf,
    until: iso(until),
    days: input.days,
    project_id: input.project?.id ?? null,
    currency: 'USD',
    periods,
    estimated_cents: addCents(cents(0), ...periods.map((period) => cents(period.estimated_cents))),
  };
}
