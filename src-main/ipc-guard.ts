/**
 * Every IPC handler in the main process goes through here: it answers only
 * the app's own top frame (served from app://densely, or the dev server
 * while not packaged) and validates its payload before anything else runs.
 */
import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import type { z } from 'zod';

export const APP_SCHEME = 'app';
export const APP_HOST = 'densely';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Largest message the renderer may send the trainer, measured as JSON. Real
 * requests are a few kilobytes (a network document, a probe index); the web
 * host's socket refuses larger frames with the same limit.
 */
export const MAX_IPC_MESSAGE_BYTES = 1024 * 1024;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The dev server's origin (electron-vite sets ELECTRON_RENDERER_URL), honoured
 * only in an unpackaged run and only on this machine over http(s); anything
 * else is ignored, so a packaged app always loads its own files.
 */
export function devServerOrigin(isPackaged: boolean, devUrl: string | undefined): string | undefined {
  if (isPackaged || !devUrl) return undefined;
  try {
    const url = new URL(devUrl);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !LOOPBACK_HOSTS.has(url.hostname)) return undefined;
    if (url.username || url.password) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/** The origins whose pages may call the main process: the app's own, and the dev server's when not packaged. */
export function trustedOrigins(isPackaged: boolean, devUrl: string | undefined): readonly string[] {
  const dev = devServerOrigin(isPackaged, devUrl);
  return dev ? [APP_ORIGIN, dev] : [APP_ORIGIN];
}

/** True when `url` is a page of one of the trusted origins (and carries no credentials). */
export function isTrustedUrl(url: string, origins: readonly string[]): boolean {
  try {
    const u = new URL(url);
    if (u.username || u.password) return false;
    // app:// URLs have an opaque origin ("null") in WHATWG URL terms; compare scheme and host instead.
    return origins.includes(`${u.protocol}//${u.host}`);
  } catch {
    return false;
  }
}

/** True when the frame is a top frame showing one of the trusted origins. */
export function isTrustedFrame(frame: Pick<WebFrameMain, 'url' | 'parent'> | null | undefined, origins: readonly string[]): boolean {
  try {
    // A frame that navigated away or was destroyed throws on access, or is null: neither is trusted.
    if (!frame || frame.parent !== null) return false;
    return isTrustedUrl(frame.url, origins);
  } catch {
    return false;
  }
}

/**
 * True when `value`, written as JSON, would take at most `limit` bytes, and it
 * is plain data (objects, arrays, strings, numbers, booleans, null). The walk
 * stops as soon as the budget is spent, so a huge message costs no more than
 * `limit` steps; typed arrays, Maps and the like are refused, since the
 * renderer never sends them.
 */
export function isWithinJsonBudget(value: unknown, limit: number): boolean {
  let budget = limit;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (v === null || typeof v === 'boolean') budget -= 5;
    else if (typeof v === 'number') budget -= Number.isFinite(v) ? String(v).length : 4;
    else if (typeof v === 'string') {
      // A UTF-16 unit is at most 3 bytes of UTF-8; a short string is measured exactly.
      budget -= v.length > budget ? v.length : Buffer.byteLength(v, 'utf8') + 2;
    } else if (Array.isArray(v)) {
      budget -= 2;
      if (v.length > budget) return false;
      for (let i = 0; i < v.length; i++) {
        budget -= 1;
        pending.push(v[i]);
      }
    } else if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      budget -= 2;
      for (const key in v) {
        if (!Object.hasOwn(v, key)) continue;
        budget -= key.length + 4;
        if (budget < 0) return false;
        pending.push((v as Record<string, unknown>)[key]);
      }
    } else if (v !== undefined) return false;
    if (budget < 0) return false;
  }
  return true;
}

export type CheckedHandler<S extends z.ZodType> = (event: IpcMainInvokeEvent, args: z.output<S>) => Promise<unknown> | unknown;

export interface CheckedOptions {
  /**
   * Shapes the answer to a refused call, so that it keeps the channel's result
   * type (e.g. `{ saved: false, error }`); by default `{ error }`.
   */
  refuse?: (sentence: string) => unknown;
  /** The most the arguments may take as JSON; MAX_IPC_MESSAGE_BYTES unless the channel carries a whole file. */
  maxBytes?: number;
}

export const FOREIGN_FRAME = 'Densely refused a request from a page that is not its own.';
export const MALFORMED_REQUEST = 'Densely refused a malformed request from its window; reload the window (Ctrl+R) and try again.';
export function oversizedRequest(maxBytes: number): string {
  const size = maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MiB` : `${Math.round(maxBytes / 1024)} KiB`;
  return `Densely refused a request of more than ${size} from its window; files go through Open or Import, not the request itself.`;
}

/**
 * `ipcMain.handle` with the sender checked and the arguments (as a tuple)
 * validated. A refused call gets `{ error }` with a sentence, never a throw
 * that would print main's stack in the renderer; so does a handler that throws.
 */
export function handleChecked<S extends z.ZodType>(
  ipc: Pick<IpcMain, 'handle'>,
  channel: string,
  argsSchema: S,
  origins: readonly string[],
  handler: CheckedHandler<S>,
  options: CheckedOptions = {},
): void {
  const refuse = options.refuse ?? ((error: string) => ({ error }));
  const maxBytes = options.maxBytes ?? MAX_IPC_MESSAGE_BYTES;
  ipc.handle(channel, async (event, ...args: unknown[]) => {
    if (!isTrustedFrame(event.senderFrame, origins)) {
      console.warn(`densely: refused ${channel} from a frame outside ${origins.join(', ')}`);
      return refuse(FOREIGN_FRAME);
    }
    if (!isWithinJsonBudget(args, maxBytes)) return refuse(oversizedRequest(maxBytes));
    const parsed = argsSchema.safeParse(args);
    if (!parsed.success) return refuse(MALFORMED_REQUEST);
    try {
      return await handler(event, parsed.data);
    } catch (e) {
      console.error(`densely: ${channel} failed`, e);
      return refuse(`Densely could not finish that (${e instanceof Error ? e.message : String(e)}); try again.`);
    }
  });
}
