import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';

/**
 * The part of the `electron` module the main process uses, written out structurally so the wiring
 * can run in plain Node against a stand-in (the Electron binary is not available on build
 * machines). `electron/main/index.ts` passes the real module, so `tsc` checks that Electron still
 * fits this shape.
 */
export type ElectronLike = {
  app: AppLike;
  BrowserWindow: BrowserWindowClassLike;
  ipcMain: IpcMainLike;
  session: { readonly defaultSession: SessionLike };
  shell: { openExternal(url: string): Promise<void> };
  Menu: MenuClassLike;
  dialog: { showErrorBox(title: string, content: string): void };
};

export type PreventableEvent = { preventDefault(): void };

export type AppLike = {
  readonly isPackaged: boolean;
  /** False when another instance already holds the lock (and therefore the store). */
  requestSingleInstanceLock(): boolean;
  enableSandbox(): void;
  whenReady(): Promise<void>;
  getPath(name: 'userData'): string;
  quit(): void;
  exit(exitCode?: number): void;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
};

export type WindowOpenDetails = { url: string };

export type WindowWebContentsLike = {
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: WindowOpenDetails) => { action: 'deny' }): void;
};

export type BrowserWindowLike = {
  readonly webContents: WindowWebContentsLike;
  loadFile(filePath: string): Promise<void>;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
};

export type BrowserWindowClassLike = {
  new (options: BrowserWindowConstructorOptions): BrowserWindowLike;
  getAllWindows(): BrowserWindowLike[];
};

/** The frame an IPC message came from; null once it has navigated away or been destroyed. */
export type SenderFrameLike = {
  readonly url: string;
  readonly parent: SenderFrameLike | null;
};

export type NavigationStartDetails = { isMainFrame: boolean; isSameDocument: boolean };

/** The renderer's webContents, as seen from an IPC handler. */
export type IpcSenderLike = {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
  on(event: 'did-start-navigation', listener: (details: NavigationStartDetails) => void): unknown;
};

export type IpcInvokeEventLike = {
  readonly sender: IpcSenderLike;
  readonly senderFrame: SenderFrameLike | null;
};

export type IpcMainLike = {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
};

export type HeadersReceivedDetails = { responseHeaders?: Record<string, string[]> };
export type HeadersReceivedResponse = { responseHeaders?: Record<string, string | string[]> };

export type SessionLike = {
  readonly webRequest: {
    onHeadersReceived(
      listener: (details: HeadersReceivedDetails, callback: (response: HeadersReceivedResponse) => void) => void,
    ): void;
  };
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (isGranted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
};

/** Opaque: main only builds a menu and installs it. */
export type MenuHandle = object;

export type MenuClassLike = {
  buildFromTemplate(template: MenuItemConstructorOptions[]): MenuHandle;
  setApplicationMenu(menu: MenuHandle | null): void;
};
