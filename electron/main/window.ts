import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MenuItemConstructorOptions } from 'electron';
import type { BrowserWindowLike, ElectronLike, WindowWebContentsLike } from './electron-like.ts';

/** The built files main hands to the window, next to out/main. */
export type AppFiles = { preloadPath: string; rendererIndexPath: string };

/** `mainDir` is the folder of the running main bundle (out/main). */
export function resolveAppFiles(mainDir: string): AppFiles {
  return {
    preloadPath: join(mainDir, '..', 'preload', 'index.cjs'),
    rendererIndexPath: join(mainDir, '..', 'renderer', 'index.html'),
  };
}

/** Where the window's page comes from: the built file, or electron-vite's dev server while developing. */
export type RendererSource = { kind: 'file'; indexPath: string } | { kind: 'dev-server'; url: string };

/**
 * Whether `url` is the app's own page. File URLs all share the origin "null", so the built page is
 * recognised by its exact path (any query or hash is the app's own routing); the dev server by origin.
 */
export function isAppUrl(source: RendererSource, url: string): boolean {
  const parsed = parseUrl(url);
  if (parsed === null) return false;
  if (source.kind === 'file') {
    const own = pathToFileURL(source.indexPath);
    return parsed.protocol === 'file:' && parsed.host === own.host && parsed.pathname === own.pathname;
  }
  const devOrigin = parseUrl(source.url)?.origin;
  return devOrigin !== undefined && devOrigin !== 'null' && parsed.origin === devOrigin;
}

/** Links the user may follow out of the app; they open in the system browser, never in a window. */
export function isExternalWebUrl(url: string): boolean {
  const protocol = parseUrl(url)?.protocol;
  return protocol === 'https:' || protocol === 'http:';
}

export function createMainWindow(
  electron: Pick<ElectronLike, 'BrowserWindow' | 'shell'>,
  options: { files: AppFiles; source: RendererSource },
): BrowserWindowLike {
  const window = new electron.BrowserWindow({
    title: 'Payouts desk',
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    // shown on ready-to-show, so the user never sees an empty white frame
    show: false,
    webPreferences: {
      preload: options.files.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Chromium fetches spellcheck dictionaries from Google's CDN on Windows and Linux; an
      // offline-first app makes no network requests the user did not ask for.
      spellcheck: false,
    },
  });
  hardenWebContents(window.webContents, options.source, electron.shell);
  window.once('ready-to-show', () => window.show());

  const loading =
    options.source.kind === 'file' ? window.loadFile(options.source.indexPath) : window.loadURL(options.source.url);
  loading.catch((error: unknown) => console.error('[payouts-desk] the window failed to load its page', error));
  return window;
}

/** The window shows the app's own page and nothing else; web links go to the system browser. */
function hardenWebContents(
  contents: WindowWebContentsLike,
  source: RendererSource,
  shell: ElectronLike['shell'],
): void {
  const openOutside = (url: string): void => {
    if (!isExternalWebUrl(url)) return;
    shell.openExternal(url).catch((error: unknown) => console.error('[payouts-desk] could not open link', url, error));
  };
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(source, url)) return;
    event.preventDefault();
    openOutside(url);
  });
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Standard roles only: they work offline and carry the platform's shortcuts (copy, paste, undo…). */
export function applicationMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  return platform === 'darwin' ? [{ role: 'appMenu' }, ...template] : template;
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
