import { sha256Hex } from '../domain/bytes.ts';
/** One pending command of the outbox (a journal entry), as it is pushed. */
export type OutboxCommand = { id: string; method: 'POST' | 'PATCH' | 'DELETE'; path: string; body: unknown; idempotencyKey: string };

/**
 * The transport the client is given (core/node/sync-transport.ts over HTTP; a fake in tests). A
 * network failure throws. Answers are JSON, except a 2xx to `accept: 'bytes'`: its raw bytes as a Uint8Array.
 */
export type SyncTransport = {
  send(request: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; path: string; body?: unknown; idempotencyKey?: string; accept?: 'bytes' }): Promise<{ status: number; body: unknown }>;
};

/**
 * SPEC §8, what one answer to a pushed command means: 2xx synced; 401 stop (the key is refused);
 * 408, 429, 5xx stop and retry later with the same key; any other 4xx conflicted, push goes on.
 * A 409 `idempotency_key_in_use` is no refusal: an earlier attempt with this key (one whose answer
 * was lost) is still running on the server (SPEC §6), so it is retried later with the same key.
 */
export function classifyAnswer(status: number, body?: unknown): 'synced' | 'conflicted' | 'unauthorized' | 'retry' {
  if (status >= 200 && status < 300) return 'synced';
  if (status === 401) return 'unauthorized';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  if (status === 409 && readError(body).code === 'idempotency_key_in_use') return 'retry';
  if (status >= 400) return 'conflicted';
  return 'retry';
}

/** Whether a push stops at this answer (the key refused, or retry later): `POST /commands` runs no command after it. */
export function endsPush(status: number, body?: unknown): boolean {
  const kind = classifyAnswer(status, body);
  return kind === 'unauthorized' || kind === 'retry';
}

/** The error a server's answer names: the v1 envelope's `{ error: { code, message } }`, a bare `{ error, message }`, or text. */
export function readError(body: unknown): { code: string; message: string } {
  const error = (body as { error?: unknown } | null)?.error;
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) return { code: String(error.code), message: String(error.message) };
  if (typeof error === 'string') return { code: error, message: String((body as { message?: unknown }).message ?? error) };
  return { code: 'refused', message: typeof body === 'string' ? body.slice(0, 300) : 'the team server refused the command' };
}

/** Why a push, pull or fetch stopped: the key refused (401), or no answer / retry later. */
type Stopped = { reason: 'unauthorized' | 'offline'; message: string };
const KEY_REFUSED: Stopped = { reason: 'unauthorized', message: 'the team server refused the key' };
const unreachable = (error: unknown): Stopped => ({ reason: 'offline', message: `the team server could not be reached (${error instanceof Error ? error.message : String(error)})` });

/** Exponential backoff with full jitter: attempt 1 waits up to `baseMs`, doubling up to `maxMs`; `random` in [0, 1). */
export function backoffMs(attempt: number, random: () => number, baseMs = 5_000, maxMs = 15 * 60_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

export type PushResult = { pushed: number; conflicted: number; stopped: null | { reason: 'unauthorized' | 'offline'; message: string } };

/**
 * Pushes pending commands in journal order as the same requests with their keys. Each answer is
 * reported through `onAnswer` (synced, or conflicted with the server's error) before the next is
 * sent; a 401 or an offline answer stops the push, leaving that command and the rest pending.
 */
export async function pushPending(
  pending: readonly OutboxCommand[],
  transport: SyncTransport,
  onAnswer: (command: OutboxCommand, state: 'synced' | 'conflicted', answer: { status: number; body: unknown }) => Promise<void>,
): Promise<PushResult> {
  let pushed = 0;
  let conflicted = 0;
  for (const command of pending) {
    let answer: { status: number; body: unknown };
    try {
      answer = await transport.send({ method: command.method, path: command.path, body: command.body ?? undefined, idempotencyKey: command.idempotencyKey });
    } catch (error) {
      return { pushed, conflicted, stopped: unreachable(error) };
    }
    const kind = classifyAnswer(answer.status, answer.body);
    if (kind === 'unauthorized') return { pushed, conflicted, stopped: KEY_REFUSED };
    if (kind === 'retry') return { pushed, conflicted, stopped: { reason: 'offline', message: `the team server answered ${answer.status}; retrying later with the same key` } };
    await onAnswer(command, kind, answer);
    if (kind === 'synced') pushed++;
    else conflicted++;
  }
  return { pushed, conflicted, stopped: null };
}

/** A pushed command's answer, as `onAnswers` gets it. */
export type PushedAnswer = { command: OutboxCommand; state: 'synced' | 'conflicted'; answer: { status: number; body: unknown } };

/** How a push packs commands into one `POST /commands`: at most this many, and bodies of at most about this many bytes (a bigger command goes alone). */
export const PUSH_BATCH = { commands: 200, bytes: 8 * 1024 * 1024 };

/**
 * Pushes pending commands in journal order, packed into `POST /commands` requests (several
 * commands, one commit on the server; docs/sync.md "Push"). The answers of each request are
 * reported together through `onAnswers` (one write here) before the next request is sent. A 401
 * or an offline answer, to the request or to one of its commands, stops the push: that command
 * and the rest stay pending. A server that does not take `POST /commands` (any other 4xx to the
 * request itself) is pushed to one command at a time, as before.
 */
export async function pushInBatches(
  pending: readonly OutboxCommand[],
  transport: SyncTransport,
  onAnswers: (answers: PushedAnswer[]) => Promise<void>,
  limits: { commands: number; bytes: number } = PUSH_BATCH,
): Promise<PushResult> {
  let pushed = 0;
  let conflicted = 0;
  let at = 0;
  while (at < pending.length) {
    const batch: OutboxCommand[] = [];
    let bytes = 0;
    while (at + batch.length < pending.length && batch.length < limits.commands) {
      const command = pending[at + batch.length] as OutboxCommand;
      const size = command.body === null || command.body === undefined ? 0 : JSON.stringify(command.body).length;
      if (batch.length > 0 && bytes + size > limits.bytes) break;
      batch.push(command);
      bytes += size;
    }
    let answer: { status: number; body: unknown };
    try {
      answer = await transport.send({
        method: 'POST',
        path: '/commands',
        body: { commands: batch.map((command) => ({ method: command.method, path: command.path, ...(command.body !== null && command.body !== undefined && { body: command.body }), idempotency_key: command.idempotencyKey })) },
      });
    } catch (error) {
      return { pushed, conflicted, stopped: unreachable(error) };
    }
    const kind = classifyAnswer(answer.status, answer.body);
    if (kind === 'unauthorized') return { pushed, conflicted, stopped: KEY_REFUSED };
    if (kind === 'retry') return { pushed, conflicted, stopped: { reason: 'offline', message: `the team server answered ${answer.status}; retrying later with the same keys` } };
    if (kind === 'conflicted') {
      const rest = await pushPending(pending.slice(at), transport, (command, state, one) => onAnswers([{ command, state, answer: one }]));
      return { pushed: pushed + rest.pushed, conflicted: conflicted + rest.conflicted, stopped: rest.stopped };
    }
    const answers = ((answer.body as { data?: { answers?: unknown } } | null)?.data?.answers ?? []) as { status: number; body: unknown }[];
    const answered: PushedAnswer[] = [];
    let stopped: PushResult['stopped'] = null;
    for (const [index, command] of batch.entries()) {
      const one = answers[index];
      if (!one || typeof one.status !== 'number') {
        stopped = { reason: 'offline', message: `the team server answered ${index} of ${batch.length} commands; retrying the rest later with the same keys` };
        break;
      }
      const state = classifyAnswer(one.status, one.body);
      if (state === 'unauthorized') stopped = KEY_REFUSED;
      else if (state === 'retry') stopped = { reason: 'offline', message: `the team server answered ${one.status} to ${command.method} ${command.path}; retrying later with the same key` };
      if (stopped) break;
      answered.push({ command, state: state as 'synced' | 'conflicted', answer: one });
    }
    if (answered.length > 0) await onAnswers(answered);
    for (const { state } of answered) {
      if (state === 'synced') pushed++;
      else conflicted++;
    }
    if (stopped) return { pushed, conflicted, stopped };
    at += batch.length;
  }
  return { pushed, conflicted, stopped: null };
}

/** One change of `GET /changes` (core/sync/changes.ts). */
export type PulledChange = { collection: string; id: string; deleted: boolean; document?: Record<string, unknown> };

export type PullResult = { pulled: number; cursor: string | null; stopped: null | { reason: 'unauthorized' | 'offline'; message: string } };

/**
 * Pulls `GET /changes` from the cursor to the end, a page at a time; each page is handed to
 * `apply` (the single writer) before the next is asked for. The cursor to store is answered only
 * when the pull reached the end; a stopped pull answers the cursor it started from.
 */
export async function pullToEnd(transport: SyncTransport, cursor: string | null, apply: (changes: PulledChange[]) => Promise<void>, limit = 1000): Promise<PullResult> {
  let at = cursor;
  let pulled = 0;
  for (;;) {
    const query = `?limit=${limit}${at ? `&cursor=${encodeURIComponent(at)}` : ''}`;
    let answer: { status: number; body: unknown };
    try {
      answer = await transport.send({ method: 'GET', path: `/changes${query}` });
    } catch (error) {
      return { pulled, cursor, stopped: unreachable(error) };
    }
    if (answer.status === 401) return { pulled, cursor, stopped: KEY_REFUSED };
    if (answer.status !== 200) return { pulled, cursor, stopped: { reason: 'offline', message: `the team server answered ${answer.status} to GET /changes; retrying later` } };
    const page = answer.body as { data: PulledChange[]; meta: { next_cursor: string; has_more: boolean } };
    await apply(page.data);
    pulled += page.data.length;
    at = page.meta.next_cursor;
    if (!page.meta.has_more) return { pulled, cursor: at, stopped: null };
  }
}

/** A file a pulled document names by content hash, with the content type the document gives it. */
export type WantedBlob = { sha256: string; content_type: string };

export type FetchBlobsResult = { fetched: number; stopped: null | { reason: 'unauthorized' | 'offline'; message: string } };

/**
 * Fetches each wanted file with `GET /blobs/{sha256}` as raw bytes, one at a time. Bytes whose
 * SHA-256 is the hash they were asked by are handed to `store`; a 404, another refusal or bytes
 * of another hash are skipped (the hash stays wanted, for the next cycle). A 401 or an offline
 * answer stops the fetching, leaving that file and the rest wanted.
 */
export async function fetchBlobs(wanted: readonly WantedBlob[], transport: SyncTransport, store: (blob: WantedBlob, bytes: Uint8Array) => Promise<void>): Promise<FetchBlobsResult> {
  let fetched = 0;
  for (const blob of wanted) {
    let answer: { status: number; body: unknown };
    try {
      answer = await transport.send({ method: 'GET', path: `/blobs/${blob.sha256}`, accept: 'bytes' });
    } catch (error) {
      return { fetched, stopped: unreachable(error) };
    }
    const kind = classifyAnswer(answer.status);
    if (kind === 'unauthorized') return { fetched, stopped: KEY_REFUSED };
    if (kind === 'retry') return { fetched, stopped: { reason: 'offline', message: `the team server answered ${answer.status} to GET /blobs; retrying later` } };
    if (kind !== 'synced' || !(answer.body instanceof Uint8Array)) continue;
    if ((await sha256Hex(answer.body)) !== blob.sha256) continue;
    await store(blob, answer.body);
    fetched++;
  }
  return { fetched, stopped: null };
}
