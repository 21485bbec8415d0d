import type { ProjectDoc } from '../domain/project.ts';
import { readRows } from '../store/rows.ts';
import { minimumFor, payableByCreator, skipReason, type LedgerReader } from './batches.ts';
import { NO_METHOD_NAME } from './reports.ts';
import { projectMembers } from './statement.ts';

export type ReadyToPayMethod = { method_id: string | null; name: string; creator_count: number; total_cents: number };
export type ReadyToPayReport = {
  as_of: string;
  project_id: string | null;
  currency: string;
  /** Creators whose payable balance is above zero and at least their minimum, by their default method. */
  methods: ReadyToPayMethod[];
  total_cents: number;
  creator_count: number;
  /** Creators with a payable balance under their minimum (it carries forward). */
  below_minimum: { creator_count: number; total_cents: number };
};

/**
 * What a "Pay creators" pass would pay now (SPEC §7's plan, before the rail's checks), per the
 * creators' default payout method: the dashboard's "ready to pay" card.
 */
export async function readyToPayReport(reader: LedgerReader, orgId: string, input: { project: ProjectDoc | null; asOf: string; currency?: string }): Promise<ReadyToPayReport> {
  const { db } = reader;
  const currency = input.currency ?? 'USD';
  const projects = input.project ? [input.project] : ((await readRows(db.projects, { selector: { org_id: orgId } })) as unknown as ProjectDoc[]);
  const names = new Map((await readRows(db.payout_methods, { selector: { org_id: orgId } })).map((method) => [method.id, method.name]));
  const byMethod = new Map<string | null, ReadyToPayMethod>();
  const below = { creator_count: 0, total_cents: 0 };
  for (const project of projects) {
    const payable = await payableByCreator(reader, orgId, project.id, currency, input.asOf);
    if (payable.size === 0) continue;
    for (const creator of await projectMembers(db, orgId, project.id)) {
      const balance = payable.get(creator.id)?.balance_cents;
      if (balance === undefined) continue;
      const reason = skipReason(balance, minimumFor(creator, project));
      if (reason === 'not_positive') continue;
      if (reason === 'below_minimum') {
        below.creator_count++;
        below.total_cents += balance;
        continue;
      }
      const methodId = creator.default_method_id;
      const row = byMethod.get(methodId) ?? { method_id: methodId, name: methodId === null ? NO_METHOD_NAME : (names.get(methodId) ?? 'Removed method'), creator_count: 0, total_cents: 0 };
      row.creator_count++;
      row.total_cents += balance;
      byMethod.set(methodId, row);
    }
  }
  const methods = [...byMethod.values()].sort((a, b) => b.total_cents - a.total_cents || a.name.localeCompare(b.name));
  return {
    as_of: input.asOf,
    project_id: input.project?.id ?? null,
    currency,
    methods,
    total_cents: methods.reduce((sum, row) => sum + row.total_cents, 0),
    creator_count: methods.reduce((sum, row) => sum + row.creator_count, 0),
    below_minimum: below,
  };
}
