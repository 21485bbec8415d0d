import { checkServerUrl } from '../sync/server-url.ts';

/** One request of the sync protocol as the client sends it, and what came back. */
export type SyncRequest = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; path: string; body?: unknown; idempotencyKey?: string; accept?: 'bytes' };
export type SyncResponse = { status: number; body: unknown };

export { checkServerUrl };

/**
 * The Node HTTP transport of the sync client: v1 requests to `<server>/api/v1` with the member's
 * key. A network failure (no answer) throws; every answer, errors included, is returned. A
 * request with `accept: 'bytes'` (`GET /blobs/{sha256}`) gets a 2xx body as the raw bytes;
 * everything else, and every error, is read as JSON.
 */
export function httpSyncTransport(options: { serverUrl: string; apiKey: string; timeoutMs?: number }) {
  const checked = checkServerUrl(options.serverUrl);
  if ('error' in checked) throw new Error(`server_url ${checked.error}`);
  const base = `${checked.url}/api/v1`;
  return {
    async send(request: SyncRequest): Promise<SyncResponse> {
      const headers: Record<string, string> = { Authorization: `Bearer ${options.apiKey}` };
      if (request.idempotencyKey) headers['Idempotency-Key'] = request.idempotencyKey;
      let body: string | undefined;
      if (request.body !== undefined && request.body !== null) {
        body = JSON.stringify(request.body);
        headers['Content-Type'] = 'application/json';
      }
      const response = await fetch(`${base}${request.path}`, { method: request.method, headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
      if (request.accept === 'bytes' && response.ok) return { status: response.status, body: new Uint8Array(await response.arrayBuffer()) };
      const text = await response.text();
      return { status: response.status, body: parseBody(text) };
    },
  };
}

/** JSON when it is JSON, else the text (a proxy's HTML error page), null when empty. */
function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
