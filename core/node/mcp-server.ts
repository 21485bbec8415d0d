import { resolve } from 'node:path';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ErrorCode as McpErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ApiRequest, ApiResponse } from '../api/envelope.ts';
import { DataDirBusyError } from './data-dir-lock.ts';
import { apiConfigFromEnv, readServeEnv } from './env.ts';
import { MCP_TOOLS, toolInputSchema, toolRequest, toolResult } from './mcp-tools.ts';
import { describeConversionProgress, startServices } from './services.ts';

/** Where tool calls go: the API of a running server over HTTP, or this process's own store. */
export type McpBackend = {
  /** Sends one request with the key, as HTTP would (authentication and rate limits included). */
  send(request: ApiRequest): Promise<ApiResponse>;
  close(): Promise<void>;
  describe: string;
};

const VERSION = '0.1.0';

/** `PAYOUTS_SERVER_URL` names the server (`http://host:port`, with or without `/api/v1`). */
export function apiBaseUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path.endsWith('/api/v1') ? path : `${path}/api/v1`}`;
}

export function remoteBackend(serverUrl: string, key: string | undefined): McpBackend {
  const base = apiBaseUrl(serverUrl);
  return {
    describe: `the server at ${base}`,
    async send(request) {
      const url = new URL(`${base}${request.path}`);
      for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.append(name, value);
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (key) headers.Authorization = `Bearer ${key}`;
      if (request.idempotencyKey !== undefined) headers['Idempotency-Key'] = request.idempotencyKey;
      if (request.body !== undefined) headers['Content-Type'] = 'application/json';
      let response: Response;
      try {
        response = await fetch(url, { method: request.method, headers, ...(request.body !== undefined && { body: JSON.stringify(request.body) }) });
      } catch (error) {
        const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
        // No answer from the API at all: nothing the SPEC names, so the transport's own code.
        return { status: 503, headers: {}, body: { data: null, error: { code: 'server_unreachable', message: `Cannot reach the Payouts desk server at ${base} (${reason}); is it running?` }, meta: {} } };
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      const contentType = response.headers.get('content-type') ?? '';
      // A file that is not text (a statement's PDF, a zip) is passed on as its bytes.
      if (bytes.length > 0 && !/^(application\/json|text\/)/.test(contentType)) return { status: response.status, headers: Object.fromEntries(response.headers), body: bytes };
      const text = new TextDecoder().decode(bytes);
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: passed on as text
      }
      return { status: response.status, headers: Object.fromEntries(response.headers), body };
    },
    close: async () => undefined,
  };
}

/** Opens the data folder itself (one process at a time, like the CLI) and calls the API as HTTP does, with the key. */
export async function localBackend(dataDir: string, key: string | undefined, env: ReturnType<typeof readServeEnv>): Promise<McpBackend> {
  const services = await startServices({
    dataDir,
    config: apiConfigFromEnv(env),
    accrualIntervalMs: false,
    onConversionProgress: (done, total) => console.error(describeConversionProgress(done, total)),
  });
  return {
    describe: `the store in ${dataDir}`,
    send: (request) => services.api.handleWithKey(request, key),
    close: () => services.close(),
  };
}

/** The MCP server: tools/list from the tool table, tools/call through the backend. */
export function createMcpServer(backend: McpBackend): Server {
  // The SDK's McpServer validates arguments itself and answers its own message; the protocol
  // Server lets the v1 API do it, so a tool and an HTTP request fail with the same code.
  const server = new Server(
    { name: 'payouts-desk', title: 'Payouts desk', version: VERSION },
    {
      capabilities: { tools: {} },
      instructions:
        'Payouts desk: creators, projects, payout structures, accruals (what is owed), payments (what was paid) and earnings. ' +
        'Amounts are integer cents; ids are lowercase UUIDs; lists page with limit and cursor (meta.next_cursor). ' +
        'Errors carry the API error code (e.g. invalid_body, not_found, idempotency_key_reused).',
    },
  );
  const tools = new Map(MCP_TOOLS.map((tool) => [tool.name, tool]));
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: MCP_TOOLS.map((tool) => ({ name: tool.name, title: tool.title, description: tool.description, inputSchema: toolInputSchema(tool), annotations: tool.annotations })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = tools.get(request.params.name);
    if (!tool) throw new McpError(McpErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    return toolResult(await backend.send(toolRequest(tool, request.params.arguments ?? {})));
  });
  return server;
}

const mcpEnvSchema = z.object({
  PAYOUTS_SERVER_URL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.url({ protocol: /^https?$/, message: 'must be an http(s) URL such as http://127.0.0.1:8787' }).optional(),
  ),
  PAYOUTS_API_KEY: z.string().optional(),
});

/**
 * `npm run payouts -- mcp`: serves MCP on stdin/stdout until the client closes stdin (or a
 * signal). Standard output carries protocol messages only: everything else goes to stderr.
 */
export async function runMcpServer(): Promise<number> {
  for (const method of ['log', 'info', 'debug', 'warn'] as const) console[method] = console.error;
  const parsed = mcpEnvSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid environment:\n${parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n')}`);
  const key = parsed.data.PAYOUTS_API_KEY?.trim() || undefined;
  // The key is checked by the API on every call (a bad one is invalid_api_key there), not here.
  const env = readServeEnv({ ...process.env, PAYOUTS_API_KEY: undefined });
  const backend = parsed.data.PAYOUTS_SERVER_URL
    ? remoteBackend(parsed.data.PAYOUTS_SERVER_URL, key)
    : await localBackend(resolve(env.PAYOUTS_DATA_DIR), key, env).catch((error: unknown) => {
        if (error instanceof DataDirBusyError) throw new Error(`${error.message} To use it from MCP while it runs, set PAYOUTS_SERVER_URL to its address (and PAYOUTS_API_KEY to one of its keys).`);
        throw error;
      });
  if (!key) {
    const where = parsed.data.PAYOUTS_SERVER_URL ? 'a key of that server' : 'a key of this data folder (npm run payouts -- keys create --name NAME)';
    console.error(`PAYOUTS_API_KEY is not set: every tool call will answer invalid_api_key. Set it to ${where}.`);
  }
  const server = createMcpServer(backend);
  const transport = new StdioServerTransport();
  return new Promise<number>((done) => {
    let closing = false;
    const stop = async (reason: string, code = 0) => {
      if (closing) return;
      closing = true;
      console.error(`MCP server stopping (${reason})`);
      await server.close().catch(() => undefined);
      await backend.close();
      done(code);
    };
    process.stdin.once('end', () => void stop('the client closed the connection'));
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
    server
      .connect(transport)
      .then(() => console.error(`Payouts desk MCP server on stdio, answering from ${backend.describe}`))
      .catch((error: unknown) => {
        console.error(error);
        void stop('transport error', 1);
      });
  });
}
