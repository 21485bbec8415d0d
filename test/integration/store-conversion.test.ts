import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApi } from '../../core/api/app.ts';
import { systemClock } from '../../core/domain/clock.ts';
import { nodeSqliteDriver } from '../../core/node/sqlite.ts';
import { storePath } from '../../core/node/services.ts';
import { openDatabase } from '../../core/store/database.ts';
import { createDurableStorage } from '../bench/legacy/memory-mirror-storage.ts';
import { api, startServer, type RunningServer } from '../support/server.ts';

/**
 * A store file written by the previous storage (every document in one `rx_docs` table, kept in
 * memory while the app ran) is converted when the server first opens it: the server log says how
 * far the conversion is, and everything the old version acknowledged reads back the same.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'payouts-test-conversion-'));
let server: RunningServer | undefined;

afterAll(async () => {
  await server?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

type Written = { methods: unknown[]; projects: unknown[]; creators: unknown[] };

/** Writes a store through the v1 API on the previous storage, as the previous version ran. */
async function writeWithPreviousStorage(): Promise<Written> {
  const sqlite = nodeSqliteDriver.open(storePath(dataDir));
  const durable = createDurableStorage(sqlite, new AsyncLocalStorage<object>());
  const db = await openDatabase({ storage: durable.storage });
  const app = await createApi({ db, clock: systemClock, transaction: durable.transaction });
  const me = app.localPrincipal();
  const post = async (path: string, body: unknown) => {
    const response = await app.handle({ method: 'POST', path, body }, me);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  };
  for (let i = 0; i < 20; i++) await post('/payout-methods', { name: `Method ${i}` });
  await post('/projects', { name: 'Launch Alpha' });
  for (let i = 0; i < 20; i++) await post('/creators', { name: `Creator ${i}`, email: `c${i}@example.com` });
  const read = async (path: string) => (await app.handle({ method: 'GET', path, query: { limit: '100' } }, me)).body as { data: unknown[] };
  const written = { methods: (await read('/payout-methods')).data, projects: (await read('/projects')).data, creators: (await read('/creators')).data };
  await db.close();
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'rx_docs'").all();
  expect(tables).toEqual([{ name: 'rx_docs' }]);
  sqlite.close();
  return written;
}

describe('first open of a store in the previous layout', () => {
  it('converts it, logs the progress, and serves what the previous version wrote', async () => {
    const written = await writeWithPreviousStorage();
    server = await startServer({ dataDir });
    expect(server.output()).toMatch(/Converting the store to the current layout: [\d,]+ of [\d,]+ documents \(100%\), done/);

    const read = async (path: string) => {
      const response = await api(server as RunningServer, 'GET', `${path}?limit=100`);
      expect(response.status).toBe(200);
      return response.body.data;
    };
    expect(await read('/payout-methods')).toEqual(written.methods);
    expect(await read('/projects')).toEqual(written.projects);
    expect(await read('/creators')).toEqual(written.creators);

    // Converted once: the next start opens the new layout without converting again.
    await server.stop();
    server = await startServer({ dataDir });
    expect(server.output()).not.toMatch(/Converting the store/);
    expect(await read('/creators')).toEqual(written.creators);
  });
});
