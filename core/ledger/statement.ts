import type { Accrual } from '../domain/accrual.ts';
import type { CreatorDoc } from '../domain/creator.ts';
import type { Payment } from '../domain/payment.ts';
import { localDateText, startOfLocalDate } from '../domain/periods.ts';
import type { ProjectDoc } from '../domain/project.ts';
import { buildStatement, type Statement, type StatementAccrual, type StatementPayment } from '../domain/statement.ts';
import type { PayoutsDatabase } from '../store/database.ts';
import { readRows, readRowsById } from '../store/rows.ts';

/** A range of calendar days, both inclusive, as the statement routes take it. */
export type StatementRange = { from: string; to: string };

function parseDate(text: string): { year: number; month: number; day: number } {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

function nextDate(text: string): { year: number; month: number; day: number } {
  const { year, month, day } = parseDate(text);
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/** [start, end) of the range as ISO instants: local midnight of `from` to local midnight after `to`. */
export function statementBounds(range: StatementRange, timeZone: string): { startAt: string; endAt: string } {
  return {
    startAt: new Date(startOfLocalDate(parseDate(range.from), timeZone)).toISOString(),
    endAt: new Date(startOfLocalDate(nextDate(range.to), timeZone)).toISOString(),
  };
}

/** The default range: from the first of the current month to today, in the project's zone. */
export function defaultStatementRange(now: string, timeZone: string): StatementRange {
  const today = localDateText(Date.parse(now), timeZone);
  return { from: `${today.slice(0, 8)}01`, to: today };
}

/** The project's members, by name: the creators a project's statements are for when none are named. */
export async function projectMembers(db: PayoutsDatabase, orgId: string, projectId: string): Promise<CreatorDoc[]> {
  const creators = await readRows(db.creators, { selector: { org_id: orgId }, sort: [{ created_at: 'asc' }, { id: 'asc' }] });
  return creators.filter((creator) => creator.memberships.some((membership) => membership.project_id === projectId)).map((creator) => ({ ...creator }));
}

/**
 * Statements of some creators in one project over one range. Everything dated before the range's
 * end is read (the opening balance is the sum of all that came before), through the
 * (creator_id, period_end_at) index for one creator or the (project_id, period_end_at) index for
 * several, and the project's payments through (project_id, paid_at).
 */
export async function creatorStatements(
  db: PayoutsDatabase,
  project: ProjectDoc,
  creators: readonly CreatorDoc[],
  range: StatementRange,
  generatedAt: string,
): Promise<Statement[]> {
  const { startAt, endAt } = statementBounds(range, project.timezone);
  const wanted = new Set(creators.map((creator) => creator.id));
  const accrualRows =
    creators.length === 1
      ? await readRows(db.accruals, {
          selector: { creator_id: creators[0]!.id, period_end_at: { $lt: endAt } },
          sort: [{ creator_id: 'asc' }, { period_end_at: 'asc' }, { id: 'asc' }],
        })
      : await readRows(db.accruals, {
          selector: { project_id: project.id, period_end_at: { $lt: endAt } },
          sort: [{ project_id: 'asc' }, { period_end_at: 'asc' }, { id: 'asc' }],
        });
  const accrualsByCreator = groupBy(
    accrualRows.filter((row) => row.project_id === project.id && wanted.has(row.creator_id)),
    (row: Accrual) => row.creator_id,
  );
  const paymentRows = await readRows(db.payments, {
    selector: { project_id: project.id, paid_at: { $lt: endAt } },
    sort: [{ project_id: 'asc' }, { paid_at: 'asc' }, { id: 'asc' }],
  });
  const paymentsByCreator = groupBy(
    paymentRows.filter((row) => row.creator_id !== null && wanted.has(row.creator_id)),
    (row: Payment) => row.creator_id ?? '',
  );
  const methodIds = [...new Set(paymentRows.map((row) => row.method_id).filter((id): id is string => id !== null))];
  const methodNames = new Map((await readRowsById(db.payout_methods, methodIds)).map((method) => [method.id, method.name]));

  return creators.map((creator) =>
    buildStatement({
      creator: { id: creator.id, name: creator.name, handle: creator.handle, email: creator.email, payout_handle: creator.payout_handle },
      project: { id: project.id, name: project.name, timezone: project.timezone },
      from: range.from,
      to: range.to,
      startAt,
      endAt,
      accruals: (accrualsByCreator.get(creator.id) ?? []) as StatementAccrual[],
      payments: (paymentsByCreator.get(creator.id) ?? []) as StatementPayment[],
      methodNames,
      generatedAt,
    }),
  );
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}
