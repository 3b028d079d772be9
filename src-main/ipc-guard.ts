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

/** The origins whose pages may call the main process: the app's own, and the dev server's when not packaged. */
export function trustedOrigins(isPackaged: boolean, devUrl: string | undefined): readonly string[] {
  const origins = [APP_ORIGIN];
  if (!isPackaged && devUrl) {
    try {
      origins.push(new URL(devUrl).origin);
    } catch {
      // A malformed dev URL trusts nothing extra.
    }
  }
  return origins;
}

/** True when the frame is a top frame showing one of the trusted origins. */
export function isTrustedFrame(frame: Pick<WebFrameMain, 'url' | 'parent'> | null | undefined, origins: readonly string[]): boolean {
  if (!frame || frame.parent !== null) return false;
  try {
    const url = new URL(frame.url);
    // app:// URLs have an opaque origin ("null") in WHATWG URL terms; compare scheme and host instead.
    const origin = `${url.protocol}//${url.host}`;
    return origins.includes(origin);
  } catch {
    return false;
  }
}

export type CheckedHandler<S extends z.ZodType> = (event: IpcMainInvokeEvent, args: z.output<S>) => Promise<unknown> | unknown;

/**
 * `ipcMain.handle` with the sender checked and the arguments (as a tuple)
 * validated. A refused call gets `{ error }` with a sentence, never a throw
 * that would print main's stack in the renderer.
 */
export function handleChecked<S extends z.ZodType>(
  ipc: Pick<IpcMain, 'handle'>,
  channel: string,
  argsSchema: S,
  origins: readonly string[],
  handler: CheckedHandler<S>,
): void {
  ipc.handle(channel, async (event, ...args: unknown[]) => {
    if (!isTrustedFrame(event.senderFrame, origins)) return { error: 'Densely refused a request from a page that is not its own.' };
    const parsed = argsSchema.safeParse(args);
    if (!parsed.success) return { error: 'Densely refused a malformed request from its window; reload the window.' };
    return handler(event, parsed.data);
  });
}
