import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { createApi, type Api } from '../api/app.ts';
import { fixedClock } from '../domain/clock.ts';
import { openDatabase, type PayoutsDatabase } from '../store/database.ts';
import type { SyncTransport } from './client.ts';
import { createSyncService } from './service.ts';

const opened: PayoutsDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

type Reply = { status: number; body: unknown } | 'down';

/** A desktop on a memory store whose team server answers from a script, by request (`POST /projects`, `GET /changes`). */
async function desktop(script: (request: { method: string; path: string }) => Reply) {
  const db = await openDatabase({ storage: getRxStorageMemory(), name: `sync-test-${crypto.randomUUID()}`, devMode: true });
  opened.push(db);
  const api: Api = await createApi({ db, clock: fixedClock('2026-05-01T12:00:00.000Z'), onInternalError: (error) => { throw error; } });
  const sent: string[] = [];
  const transport: SyncTransport = {
    async send(request) {
      sent.push(`${request.method} ${request.path}`);
      // A push (`POST /commands`) is answered command by command from the script, as the server would.
      if (request.method === 'POST' && request.path === '/commands') {
        const answers: { status: number; body: unknown }[] = [];
        for (const command of (request.body as { commands: { method: string; path: string }[] }).commands) {
          sent.push(`  ${command.method} ${command.path}`);
          const reply = script(command);
          if (reply === 'down') throw new Error('connection refused');
          if (reply.status === 401) return reply;
          answers.push(reply);
        }
        return { status: 200, body: { data: { answers }, meta: {} } };
      }
      const reply = script(request);
      if (reply === 'down') throw new Error('connection refused');
      return reply;
    },
  };
  const sync = createSyncService({ api, db, clock: fixedClock('2026-05-01T12:00:00.000Z'), newId: () => crypto.randomUUID(), transport: () => transport });
  const call = async (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) => (await api.handle({ method, path, body }, api.localPrincipal())).body as { data: any };
  return { api, db, sync, sent, call };
}

const emptyPage = { status: 200, body: { data: [], meta: { next_cursor: 'end', has_more: false } } };

describe('sync cycle (scripted team server)', () => {
  it('a refused change of an entity the pull did not bring is put back as it was before the command, and said so in the conflict', async () => {
    let serverCopy: Record<string, unknown> | null = null;
    const desk = await desktop((request) => {
      if (request.path === '/changes?limit=1') return emptyPage;
      if (request.method === 'POST') return { status: 201, body: { data: {} } };
      if (request.method === 'PATCH') return { status: 409, body: { data: null, error: { code: 'conflict_name', message: 'A project named Rival already exists' }, meta: {} } };
      if (serverCopy) {
        const page = { status: 200, body: { data: [{ collection: 'projects', id: serverCopy.id, deleted: false, document: serverCopy }], meta: { next_cursor: 'c1', has_more: false } } };
        serverCopy = null;
        return page;
      }
      return emptyPage;
    });
    await desk.sync.configure({ server_url: 'http://127.0.0.1:9', api_key: 'tga_TestTestTestTestTestTestTestTe01' });
    const project = (await desk.call('POST', '/projects', { name: 'Launch', timezone: 'UTC' })).data;
    // The server's copy carries the server's org: it becomes this desktop's.
    const stored = (await desk.db.projects.findOne(project.id).exec())!.toMutableJSON() as Record<string, unknown>;
    serverCopy = Object.fromEntries(Object.entries({ ...stored, org_id: crypto.randomUUID() }).filter(([key]) => !key.startsWith('_')));
    expect(await desk.sync.runNow()).toMatchObject({ pushed: 1, conflicted: 0, pulled: 1, state: 'idle' });
    expect((await desk.db.projects.findOne(project.id).exec())?.org_id).toBe(desk.api.orgId);

    await desk.call('PATCH', `/projects/${project.id}`, { name: 'Rival' });
    expect((await desk.call('GET', `/projects/${project.id}`)).data.name).toBe('Rival');
    expect(await desk.sync.runNow()).toMatchObject({ pushed: 0, conflicted: 1, pulled: 0, state: 'idle' });
    expect((await desk.call('GET', `/projects/${project.id}`)).data.name).toBe('Launch');
    const [conflict] = await desk.sync.conflicts();
    expect(conflict).toMatchObject({ method: 'PATCH', status: 409, code: 'conflict_name', undone: [`project ${project.id} put back as before`] });
    expect(conflict?.text).toBe(`The team server refused PATCH /projects/${project.id} (409 conflict_name): A project named Rival already exists. Undone on this desktop: project ${project.id} put back as before.`);
    expect(await desk.sync.status()).toMatchObject({ pending: 0, conflicted: 1, cursor: 'end' });
  });

  it('401 stops the cycle with the key refused: state error, the command still pending, nothing pulled', async () => {
    let refuse = false;
    const desk = await desktop((request) => (request.path === '/changes?limit=1' ? emptyPage : refuse ? { status: 401, body: { error: 'Unauthorized' } } : emptyPage));
    await desk.sync.configure({ server_url: 'http://127.0.0.1:9', api_key: 'tga_TestTestTestTestTestTestTestTe01' });
    await desk.call('POST', '/payout-methods', { name: 'Zelle' });
    refuse = true;
    expect(await desk.sync.runNow()).toMatchObject({ pushed: 0, conflicted: 0, pulled: 0, state: 'error', error: 'the team server refused the key' });
    expect(await desk.sync.status()).toMatchObject({ state: 'error', pending: 1, last_error: 'the team server refused the key' });
    expect(desk.sent.filter((line) => line.startsWith('GET /changes?limit=1000'))).toEqual([]);
  });

  it('cycles never overlap: a second request joins the running one', async () => {
    const desk = await desktop(() => emptyPage);
    await desk.sync.configure({ server_url: 'http://127.0.0.1:9', api_key: 'tga_TestTestTestTestTestTestTestTe01' });
    const [one, two] = await Promise.all([desk.sync.runNow(), desk.sync.runNow()]);
    expect(one).toBe(two);
    expect(desk.sent.filter((line) => line.startsWith('GET /changes?limit=1000'))).toHaveLength(1);
  });
});
