import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does to one request (test-only, docs/sync.md "Faults"):
 * - `pass`: forwards it and relays the answer;
 * - `delay`: waits `ms`, then as `pass`;
 * - `drop-request`: never forwards it; the client's connection is closed without an answer;
 * - `drop-response`: forwards it, waits for the server's answer (it committed), then closes the
 *   client's connection without relaying it;
 * - `duplicate`: forwards it twice, one after the other or both at once (`concurrent`), and relays
 *   the `answer`-th of the two answers;
 * - `kill`: the team server is SIGKILLed `before` the request is forwarded, `during` it (after
 *   `ms`, the request may or may not commit) or `after` its answer came (committed, not relayed);
 *   the client gets no answer. The caller restarts the server on the same data folder.
 */
export type Fault =
  | { kind: 'pass' }
  | { kind: 'delay'; ms: number }
  | { kind: 'drop-request' }
  | { kind: 'drop-response' }
  | { kind: 'duplicate'; concurrent: boolean; answer: 0 | 1 }
  | { kind: 'kill'; when: 'before' | 'during' | 'after'; ms: number };

export type ProxiedRequest = { method: string; path: string };

export type FaultProxy = {
  /** `http://127.0.0.1:<port>`: give it to the desktop as the team server. */
  baseUrl: string;
  /** Where requests are forwarded (`http://127.0.0.1:<port>`); changed when the server restarts. */
  setTarget(baseUrl: string): void;
  /** Decides the fault of each request from now on (default: pass everything). */
  setDecide(decide: (request: ProxiedRequest) => Fault): void;
  /** Every request seen since the last call, with its fault (for a failing schedule's report). */
  takeLog(): string[];
  close(): Promise<void>;
};

type Upstream = { status: number; headers: IncomingHttpHeaders; body: Buffer };

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length']);

/**
 * A loopback HTTP proxy between a desktop and its team server that injects the faults `decide`
 * answers per request. `kill` is called for a `kill` fault and must resolve once the server is
 * gone (SIGKILL).
 */
export async function startFaultProxy(options: { target: string; kill: () => Promise<void> }): Promise<FaultProxy> {
  let target = new URL(options.target);
  let decide: (request: ProxiedRequest) => Fault = () => ({ kind: 'pass' });
  let log: string[] = [];

  function forward(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Upstream> {
    const outHeaders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) outHeaders[name] = value;
    outHeaders['content-length'] = String(body.length);
    return new Promise((done, fail) => {
      const outgoing = httpRequest({ host: target.hostname, port: target.port, method, path, headers: outHeaders, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', fail);
      });
      outgoing.on('error', fail);
      outgoing.end(body);
    });
  }

  function relay(response: ServerResponse, upstream: Upstream): void {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(upstream.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    headers['content-length'] = String(upstream.body.length);
    headers.connection = 'close';
    response.writeHead(upstream.status, headers);
    response.end(upstream.body);
  }

  /** No answer at all: the client sees its connection reset (a network failure). */
  const hangUp = (request: IncomingMessage): void => {
    request.socket.destroy();
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    const fault = decide({ method, path });
    log.push(`${method} ${path} → ${JSON.stringify(fault)}`);
    const send = () => forward(method, path, request.headers, body);
    try {
      switch (fault.kind) {
        case 'pass':
          return relay(response, await send());
        case 'delay':
          await sleep(fault.ms);
          return relay(response, await send());
        case 'drop-request':
          return hangUp(request);
        case 'drop-response':
          await send();
          return hangUp(request);
        case 'duplicate': {
          const answers = fault.concurrent ? await Promise.allSettled([send(), send()]) : [await send().then(settled, rejected), await send().then(settled, rejected)];
          const chosen = answers[fault.answer] as PromiseSettledResult<Upstream>;
          if (chosen.status === 'rejected') return hangUp(request);
          return relay(response, chosen.value);
        }
        case 'kill':
          if (fault.when === 'before') {
            await options.kill();
          } else if (fault.when === 'during') {
            const sent = send().catch(() => null);
            await sleep(fault.ms);
            await options.kill();
            await sent;
          } else {
            await send().catch(() => null);
            await options.kill();
          }
          return hangUp(request);
      }
    } catch {
      // The server is not there (killed, restarting): a gateway's answer.
      if (!response.headersSent) {
        response.writeHead(502, { 'content-type': 'text/plain', connection: 'close' });
        response.end('bad gateway');
      }
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => request.socket.destroy());
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    setTarget(baseUrl) {
      target = new URL(baseUrl);
    },
    setDecide(next) {
      decide = next;
    },
    takeLog() {
      const taken = log;
      log = [];
      return taken;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

const settled = (value: Upstream): PromiseSettledResult<Upstream> => ({ status: 'fulfilled', value });
const rejected = (reason: unknown): PromiseSettledResult<Upstream> => ({ status: 'rejected', reason });
