import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { Api } from '../api/app.ts';
import type { ApiRequest, ApiResponse } from '../api/envelope.ts';
import { ApiError } from '../api/errors.ts';
import type { Principal } from '../api/principal.ts';

const API_PREFIX = '/api/v1';
const MAX_JSON_BYTES = 1024 * 1024;
/** CSV imports carry whole files (100k metric rows ≈ 6 MB); a push's `POST /commands` may carry imports and receipts. */
const MAX_IMPORT_BYTES = 256 * 1024 * 1024;
/** Payments may carry receipts (≤ 10 MB each, base64): room for a few. */
const MAX_RECEIPTS_BYTES = 64 * 1024 * 1024;

/** The same CSP as the desktop window: the web UI loads nothing but itself. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const wsClientMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('auth'), key: z.string().max(200) }),
  z.strictObject({ type: z.literal('watch'), id: z.string().min(1).max(100), spec: z.unknown() }),
  z.strictObject({ type: z.literal('unwatch'), id: z.string().min(1).max(100) }),
]);

export type HttpServerOptions = { api: Api; staticDir?: string };

/**
 * The headless server's HTTP face: the v1 API under /api/v1 (JSON envelope, Bearer keys), live
 * queries over a WebSocket at /api/v1/ws, and the web UI (the renderer bundle) at /.
 */
export function createHttpServer(options: HttpServerOptions): Server {
  const { api } = options;
  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      console.error('http error:', error);
      if (!res.headersSent) sendJson(res, { status: 500, headers: {}, body: envelopeError('internal_error', 'Something went wrong on our side; nothing was changed.') });
      else res.end();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`)) {
      sendJson(res, await handleApi(req, url));
      return;
    }
    await serveStatic(req, res, url.pathname);
  }

  async function handleApi(req: IncomingMessage, url: URL): Promise<ApiResponse> {
    const path = url.pathname.slice(API_PREFIX.length) || '/';
    const method = (req.method ?? 'GET').toUpperCase();
    if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) {
      return { status: 405, headers: { Allow: 'GET, POST, PUT, PATCH, DELETE' }, body: envelopeError('method_not_allowed', `${method} is not supported`) };
    }
    const bearer = parseBearer(req.headers.authorization);
    let transportError: ApiError | undefined;
    let body: unknown;
    try {
      body = await readJsonBody(req, path.startsWith('/imports/') || path === '/commands' ? MAX_IMPORT_BYTES : path.startsWith('/payout-payments') ? MAX_RECEIPTS_BYTES : MAX_JSON_BYTES);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      transportError = error;
    }
    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams) {
      if (key in query) {
        transportError ??= new ApiError('invalid_query', `Query parameter ${key} is given more than once`, { meta: { errors: [{ path: key, message: 'given more than once' }] } });
      }
      query[key] = value;
    }
    const idempotencyKey = req.headers['idempotency-key'];
    const request: ApiRequest = {
      method: method as ApiRequest['method'],
      path,
      query,
      body,
      ...(typeof idempotencyKey === 'string' && { idempotencyKey }),
    };
    return api.handleWithKey(request, bearer, transportError);
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const root = options.staticDir;
    if (!root || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    let file = normalize(join(root, decodeURIComponent(pathname)));
    if (!file.startsWith(normalize(root + sep)) && file !== normalize(root)) {
      res.writeHead(404).end();
      return;
    }
    const info = await stat(file).catch(() => null);
    if (!info || info.isDirectory()) file = join(root, 'index.html'); // single-page app routes
    const content = await readFile(file).catch(() => null);
    if (!content) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('The web UI is not built yet: run `npm run build`.');
      return;
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600',
    });
    res.end(req.method === 'HEAD' ? undefined : content);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== `${API_PREFIX}/ws`) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveLiveQueries(api, ws));
  });
  server.on('close', () => wss.close());
  return server;
}

/** One WebSocket: authenticate with the first message, then watch / unwatch named live queries. */
function serveLiveQueries(api: Api, ws: WebSocket): void {
  let principal: Principal | null = null;
  const watches = new Map<string, () => void>();
  const send = (message: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  // Messages are handled strictly in order: a watch sent right after auth waits for the auth.
  let chain: Promise<void> = Promise.resolve();
  ws.on('message', (raw) => {
    chain = chain.then(() => handleMessage(String(raw))).catch((error: unknown) => console.error('live query error:', error));
  });
  const handleMessage = async (raw: string) => {
    let parsed: z.infer<typeof wsClientMessageSchema>;
    try {
      parsed = wsClientMessageSchema.parse(JSON.parse(raw));
    } catch {
      send({ type: 'protocol_error', error: { code: 'invalid_body', message: 'Unrecognized message' } });
      return;
    }
    if (parsed.type === 'auth') {
      principal = await api.authenticate(parsed.key);
      if (!principal) {
        send({ type: 'auth_error', error: { code: 'invalid_api_key', message: 'Missing or invalid API key' } });
        ws.close(4401, 'invalid_api_key');
      } else send({ type: 'auth_ok' });
      return;
    }
    if (!principal) {
      send({ type: 'auth_error', error: { code: 'invalid_api_key', message: 'Authenticate first' } });
      ws.close(4401, 'invalid_api_key');
      return;
    }
    if (parsed.type === 'watch') {
      watches.get(parsed.id)?.();
      const id = parsed.id;
      watches.set(id, api.watch(parsed.spec, principal, (message) => send({ type: 'watch', id, message })));
    } else {
      watches.get(parsed.id)?.();
      watches.delete(parsed.id);
    }
  };
  ws.on('close', () => {
    for (const stop of watches.values()) stop();
    watches.clear();
  });
}

function parseBearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new ApiError('payload_too_large', `Request body is over ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('invalid_body', 'Request body is not valid JSON', { meta: { errors: [{ path: '(root)', message: 'not valid JSON' }] } });
  }
}

function envelopeError(code: string, message: string) {
  return { data: null, error: { code, message }, meta: {} };
}

function sendJson(res: ServerResponse, response: ApiResponse): void {
  // Exports answer raw text (CSV) and receipts raw bytes; everything else is JSON.
  const payload = typeof response.body === 'string' || response.body instanceof Uint8Array ? response.body : JSON.stringify(response.body);
  res.writeHead(response.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...response.headers,
  });
  res.end(payload);
}
