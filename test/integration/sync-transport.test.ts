import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkServerUrl, httpSyncTransport } from '../../core/node/sync-transport.ts';
import { startServer, TEST_API_KEY, type RunningServer } from '../support/server.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
}, 90_000);
afterAll(async () => {
  await server.dispose();
});

describe('sync HTTP transport', () => {
  it('requires https:// except for loopback hosts', () => {
    expect(checkServerUrl('https://team.example.com/')).toEqual({ url: 'https://team.example.com' });
    expect(checkServerUrl('http://127.0.0.1:8080')).toEqual({ url: 'http://127.0.0.1:8080' });
    expect(checkServerUrl('http://localhost:8080')).toEqual({ url: 'http://localhost:8080' });
    expect(checkServerUrl('http://[::1]:8080')).toEqual({ url: 'http://[::1]:8080' });
    expect(checkServerUrl('http://team.example.com')).toHaveProperty('error');
    expect(checkServerUrl('ftp://127.0.0.1')).toHaveProperty('error');
    expect(checkServerUrl('not a url')).toHaveProperty('error');
  });

  it('pushes a command with its key and answers the server\'s status and body, a replay the same', async () => {
    const transport = httpSyncTransport({ serverUrl: server.baseUrl, apiKey: TEST_API_KEY });
    const key = crypto.randomUUID();
    const request = { method: 'POST' as const, path: '/payout-methods', body: { name: 'Zelle' }, idempotencyKey: key };
    const first = await transport.send(request);
    expect(first.status).toBe(201);
    const again = await transport.send(request);
    expect(again).toEqual(first);
    const refused = await httpSyncTransport({ serverUrl: server.baseUrl, apiKey: 'tga_WrongWrongWrongWrongWrongWrong01' }).send({ method: 'GET', path: '/changes' });
    expect(refused.status).toBe(401);
  });
});
