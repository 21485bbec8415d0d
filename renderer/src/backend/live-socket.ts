import { z } from 'zod';
import type { WatchMessage, WatchSpec } from '../../../core/api/contracts/watch.ts';
import type { ErrorCode } from '../../../core/api/errors.ts';
import type { WritableConnectionStore } from './connection.ts';

/**
 * Everything the server may send on the socket. Row contents stay `unknown` here: each live
 * query's hook validates its rows against the row schema it expects.
 */
const serverErrorSchema = z.object({ code: z.string(), message: z.string() });
const watchMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('result'),
    rows: z.array(z.unknown()),
    total: z.number().int().min(0),
    /** accruals: the sum over every matching row (kept, not stripped, so the hook can show it). */
    sum_amount_cents: z.number().int().optional(),
  }),
  z.object({ type: z.literal('error'), error: serverErrorSchema }),
]);
const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('watch'), id: z.string(), message: z.unknown() }),
  z.object({ type: z.literal('auth_ok') }),
  z.object({ type: z.literal('auth_error'), error: serverErrorSchema }),
  z.object({ type: z.literal('protocol_error'), error: serverErrorSchema }),
]);

type LiveWatch = { spec: WatchSpec; onMessage: (message: WatchMessage) => void };

export type LiveSocketOptions = {
  url: string;
  apiKey: string;
  connection: WritableConnectionStore;
  onAuthError(message: string): void;
};

export type LiveSocket = {
  watch(spec: WatchSpec, onMessage: (message: WatchMessage) => void): () => void;
  start(): void;
  stop(): void;
};

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15_000;

/**
 * One WebSocket carries every live query of the page. It authenticates first and (re)subscribes
 * every live watch once the server acknowledged the key (`auth_ok`), on every (re)connect; when
 * the socket drops it retries with capped exponential backoff, so a server restart or a flaky
 * network heals without a reload.
 */
export function createLiveSocket(options: LiveSocketOptions): LiveSocket {
  const { connection } = options;
  const watches = new Map<string, LiveWatch>();
  let socket: WebSocket | null = null;
  /** Watches are sent only after auth_ok: the server may handle messages as they arrive, not in order. */
  let isAuthenticated = false;
  let isStopped = true;
  let failedAttempts = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let nextWatchId = 1;

  function send(payload: unknown): void {
    if (isAuthenticated && socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
  }

  function clearRetry(): void {
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
  }

  function scheduleReconnect(): void {
    clearRetry();
    const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** failedAttempts);
    // Jitter keeps a room full of reopened laptops from reconnecting in lockstep.
    const delay = base * (0.75 + Math.random() * 0.5);
    failedAttempts += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      open();
    }, delay);
  }

  function deliver(id: string, raw: unknown): void {
    const entry = watches.get(id);
    if (!entry) return; // an answer to a watch that was already ended
    const parsed = watchMessageSchema.safeParse(raw);
    if (!parsed.success) {
      console.warn('Unexpected live-query message', raw, parsed.error.issues);
      entry.onMessage({ type: 'error', error: { code: 'internal_error', message: 'The server sent a live update in an unexpected shape.' } });
      return;
    }
    const message = parsed.data;
    if (message.type === 'error') {
      // Codes come from the server; the contract says they are ErrorCodes.
      const code = message.error.code as ErrorCode;
      if (code === 'invalid_api_key') handleAuthError(message.error.message);
      entry.onMessage({ type: 'error', error: { code, message: message.error.message } });
      return;
    }
    entry.onMessage(message);
  }

  function handleAuthError(message: string): void {
    connection.set('unauthorized');
    clearRetry();
    isAuthenticated = false;
    const ws = socket;
    socket = null;
    ws?.close(1000);
    options.onAuthError(message);
  }

  function handleData(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      console.warn('Ignoring a socket message that is not JSON');
      return;
    }
    const parsed = serverMessageSchema.safeParse(json);
    if (!parsed.success) {
      console.warn('Ignoring an unknown socket message', json);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'auth_ok':
        isAuthenticated = true;
        failedAttempts = 0; // a healthy connection: the next drop retries quickly again
        connection.set('online');
        for (const [id, { spec }] of watches) send({ type: 'watch', id, spec });
        return;
      case 'auth_error':
        return handleAuthError(message.error.message);
      case 'protocol_error':
        console.warn('The server did not understand a socket message:', message.error.message);
        return;
      case 'watch':
        return deliver(message.id, message.message);
    }
  }

  function open(): void {
    if (isStopped || socket !== null || connection.get() === 'unauthorized') return;
    const ws = new WebSocket(options.url);
    socket = ws;
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'auth', key: options.apiKey }));
    };
    ws.onmessage = (event: MessageEvent) => {
      if (socket === ws) handleData(event.data); // a stopped socket's last words are not ours to act on
    };
    ws.onclose = () => {
      if (socket !== ws) return; // replaced or stopped on purpose
      socket = null;
      isAuthenticated = false;
      if (isStopped || connection.get() === 'unauthorized') return;
      connection.set('offline');
      scheduleReconnect();
    };
    // An error is always followed by close, which owns the retry.
    ws.onerror = () => undefined;
  }

  function reconnectNow(): void {
    if (isStopped || socket !== null) return;
    clearRetry();
    failedAttempts = 0;
    open();
  }

  return {
    watch(spec, onMessage) {
      const id = `w${nextWatchId++}`;
      watches.set(id, { spec, onMessage });
      send({ type: 'watch', id, spec });
      return () => {
        if (!watches.delete(id)) return;
        send({ type: 'unwatch', id });
      };
    },
    start() {
      if (!isStopped) return;
      isStopped = false;
      if (connection.get() !== 'unauthorized') connection.set('connecting');
      window.addEventListener('online', reconnectNow);
      open();
    },
    stop() {
      isStopped = true;
      clearRetry();
      window.removeEventListener('online', reconnectNow);
      isAuthenticated = false;
      const ws = socket;
      socket = null;
      ws?.close(1000);
    },
  };
}
