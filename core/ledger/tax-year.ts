import type { MangoQuerySelector } from 'rxdb';
import { addCents, cents, type Cents } from '../domain/money.ts';
import type { Payment } from '../domain/payment.ts';
import { startOfLocalDate } from '../domain/periods.ts';
import type { ProjectDoc } from '../domain/project.ts';
import { compareTaxYearCreators, taxThresholdCents, type TaxYearCreator, type TaxYearReport } from '../domain/tax-year.ts';
import type { PayoutsDatabase } from '../store/database.ts';
import { readRows, readRowsById } from '../store/rows.ts';

export type TaxYearInput = {
  year: number;
  /** Only that project's payments; null = every project of the org. */
  project: ProjectDoc | null;
  /** The installation's threshold override (config), or null for the rule of the year. */
  thresholdOverrideCents: number | null;
};

/**
 * The instants [start, end) of a calendar year in a zone: local midnight of January 1st to local
 * midnight of the next January 1st, as ISO strings (comparable with `paid_at` as text).
 */
export function yearBounds(year: number, timeZone: string): { from: string; to: string } {
  const start = startOfLocalDate({ year, month: 1, day: 1 }, timeZone);
  const end = startOfLocalDate({ year: year + 1, month: 1, day: 1 }, timeZone);
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

/**
 * What was paid in a calendar year, per creator. A payment belongs to the year its `paid_at`
 * falls in, in the time zone of its project (the zone the program's periods are cut in, so a
 * payment made late on December 31st in New York counts for that year). Voided payments do not
 * count. Payments are read per project through the (project_id, paid_at) index: never the whole
 * ledger, only that year's payments.
 */
export async function taxYearReport(db: PayoutsDatabase, orgId: string, input: TaxYearInput): Promise<TaxYearReport> {
  const projects = input.project
    ? [input.project]
    : await readRows(db.projects, { selector: { org_id: orgId }, sort: [{ id: 'asc' }] });
  const byCreator = new Map<string, { total: Cents; count: number }>();
  let unattributedTotal = cents(0);
  let unattributedCount = 0;
  let paymentCount = 0;
  for (const project of projects) {
    const { from, to } = yearBounds(input.year, project.timezone);
    const selector: MangoQuerySelector<Payment> = { project_id: project.id, paid_at: { $gte: from, $lt: to } };
    const payments = await readRows(db.payments, { selector, sort: [{ project_id: 'asc' }, { paid_at: 'asc' }, { id: 'asc' }] });
    for (const payment of payments) {
      if (payment.org_id !== orgId || payment.status !== 'paid') continue;
      paymentCount++;
      const amount = cents(payment.total_amount_cents);
      if (payment.creator_id === null) {
        unattributedTotal = addCents(unattributedTotal, amount);
        unattributedCount++;
        continue;
      }
      const sum = byCreator.get(payment.creator_id) ?? { total: cents(0), count: 0 };
      byCreator.set(payment.creator_id, { total: addCents(sum.total, amount), count: sum.count + 1 });
    }
  }

  const thresholdCents = taxThresholdCents(input.year, input.thresholdOverrideCents);
  const creators = new Map((await readRowsById(db.creators, [...byCreator.keys()])).map((creator) => [creator.id, creator]));
  const rows: TaxYearCreator[] = [...byCreator].map(([creatorId, sum]) => {
    const creator = creators.get(creatorId);
    return {
      creator_id: creatorId,
      name: creator?.name ?? 'Unknown creator',
      email: creator?.email ?? null,
      handle: creator?.handle ?? null,
      payout_handle: creator?.payout_handle ?? null,
      total_paid_cents: sum.total,
      payment_count: sum.count,
      flagged: sum.total >= thresholdCents,
    };
  });
  rows.sort(compareTaxYearCreators);
  return {
    year: input.year,
    project_id: input.project?.id ?? null,
    currency: 'USD',
    threshold_cents: thresholdCents,
    creators: rows,
    total_paid_cents: addCents(unattributedTotal, ...rows.map((row) => cents(row.total_paid_cents))),
    payment_count: paymentCount,
    flagged_count: rows.filter((row) => row.flagged).length,
    unattributed: { total_paid_cents: unattributedTotal, payment_count: unattributedCount },
  };
}
