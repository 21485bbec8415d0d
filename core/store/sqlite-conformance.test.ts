/**
 * Conformance of the SQLite storage with RxDB's memory storage as the oracle: random documents of
 * the real schemas (with strings chosen to break orders: trailing spaces, tabs, emoji, U+E000–
 * U+FFFF, NUL), written, patched and removed identically in both stores, then random queries
 * with every operator, sort and skip/limit the app uses must return the same documents in the
 * same order, and the same counts. CONFORMANCE_RUNS raises the number of runs per collection.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { addRxPlugin, createRxDatabase, type MangoQuery, type RxCollection, type RxDatabase } from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSqliteDriver } from '../node/sqlite.ts';
import { collectionSchemas } from './database.ts';
import { createSqliteStorage } from './sqlite-storage.ts';
import type { SqliteDatabase } from './sqlite-driver.ts';

addRxPlugin(RxDBLocalDocumentsPlugin);

const RUNS = Number(process.env.CONFORMANCE_RUNS ?? 40);
const NAMES = ['payout_methods', 'accruals', 'creators', 'commands'] as const;
type Name = (typeof NAMES)[number];
type Doc = Record<string, unknown> & { id: string };
type Pair = { memory: RxCollection; sqlite: RxCollection };

let dir: string;
let sqlite: SqliteDatabase;
let memoryDb: RxDatabase;
let sqliteDb: RxDatabase;
const pairs = {} as Record<Name, Pair>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'payouts-conformance-'));
  sqlite = nodeSqliteDriver.open(join(dir, 'store.sqlite'));
  const store = createSqliteStorage(sqlite, { documentCacheSize: 20 });
  const collections = Object.fromEntries(NAMES.map((name) => [name, { schema: collectionSchemas[name] }]));
  memoryDb = await createRxDatabase({ name: 'oracle', storage: getRxStorageMemory(), multiInstance: false, allowSlowCount: true });
  sqliteDb = await createRxDatabase({ name: 'subject', storage: store.storage, multiInstance: false, allowSlowCount: true });
  store.finishOpen();
  const memory = await memoryDb.addCollections(collections);
  const subject = await sqliteDb.addCollections(collections);
  for (const name of NAMES) pairs[name] = { memory: memory[name] as RxCollection, sqlite: subject[name] as RxCollection };
});

afterAll(async () => {
  await memoryDb?.close();
  await sqliteDb?.close();
  sqlite?.close();
  rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Values that make orders differ if anything is off

const tricky = fc.constantFrom('', 'a', 'ab', 'ab ', 'ab  ', 'ab\t', 'ab!', 'a b', 'A', 'b', 'é', '😀', 'z😀', '\uE000', '\uFFFD', '\uFFFF', 'ab\u0000', 'Ab', 'ab~', ' ab');
const text = fc.oneof(tricky, fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\t', '😀', '\uE001', 'é', '~', 'Z'), maxLength: 6 }));
const uuids = (n: number) => Array.from({ length: n }, () => randomUUID());
const ORGS = uuids(2);
const PROJECTS = uuids(3);
const STRUCTURES = uuids(3);
const CREATORS = uuids(4);
const TIMES = ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-02T12:30:00.000Z', '2026-02-01T00:00:00.000Z', '2026-03-15T08:00:00.000Z'];
const time = fc.constantFrom(...TIMES);
const pick = <T,>(values: readonly T[]) => fc.constantFrom(...values);

const docs: Record<Name, fc.Arbitrary<Omit<Doc, 'id'>>> = {
  payout_methods: fc.record({
    org_id: pick(ORGS),
    name: text.map((value) => value || 'x'),
    name_key: text,
    icon_url: fc.constant(null),
    is_default: fc.boolean(),
    is_active: fc.boolean(),
    metadata: fc.constant({}),
    readme: fc.constant(null),
    created_at: time,
    updated_at: time,
  }),
  accruals: fc.record({
    org_id: pick(ORGS),
    project_id: pick(PROJECTS),
    structure_id: pick(STRUCTURES),
    version_id: fc.constant(STRUCTURES[0] as string),
    version_number: fc.integer({ min: 1, max: 3 }),
    creator_id: pick(CREATORS),
    criteria_type: pick(['recurring', 'goals', 'cpm', 'view_threshold'] as const),
    period_start_at: time,
    period_end_at: time,
    video_id: fc.constant(null),
    view_count: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
    amount_cents: fc.integer({ min: 1, max: 100_000 }),
    currency: fc.constant('USD'),
    status: pick(['earned', 'paid', 'rejected', 'voided'] as const),
    inputs_snapshot: fc.constant({}),
    run_id: fc.constant(STRUCTURES[1] as string),
    payment_id: fc.constant(null),
    paid_at: fc.constant(null),
    created_at: time,
    updated_at: time,
  }),
  creators: fc.record({
    org_id: pick(ORGS),
    name: text.map((value) => value || 'x'),
    handle: text.map((value) => `@${value}`),
    email: fc.constant(null),
    default_method_id: fc.constant(null),
    payout_handle: fc.constant(null),
    metadata: fc.constant({}),
    readme: fc.constant(null),
    handle_key: text,
    name_key: text,
    memberships: fc.uniqueArray(pick(PROJECTS), { maxLength: 3 }).map((ids) => ids.map((project_id) => ({ project_id, joined_at: TIMES[0] as string }))),
    goals: fc.constant([]),
    created_at: time,
    updated_at: time,
  }),
  commands: fc.record({
    org_id: pick(ORGS),
    seq: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constantFrom(0, 1, 999_999_999_999_999, 1e15, 123_456_789_012)),
    at: time,
    actor: fc.constant('local_user'),
    method: pick(['POST', 'PATCH', 'DELETE'] as const),
    route: fc.constant('POST /x'),
    path: fc.constant('/x'),
    request_body: fc.constant(null),
    status: fc.constantFrom(200, 201, 409),
    changes: fc.constant([]),
    idempotency_key: text,
    request_hash: fc.constant(null),
    response_body: fc.constant(null),
    sync_state: pick(['local_only', 'pending', 'synced', 'conflicted'] as const),
  }),
};

// ---------------------------------------------------------------------------------------------
// Queries as the app writes them

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const range = <T,>(values: fc.Arbitrary<T>) =>
  fc.oneof(
    values.map((v) => ({ $eq: v })),
    values.map((v) => ({ $gt: v })),
    values.map((v) => ({ $gte: v })),
    values.map((v) => ({ $lt: v })),
    values.map((v) => ({ $lte: v })),
    fc.tuple(values, values).map(([a, b]) => ({ $gte: a, $lte: b })),
    fc.tuple(values, values).map(([a, b]) => ({ $gt: a, $lt: b })),
    fc.uniqueArray(values, { minLength: 1, maxLength: 3 }).map((vs) => ({ $in: vs })),
  );
const optional = <T,>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const page = fc.record({ limit: optional(fc.integer({ min: 1, max: 12 })), skip: optional(fc.integer({ min: 0, max: 4 })) });
const sortOf = (orders: Record<string, 'asc' | 'desc'>[][]) => fc.constantFrom(...orders);
const clean = (selector: Record<string, unknown>) => Object.fromEntries(Object.entries(selector).filter(([, v]) => v !== undefined));

/** An index named by the query (as the app's hot lists do); RxDB adds `_deleted` and the primary key. */
const hinted = (query: fc.Arbitrary<MangoQuery>, indexes: string[][]) =>
  fc.tuple(query, fc.option(fc.constantFrom(...indexes), { nil: undefined })).map(([q, index]) => (index ? { ...q, index } : q));

const queries: Record<Name, fc.Arbitrary<MangoQuery>> = {
  payout_methods: hinted(fc
    .record({
      selector: fc
        .record({
          org_id: optional(pick(ORGS)),
          is_active: optional(fc.boolean()),
          name_key: optional(fc.oneof(range(text), text.map((t) => ({ $regex: escape(t) })))),
          created_at: optional(range(time)),
          $or: optional(fc.constant([{ is_default: true }, { name_key: { $regex: 'a' } }])),
        })
        .map(clean),
      sort: sortOf([
        [{ name_key: 'asc' }],
        [{ name_key: 'desc' }, { id: 'desc' }],
        [{ name_key: 'asc' }, { id: 'asc' }],
        [{ created_at: 'desc' }, { id: 'desc' }],
        [{ created_at: 'asc' }],
        [{ is_active: 'asc' }, { name_key: 'asc' }, { id: 'asc' }],
        [{ created_at: 'desc' }, { name_key: 'asc' }, { id: 'asc' }],
        [{ id: 'desc' }],
      ]),
    })
    .chain((q) => page.map((p) => ({ ...q, ...clean(p) }))), [['name_key'], ['created_at']]),
  accruals: hinted(fc
    .record({
      selector: fc
        .record({
          org_id: optional(pick(ORGS)),
          project_id: optional(pick(PROJECTS)),
          creator_id: optional(fc.oneof(pick(CREATORS), fc.uniqueArray(pick(CREATORS), { minLength: 1, maxLength: 2 }).map((ids) => ({ $in: ids })))),
          structure_id: optional(pick(STRUCTURES)),
          status: optional(fc.oneof(pick(['earned', 'paid', 'rejected', 'voided']), fc.constant({ $in: ['earned', 'paid'] }))),
          period_end_at: optional(range(time)),
          period_start_at: optional(range(time)),
          amount_cents: optional(range(fc.integer({ min: 1, max: 100_000 }))),
        })
        .map(clean),
      sort: sortOf([
        [{ period_end_at: 'desc' }, { id: 'desc' }],
        [{ period_end_at: 'asc' }, { id: 'asc' }],
        [{ period_end_at: 'desc' }],
        [{ amount_cents: 'desc' }, { id: 'desc' }],
        [{ created_at: 'desc' }, { id: 'desc' }],
        [{ status: 'asc' }, { period_end_at: 'asc' }],
      ]),
    })
    .chain((q) => page.map((p) => ({ ...q, ...clean(p) }))), [['status', 'period_end_at'], ['creator_id', 'period_end_at'], ['period_end_at'], ['project_id', 'period_end_at']]),
  creators: fc
    .record({
      selector: fc
        .record({
          org_id: optional(pick(ORGS)),
          memberships: optional(pick(PROJECTS).map((project_id) => ({ $elemMatch: { project_id } }))),
          $or: optional(text.map((t) => [{ name_key: { $regex: escape(t) } }, { handle_key: { $regex: escape(t) } }])),
          handle_key: optional(range(text)),
        })
        .map(clean),
      sort: sortOf([
        [{ name_key: 'asc' }, { id: 'asc' }],
        [{ handle_key: 'desc' }, { id: 'desc' }],
        [{ handle_key: 'asc' }],
        [{ created_at: 'desc' }, { name_key: 'asc' }, { id: 'asc' }],
        [{ created_at: 'desc' }, { id: 'desc' }],
      ]),
    })
    .chain((q) => page.map((p) => ({ ...q, ...clean(p) }))),
  commands: fc
    .record({
      selector: fc
        .record({
          org_id: optional(pick(ORGS)),
          seq: optional(range(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constantFrom(1e15, 123_456_789_012)))),
          idempotency_key: optional(fc.oneof(text, text.map((t) => ({ $ne: t })))),
          sync_state: optional(pick(['local_only', 'pending', 'synced', 'conflicted'])),
        })
        .map(clean),
      sort: sortOf([[{ seq: 'desc' }, { id: 'desc' }], [{ seq: 'asc' }], [{ idempotency_key: 'asc' }, { id: 'asc' }], [{ at: 'desc' }, { id: 'desc' }]]),
    })
    .chain((q) => page.map((p) => ({ ...q, ...clean(p) }))),
};

const scenario = (name: Name) =>
  fc.record({
    docs: fc.array(docs[name], { minLength: 1, maxLength: 40 }),
    patches: fc.array(fc.tuple(fc.nat(), docs[name]), { maxLength: 10 }),
    removals: fc.array(fc.nat(), { maxLength: 6 }),
    queries: fc.array(queries[name], { minLength: 1, maxLength: 12 }),
  });

async function both<T>(pair: Pair, fn: (collection: RxCollection) => Promise<T>): Promise<[T, T]> {
  return [await fn(pair.memory), await fn(pair.sqlite)];
}

describe('SQLite storage conforms to RxDB\'s memory storage', () => {
  for (const name of NAMES) {
    it(`${name}: the same documents, in the same order, and the same counts for random queries (${RUNS} runs)`, async () => {
      const pair = pairs[name];
      await fc.assert(
        fc.asyncProperty(scenario(name), async ({ docs: bodies, patches, removals, queries: list }) => {
          const written: Doc[] = bodies.map((body) => ({ ...body, id: randomUUID() }));
          try {
            await both(pair, (collection) => collection.bulkInsert(written));
            for (const [index, body] of patches) {
              const target = written[index % written.length] as Doc;
              await both(pair, async (collection) => (await collection.findOne(target.id).exec())?.incrementalPatch(body));
            }
            for (const index of removals) {
              const target = written[index % written.length] as Doc;
              await both(pair, async (collection) => (await collection.findOne(target.id).exec())?.remove());
            }
            for (const query of list) {
              const [expected, actual] = await both(pair, async (collection) => (await collection.find(query).exec()).map((doc) => doc.primary));
              expect(actual, JSON.stringify(query)).toEqual(expected);
              const { limit: _limit, skip: _skip, sort: _sort, ...countable } = query;
              const [expectedCount, actualCount] = await both(pair, (collection) => collection.count(countable).exec());
              expect(actualCount, `count ${JSON.stringify(countable)}`).toBe(expectedCount);
            }
            const ids = written.map((doc) => doc.id);
            const [expectedById, actualById] = await both(pair, async (collection) => [...(await collection.findByIds(ids).exec()).keys()].sort());
            expect(actualById).toEqual(expectedById);
          } finally {
            await both(pair, (collection) => collection.find({ selector: { id: { $in: written.map((doc) => doc.id) } } }).remove());
            await both(pair, (collection) => collection.storageInstance.cleanup(0));
          }
        }),
        { numRuns: RUNS },
      );
    }, 600_000);
  }
});
