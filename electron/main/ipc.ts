import { z } from 'zod';
import { watchSpecSchema, type WatchMessage } from '../../core/api/contracts/watch.ts';
import type { ApiRequest, ApiResponse } from '../../core/api/envelope.ts';
import type { Services } from '../../core/node/services-contract.ts';
import { IPC_CHANNELS } from '../preload/channels.ts';
import type { IpcInvokeEventLike, IpcMainLike, IpcSenderLike, SenderFrameLike } from './electron-like.ts';

/** An ApiRequest as it arrives over IPC: from the other side of a process boundary, so unknown. */
export const apiRequestSchema = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  path: z.string().max(2048).startsWith('/', 'path must start with "/"'),
  query: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
  idempotencyKey: z.string().max(255).optional(),
}) satisfies z.ZodType<ApiRequest>;

/** Chosen by the preload; only has to be unique among one window's live queries. */
const watchIdSchema = z.string().min(1).max(128);

const requestArgsSchema = z.tuple([apiRequestSchema]);
const watchArgsSchema = z.tuple([watchIdSchema, watchSpecSchema]);
const unwatchArgsSchema = z.tuple([watchIdSchema]);

export type IpcOptions = {
  /** Whether a message comes from the app's own page (and not, say, a frame it navigated to). */
  isTrustedSender(frame: SenderFrameLike): boolean;
};

export type IpcRegistration = {
  /** Removes the handlers and stops every live query still running; before the services close. */
  dispose(): void;
};

/**
 * The desktop window's way into the v1 router: every handler checks that the message comes from
 * the app's page and that its arguments parse, and throws (changing nothing) when either fails.
 */
export function registerIpc(ipcMain: IpcMainLike, services: Services, options: IpcOptions): IpcRegistration {
  const watches = new Map<IpcSenderLike, Map<string, () => void>>();
  const hookedSenders = new WeakSet<IpcSenderLike>();

  const stopAllOf = (sender: IpcSenderLike): void => {
    const ofSender = watches.get(sender);
    if (ofSender === undefined) return;
    watches.delete(sender);
    for (const stop of ofSender.values()) stop();
  };

  /** A window's live queries end with its page: when it is destroyed or loads a new document. */
  const watchesOf = (sender: IpcSenderLike): Map<string, () => void> => {
    if (!hookedSenders.has(sender)) {
      hookedSenders.add(sender);
      sender.once('destroyed', () => stopAllOf(sender));
      sender.on('did-start-navigation', (details) => {
        if (details.isMainFrame && !details.isSameDocument) stopAllOf(sender);
      });
    }
    let ofSender = watches.get(sender);
    if (ofSender === undefined) {
      ofSender = new Map();
      watches.set(sender, ofSender);
    }
    return ofSender;
  };

  const checkSender = (channel: string, event: IpcInvokeEventLike): void => {
    const frame = event.senderFrame;
    if (frame === null || !options.isTrustedSender(frame)) {
      throw new Error(`${channel}: refused, the message does not come from the app's page`);
    }
  };

  ipcMain.handle(IPC_CHANNELS.request, async (event, ...args) => {
    checkSender(IPC_CHANNELS.request, event);
    const [request] = parseArgs(IPC_CHANNELS.request, requestArgsSchema, args);
    const response = await services.handle(request, services.localPrincipal());
    return toPlainResponse(response);
  });

  ipcMain.handle(IPC_CHANNELS.watch, (event, ...args) => {
    checkSender(IPC_CHANNELS.watch, event);
    const [id, spec] = parseArgs(IPC_CHANNELS.watch, watchArgsSchema, args);
    const sender = event.sender;
    const ofSender = watchesOf(sender);
    if (ofSender.has(id)) throw new Error(`${IPC_CHANNELS.watch}: a live query with id "${id}" is already running`);

    const stop = services.watch(spec, services.localPrincipal(), (message) => {
      if (!sender.isDestroyed()) sender.send(IPC_CHANNELS.watchMessage, id, toPlain<WatchMessage>(message));
    });
    ofSender.set(id, stop);
  });

  ipcMain.handle(IPC_CHANNELS.unwatch, (event, ...args) => {
    checkSender(IPC_CHANNELS.unwatch, event);
    const [id] = parseArgs(IPC_CHANNELS.unwatch, unwatchArgsSchema, args);
    const ofSender = watches.get(event.sender);
    const stop = ofSender?.get(id);
    if (ofSender === undefined || stop === undefined) return false;
    ofSender.delete(id);
    stop();
    return true;
  });

  return {
    dispose() {
      for (const channel of [IPC_CHANNELS.request, IPC_CHANNELS.watch, IPC_CHANNELS.unwatch]) {
        ipcMain.removeHandler(channel);
      }
      for (const sender of [...watches.keys()]) stopAllOf(sender);
    },
  };
}

function parseArgs<T extends z.ZodType>(channel: string, schema: T, args: unknown[]): z.output<T> {
  const parsed = schema.safeParse(args);
  if (!parsed.success) throw new Error(`${channel}: invalid arguments\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * What HTTP clients get is JSON, so the window gets exactly the JSON shape too (no Dates, class
 * instances or undefined fields that only survive IPC's structured clone).
 */
function toPlainResponse(response: ApiResponse): ApiResponse {
  return {
    status: response.status,
    headers: { ...response.headers },
    // Receipts are bytes: IPC carries a Uint8Array as it is, JSON would turn it into an object.
    body: response.body === undefined || response.body instanceof Uint8Array ? response.body : toPlain(response.body),
  };
}

function toPlain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
