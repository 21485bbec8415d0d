import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WatchMessage } from '../../core/api/contracts/watch.ts';
import type { ApiRequest, ApiResponse } from '../../core/api/envelope.ts';
import type { PayoutMethod } from '../../core/domain/payout-method.ts';
import type { Services } from '../../core/node/services-contract.ts';
import { startServices, storePath } from '../../core/node/services.ts';
import { CONTENT_SECURITY_POLICY, createMainApp, type MainApp, type StartServices } from '../../electron/main/app.ts';
import type {
  ElectronLike,
  HeadersReceivedDetails,
  HeadersReceivedResponse,
  IpcInvokeEventLike,
  NavigationStartDetails,
  PreventableEvent,
  WindowOpenDetails,
} from '../../electron/main/electron-like.ts';
import { createPayoutsBridge, type IpcRendererLike } from '../../electron/preload/bridge.ts';

// ---------------------------------------------------------------------------------------------
// A stand-in for the `electron` module: records what main asks of it and lets tests play the
// part of Electron (fire app events, send IPC from a frame, answer a response's headers).
// ---------------------------------------------------------------------------------------------

type Listener = (...args: never[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  once(event: string, listener: Listener): this {
    const wrapped = ((...args: never[]) => {
      this.off(event, wrapped);
      return listener(...args);
    }) as Listener;
    return this.on(event, wrapped);
  }

  off(event: string, listener: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
    return this;
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(...args);
  }
}

function preventableEvent(): PreventableEvent & { isPrevented: boolean } {
  return {
    isPrevented: false,
    preventDefault() {
      this.isPrevented = true;
    },
  };
}

let nextContentsId = 1;

class FakeWebContents extends Emitter {
  readonly id = nextContentsId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: WindowOpenDetails) => { action: 'deny' }) | null = null;
  private destroyed = false;

  send(channel: string, ...args: unknown[]): void {
    // Electron throws when sending to a destroyed webContents
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args: structuredClone(args) });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  setWindowOpenHandler(handler: (details: WindowOpenDetails) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }

  navigateMainFrame(): void {
    this.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false } satisfies NavigationStartDetails);
  }

  /** Messages the page received on a channel, in order. */
  messages(channel: string): unknown[][] {
    return this.sent.filter((m) => m.channel === channel).map((m) => m.args);
  }
}

function createStandIn(options: { userData: string; isPackaged?: boolean; hasLock?: boolean }) {
  const windows: FakeBrowserWindow[] = [];

  class FakeBrowserWindow extends Emitter {
    static getAllWindows(): FakeBrowserWindow[] {
      return windows.filter((w) => !w.isDestroyed());
    }

    readonly webContents = new FakeWebContents();
    loaded: { file: string } | { url: string } | null = null;
    isShown = false;
    isFocused = false;
    isMinimizedNow = false;

    constructor(readonly options: BrowserWindowConstructorOptions) {
      super();
      windows.push(this);
    }

    async loadFile(file: string): Promise<void> {
      this.loaded = { file };
    }

    async loadURL(url: string): Promise<void> {
      this.loaded = { url };
    }

    show(): void {
      this.isShown = true;
    }

    focus(): void {
      this.isFocused = true;
    }

    restore(): void {
      this.isMinimizedNow = false;
    }

    isMinimized(): boolean {
      return this.isMinimizedNow;
    }

    isDestroyed(): boolean {
      return this.webContents.isDestroyed();
    }
  }

  const handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => unknown>();
  let headersListener:
    | ((details: HeadersReceivedDetails, callback: (response: HeadersReceivedResponse) => void) => void)
    | null = null;
  let permissionRequestHandler:
    | ((webContents: unknown, permission: string, callback: (isGranted: boolean) => void) => void)
    | null = null;
  let permissionCheckHandler: ((webContents: unknown, permission: string) => boolean) | null = null;

  const app = Object.assign(new Emitter(), {
    isPackaged: options.isPackaged ?? true,
    isSandboxEnabled: false,
    quitCount: 0,
    hasQuit: false,
    exitCode: null as number | null,
    requestSingleInstanceLock: () => options.hasLock ?? true,
    enableSandbox() {
      app.isSandboxEnabled = true;
    },
    whenReady: () => Promise.resolve(),
    getPath(name: 'userData'): string {
      if (name !== 'userData') throw new Error(`unexpected getPath(${String(name)})`);
      return options.userData;
    },
    /** Like Electron: quitting emits before-quit, and goes on only if no listener prevented it. */
    quit() {
      app.quitCount++;
      const event = preventableEvent();
      app.emit('before-quit', event);
      if (!event.isPrevented) app.hasQuit = true;
    },
    exit(code?: number) {
      app.exitCode = code ?? 0;
    },
  });

  const shell = {
    opened: [] as string[],
    async openExternal(url: string): Promise<void> {
      shell.opened.push(url);
    },
  };
  const Menu = {
    installed: null as { template: MenuItemConstructorOptions[] } | null,
    buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }),
    setApplicationMenu(menu: object | null) {
      Menu.installed = menu as { template: MenuItemConstructorOptions[] } | null;
    },
  };
  const dialog = {
    errors: [] as { title: string; content: string }[],
    showErrorBox(title: string, content: string) {
      dialog.errors.push({ title, content });
    },
  };

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown) {
        // Electron refuses a second handler for a channel
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, listener);
      },
      removeHandler(channel: string) {
        handlers.delete(channel);
      },
    },
    session: {
      defaultSession: {
        webRequest: {
          onHeadersReceived(listener: NonNullable<typeof headersListener>) {
            headersListener = listener;
          },
        },
        setPermissionRequestHandler(handler: NonNullable<typeof permissionRequestHandler>) {
          permissionRequestHandler = handler;
        },
        setPermissionCheckHandler(handler: NonNullable<typeof permissionCheckHandler>) {
          permissionCheckHandler = handler;
        },
      },
    },
    shell,
    Menu,
    dialog,
  } satisfies ElectronLike;

  return {
    electron,
    app,
    shell,
    Menu,
    dialog,
    windows,
    handlers,
    /** Like ipcRenderer.invoke from a frame at `frameUrl`: arguments and result are structured-cloned. */
    async invoke(
      from: { contents: FakeWebContents; frameUrl: string; isSubframe?: boolean },
      channel: string,
      ...args: unknown[]
    ): Promise<unknown> {
      const handler = handlers.get(channel);
      if (handler === undefined) throw new Error(`No handler registered for '${channel}'`);
      const top = { url: from.frameUrl, parent: null };
      const senderFrame = from.isSubframe ? { url: from.frameUrl, parent: top } : top;
      return structuredClone(await handler({ sender: from.contents, senderFrame }, ...structuredClone(args)));
    },
    /** Electron asking the session what headers a response gets. */
    headersFor(responseHeaders: Record<string, string[]>): HeadersReceivedResponse {
      if (headersListener === null) throw new Error('no onHeadersReceived listener');
      let result: HeadersReceivedResponse | null = null;
      headersListener({ responseHeaders }, (response) => {
        result = response;
      });
      if (result === null) throw new Error('the listener did not call back');
      return result;
    },
    requestPermission(permission: string): boolean | null {
      let answer: boolean | null = null;
      permissionRequestHandler?.(null, permission, (isGranted) => {
        answer = isGranted;
      });
      return answer;
    },
    checkPermission(permission: string): boolean | null {
      return permissionCheckHandler?.(null, permission) ?? null;
    },
  };
}

type StandIn = ReturnType<typeof createStandIn>;

// ---------------------------------------------------------------------------------------------

/** Where the packaged app would live; nothing is read from here (loadFile is the stand-in's). */
const MAIN_DIR = join(tmpdir(), 'payouts-desk-app', 'out', 'main');
const RENDERER_INDEX = join(MAIN_DIR, '..', 'renderer', 'index.html');
const APP_PAGE_URL = `${pathToFileURL(RENDERER_INDEX).href}#/payout-methods`;

/** The real services, watched: how many live queries are open and whether close ran. */
function observedStartServices() {
  const observed = { services: null as Services | null, activeWatches: 0, closeCount: 0, dataDirs: [] as string[] };
  const start: StartServices = async (options) => {
    observed.dataDirs.push(options.dataDir);
    const real = await startServices(options);
    const services: Services = {
      ...real,
      watch(spec, principal, onMessage) {
        const stop = real.watch(spec, principal, onMessage);
        observed.activeWatches++;
        let isStopped = false;
        return () => {
          if (isStopped) return;
          isStopped = true;
          observed.activeWatches--;
          stop();
        };
      },
      async close() {
        observed.closeCount++;
        await real.close();
      },
    };
    observed.services = services;
    return services;
  };
  return { start, observed };
}

type Harness = {
  standIn: StandIn;
  mainApp: MainApp;
  observed: ReturnType<typeof observedStartServices>['observed'];
  page: FakeWebContents;
  /** A request from the app's own page. */
  request(request: ApiRequest): Promise<ApiResponse>;
};

let userData: string;
const running: Harness[] = [];

beforeEach(async () => {
  userData = await mkdtemp(join(tmpdir(), 'payouts-desk-electron-'));
});

afterEach(async () => {
  for (const harness of running.splice(0)) {
    harness.standIn.app.quit();
    await harness.mainApp.stopped;
  }
  await rm(userData, { recursive: true, force: true });
});

async function launch(options: { isPackaged?: boolean; devServerUrl?: string; dataDir?: string } = {}): Promise<Harness> {
  const standIn = createStandIn({ userData, isPackaged: options.isPackaged ?? true });
  const { start, observed } = observedStartServices();
  const mainApp = createMainApp(standIn.electron, {
    startServices: start,
    mainDir: MAIN_DIR,
    devServerUrl: options.devServerUrl,
    dataDir: options.dataDir,
    platform: 'linux',
  });
  await mainApp.started;
  const window = standIn.windows[0];
  const harness: Harness = {
    standIn,
    mainApp,
    observed,
    page: window?.webContents ?? new FakeWebContents(),
    request: async (request) =>
      (await standIn.invoke({ contents: harness.page, frameUrl: APP_PAGE_URL }, 'payouts:request', request)) as ApiResponse,
  };
  running.push(harness);
  return harness;
}

function methodsOf(response: ApiResponse): PayoutMethod[] {
  return (response.body as { data: PayoutMethod[] }).data;
}

function resultsFor(page: FakeWebContents, id: string): Extract<WatchMessage<PayoutMethod>, { type: 'result' }>[] {
  return page
    .messages('payouts:watch-message')
    .filter(([messageId]) => messageId === id)
    .map(([, message]) => message as WatchMessage<PayoutMethod>)
    .filter((message) => message.type === 'result');
}

// ---------------------------------------------------------------------------------------------

describe('the window', () => {
  it('is isolated and sandboxed, with the bundled CommonJS preload and the built page', async () => {
    const { standIn } = await launch();

    expect(standIn.windows).toHaveLength(1);
    const window = standIn.windows[0]!;
    const prefs = window.options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(prefs?.preload).toBe(join(MAIN_DIR, '..', 'preload', 'index.cjs'));
    expect(prefs?.preload?.endsWith('index.cjs')).toBe(true);
    expect(window.loaded).toEqual({ file: RENDERER_INDEX });
    expect(standIn.app.isSandboxEnabled).toBe(true);

    expect(window.isShown).toBe(false);
    window.emit('ready-to-show');
    expect(window.isShown).toBe(true);
  });

  it('installs a menu of standard roles only', async () => {
    const { standIn } = await launch();
    const template = standIn.Menu.installed?.template ?? [];
    expect(template.length).toBeGreaterThan(0);
    for (const item of template) {
      expect(item.role).toBeTypeOf('string');
      expect(item.click).toBeUndefined();
    }
    expect(template.map((item) => item.role)).toContain('editMenu');
  });

  it('stays on the app page: other navigation is prevented, web links go to the system browser', async () => {
    const { standIn, page } = await launch();

    const external = preventableEvent();
    page.emit('will-navigate', external, 'https://example.com/phish');
    expect(external.isPrevented).toBe(true);

    const localFile = preventableEvent();
    page.emit('will-navigate', localFile, pathToFileURL(join(tmpdir(), 'elsewhere.html')).href);
    expect(localFile.isPrevented).toBe(true);

    const ownPage = preventableEvent();
    page.emit('will-navigate', ownPage, `${pathToFileURL(RENDERER_INDEX).href}#/creators`);
    expect(ownPage.isPrevented).toBe(false);

    await vi.waitFor(() => expect(standIn.shell.opened).toEqual(['https://example.com/phish']));
  });

  it('never opens a second window; http(s) targets open in the system browser instead', async () => {
    const { standIn, page } = await launch();
    const openHandler = page.windowOpenHandler;
    expect(openHandler).not.toBeNull();

    expect(openHandler!({ url: 'https://help.example.com/payouts' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: pathToFileURL(RENDERER_INDEX).href })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });

    await vi.waitFor(() => expect(standIn.shell.opened).toEqual(['https://help.example.com/payouts']));
  });

  it('refuses to attach webviews', async () => {
    const { page } = await launch();
    const event = preventableEvent();
    page.emit('will-attach-webview', event);
    expect(event.isPrevented).toBe(true);
  });

  it('loads the dev server only in an unpackaged app', async () => {
    const dev = await launch({ isPackaged: false, devServerUrl: 'http://localhost:5173' });
    expect(dev.standIn.windows[0]?.loaded).toEqual({ url: 'http://localhost:5173' });
    const devPolicy = dev.standIn.headersFor({})['responseHeaders']?.['Content-Security-Policy'];
    expect(String(devPolicy)).toContain('connect-src \'self\' ws://localhost:5173');
    const fromDevServer = await dev.standIn.invoke(
      { contents: dev.page, frameUrl: 'http://localhost:5173/#/payout-methods' },
      'payouts:request',
      { method: 'GET', path: '/payout-methods' },
    );
    expect((fromDevServer as ApiResponse).status).toBe(200);

    dev.standIn.app.quit();
    await dev.mainApp.stopped;

    const packaged = await launch({ isPackaged: true, devServerUrl: 'http://localhost:5173' });
    expect(packaged.standIn.windows[0]?.loaded).toEqual({ file: RENDERER_INDEX });
    await expect(
      packaged.standIn.invoke({ contents: packaged.page, frameUrl: 'http://localhost:5173/' }, 'payouts:request', {
        method: 'GET',
        path: '/payout-methods',
      }),
    ).rejects.toThrow(/refused/);
  });
});

describe('the session', () => {
  it('puts the strict CSP on every response, replacing any the response brought', async () => {
    const { standIn } = await launch();
    const response = standIn.headersFor({
      'content-type': ['text/html'],
      'content-security-policy': ["default-src *; script-src * 'unsafe-eval'"],
    });
    expect(response.responseHeaders).toEqual({
      'content-type': ['text/html'],
      'Content-Security-Policy': [
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
          "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
      ],
    });
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it('grants no permission', async () => {
    const { standIn } = await launch();
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      expect(standIn.requestPermission(permission)).toBe(false);
      expect(standIn.checkPermission(permission)).toBe(false);
    }
  });
});

describe('payouts:request', () => {
  it('opens the store in <userData>/data', async () => {
    const { observed } = await launch();
    expect(observed.dataDirs).toEqual([join(userData, 'data')]);
    expect(existsSync(storePath(join(userData, 'data')))).toBe(true);
  });

  it('answers the app page with the v1 envelope: GET /payout-methods lists the three defaults', async () => {
    const { request } = await launch();
    const response = await request({ method: 'GET', path: '/payout-methods' });
    expect(response.status).toBe(200);
    expect(methodsOf(response).map((m) => m.name).sort()).toEqual(['Cash App', 'PayPal', 'Venmo']);
    expect((response.body as { error: unknown }).error).toBeNull();
  });

  it('creates through the router as the local user', async () => {
    const { request } = await launch();
    const created = await request({ method: 'POST', path: '/payout-methods', body: { name: 'Zelle' }, idempotencyKey: 'k-1' });
    expect(created.status).toBe(201);
    const listed = await request({ method: 'GET', path: '/payout-methods' });
    expect(methodsOf(listed).map((m) => m.name)).toContain('Zelle');
  });

  it('carries the bytes of a receipt as bytes (not JSON) to the window', async () => {
    const { request } = await launch();
    const data = async (response: Promise<ApiResponse>) => ((await response).body as { data: any }).data;
    const project = await data(request({ method: 'POST', path: '/projects', body: { name: 'P' } }));
    const bytes = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 255]);
    const payment = await data(
      request({
        method: 'POST',
        path: '/payout-payments',
        idempotencyKey: 'receipt-bytes',
        body: { project_id: project.id, total_amount_cents: 100, receipts: [{ file_name: 'r.png', content_type: 'image/png', data_base64: Buffer.from(bytes).toString('base64') }] },
      }),
    );
    const receipt = await request({ method: 'GET', path: `/payout-payments/${payment.id}/receipts/${payment.receipts[0].id}` });
    expect(receipt.status).toBe(200);
    expect(receipt.headers['Content-Type']).toBe('image/png');
    expect(receipt.body).toBeInstanceOf(Uint8Array);
    expect([...(receipt.body as Uint8Array)]).toEqual([...bytes]);
  });

  it('refuses senders other than the app page, and changes nothing', async () => {
    const { standIn, page, request } = await launch();
    const create = { method: 'POST', path: '/payout-methods', body: { name: 'Zelle' } };
    const strangers = [
      { contents: page, frameUrl: 'https://evil.example/' },
      { contents: page, frameUrl: pathToFileURL(join(tmpdir(), 'downloaded.html')).href },
      { contents: page, frameUrl: APP_PAGE_URL, isSubframe: true },
      { contents: page, frameUrl: 'http://localhost:5173/' },
    ];
    for (const stranger of strangers) {
      await expect(standIn.invoke(stranger, 'payouts:request', create)).rejects.toThrow(/refused/);
    }

    const listed = await request({ method: 'GET', path: '/payout-methods' });
    expect(methodsOf(listed).map((m) => m.name)).not.toContain('Zelle');
    expect(methodsOf(listed)).toHaveLength(3);
  });

  it('rejects arguments that are not an ApiRequest, and changes nothing', async () => {
    const { standIn, page, request } = await launch();
    const body = { name: 'Zelle' };
    const invalid: unknown[][] = [
      [],
      ['POST /payout-methods'],
      [{ method: 'TRACE', path: '/payout-methods', body }],
      [{ method: 'POST', path: 'payout-methods', body }],
      [{ method: 'POST', path: '/payout-methods', body, query: { limit: 10 } }],
      [{ method: 'POST', path: '/payout-methods', body, idempotencyKey: 'k'.repeat(256) }],
      [{ method: 'POST', path: '/payout-methods', body, principal: { kind: 'api_key' } }],
      [{ method: 'POST', path: '/payout-methods', body }, 'extra'],
    ];
    for (const args of invalid) {
      await expect(standIn.invoke({ contents: page, frameUrl: APP_PAGE_URL }, 'payouts:request', ...args)).rejects.toThrow(
        /invalid arguments/,
      );
    }

    const listed = await request({ method: 'GET', path: '/payout-methods' });
    expect(methodsOf(listed).map((m) => m.name)).not.toContain('Zelle');
  });

  it('passes the router\'s own errors through as envelopes', async () => {
    const { request } = await launch();
    const response = await request({ method: 'POST', path: '/payout-methods', body: { name: '' } });
    expect(response.status).toBe(400);
    expect((response.body as { error: { code: string } }).error.code).toBe('invalid_body');
  });
});

describe('payouts:watch', () => {
  it('streams the live query to the page, and a new result after a create', async () => {
    const { standIn, page, request } = await launch();
    await standIn.invoke({ contents: page, frameUrl: APP_PAGE_URL }, 'payouts:watch', 'w1', { name: 'payout-methods' });

    await vi.waitFor(() => expect(resultsFor(page, 'w1').at(-1)?.total).toBe(3));
    const before = resultsFor(page, 'w1').length;

    await request({ method: 'POST', path: '/payout-methods', body: { name: 'Zelle' } });

    await vi.waitFor(() => {
      const latest = resultsFor(page, 'w1').at(-1);
      expect(resultsFor(page, 'w1').length).toBeGreaterThan(before);
      expect(latest?.total).toBe(4);
      expect(latest?.rows.map((row) => row.name)).toContain('Zelle');
    });
  });

  it('stops on payouts:unwatch', async () => {
    const { standIn, page, request, observed } = await launch();
    const from = { contents: page, frameUrl: APP_PAGE_URL };
    await standIn.invoke(from, 'payouts:watch', 'w1', { name: 'payout-methods' });
    await vi.waitFor(() => expect(resultsFor(page, 'w1')).not.toHaveLength(0));
    expect(observed.activeWatches).toBe(1);

    expect(await standIn.invoke(from, 'payouts:unwatch', 'w1')).toBe(true);
    expect(observed.activeWatches).toBe(0);
    const count = resultsFor(page, 'w1').length;
    await request({ method: 'POST', path: '/payout-methods', body: { name: 'Zelle' } });
    await request({ method: 'GET', path: '/payout-methods' });
    expect(resultsFor(page, 'w1')).toHaveLength(count);

    expect(await standIn.invoke(from, 'payouts:unwatch', 'w1')).toBe(false);
  });

  it('ends a page\'s live queries when its webContents is destroyed or it loads a new document', async () => {
    const { standIn, observed } = await launch();
    const gone = new FakeWebContents();
    const reloaded = new FakeWebContents();
    await standIn.invoke({ contents: gone, frameUrl: APP_PAGE_URL }, 'payouts:watch', 'a', { name: 'payout-methods' });
    await standIn.invoke({ contents: reloaded, frameUrl: APP_PAGE_URL }, 'payouts:watch', 'b', { name: 'payout-methods' });
    expect(observed.activeWatches).toBe(2);

    gone.destroy();
    expect(observed.activeWatches).toBe(1);
    reloaded.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    expect(observed.activeWatches).toBe(1);
    reloaded.navigateMainFrame();
    expect(observed.activeWatches).toBe(0);

    // after the reload the page may reuse ids
    await standIn.invoke({ contents: reloaded, frameUrl: APP_PAGE_URL }, 'payouts:watch', 'b', { name: 'payout-methods' });
    expect(observed.activeWatches).toBe(1);
  });

  it('refuses untrusted senders, bad ids and invalid specs, starting nothing', async () => {
    const { standIn, page, observed } = await launch();
    const spec = { name: 'payout-methods' };
    await expect(
      standIn.invoke({ contents: page, frameUrl: 'https://evil.example/' }, 'payouts:watch', 'w1', spec),
    ).rejects.toThrow(/refused/);

    const from = { contents: page, frameUrl: APP_PAGE_URL };
    for (const args of [[42, spec], ['', spec], ['w1', { name: 'api-keys' }], ['w1', { name: 'payout-methods', params: { limit: 10_000 } }], ['w1']]) {
      await expect(standIn.invoke(from, 'payouts:watch', ...args)).rejects.toThrow(/invalid arguments/);
    }
    expect(observed.activeWatches).toBe(0);
    expect(page.messages('payouts:watch-message')).toHaveLength(0);

    await standIn.invoke(from, 'payouts:watch', 'w1', spec);
    await expect(standIn.invoke(from, 'payouts:watch', 'w1', spec)).rejects.toThrow(/already running/);
    expect(observed.activeWatches).toBe(1);
    await expect(
      standIn.invoke({ contents: page, frameUrl: 'https://evil.example/' }, 'payouts:unwatch', 'w1'),
    ).rejects.toThrow(/refused/);
    expect(observed.activeWatches).toBe(1);
  });
});

describe('the preload bridge over the IPC channels', () => {
  /** ipcRenderer of the app page, wired to the stand-in's ipcMain. */
  function pageIpc(standIn: StandIn, page: FakeWebContents): IpcRendererLike & { listenerCount(): number } {
    const listeners = new Set<(event: unknown, ...args: unknown[]) => void>();
    const originalSend = page.send.bind(page);
    page.send = (channel, ...args) => {
      originalSend(channel, ...args);
      if (channel === 'payouts:watch-message') for (const listener of listeners) listener({}, ...structuredClone(args));
    };
    return {
      invoke: (channel, ...args) => standIn.invoke({ contents: page, frameUrl: APP_PAGE_URL }, channel, ...args),
      on: (_channel, listener) => listeners.add(listener),
      removeListener: (_channel, listener) => listeners.delete(listener),
      listenerCount: () => listeners.size,
    };
  }

  it('requests, watches and unwatches through main', async () => {
    const { standIn, page, observed } = await launch();
    const ipc = pageIpc(standIn, page);
    const bridge = createPayoutsBridge(ipc);
    expect(bridge.transport).toBe('ipc');

    const listed = await bridge.request({ method: 'GET', path: '/payout-methods' });
    expect(methodsOf(listed)).toHaveLength(3);

    const received: WatchMessage[] = [];
    const other: WatchMessage[] = [];
    const stop = bridge.watch({ name: 'payout-methods' }, (message) => received.push(message));
    const stopOther = bridge.watch({ name: 'payout-methods', params: { search: 'pay' } }, (message) => other.push(message));
    await vi.waitFor(() => expect(received.at(-1)).toMatchObject({ type: 'result', total: 3 }));
    await vi.waitFor(() => expect(other.at(-1)).toMatchObject({ type: 'result', total: 1 }));

    await bridge.request({ method: 'POST', path: '/payout-methods', body: { name: 'Zelle' } });
    await vi.waitFor(() => expect(received.at(-1)).toMatchObject({ type: 'result', total: 4 }));
    expect(other.every((message) => message.type === 'result' && message.total === 1)).toBe(true);

    stop();
    stopOther();
    expect(ipc.listenerCount()).toBe(0);
    await vi.waitFor(() => expect(observed.activeWatches).toBe(0));
  });

  it('reports a spec main refuses as an error message', async () => {
    const { standIn, page, observed } = await launch();
    const ipc = pageIpc(standIn, page);
    const received: WatchMessage[] = [];
    createPayoutsBridge(ipc).watch({ name: 'nope' } as never, (message) => received.push(message));
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(received[0]).toMatchObject({ type: 'error', error: { code: 'invalid_query' } });
    expect(ipc.listenerCount()).toBe(0);
    expect(observed.activeWatches).toBe(0);
  });
});

describe('lifecycle', () => {
  it('holds the first quit until the services are closed, then quits', async () => {
    const { standIn, mainApp, observed, page, request } = await launch();
    await request({ method: 'POST', path: '/payout-methods', body: { name: 'Zelle' } });
    await standIn.invoke({ contents: page, frameUrl: APP_PAGE_URL }, 'payouts:watch', 'w1', { name: 'payout-methods' });

    standIn.app.quit();
    expect(standIn.app.hasQuit).toBe(false);
    await mainApp.stopped;

    expect(observed.closeCount).toBe(1);
    expect(observed.activeWatches).toBe(0);
    expect(standIn.handlers.size).toBe(0);
    expect(standIn.app.quitCount).toBe(2);
    expect(standIn.app.hasQuit).toBe(true);

    // closed for real: the next start on the same userData has the write
    const next = await launch();
    const listed = await next.request({ method: 'GET', path: '/payout-methods' });
    expect(methodsOf(listed).map((m) => m.name)).toContain('Zelle');
  });

  it('closes the services and quits when the last window closes', async () => {
    const { standIn, mainApp, observed } = await launch();
    standIn.app.emit('window-all-closed');
    standIn.app.emit('window-all-closed');
    await mainApp.stopped;
    expect(observed.closeCount).toBe(1);
    expect(standIn.app.hasQuit).toBe(true);
  });

  it('a second instance leaves without opening the store; the first one comes to the front', async () => {
    const first = await launch();
    const window = first.standIn.windows[0]!;
    window.isMinimizedNow = true;

    const second = createStandIn({ userData, hasLock: false });
    const { start, observed } = observedStartServices();
    const secondApp = createMainApp(second.electron, { startServices: start, mainDir: MAIN_DIR });
    await secondApp.started;

    expect(secondApp.isPrimaryInstance).toBe(false);
    expect(second.app.hasQuit).toBe(true);
    expect(observed.dataDirs).toEqual([]);
    expect(second.windows).toHaveLength(0);
    expect(second.handlers.size).toBe(0);

    // Electron tells the first instance
    first.standIn.app.emit('second-instance');
    expect(window.isMinimized()).toBe(false);
    expect(window.isFocused).toBe(true);
  });

  it('explains a store that cannot be opened and exits, without a window', async () => {
    const notAFolder = join(userData, 'data-is-a-file');
    await writeFile(notAFolder, 'not a folder');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { standIn } = await launch({ dataDir: notAFolder });
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();

    expect(standIn.dialog.errors).toHaveLength(1);
    expect(standIn.dialog.errors[0]?.content).toContain(notAFolder);
    expect(standIn.app.exitCode).toBe(1);
    expect(standIn.windows).toHaveLength(0);
    expect(standIn.handlers.size).toBe(0);
  });
});
