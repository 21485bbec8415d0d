import { join } from 'node:path';
import type { Clock } from '../../core/domain/clock.ts';
import type { Services } from '../../core/node/services-contract.ts';
import type { BrowserWindowLike, ElectronLike, SessionLike } from './electron-like.ts';
import { registerIpc, type IpcRegistration } from './ipc.ts';
import {
  applicationMenuTemplate,
  createMainWindow,
  isAppUrl,
  resolveAppFiles,
  type RendererSource,
} from './window.ts';

export type StartServices = (options: { dataDir: string; clock?: Clock }) => Promise<Services>;

export type MainAppDeps = {
  startServices: StartServices;
  /** Where the store lives; `<userData>/data` unless given. */
  dataDir?: string;
  /** Folder of the running main bundle (out/main); the preload and the page are found next to it. */
  mainDir?: string;
  /** electron-vite's dev server (ELECTRON_RENDERER_URL); ignored by a packaged app. */
  devServerUrl?: string | undefined;
  platform?: NodeJS.Platform;
};

export type MainApp = {
  /** False when another instance holds the lock; this one then quits without touching the store. */
  readonly isPrimaryInstance: boolean;
  /** Settles once services run, IPC is registered and the window exists (or start-up failed). */
  readonly started: Promise<void>;
  /** Settles once the services are closed and quit was called; the first quit request starts it. */
  readonly stopped: Promise<void>;
};

/** What the page may load. The app makes no network requests and loads nothing from elsewhere. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Everything the main process does, with the electron module passed in so it runs (and is tested)
 * in plain Node. Services live in this process; the window reaches them only through IPC.
 */
export function createMainApp(electron: ElectronLike, deps: MainAppDeps): MainApp {
  const { app } = electron;

  // Two processes must never open the same store: the second one hands over to the first.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { isPrimaryInstance: false, started: Promise.resolve(), stopped: Promise.resolve() };
  }
  app.enableSandbox();

  const files = resolveAppFiles(deps.mainDir ?? import.meta.dirname);
  const source: RendererSource =
    !app.isPackaged && deps.devServerUrl
      ? { kind: 'dev-server', url: deps.devServerUrl }
      : { kind: 'file', indexPath: files.rendererIndexPath };

  let services: Services | null = null;
  let ipc: IpcRegistration | null = null;
  let mainWindow: BrowserWindowLike | null = null;
  let isStopping = false;
  let isStopped = false;
  let resolveStopped: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });

  const started = (async () => {
    await app.whenReady();
    installSessionPolicy(electron.session.defaultSession, source);
    electron.Menu.setApplicationMenu(
      electron.Menu.buildFromTemplate(applicationMenuTemplate(deps.platform ?? process.platform)),
    );
    const dataDir = deps.dataDir ?? join(app.getPath('userData'), 'data');
    try {
      services = await deps.startServices({ dataDir });
    } catch (error) {
      console.error('[payouts-desk] could not start services', error);
      electron.dialog.showErrorBox(
        'Payouts desk could not start',
        `Your data could not be opened.\n\n${describe(error)}\n\nData folder: ${dataDir}`,
      );
      app.exit(1);
      return;
    }
    if (isStopping) return;
    ipc = registerIpc(electron.ipcMain, services, {
      isTrustedSender: (frame) => frame.parent === null && isAppUrl(source, frame.url),
    });
    mainWindow = createMainWindow(electron, { files, source });
  })();

  // Closing the store must finish before the process ends, so the first quit is held back until it has.
  const stop = async (): Promise<void> => {
    if (isStopping) return;
    isStopping = true;
    try {
      await started;
      ipc?.dispose();
      await services?.close();
    } catch (error) {
      console.error('[payouts-desk] closing services failed', error);
    } finally {
      isStopped = true;
      resolveStopped();
      app.quit();
    }
  };

  app.on('second-instance', () => {
    const window = mainWindow;
    if (window === null || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  // The store belongs to the window: the app quits with its last window on every platform.
  app.on('window-all-closed', () => void stop());
  app.on('before-quit', (event) => {
    if (isStopped) return;
    event.preventDefault();
    void stop();
  });

  return { isPrimaryInstance: true, started, stopped };
}

/** CSP on every response; no permission (camera, notifications, geolocation…) is ever granted. */
function installSessionPolicy(session: SessionLike, source: RendererSource): void {
  const policy = contentSecurityPolicyFor(source);
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy'),
    );
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [policy] } });
  });
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * The dev server needs two allowances the built app does not: the inline React Refresh preamble
 * and the HMR websocket. Only used when not packaged and ELECTRON_RENDERER_URL is set.
 */
export function contentSecurityPolicyFor(source: RendererSource): string {
  if (source.kind === 'file') return CONTENT_SECURITY_POLICY;
  const dev = new URL(source.url);
  const socket = `${dev.protocol === 'https:' ? 'wss' : 'ws'}://${dev.host}`;
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "connect-src 'self'",
    `connect-src 'self' ${socket}`,
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
