import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../domain/bytes.ts';
import { backoffMs, classifyAnswer, fetchBlobs, pullToEnd, pushPending, type OutboxCommand, type SyncTransport } from './client.ts';

const command = (n: number): OutboxCommand => ({ id: `c${n}`, method: 'POST', path: '/payout-methods', body: { name: `M${n}` }, idempotencyKey: `k${n}` });

/** Answers each request with the next status of the script (or throws for 'down'), recording what was sent. */
function scripted(statuses: (number | 'down')[]) {
  const sent: { path: string; idempotencyKey?: string; body?: unknown }[] = [];
  const transport: SyncTransport = {
    async send(request) {
      sent.push(request);
      const status = statuses.shift();
      if (status === 'down' || status === undefined) throw new Error('connection refused');
      return { status, body: status >= 400 ? { error: { code: 'already_paid', message: 'already paid by payment P' } } : { data: {} } };
    },
  };
  return { transport, sent };
}

describe('sync client: push', () => {
  it('classifies answers as SPEC §8 says', () => {
    expect([200, 201, 204].map(classifyAnswer)).toEqual(['synced', 'synced', 'synced']);
    expect([400, 402, 404, 409, 422].map(classifyAnswer)).toEqual(['conflicted', 'conflicted', 'conflicted', 'conflicted', 'conflicted']);
    expect(classifyAnswer(401)).toBe('unauthorized');
    expect([408, 429, 500, 503].map(classifyAnswer)).toEqual(['retry', 'retry', 'retry', 'retry']);
  });

  it('pushes in order with each key; a refusal is conflicted with the server\'s error and the push goes on', async () => {
    const { transport, sent } = scripted([201, 409, 201]);
    const answers: [string, string, unknown][] = [];
    const result = await pushPending([command(1), command(2), command(3)], transport, async (c, state, answer) => void answers.push([c.id, state, answer.body]));
    expect(sent.map((request) => request.idempotencyKey)).toEqual(['k1', 'k2', 'k3']);
    expect(sent[0]?.body).toEqual({ name: 'M1' });
    expect(answers.map(([id, state]) => [id, state])).toEqual([['c1', 'synced'], ['c2', 'conflicted'], ['c3', 'synced']]);
    expect(answers[1]?.[2]).toEqual({ error: { code: 'already_paid', message: 'already paid by payment P' } });
    expect(result).toEqual({ pushed: 2, conflicted: 1, stopped: null });
  });

  it('401 stops with the key refused; 5xx and network errors stop offline and leave the rest pending', async () => {
    for (const [script, reason] of [[[201, 401], 'unauthorized'], [[201, 503], 'offline'], [[201, 'down'], 'offline']] as const) {
      const { transport } = scripted([...script]);
      const answered: string[] = [];
      const result = await pushPending([command(1), command(2), command(3)], transport, async (c) => void answered.push(c.id));
      expect(answered).toEqual(['c1']);
      expect(result.pushed).toBe(1);
      expect(result.stopped?.reason).toBe(reason);
    }
  });

  it('409 idempotency_key_in_use is no refusal: the push stops offline and the command stays pending for a retry with its key', async () => {
    const inUse = { error: { code: 'idempotency_key_in_use', message: 'A request with this Idempotency-Key is still being processed' } };
    expect(classifyAnswer(409, inUse)).toBe('retry');
    expect(classifyAnswer(409, { error: { code: 'conflict_id', message: 'taken' } })).toBe('conflicted');
    const sent: (string | undefined)[] = [];
    const transport: SyncTransport = {
      async send(request) {
        sent.push(request.idempotencyKey);
        return sent.length === 1 ? { status: 201, body: { data: {} } } : { status: 409, body: inUse };
      },
    };
    const answered: string[] = [];
    const result = await pushPending([command(1), command(2), command(3)], transport, async (c, state) => void answered.push(`${c.id} ${state}`));
    expect(answered).toEqual(['c1 synced']);
    expect(sent).toEqual(['k1', 'k2']);
    expect(result).toMatchObject({ pushed: 1, conflicted: 0, stopped: { reason: 'offline' } });
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffMs(1, () => 0.5)).toBe(2_500);
    expect(backoffMs(3, () => 0.5)).toBe(10_000);
    expect(backoffMs(30, () => 0.999)).toBeLessThan(15 * 60_000);
    expect(backoffMs(2, () => 0)).toBe(0);
  });
});

describe('sync client: pull', () => {
  const pages = [
    { data: [{ collection: 'projects', id: 'p1', deleted: false, document: { id: 'p1' } }], meta: { next_cursor: 'c1', has_more: true } },
    { data: [{ collection: 'payout_methods', id: 'm1', deleted: true }], meta: { next_cursor: 'c2', has_more: false } },
  ];
  it('pulls page by page from the cursor to the end and answers the last cursor', async () => {
    const asked: string[] = [];
    const queue = [...pages];
    const transport: SyncTransport = { async send(request) { asked.push(request.path); return { status: 200, body: queue.shift() }; } };
    const applied: string[] = [];
    const result = await pullToEnd(transport, 'c0', async (changes) => void applied.push(...changes.map((change) => change.id)), 1);
    expect(asked).toEqual(['/changes?limit=1&cursor=c0', '/changes?limit=1&cursor=c1']);
    expect(applied).toEqual(['p1', 'm1']);
    expect(result).toEqual({ pulled: 2, cursor: 'c2', stopped: null });
  });

  it('a pull cut off keeps the cursor it started from', async () => {
    const queue: (typeof pages[number] | 'down')[] = [pages[0] as typeof pages[number], 'down'];
    const transport: SyncTransport = {
      async send() {
        const next = queue.shift();
        if (next === 'down' || !next) throw new Error('connection reset');
        return { status: 200, body: next };
      },
    };
    const result = await pullToEnd(transport, null, async () => undefined);
    expect(result.cursor).toBeNull();
    expect(result.stopped?.reason).toBe('offline');
  });
});

describe('sync client: files by content hash', () => {
  const bytesOf = (text: string) => new TextEncoder().encode(text);
  async function wanted(...texts: string[]) {
    return Promise.all(texts.map(async (text) => ({ sha256: await sha256Hex(text), content_type: 'application/pdf' })));
  }

  it('stores only bytes whose SHA-256 is the hash asked for; a 404 or bytes of another hash are skipped and stay wanted', async () => {
    const files = await wanted('receipt one', 'receipt two', 'receipt three');
    const answers = new Map<string, { status: number; body: unknown }>([
      [`/blobs/${files[0]!.sha256}`, { status: 200, body: bytesOf('receipt one') }],
      [`/blobs/${files[1]!.sha256}`, { status: 200, body: bytesOf('not receipt two') }],
      [`/blobs/${files[2]!.sha256}`, { status: 404, body: { error: { code: 'not_found', message: 'No file' } } }],
    ]);
    const asked: { path: string; accept?: string }[] = [];
    const transport: SyncTransport = { async send(request) { asked.push({ path: request.path, accept: request.accept }); return answers.get(request.path)!; } };
    const stored: string[] = [];
    const result = await fetchBlobs(files, transport, async (blob, bytes) => void stored.push(`${blob.sha256}:${new TextDecoder().decode(bytes)}`));
    expect(result).toEqual({ fetched: 1, stopped: null });
    expect(stored).toEqual([`${files[0]!.sha256}:receipt one`]);
    expect(asked).toEqual(files.map((file) => ({ path: `/blobs/${file.sha256}`, accept: 'bytes' })));
  });

  it('a 401, a 503 or no answer stops the fetching, leaving that file and the rest unfetched', async () => {
    const files = await wanted('a', 'b');
    for (const [answer, reason] of [[401, 'unauthorized'], [503, 'offline'], ['down', 'offline']] as const) {
      const { transport, sent } = scripted([answer, 200]);
      const stored: string[] = [];
      const result = await fetchBlobs(files, transport, async (blob) => void stored.push(blob.sha256));
      expect([result.fetched, result.stopped?.reason, stored.length, sent.length]).toEqual([0, reason, 0, 1]);
    }
  });
});
