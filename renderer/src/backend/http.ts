import type { Backend } from '../../../core/api/backend.ts';
import type { ApiRequest, ApiResponse } from '../../../core/api/envelope.ts';
import type { BackendHandle } from './types.ts';
import { createConnectionStore } from './connection.ts';
import { createLiveSocket } from './live-socket.ts';

export type HttpBackendOptions = {
  apiKey: string;
  /** Called when the server rejects the key (401 `invalid_api_key`, or the socket's auth_error). */
  onAuthError(message: string): void;
};

const API_PREFIX = '/api/v1';

function socketUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${window.location.host}${API_PREFIX}/ws`;
}

function invalidKeyMessage(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== 'invalid_api_key') return null;
  return typeof message === 'string' ? message : 'Invalid API key';
}

/** JSON and text (CSV, an HTML error page) are read as text; anything else (a receipt's image or PDF) as bytes. */
function isBinary(contentType: string | null): boolean {
  if (contentType === null || contentType === '') return false;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return !(type.startsWith('text/') || type === 'application/json' || type.endsWith('+json'));
}

async function readBody(response: Response): Promise<unknown> {
  if (isBinary(response.headers.get('Content-Type'))) return new Uint8Array(await response.arrayBuffer());
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // e.g. a proxy's HTML error page; the client reports it as an unexpected answer
  }
}

/** Web build: requests over fetch to the page's own origin, live queries over one WebSocket. */
export function createHttpBackend(options: HttpBackendOptions): BackendHandle {
  const connection = createConnectionStore('connecting');
  const socket = createLiveSocket({ url: socketUrl(), apiKey: options.apiKey, connection, onAuthError: options.onAuthError });

  async function request(apiRequest: ApiRequest): Promise<ApiResponse> {
    const search = new URLSearchParams(apiRequest.query ?? {}).toString();
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${options.apiKey}` };
    if (apiRequest.body !== undefined) headers['Content-Type'] = 'application/json';
    if (apiRequest.idempotencyKey !== undefined) headers['Idempotency-Key'] = apiRequest.idempotencyKey;
    const response = await fetch(`${API_PREFIX}${apiRequest.path}${search === '' ? '' : `?${search}`}`, {
      method: apiRequest.method,
      headers,
      body: apiRequest.body === undefined ? null : JSON.stringify(apiRequest.body),
    });
    const body = await readBody(response);
    if (response.status === 401) {
      const message = invalidKeyMessage(body);
      if (message !== null) options.onAuthError(message);
    }
    return { status: response.status, headers: Object.fromEntries(response.headers.entries()), body };
  }

  const backend: Backend = { request, watch: socket.watch };
  return {
    transport: 'http',
    backend,
    connection,
    apiBaseUrl: `${window.location.origin}${API_PREFIX}`,
    start: socket.start,
    close: socket.stop,
  };
}
