/** One request of the sync protocol as the client sends it, and what came back. */
export type SyncRequest = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; path: string; body?: unknown; idempotencyKey?: string };
export type SyncResponse = { status: number; body: unknown };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * SPEC §8: the team server's address must be `https://`, except for loopback hosts (a server on
 * the same machine). Answers the normalized base URL (no trailing slash) or the reason it is refused.
 */
export function checkServerUrl(input: string): { url: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { error: 'not a URL' };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    return { error: 'must start with https:// (http:// only for 127.0.0.1, localhost or ::1)' };
  }
  if (url.search || url.hash) return { error: 'must not carry a query or fragment' };
  return { url: url.toString().replace(/\/+$/, '') };
}

/**
 * The Node HTTP transport of the sync client: v1 requests to `<server>/api/v1` with the member's
 * key. A network failure (no answer) throws; every answer, errors included, is returned.
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
