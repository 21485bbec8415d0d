import type { EntityChange } from '../domain/command-journal.ts';
import type { IdSource } from '../domain/ids.ts';
import type { BlobStore } from '../store/blob-store.ts';
import type { PayoutsDatabase } from '../store/database.ts';

/**
 * What a ledger command needs of the store: the collections, the blob store, the command's one
 * time, its id source and the journal's change recorder. The API's handler context is one.
 */
export type LedgerContext = {
  db: PayoutsDatabase;
  blobs: BlobStore;
  orgId: string;
  now: string;
  newId: IdSource;
  record(change: EntityChange): void;
};
