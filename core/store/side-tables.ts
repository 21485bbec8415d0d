import { createJournalIndex, type JournalIndex } from './journal-index.ts';
import { createLedgerSums, type LedgerSums } from './ledger-sums.ts';
import type { Projection } from './sqlite-store-context.ts';

/**
 * The side tables the app's store keeps next to its collections (the journal's entity index,
 * the ledger sums). Every process that writes the store file opens it with them, so they never
 * fall behind the documents; a file written without them gets them rebuilt when next opened.
 */
export function createSideTables(): { projections: Record<string, Projection>; journalIndex: JournalIndex; ledgerSums: LedgerSums } {
  const journal = createJournalIndex();
  const ledger = createLedgerSums();
  return { projections: { commands: journal.projection, ...ledger.projections }, journalIndex: journal.index, ledgerSums: ledger.sums };
}
