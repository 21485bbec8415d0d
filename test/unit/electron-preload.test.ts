import { beforeEach, describe, expect, it, vi } from 'vitest';

// The preload entry runs against Electron's contextBridge and ipcRenderer; here both are stand-ins.
const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const invoked: { channel: string; args: unknown[] }[] = [];
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args });
      return channel === 'payouts:request' ? { status: 200, headers: {}, body: { data: [] } } : undefined;
    },
    on: vi.fn(),
    removeListener: vi.fn(),
    send: vi.fn(),
    sendSync: vi.fn(),
  };
  return {
    exposed,
    invoked,
    ipcRenderer,
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  };
});
vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

describe('the preload', () => {
  beforeEach(async () => {
    vi.resetModules();
    electron.exposed.clear();
    electron.invoked.length = 0;
    await import('../../electron/preload/index.ts');
  });

  it('exposes exactly window.payouts, an object of named methods and no ipcRenderer', () => {
    expect([...electron.exposed.keys()]).toEqual(['payouts']);
    const bridge = electron.exposed.get('payouts') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['request', 'transport', 'watch']);
    expect(bridge['transport']).toBe('ipc');
    expect(typeof bridge['request']).toBe('function');
    expect(typeof bridge['watch']).toBe('function');
    expect(Object.values(bridge)).not.toContain(electron.ipcRenderer);
    expect(Object.values(bridge)).not.toContain(electron.ipcRenderer.invoke);
  });

  it('sends requests on payouts:request only', async () => {
    const bridge = electron.exposed.get('payouts') as { request(request: unknown): Promise<unknown> };
    const request = { method: 'GET', path: '/payout-methods', query: { limit: '10' } };
    await expect(bridge.request(request)).resolves.toEqual({ status: 200, headers: {}, body: { data: [] } });
    expect(electron.invoked).toEqual([{ channel: 'payouts:request', args: [request] }]);
  });
});
