/**
 * App-wide limits on what any web contents may do: Densely is one page that
 * never leaves its own origin, opens no windows, embeds no webviews and needs no
 * permission (camera, notifications, clipboard, HID...). Installed through
 * `web-contents-created`, so a contents created later is covered as well.
 */
import type { App, Session, Shell, WebContents } from 'electron';
import { isTrustedUrl } from './ipc-guard';

/**
 * Pages the app may hand to the system browser: documentation a person reads
 * beside Densely. Only https, only these hosts, only under these paths; add a
 * prefix here when the UI gains a link (docs/security.md says why this list).
 */
export const EXTERNAL_ALLOW_LIST: readonly string[] = [
  'https://www.electronjs.org/docs/latest/tutorial/security',
  'https://js.tensorflow.org/api/latest/',
  'https://www.tensorflow.org/js/',
  'https://keras.io/api/',
];

/** True when `url` is an https URL under one of the allow-listed prefixes. */
export function isAllowedExternal(url: string, allowList: readonly string[] = EXTERNAL_ALLOW_LIST): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.protocol !== 'https:' || target.username || target.password || target.port) return false;
  return allowList.some((prefix) => {
    const allowed = new URL(prefix);
    if (target.host !== allowed.host) return false;
    // A prefix without a trailing slash allows itself and what lies under it, not a sibling such as "security-old".
    const base = allowed.pathname.endsWith('/') ? allowed.pathname : `${allowed.pathname}/`;
    return target.pathname === allowed.pathname || target.pathname.startsWith(base);
  });
}

/** Opens an allow-listed page in the system browser; anything else is dropped and logged. */
export function openExternalIfAllowed(shell: Pick<Shell, 'openExternal'>, url: string): boolean {
  if (!isAllowedExternal(url)) {
    console.warn(`densely: refused to open ${url.slice(0, 200)} outside the app (not on the allow-list)`);
    return false;
  }
  void shell.openExternal(url).catch((e: unknown) => console.warn(`densely: could not open ${url}:`, e));
  return true;
}

/** Denies every permission request and check, and every device (HID, serial, USB) choice. */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    console.warn(`densely: denied the page's request for "${permission}"`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** Denies permissions in every session the app creates from now on; the default session is denied after `ready`. */
export function denyPermissionsInEverySession(app: Pick<App, 'on'>): void {
  app.on('session-created', (session) => denyAllPermissions(session));
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * No navigation away from the app's own origins (a reload of its own page
 * stays possible), no navigation of a subframe, no redirect, no webview, no
 * new window. A link to an allow-listed page opens in the system browser instead.
 */
export function guardWebContents(contents: GuardedContents, shell: Pick<Shell, 'openExternal'>, origins: readonly string[]): void {
  contents.on('will-navigate', (event) => {
    if (event.isMainFrame && isTrustedUrl(event.url, origins)) return;
    event.preventDefault();
    openExternalIfAllowed(shell, event.url);
  });
  contents.on('will-frame-navigate', (event) => {
    // loadURL from main does not pass here; every navigation the page starts, in any frame, does.
    if (event.isMainFrame && isTrustedUrl(event.url, origins)) return;
    event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(shell, url);
    return { action: 'deny' };
  });
}

/** Guards every web contents the app will ever create (call before any window exists). */
export function guardAllWebContents(app: Pick<App, 'on'>, shell: Pick<Shell, 'openExternal'>, origins: readonly string[]): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, shell, origins));
}
