import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import type { RxStorage } from 'rxdb';
import { payoutMethodDocSchema, type PayoutMethodDoc } from '../domain/payout-method.ts';
import { commandEntrySchema, type CommandEntry } from '../domain/command-journal.ts';
import { projectDocSchema, type ProjectDoc } from '../domain/project.ts';
import { creatorDocSchema, type CreatorDoc } from '../domain/creator.ts';
import { videoDocSchema, type VideoDoc } from '../domain/video.ts';
import { structureDocSchema, type StructureDoc } from '../domain/payout-structure.ts';
import { assignmentSchema, type Assignment } from '../domain/assignment.ts';
import { accrualSchema, type Accrual } from '../domain/accrual.ts';
import { paymentSchema, type Payment } from '../domain/payment.ts';
import { referralDocSchema, referralEventSchema, type ReferralDoc, type ReferralEvent } from '../domain/referral.ts';
import { payoutBatchSchema, type PayoutBatch } from '../domain/payout-batch.ts';
import { rxSchemaFromZod } from './schema.ts';

addRxPlugin(RxDBLocalDocumentsPlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);

type Migrations = Record<number, (doc: Record<string, unknown>) => Record<string, unknown>>;
const unchanged = (doc: Record<string, unknown>) => doc;

/**
 * How a stored document of an earlier schema version becomes the current one. RxDB runs them
 * when the store opens (every version in between, in order), so a store written by an earlier
 * version of the app opens with everything it held.
 */
export const migrationStrategies = {
  /** v1: sync states synced and conflicted; `pushed` (never written by a released version) is synced. */
  commands: { 1: (doc) => ({ ...doc, sync_state: doc.sync_state === 'pushed' ? 'synced' : doc.sync_state }) } satisfies Migrations,
  /** v1: min_payout_cents (default 0). */
  projects: { 1: (doc) => ({ ...doc, min_payout_cents: 0 }) } satisfies Migrations,
  /** v1: a membership may carry a min_payout_cents override (absent on older ones). */
  creators: { 1: unchanged } satisfies Migrations,
  /** v1: the commission criteria type. */
  payout_structures: { 1: unchanged } satisfies Migrations,
  /** v1: kind, payable_at (the period's end: earlier accruals had no hold), referral fields, negative amounts for clawbacks. */
  accruals: {
    1: (doc) => ({ ...doc, kind: 'accrual', payable_at: doc.period_end_at, referral_id: null, referral_event_id: null }),
  } satisfies Migrations,
  /** v1: a line may be negative (a clawback netted into the payment). v2: any ISO 4217 currency. */
  payments: { 1: unchanged, 2: unchanged } satisfies Migrations,
  /** v1: an index on (status, project): the open batches are found without reading the settled ones. */
  payout_batches: { 1: unchanged } satisfies Migrations,
};

/**
 * One collection per aggregate. RxDB's open-source build allows 13 open collections per
 * process; keep this list at 12 or fewer and embed what belongs to an aggregate.
 */
export const collectionSchemas = {
  payout_methods: rxSchemaFromZod(payoutMethodDocSchema, {
    primaryKey: 'id',
    version: 0,
    indexes: ['name_key', 'created_at'],
  }),
  commands: rxSchemaFromZod(commandEntrySchema, {
    primaryKey: 'id',
    version: 1,
    indexes: ['seq', 'idempotency_key'],
  }),
  projects: rxSchemaFromZod(projectDocSchema, { primaryKey: 'id', version: 1, indexes: ['created_at', 'name_key'] }),
  creators: rxSchemaFromZod(creatorDocSchema, { primaryKey: 'id', version: 1, indexes: ['created_at', 'handle_key'] }),
  videos: rxSchemaFromZod(videoDocSchema, {
    primaryKey: 'id',
    version: 0,
    indexes: ['posted_at', ['creator_id', 'posted_at'], ['project_id', 'posted_at'], ['project_id', 'updated_at']],
  }),
  payout_structures: rxSchemaFromZod(structureDocSchema, { primaryKey: 'id', version: 1, indexes: ['created_at', 'project_id'] }),
  assignments: rxSchemaFromZod(assignmentSchema, {
    primaryKey: 'id',
    version: 0,
    indexes: [['structure_id', 'assigned_at'], 'creator_id'],
  }),
  accruals: rxSchemaFromZod(accrualSchema, {
    primaryKey: 'id',
    version: 1,
    indexes: ['period_end_at', ['structure_id', 'period_end_at'], ['creator_id', 'period_end_at'], ['project_id', 'period_end_at'], ['status', 'period_end_at']],
  }),
  payments: rxSchemaFromZod(paymentSchema, { primaryKey: 'id', version: 2, indexes: ['paid_at', ['project_id', 'paid_at']] }),
  referrals: rxSchemaFromZod(referralDocSchema, {
    primaryKey: 'id',
    version: 0,
    indexes: ['referred_at', ['project_id', 'referred_at'], ['creator_id', 'referred_at']],
  }),
  referral_events: rxSchemaFromZod(referralEventSchema, {
    primaryKey: 'id',
    version: 0,
    indexes: ['occurred_at', ['referral_id', 'occurred_at'], ['project_id', 'occurred_at']],
  }),
  payout_batches: rxSchemaFromZod(payoutBatchSchema, {
    primaryKey: 'id',
    version: 1,
    indexes: ['created_at', ['project_id', 'created_at'], ['status', 'project_id', 'created_at']],
  }),
};

export type Collections = {
  payout_methods: RxCollection<PayoutMethodDoc>;
  commands: RxCollection<CommandEntry>;
  projects: RxCollection<ProjectDoc>;
  creators: RxCollection<CreatorDoc>;
  videos: RxCollection<VideoDoc>;
  payout_structures: RxCollection<StructureDoc>;
  assignments: RxCollection<Assignment>;
  accruals: RxCollection<Accrual>;
  payments: RxCollection<Payment>;
  referrals: RxCollection<ReferralDoc>;
  referral_events: RxCollection<ReferralEvent>;
  payout_batches: RxCollection<PayoutBatch>;
};
export type PayoutsDatabase = RxDatabase<Collections>;

export type OpenDatabaseOptions = {
  storage: RxStorage<unknown, unknown>;
  name?: string;
  /** Dev-mode checks every document against its schema; for tests and development builds. */
  devMode?: boolean;
};

let devModeAdded = false;

export async function openDatabase(options: OpenDatabaseOptions): Promise<PayoutsDatabase> {
  let storage = options.storage;
  if (options.devMode) {
    if (!devModeAdded) {
      disableWarnings();
      addRxPlugin(RxDBDevModePlugin);
      devModeAdded = true;
    }
    storage = wrappedValidateAjvStorage({ storage });
  }
  const db = await createRxDatabase<Collections>({
    name: options.name ?? 'payouts',
    storage,
    multiInstance: false,
    eventReduce: true,
    localDocuments: true,
    closeDuplicates: true,
    // Counts for totals and plan limits filter on non-indexed fields; collections are small.
    allowSlowCount: true,
  });
  const collections = {
    payout_methods: { schema: collectionSchemas.payout_methods },
    commands: { schema: collectionSchemas.commands, migrationStrategies: migrationStrategies.commands },
    projects: { schema: collectionSchemas.projects, migrationStrategies: migrationStrategies.projects },
    creators: { schema: collectionSchemas.creators, migrationStrategies: migrationStrategies.creators },
    videos: { schema: collectionSchemas.videos },
    payout_structures: { schema: collectionSchemas.payout_structures, migrationStrategies: migrationStrategies.payout_structures },
    assignments: { schema: collectionSchemas.assignments },
    accruals: { schema: collectionSchemas.accruals, migrationStrategies: migrationStrategies.accruals },
    payments: { schema: collectionSchemas.payments, migrationStrategies: migrationStrategies.payments },
    referrals: { schema: collectionSchemas.referrals },
    referral_events: { schema: collectionSchemas.referral_events },
    payout_batches: { schema: collectionSchemas.payout_batches, migrationStrategies: migrationStrategies.payout_batches },
  };
  // One at a time, and the database closed on a failure: collections created at once keep
  // reading the store in the background (schema migration checks) after one of them failed, and
  // would read a file the caller has closed by then.
  try {
    for (const [name, creator] of Object.entries(collections)) await db.addCollections({ [name]: creator } as never);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}
